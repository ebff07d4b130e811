"""Photo pages (issue 3): photos carry no text, gravity cues turn them upright; when unsure, as scanned."""
from __future__ import annotations


import cv2
import numpy as np
import pytest
from conftest import A4

from extractors.photo_orientation import photo_rotation

CW = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def turn(img: np.ndarray, rotation: int) -> np.ndarray:
    return cv2.rotate(img, CW[rotation]) if rotation else img


def site_photo(w: int = 1200, h: int = 800, seed: int = 0) -> np.ndarray:
    """A factory seen from the yard: bright blue sky, a grey building with windows, gravel ground."""
    rng = np.random.default_rng(seed)
    img = np.empty((h, w, 3), np.float32)
    t = np.linspace(0, 1, h)[:, None]
    img[:] = (np.array([235, 190, 150]) * (1 - t) + np.array([225, 215, 205]) * t)[:, None, :]  # BGR sky
    ground = int(0.65 * h)
    img[ground:] = (95, 115, 120)
    img[ground:] += rng.normal(0, 18, (h - ground, w, 1))  # gravel
    cv2.rectangle(img, (150, int(0.3 * h)), (850, ground), (170, 170, 165), -1)
    for x in range(190, 820, 70):
        cv2.rectangle(img, (x, int(0.38 * h)), (x + 35, int(0.38 * h) + 40), (90, 80, 70), -1)
    cv2.rectangle(img, (900, int(0.45 * h)), (1100, ground), (60, 110, 150), -1)
    img = cv2.GaussianBlur(img, (0, 0), 1.2) + rng.normal(0, 4, (h, w, 1))
    return np.clip(img, 0, 255).astype(np.uint8)


def workshop_photo(w: int = 1200, h: int = 800, seed: int = 1) -> np.ndarray:
    """A machine in a workshop: light from the roof, a dark floor, no sky."""
    rng = np.random.default_rng(seed)
    t = np.linspace(0, 1, h)[:, None, None]
    img = (200 * (1 - t) + 110 * t) * np.ones((h, w, 3), np.float32)
    floor = int(0.8 * h)
    img[floor:] = (90, 100, 95)
    img[floor:] += rng.normal(0, 12, (h - floor, w, 1))
    cv2.rectangle(img, (300, int(0.35 * h)), (800, floor), (40, 160, 220), -1)
    cv2.rectangle(img, (360, int(0.42 * h)), (520, int(0.6 * h)), (50, 50, 50), -1)
    img = cv2.GaussianBlur(img, (0, 0), 1.0) + rng.normal(0, 4, (h, w, 1))
    return np.clip(img, 0, 255).astype(np.uint8)


def on_a4_sheet(photo: np.ndarray) -> np.ndarray:
    """A scanned A4 sheet with the photo pasted in its upper half."""
    sheet = np.full((A4[1], A4[0], 3), 246, np.uint8)
    small = cv2.resize(photo, (1350, 900), interpolation=cv2.INTER_AREA)
    sheet[250:1150, 152:1502] = small
    return sheet


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_sheet_with_a_site_photo_is_turned_upright(rotation):
    assert photo_rotation(turn(on_a4_sheet(site_photo()), rotation)).rotation == rotation


def test_photo_upside_down_is_turned_upright():
    assert photo_rotation(turn(on_a4_sheet(workshop_photo()), 180)).rotation == 180


@pytest.mark.parametrize("rotation", [0, 90, 270])
def test_loose_site_photo_is_turned_upright(rotation):
    result = photo_rotation(turn(site_photo(), rotation))
    assert result.rotation == rotation and result.confidence > 0


def test_photo_without_cues_is_left_as_scanned():
    rng = np.random.default_rng(3)
    texture = cv2.GaussianBlur(rng.integers(0, 255, (900, 1200, 3), dtype=np.uint8), (0, 0), 8)
    assert photo_rotation(texture).rotation == 0
    assert photo_rotation(on_a4_sheet(texture)).rotation == 0


def test_light_falling_on_the_sheet_is_not_taken_for_sky():
    # A photo with no up or down of its own, on a sheet lit from below (phone held over it):
    # the gradient is the capture's, not the scene's.
    rng = np.random.default_rng(4)
    blotches = cv2.GaussianBlur(rng.integers(0, 255, (900, 1200, 3), dtype=np.uint8), (0, 0), 8)
    sheet = on_a4_sheet(blotches).astype(np.float32)
    sheet *= np.linspace(0.6, 1.0, A4[1])[:, None, None]
    assert photo_rotation(sheet.astype(np.uint8)).rotation == 0


def test_greyscale_copy_of_a_photo_sheet_is_turned():
    grey = cv2.cvtColor(turn(on_a4_sheet(site_photo()), 180), cv2.COLOR_BGR2GRAY)
    assert photo_rotation(grey).rotation == 180


