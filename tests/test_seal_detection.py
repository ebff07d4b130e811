"""Seal detection beyond the sample generator (spec §4 Seals): faded and broken
rings, dark-red / brown ink, seals over signatures, double stamps, greyscale
copies found by shape; and what must never be a seal."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from conftest import text_page
from test_seal_art import (BROWN, DARK_RED, FONT_MING, PPM, grey_copy, mm, seal_layer, signature, stamp,
                           table_page, truth_box, uneven)

from extractors.seals import find_seals

NAME = "衡阳市恒通机械制造有限公司"


def _iou(a, b) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    u = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - ix * iy
    return ix * iy / u


def _found(page, box, shape=None, **kw):
    hits = [s for s in find_seals(page, **kw) if _iou(s.bbox, box) >= 0.6]
    assert hits, f"no seal at {box}: {find_seals(page, min_confidence=0.0)}"
    if shape:
        assert hits[0].shape == shape
    return hits[0]


def test_faded_seal_with_broken_ring_is_found():
    lay = uneven(seal_layer(NAME, rotate=20), seed=3, patchy=0.8, gaps=2, low=0.2)
    page = stamp(text_page(rows=20), lay, 120, 200, strength=0.6)
    seal = _found(page, truth_box(120, 200, 42), "round")
    assert seal.metrics["ring_cov"] < 1.0  # the gaps are real


@pytest.mark.parametrize("rgb", [DARK_RED, BROWN])
def test_dark_red_and_brownish_seals_are_found(rgb):
    page = stamp(text_page(rows=20), uneven(seal_layer(NAME, rgb=rgb, font=FONT_MING), seed=1), 70, 180)
    _found(page, truth_box(70, 180, 42), "round")


def test_seal_over_a_signature_and_text_is_found():
    page = signature(text_page(rows=30), 70, 200, 60, seed=2)
    page = signature(page, 80, 210, 50, seed=5, bgr=(20, 20, 20))
    page = stamp(page, uneven(seal_layer(NAME, rotate=-15), seed=2), 100, 205)
    _found(page, truth_box(100, 205, 42), "round")


def test_double_stamp_gives_two_seals():
    page = stamp(text_page(rows=10), uneven(seal_layer(NAME), seed=4), 80, 200)
    page = stamp(page, uneven(seal_layer("湖南华联瓷业股份有限公司", rotate=30), seed=5), 105, 205)
    found = find_seals(page)
    for box in (truth_box(80, 200, 42), truth_box(105, 205, 42)):
        assert any(_iou(s.bbox, box) >= 0.6 for s in found), found
    assert len(found) == 2


def test_oval_finance_seal_is_oval():
    page = stamp(text_page(rows=20), uneven(seal_layer(NAME, "oval", 42, 30, centre_text="财务专用章", star=False,
                                                       rotate=12), seed=6), 140, 240)
    _found(page, truth_box(140, 240, 42, 30), "oval")


def test_square_personal_seal_is_square():
    page = stamp(text_page(rows=20), uneven(seal_layer("王建国印", "square", 18, rotate=6), seed=7), 150, 150)
    _found(page, truth_box(150, 150, 18), "square")


@pytest.mark.parametrize("contrast", [1.0, 1.5])
def test_greyscale_copy_seal_is_found_by_shape(contrast):
    page = stamp(text_page(rows=30), uneven(seal_layer(NAME, rotate=25), seed=8), 120, 180)
    grey = grey_copy(page, contrast)
    seal = _found(grey, truth_box(120, 180, 42), "round")
    assert seal.source == "shape" and seal.confidence >= 0.5


def test_greyscale_copy_oval_seal_is_found_by_shape():
    lay = uneven(seal_layer(NAME, "oval", 42, 30, centre_text="财务专用章", star=False, rotate=-10), seed=9)
    grey = grey_copy(stamp(text_page(rows=0), lay, 100, 150))
    _found(grey, truth_box(100, 150, 42, 30), "oval")


def test_greyscale_copy_square_seal_is_found_by_shape():
    grey = grey_copy(stamp(text_page(rows=0), uneven(seal_layer("李明之印", "square", 20), seed=10), 150, 240))
    _found(grey, truth_box(150, 240, 20), "square")


# ---------------------------------------------------------------- never a seal


def test_table_grid_is_not_a_seal():
    for page in (table_page(), table_page((20, 20), rows=6, cols=3), grey_copy(table_page((16, 16)))):
        assert find_seals(page, shape_pass=True) == []


def test_form_border_and_circled_numbers_are_not_seals():
    page = text_page(rows=25)
    h, w = page.shape[:2]
    cv2.rectangle(page, (mm(10), mm(10)), (w - mm(10), h - mm(10)), (0, 0, 0), 4)
    for k in range(6):  # ① ② …: 5 mm circles with a digit
        c = (mm(30 + 25 * k), mm(280))
        cv2.circle(page, c, mm(2.5), (0, 0, 0), 2)
        cv2.putText(page, str(k + 1), (c[0] - 8, c[1] + 8), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (0, 0, 0), 2)
    assert find_seals(page, shape_pass=True) == []


def test_qr_code_is_not_a_seal():
    rng = np.random.default_rng(0)
    page = text_page(rows=10)
    mod = mm(0.8)
    cells = rng.random((29, 29)) < 0.5
    for fy, fx in ((0, 0), (0, 22), (22, 0)):  # finder patterns
        cells[fy:fy + 7, fx:fx + 7] = True
        cells[fy + 1:fy + 6, fx + 1:fx + 6] = False
        cells[fy + 2:fy + 5, fx + 2:fx + 5] = True
    x0, y0 = mm(150), mm(230)
    for y, x in zip(*np.nonzero(cells)):
        page[y0 + y * mod: y0 + (y + 1) * mod, x0 + x * mod: x0 + (x + 1) * mod] = 0
    assert find_seals(page, shape_pass=True) == []


def test_round_logo_in_a_grey_photo_is_not_a_seal():
    rng = np.random.default_rng(1)
    page = text_page(rows=5)
    photo = cv2.GaussianBlur(rng.integers(60, 200, (mm(90), mm(120))).astype(np.uint8), (0, 0), 6)
    cv2.circle(photo, (mm(60), mm(45)), mm(20), 30, mm(1.2))  # a round badge in the photo
    cv2.putText(photo, "LOGO", (mm(45), mm(48)), cv2.FONT_HERSHEY_SIMPLEX, 2, 20, 4)
    h, w = photo.shape
    page[mm(120):mm(120) + h, mm(45):mm(45) + w] = photo[..., None]
    assert find_seals(page, shape_pass=True) == []


def test_thresholds_follow_the_page_resolution():
    """The same seal on a 150 dpi and a 300 dpi scan of the page is found alike."""
    page = stamp(text_page(rows=15), uneven(seal_layer(NAME), seed=11), 100, 200)
    for f in (0.75, 1.5):
        scan = cv2.resize(page, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        box = tuple(v * f for v in truth_box(100, 200, 42))
        hits = [s for s in find_seals(scan) if _iou(s.bbox, box) >= 0.6]
        assert len(hits) == 1 and hits[0].shape == "round"
    assert PPM > 7  # the kit's page is 200 dpi


def _jpeg(page: np.ndarray, quality: int = 35) -> np.ndarray:
    """A low-quality JPEG round trip: colour subsampled and blurred into 8-16 px blocks."""
    ok, buf = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def test_square_seal_stamped_across_the_ring_is_found_and_the_ring_keeps_its_size():
    # The frame crosses the ring and its text: one red blob, no outline of its own.
    page = stamp(text_page(rows=20), uneven(seal_layer(NAME, rotate=10), seed=9, patchy=0.2), 100, 200)
    page = stamp(page, uneven(seal_layer("王建国印", "square", 18, rotate=6), seed=10, patchy=0.2), 124, 206)
    ring = _found(page, truth_box(100, 200, 42), "round")
    assert ring.metrics["edge_inliers"] >= 0.45  # the RANSAC ring, not bent towards the square
    _found(page, truth_box(124, 206, 18), "square")


def test_intaglio_square_seal_through_jpeg_colour_blur_is_found():
    # White characters cut out of a solid red block; the JPEG fills them in the colour.
    lay = seal_layer("王建国印", "square", 18)
    a = np.asarray(lay).copy()
    solid = np.zeros(a.shape[:2], np.uint8)
    x0, y0 = (a.shape[1] - mm(18)) // 2, (a.shape[0] - mm(18)) // 2
    solid[y0:y0 + mm(18), x0:x0 + mm(18)] = 255
    a[..., 3] = np.where(a[..., 3] > 0, 0, solid)  # invert inside the block
    a[..., :3] = a[..., :3].max(axis=(0, 1))
    from PIL import Image

    page = _jpeg(stamp(text_page(rows=20), Image.fromarray(a, "RGBA"), 150, 150))
    _found(page, truth_box(150, 150, 18), "square")


def test_pale_seal_beside_a_fresh_one_is_found():
    # The strict cut follows the fresh seal's red; the pale one is grown from its own dots.
    page = stamp(text_page(rows=20), uneven(seal_layer(NAME), seed=11), 60, 200)
    page = stamp(page, uneven(seal_layer("湖南省财政厅", rotate=20), seed=12, patchy=0.6), 150, 200, strength=0.25)
    _found(page, truth_box(60, 200, 42), "round")
    _found(_jpeg(page, 60), truth_box(150, 200, 42), "round")
