"""Seals the detector used to miss on fresh dossiers (issue 3, seed 9913):
a name seal stamped over the middle of the company seal, rings too pale for
any per-pixel colour cut (beside a name seal), and on
copies a name seal inside the ring's box and a crisp ring fused with the
print below it on a busy page; and the look-alikes those fixes must not
take (a bluish sheet's print, a heading of boxed characters)."""
from __future__ import annotations

import cv2
import numpy as np
from conftest import text_page
from test_seal_art import DARK_RED, grey_copy, mm, seal_layer, signature, stamp, truth_box, uneven
from test_seal_recall import intaglio_layer

from extractors.seals import find_seals
from intake.evaluate import iou as box_iou

NAME = "衡阳市恒通机械制造有限公司"


def _found(page, box, shape=None, iou=0.4):
    hits = [s for s in find_seals(page) if box_iou(s.bbox, box) >= iou]
    assert hits, f"no seal at {box}: {find_seals(page, min_confidence=0.0)}"
    if shape:
        assert hits[0].shape == shape
    return hits[0]


def _jpeg(page: np.ndarray, quality: int = 70) -> np.ndarray:
    return cv2.imdecode(cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, quality])[1], cv2.IMREAD_COLOR)


def test_name_seal_stamped_over_the_middle_of_the_company_seal_is_found():
    # The square's centre is near the ring's: it is no second outline of the ring.
    page = stamp(text_page(rows=20), seal_layer(NAME, rgb=DARK_RED), 100, 200)
    page = signature(page, 85, 196, 35, seed=3)
    page = stamp(page, seal_layer("何兰", "square", 17, rgb=DARK_RED, rotate=8), 102, 203)
    _found(page, truth_box(100, 200, 42), "round")
    _found(page, truth_box(102, 203, 17), "square")


def test_washed_out_ring_beside_a_name_seal_is_found():
    # The company seal barely took: a few levels of red lead, no closed arc in
    # any per-pixel mask. Beside a name seal it is looked for in the red lead
    # smoothed against the paper round it.
    page = stamp(text_page(rows=20), seal_layer("马英印", "square", 17), 60, 230)
    page = stamp(page, uneven(seal_layer(NAME, rgb=(150, 70, 45)), seed=5, patchy=0.3), 110, 226, strength=0.07)
    page = (page.astype(np.float32) + np.random.default_rng(1).normal(0, 3, page.shape)).clip(0, 255)
    _found(_jpeg(page.astype(np.uint8)), truth_box(110, 226, 42), "round")


def test_a_bluish_sheet_without_seals_has_none():
    # Reddish is judged against the paper's own lead (a bluish sheet leads
    # below zero): its print must not turn into red ink.
    page = (text_page(rows=25).astype(np.float32) * np.array([1.0, 0.985, 0.95], np.float32)).astype(np.uint8)
    assert find_seals(_jpeg(page)) == []


def test_name_seal_inside_the_ring_box_on_a_greyscale_copy_is_found():
    # Stamped across the lower right of the ring: most of the square lies in
    # the ring's box, as it does in red.
    page = stamp(text_page(rows=20), seal_layer(NAME), 100, 200)
    page = signature(page, 90, 205, 30, seed=4)
    page = stamp(page, seal_layer("孙海英", "square", 22, rotate=15), 112, 212)
    page = grey_copy(page, 1.1)
    _found(page, truth_box(100, 200, 42), "round")
    _found(page, truth_box(112, 212, 22), "square", iou=0.3)


def test_ring_fused_with_a_column_of_print_on_a_busy_copy_is_found():
    # Many big square marks (boxed characters of a form) come before a ring
    # whose box the print under it stretches: a ring-sized region goes first.
    page = text_page(rows=0)
    for k in range(16):
        x, y = 20 + (k % 8) * 22, 30 + (k // 8) * 22
        cv2.rectangle(page, (mm(x), mm(y)), (mm(x + 14), mm(y + 14)), (0, 0, 0), 3)
        cv2.putText(page, "X", (mm(x + 3), mm(y + 11)), cv2.FONT_HERSHEY_SIMPLEX, 2.2, (0, 0, 0), 6)
    for k in range(6):  # a column of print running down from under the ring
        cv2.putText(page, "2018-07-25", (mm(115), mm(190 + 9 * k)), cv2.FONT_HERSHEY_SIMPLEX, 1.6, (0, 0, 0), 4)
    page = grey_copy(stamp(page, seal_layer(NAME), 130, 180), 1.1)
    _found(page, truth_box(130, 180, 42), "round")


def test_boxed_heading_characters_on_a_copy_are_not_name_seals():
    # A banner heading of white characters on dark squares: each square looks
    # like an intaglio name seal, but it stands in a line of its equals.
    page = text_page(rows=10)
    for k, chars in enumerate(["全国", "工业", "信息", "化厅"]):
        page = stamp(page, intaglio_layer(chars, 13, (40, 40, 40)), 50 + 16 * k, 30, strength=1.0)
    assert find_seals(grey_copy(page)) == []
