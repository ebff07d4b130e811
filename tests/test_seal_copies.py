"""Seals on tinted paper, on ruled licences and on greyscale copies, and name
seals whose frame is worn or fused with the company seal: cases the detector
used to miss; and the look-alikes those fixes must not take for seals."""
from __future__ import annotations

import cv2
import numpy as np
from conftest import text_page
from test_seal_art import grey_copy, mm, seal_layer, signature, stamp, truth_box, uneven

from extractors.seals import find_seals
from intake.evaluate import iou as box_iou

NAME = "衡阳市恒通机械制造有限公司"


def _found(page, box, shape=None, iou=0.5):
    found = find_seals(page)
    hits = [s for s in found if box_iou(s.bbox, box) >= iou]
    assert hits, f"no seal at {box}: {find_seals(page, min_confidence=0.0)}"
    if shape:
        assert hits[0].shape == shape
    return hits[0]


def _tinted(page: np.ndarray, bgr=(222, 226, 242)) -> np.ndarray:
    """Print on a pink-tinted sheet (a licence's paper): the tint multiplies the page."""
    return (page.astype(np.float32) * np.array(bgr, np.float32) / 255.0).astype(np.uint8)


def test_pale_seal_on_a_pink_licence_sheet_is_found():
    # The whole sheet passes the fixed faint-red cuts, and the licence's
    # bright red border sets the strict cut above the pale seal's ink: only
    # ink redder than the paper round it can find the seal.
    page = text_page(rows=10)
    cv2.rectangle(page, (mm(10), mm(10)), (mm(200), mm(287)), (40, 30, 200), mm(1.5))
    lay = uneven(seal_layer(NAME, rgb=(185, 120, 125), centre_text="登记机关"), seed=31, patchy=0.3)
    _found(_tinted(stamp(page, lay, 120, 230, strength=0.5)), truth_box(120, 230, 42), "round")


def test_rings_on_a_pink_wall_in_a_photo_are_not_seals():
    # A photo's pink is more saturated than a tinted sheet: the fixed faint
    # cuts and their photo tests stay (outlines of round things on it are no seals).
    rng = np.random.default_rng(0)
    page = text_page(rows=0)
    page[mm(20):mm(200), mm(15):mm(195)] = (200, 196, 242)
    for _ in range(12):
        c = (int(rng.integers(mm(30), mm(180))), int(rng.integers(mm(30), mm(190))))
        axes = (int(rng.integers(mm(8), mm(22))), int(rng.integers(mm(6), mm(20))))
        cv2.ellipse(page, c, axes, float(rng.integers(0, 180)), 0, 360, (150, 140, 225), int(rng.integers(2, 5)))
        cv2.rectangle(page, (c[0] - mm(3), c[1] - mm(2)), (c[0] + mm(3), c[1] + mm(2)), (120, 110, 170), -1)
    page = cv2.GaussianBlur(np.clip(page + rng.normal(0, 6, page.shape), 0, 255).astype(np.uint8), (0, 0), 1.2)
    assert find_seals(page) == []


def test_ring_on_a_licence_rule_on_a_greyscale_copy_is_found():
    # The licence's double border runs under the ring: removing the rules
    # cuts the ring's bottom off, and the tracker, crossing the gap along the
    # date line inside, must still fit the ring's own ellipse.
    page = text_page(rows=5)
    y = mm(250)
    cv2.line(page, (mm(15), y), (mm(195), y), (60, 60, 60), mm(0.8))
    cv2.line(page, (mm(15), y + mm(2)), (mm(195), y + mm(2)), (60, 60, 60), mm(0.4))
    page = stamp(page, seal_layer(NAME, centre_text="2019年06月09日"), 120, 250 - 19.5)
    _found(grey_copy(page), truth_box(120, 250 - 19.5, 42), "round")


def test_name_seal_across_the_company_seal_on_a_greyscale_copy_is_found():
    # The frame lies across the ring and its text, a signature runs into it:
    # it has no closed outline of its own in the copy's ink.
    page = signature(text_page(rows=0), 110, 168, 35, seed=4, bgr=(20, 20, 20))
    page = stamp(page, uneven(seal_layer(NAME), seed=33, patchy=0.2), 100, 150)
    page = stamp(page, seal_layer("杨华英印", "square", 18, rotate=3, ring_mm=0.9), 120, 165)
    copy = grey_copy(page)
    _found(copy, truth_box(100, 150, 42), "round")
    assert _found(copy, truth_box(120, 165, 18), "square").source == "shape"


def test_name_seal_with_a_broken_frame_is_found():
    # A pale 17 mm frame the ink did not take on along part of two sides.
    page = stamp(text_page(rows=0), seal_layer("李明印", "square", 17, ring_mm=0.7), 60, 150, strength=0.3)
    x0, y0 = mm(60 - 8.5), mm(150 - 8.5)
    page[y0 - mm(1):y0 + mm(1.5), x0 + mm(4):x0 + mm(9)] = 255
    page[y0 + mm(8):y0 + mm(12), x0 - mm(1):x0 + mm(1.5)] = 255
    _found(page, truth_box(60, 150, 17), "square")


def test_ruled_box_with_text_is_not_a_name_seal():
    # A red-ruled form cell with a label in it: ink runs on outside its sides.
    page = text_page(rows=0)
    for k in range(4):
        x = mm(40 + 18 * k)
        cv2.rectangle(page, (x, mm(140)), (x + mm(18), mm(158)), (60, 60, 200), mm(0.3))
    cv2.putText(page, "88", (mm(61), mm(152)), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (60, 60, 200), 2)
    assert not [s for s in find_seals(page) if s.shape == "square"]


def test_dark_block_with_a_few_specks_is_not_a_seal():
    # A QR code blurred on a copy: a solid square with a solid margin, and a
    # few specks of white where characters would leave many strokes.
    page = text_page(rows=0)
    x0, y0 = mm(40), mm(40)
    cv2.rectangle(page, (x0, y0), (x0 + mm(20), y0 + mm(20)), (60, 60, 60), -1)
    for dx, dy in ((6, 7), (13, 9), (9, 14)):
        cv2.circle(page, (x0 + mm(dx), y0 + mm(dy)), mm(1.3), (235, 235, 235), -1)
    assert find_seals(grey_copy(cv2.GaussianBlur(page, (0, 0), 2.0))) == []
