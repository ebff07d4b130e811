"""Page geometry: skew, upright rotation, deskew, blank pages (spec §4 Orientation)."""
from __future__ import annotations


import cv2
import numpy as np
import pytest
from conftest import A4, text_page

from extractors.blank import is_blank
from extractors.geometry import deskew, estimate_skew, rotate_upright


def rotate_ccw(img: np.ndarray, angle: float) -> np.ndarray:
    """Rotate the content counter-clockwise by `angle` degrees, same canvas."""
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, m, (w, h), borderValue=(255, 255, 255))


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return text_page()


def test_skew_of_three_degrees_is_measured(page):
    assert estimate_skew(rotate_ccw(page, 3.0)) == pytest.approx(3.0, abs=0.3)
    assert estimate_skew(rotate_ccw(page, -3.0)) == pytest.approx(-3.0, abs=0.3)


@pytest.mark.parametrize("angle", [0.0, 0.7, -8.0, 12.5])
def test_skew_is_measured_across_the_range(page, angle):
    assert estimate_skew(rotate_ccw(page, angle)) == pytest.approx(angle, abs=0.3)


def test_deskew_straightens_the_page_and_keeps_content(page):
    skewed = rotate_ccw(page, 5.0)
    fixed = deskew(skewed, estimate_skew(skewed))
    assert abs(estimate_skew(fixed)) <= 0.3
    # The canvas grows instead of cutting corners off.
    assert fixed.shape[0] >= skewed.shape[0] and fixed.shape[1] >= skewed.shape[1]
    # New corners are filled with paper colour, not black.
    assert fixed[0, 0].min() > 200 and fixed[-1, -1].min() > 200


def test_deskew_fills_grey_scans_with_grey():
    grey = text_page(bg=200)
    fixed = deskew(grey, 4.0)
    assert abs(int(fixed[0, 0, 0]) - 200) <= 3


def test_photo_and_blank_page_have_no_skew():
    rng = np.random.default_rng(0)
    photo = cv2.GaussianBlur(rng.integers(0, 255, (A4[1], A4[0], 3), dtype=np.uint8), (0, 0), 8)
    assert estimate_skew(photo) == 0.0
    assert estimate_skew(np.full((A4[1], A4[0], 3), 255, np.uint8)) == 0.0


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_rotate_upright_undoes_clockwise_rotation(page, rotation):
    turn = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    scanned = page if rotation == 0 else cv2.rotate(page, turn[rotation])
    assert np.array_equal(rotate_upright(scanned, rotation), page)


def test_rotate_upright_rejects_odd_angles(page):
    with pytest.raises(ValueError):
        rotate_upright(page, 45)


def test_white_page_is_blank():
    assert is_blank(np.full((A4[1], A4[0], 3), 255, np.uint8))


def test_scanner_grey_page_is_blank():
    rng = np.random.default_rng(1)
    # Grey paper with a shading gradient, sensor noise and a few dust specks.
    yy = np.linspace(0, 1, A4[1])[:, None, None]
    page = 175 + 25 * yy + rng.normal(0, 6, (A4[1], A4[0], 3))
    page = np.clip(page, 0, 255).astype(np.uint8)
    for x, y in rng.integers(100, 1500, (5, 2)):
        cv2.circle(page, (int(x), int(y)), 2, (60, 60, 60), -1)
    assert is_blank(page)


def test_page_with_faint_show_through_is_blank():
    back = text_page()
    # Show-through: the back page mirrored, at ~12 % of its contrast, diffused by
    # the paper over ~0.3 mm (2.5 px at 200 dpi).
    ghost = cv2.GaussianBlur(cv2.flip(back, 1), (0, 0), 2.5).astype(np.float32)
    page = 235 - (255 - ghost) * 0.12
    assert is_blank(np.clip(page, 0, 255).astype(np.uint8))


def test_page_with_one_line_of_text_is_not_blank():
    assert not is_blank(text_page(rows=1))


def test_text_page_is_not_blank(page):
    assert not is_blank(page)


def test_heavily_blurred_low_contrast_page_is_not_blank(page):
    # Illegible, but there is a page: grey text mass ~20 % darker than the paper.
    g = cv2.GaussianBlur(page, (0, 0), 5).astype(np.float32)
    grey = np.clip(225 - (255 - g) * 0.3, 0, 255).astype(np.uint8)
    assert not is_blank(grey)
