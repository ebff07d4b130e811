"""Phone photos of a page (issue 3): the sheet's outline is found and flattened to an A4 page;
scans are left alone."""
from __future__ import annotations


import cv2
import numpy as np
import pytest
from conftest import A4, text_page

from extractors.perspective import find_page_outline, flatten_page

PHOTO = (1500, 2000)  # a phone frame, downscaled (h, w)


def phone_photo(page: np.ndarray, corners, background=(60, 95, 140), light: float = 0.35, seed: int = 0) -> np.ndarray:
    """`page` warped onto `corners` (TL, TR, BR, BL) over a wood-coloured desk, lit from one side."""
    rng = np.random.default_rng(seed)
    h, w = PHOTO
    ph, pw = page.shape[:2]
    matrix = cv2.getPerspectiveTransform(np.float32([[0, 0], [pw, 0], [pw, ph], [0, ph]]), np.float32(corners))
    desk = np.empty((h, w, 3), np.float32)
    desk[:] = background
    desk += 15 * np.sin(np.arange(w) / 9.0)[None, :, None] + rng.normal(0, 6, (h, w, 1))
    sheet = cv2.warpPerspective(page.astype(np.float32), matrix, (w, h))
    inside = cv2.warpPerspective(np.ones((ph, pw), np.float32), matrix, (w, h))[..., None]
    img = desk * (1 - inside) + sheet * inside
    img *= (1 - light * np.linspace(0, 1, w))[None, :, None]  # the window is on the left
    img = cv2.GaussianBlur(img, (0, 0), 1.0) + rng.normal(0, 3, (h, w, 1))
    return np.clip(img, 0, 255).astype(np.uint8)


CORNERS = [(620, 120), (1420, 190), (1500, 1420), (560, 1380)]


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return text_page()


def test_phone_photo_page_outline_is_found(page):
    outline = find_page_outline(phone_photo(page, CORNERS))
    assert outline is not None
    assert np.abs(outline.corners - np.float32(CORNERS)).max() < 12  # px of a 2000 px frame


def test_phone_photo_page_outline_is_flattened(page):
    photo = phone_photo(page, CORNERS)
    flat, dpi = flatten_page(photo, find_page_outline(photo))
    h, w = flat.shape[:2]
    assert h / w == pytest.approx(297 / 210, rel=0.01)  # A4, portrait like the sheet
    assert 90 < dpi < 160  # the sheet spans ~900 px across: ~115 dpi
    # Flat: the text lines run level again (the skew estimate finds nothing to correct).
    from extractors.geometry import estimate_skew

    assert abs(estimate_skew(flat)) < 0.8


def test_sheet_in_shadow_and_on_a_dark_cloth_is_found(page):
    photo = phone_photo(page, [(700, 120), (1500, 300), (1350, 1450), (420, 1250)], background=(40, 30, 90), light=0.6)
    outline = find_page_outline(photo)
    assert outline is not None
    assert np.abs(outline.corners - np.float32([(700, 120), (1500, 300), (1350, 1450), (420, 1250)])).max() < 15


def half_lit_photo(page: np.ndarray, corners, seed: int = 0) -> np.ndarray:
    """`page` on a dull grey-green desk, lit from the right: the lit half of the sheet is burnt
    out, the other half a flat grey, and between them a grainy band of lit and shaded pixels."""
    rng = np.random.default_rng(seed)
    h, w = 750, 1000
    ph, pw = page.shape[:2]
    matrix = cv2.getPerspectiveTransform(np.float32([[0, 0], [pw, 0], [pw, ph], [0, ph]]), np.float32(corners))
    sheet = cv2.warpPerspective(page, matrix, (w, h)).astype(np.float32)
    inside = cv2.warpPerspective(np.ones((ph, pw), np.float32), matrix, (w, h))[..., None]
    x = np.arange(w) / w
    desk = np.empty((h, w, 3), np.float32)
    desk[:] = (88, 92, 78)
    desk *= (1.3 - 0.6 * x)[None, :, None]  # the shaded sheet is barely brighter than the desk beside it
    desk += rng.normal(0, 5, (h, w, 1))
    lit = rng.random((h, w)) < np.clip((x - 0.3) / 0.35, 0, 1)[None, :]
    sheet = np.where(lit[..., None], np.minimum(255, sheet * 1.5), sheet * (0.55 + 0.15 * x)[None, :, None])
    return np.clip(desk * (1 - inside) + sheet * inside, 0, 255).astype(np.uint8)


def test_unevenly_lit_sheet_outline_is_the_whole_sheet(page):
    """The step from lit to shaded paper is no edge: the outline runs where the sheet meets the
    desk, here partly beyond the photo's top and left borders."""
    corners = [(70, -6), (930, 90), (860, 720), (-12, 600)]
    outline = find_page_outline(half_lit_photo(page, corners))
    assert outline is not None
    assert np.abs(outline.corners - np.float32(corners)).max() < 8  # px of a 1000 px frame


def test_landscape_sheet_is_flattened_landscape(page):
    turned = cv2.rotate(page, cv2.ROTATE_90_CLOCKWISE)
    photo = phone_photo(turned, [(250, 300), (1750, 250), (1800, 1300), (200, 1250)])
    flat, _ = flatten_page(photo, find_page_outline(photo))
    assert flat.shape[1] / flat.shape[0] == pytest.approx(297 / 210, rel=0.01)


def test_scan_is_left_alone(page):
    assert find_page_outline(page) is None


def test_skewed_scan_with_lid_corners_is_left_alone(page):
    h, w = page.shape[:2]
    skewed = cv2.warpAffine(page, cv2.getRotationMatrix2D((w / 2, h / 2), 4, 1.0), (w, h), borderValue=(238, 238, 238))
    assert find_page_outline(skewed) is None


def test_scanned_sheet_of_photos_is_left_alone():
    sheet = np.full((A4[1], A4[0], 3), 248, np.uint8)
    sheet[250:1150, 150:1500] = (90, 120, 60)  # a large dark photo on the page
    sheet[1300:2100, 150:1500] = (160, 150, 140)
    assert find_page_outline(sheet) is None

