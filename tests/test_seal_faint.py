"""Faded seals (issue 3, second round): impressions drawn by the sample
generator's seal art (samples/sealart.py) with heavy wear, on a page of
print, through a copier's grain and blur and a JPEG, as scans store them."""
from __future__ import annotations

import random

import cv2
import numpy as np
from conftest import text_page
from PIL import Image
from test_seal_art import PPM, grey_copy, mm, signature

from extractors.seals import find_seals
from samples import sealart

NAME = "衡阳市恒通机械制造有限公司"


def _iou(a, b) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    return ix * iy / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - ix * iy)


def worn_page(seed: int, page: np.ndarray | None = None) -> tuple[np.ndarray, tuple[float, ...], bool]:
    """A worn impression as the generator draws them (random shape, ink, wear)
    at (100, 190) mm over `page` (default: 22 rows of print), scanned: (page,
    truth box, greyscale copy?)."""
    rng = random.Random(seed)
    shape = rng.choice(["round", "oval", "round"])
    spec = sealart.random_spec(rng, shape, NAME, fade_prob=1.0, heavy_share=0.6, dark_prob=0.4,
                               centre_text="财务专用章" if shape == "oval" else "")
    im, box = sealart.render(spec, rng)
    s = PPM / sealart.PX_PER_MM
    lay = np.asarray(im.resize((int(im.width * s), int(im.height * s)), Image.LANCZOS)).astype(np.float32)
    page = text_page(rows=22) if page is None else page.copy()
    cx, cy = mm(100), mm(190)
    h, w = lay.shape[:2]
    a, ink = lay[..., 3:4] / 255, lay[..., 2::-1] / 255
    region = page[cy - h // 2:cy - h // 2 + h, cx - w // 2:cx - w // 2 + w].astype(np.float32)
    page[cy - h // 2:cy - h // 2 + h, cx - w // 2:cx - w // 2 + w] = (region * (1 - a + a * ink)).clip(0, 255)
    grey = rng.random() < 0.5
    page = scanned(page, seed, rng, grey)
    return page, (cx + box[0] * PPM, cy + box[1] * PPM, cx + box[2] * PPM, cy + box[3] * PPM), grey


def scanned(page: np.ndarray, seed: int, rng: random.Random, grey: bool) -> np.ndarray:
    """A copier's (or scanner's) contrast, grain and blur, stored as JPEG."""
    if grey:
        page = grey_copy(page, rng.uniform(1.0, 1.3))
    noise = np.random.default_rng(seed).normal(0, rng.uniform(2, 6), page.shape[:2])[..., None]
    page = (page.astype(np.float32) * rng.uniform(0.88, 1.0) + noise).clip(0, 255).astype(np.uint8)
    page = cv2.GaussianBlur(page, (0, 0), rng.uniform(0.4, 0.9))
    return cv2.imdecode(cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, rng.randrange(45, 80)])[1],
                        cv2.IMREAD_COLOR)


def _found(page: np.ndarray, box) -> list:
    return [s for s in find_seals(page) if _iou(s.bbox, box) >= 0.5]


def test_faint_ring_on_a_greyscale_copy_is_found():
    # Grey ring, its star and the print under it fused in the centre: the ring
    # is crisp and closed, only the centre is crowded.
    page, box, grey = worn_page(29)
    assert grey and _found(page, box)


def test_faded_ring_left_as_arcs_and_a_star_is_found():
    # Pale red: the thin text strokes are gone, the ring is arcs with gaps
    # and the star is what is left inside it.
    page, box, grey = worn_page(1)
    hits = _found(page, box)
    assert not grey and hits and hits[0].shape == "round"


def test_pale_ring_over_a_signature_and_bold_figures_is_found():
    # Dense dark print fills most of the pale ring's box; along the ring itself
    # the ink is still pale red more than dark.
    page = signature(text_page(rows=22), 85, 190, 40, seed=3, bgr=(20, 20, 20))
    for k in range(9):
        cv2.putText(page, "1,234,567.89  8,765,432.10", (mm(70), mm(172 + 5 * k)), cv2.FONT_HERSHEY_SIMPLEX,
                    1.6, (0, 0, 0), 7)
    page, box, grey = worn_page(0, page)
    hits = _found(page, box)
    assert not grey and hits


def test_half_a_faded_ring_is_found():
    # Half the ring did not print; what is left lies right on one ellipse.
    page, box, _ = worn_page(2)
    assert _found(page, box)


def test_scan_grain_on_a_page_without_seals_makes_no_ring():
    # The same scan chain with no seal at all: grain, blur and JPEG are no faint ring.
    assert find_seals(scanned(text_page(rows=22), 3, random.Random(3), grey=False)) == []
    assert find_seals(scanned(text_page(rows=22), 4, random.Random(4), grey=True), shape_pass=True) == []


def test_dark_disc_in_a_grey_photo_is_not_a_seal():
    # A washer photographed: judged against the local paper level its edges
    # are a ring of "ink", but inside it the paper does not show.
    page = text_page(rows=5)
    photo = np.full((mm(80), mm(100)), 150, np.uint8)
    cv2.circle(photo, (mm(50), mm(40)), mm(20), 90, -1, cv2.LINE_AA)
    cv2.circle(photo, (mm(50), mm(40)), mm(5), 160, -1, cv2.LINE_AA)
    h, w = photo.shape
    page[mm(120):mm(120) + h, mm(55):mm(55) + w] = photo[..., None]
    page = scanned(page, 5, random.Random(5), grey=True)
    assert find_seals(page, shape_pass=True) == []


def test_faded_ring_on_a_certificate_with_a_red_border_is_found():
    # The page's red double frame is pale red too: without taking the rules
    # out it joins every piece of the faded ring into one page-sized region.
    page, box, _ = worn_page(1)
    for inset, width in ((mm(10), mm(1.2)), (mm(13), mm(0.4))):
        cv2.rectangle(page, (inset, inset), (page.shape[1] - inset, page.shape[0] - inset), (150, 150, 225), width)
    assert _found(page, box)