def skewed_grey_copy(sheet: np.ndarray, angle: float = 2.5) -> np.ndarray:
    """A greyscale photocopy of the sheet, fed in at an angle: grey paper on a white lid,
    the sheet's own edge running through the border of the scan."""
    grey = (cv2.cvtColor(sheet, cv2.COLOR_BGR2GRAY).astype(np.float32) * 0.85).astype(np.uint8)
    h, w = grey.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(grey, matrix, (w, h), borderValue=250)


def test_greyscale_photo_turned_90_is_turned_upright():
    assert photo_rotation(turn(skewed_grey_copy(on_a4_sheet(site_photo())), 90)).rotation == 90


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("angle", [2.5, -2.0])
def test_skewed_greyscale_copy_of_a_photo_sheet_is_turned_upright(rotation, angle):
    # The sheet's edge crossing the border is not a photo reaching the edge: still a sheet.
    sheet = skewed_grey_copy(on_a4_sheet(workshop_photo()), angle)
    assert photo_rotation(turn(sheet, rotation)).rotation == rotation


@pytest.mark.parametrize("rotation", [90, 270])
def test_greyscale_sheet_with_a_scanner_shadow_along_one_side_is_turned_upright(rotation):
    sheet = cv2.cvtColor(on_a4_sheet(site_photo()), cv2.COLOR_BGR2GRAY).astype(np.float32) * 0.85
    sheet[:, :45] *= np.linspace(0.3, 1.0, 45)[None, :]  # the lid's shadow along the left edge
    assert photo_rotation(turn(sheet.astype(np.uint8), rotation)).rotation == rotation


def two_photos_on_a4_sheet(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    """A scanned A4 sheet with two photos, one above the other, filling most of it."""
    sheet = np.full((A4[1], A4[0], 3), 246, np.uint8)
    sheet[120:860, 130:1524] = cv2.resize(top, (1394, 740), interpolation=cv2.INTER_AREA)
    sheet[960:1700, 130:1524] = cv2.resize(bottom, (1394, 740), interpolation=cv2.INTER_AREA)
    return sheet


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_sheet_of_two_photos_turned_is_turned_upright(rotation):
    # Turned by a quarter, the two photos stand side by side: each is looked at on its own.
    sheet = two_photos_on_a4_sheet(workshop_photo(), site_photo())
    result = photo_rotation(turn(sheet, rotation))
    assert result.rotation == rotation and result.photos == 2


def test_sheet_of_text_has_no_photos():
    from conftest import text_page

    assert photo_rotation(text_page()).photos == 0


@pytest.mark.parametrize("rotation", [0, 180])
def test_sheet_of_two_photos_fed_in_at_an_angle_is_turned_upright(rotation):
    # Tilted by 5 degrees, no row between the two photos is empty: the sheet is levelled first.
    sheet = two_photos_on_a4_sheet(workshop_photo(), site_photo())
    h, w = sheet.shape[:2]
    tilted = cv2.warpAffine(sheet, cv2.getRotationMatrix2D((w / 2, h / 2), 5, 1.0), (w, h), borderValue=(246, 246, 246))
    assert photo_rotation(turn(tilted, rotation)).rotation == rotation


@pytest.mark.parametrize("rotation", [0, 180])
def test_paper_in_a_phones_shade_is_not_taken_for_part_of_the_photo(rotation):
    # A phone photo of the sheet: its light falls off towards one corner, faster than a smooth fit.
    sheet = on_a4_sheet(workshop_photo()).astype(np.float32)
    h, w = sheet.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    shade = 1.0 - 0.25 * np.clip(np.hypot(xx / w, 1 - yy / h) / 1.2, 0, 1) ** 3  # dark towards the bottom-left corner
    shaded = turn((sheet * shade[:, :, None]).astype(np.uint8), rotation)
    assert photo_rotation(shaded).rotation == rotation


def cabinet_photo(w: int = 800, h: int = 1000, seed: int = 2) -> np.ndarray:
    """A tall, pale cabinet standing on a dark floor before a grey wall lit from above: the cabinet fills
    most of the lower third of the picture, brighter than the wall."""
    rng = np.random.default_rng(seed)
    t = np.linspace(0, 1, h)[:, None, None]
    img = (150 * (1 - t) + 105 * t) * np.ones((h, w, 3), np.float32)
    floor = int(0.85 * h)
    img[floor:] = (80, 110, 100)
    cv2.rectangle(img, (140, int(0.4 * h)), (660, floor), (205, 215, 215), -1)
    cv2.rectangle(img, (300, int(0.5 * h)), (460, int(0.7 * h)), (60, 55, 50), -1)
    img = cv2.GaussianBlur(img, (0, 0), 1.0) + rng.normal(0, 3, (h, w, 1))
    return np.clip(img, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_photo_taken_sideways_is_turned_upright_by_its_backdrop_not_by_its_pale_subject(rotation):
    # The wall above and the floor below show at the picture's ends; the subject in the middle
    # is brighter than the wall, and says nothing of where the light comes from.
    sheet = np.full((A4[1], A4[0], 3), 246, np.uint8)
    sheet[300:1300, 427:1227] = cabinet_photo()
    assert photo_rotation(turn(sheet, rotation)).rotation == rotation
