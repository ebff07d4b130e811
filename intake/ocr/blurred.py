"""Text lines of a blurred page, detected again on a sharpened copy.

PP-OCR's detector loses whole lines once the blur at its input is wider than about a
pixel and a half (0.4-0.5 mm on an A4 page it sees at 1280 px): the value cells of a
blurred form, most of a blurred licence. The recogniser still reads those lines once
they are found, and reads them best from the page as scanned (sharpening the crops
did not help it). So a page whose edges are blurred is detected once more on an
unsharp-masked copy shrunk until the blur is about a pixel wide at the detector's
input, with boxes grown a little wider (a blurred stroke spreads beyond its line).
Sharp pages, nearly all of them, keep the lines the orientation step found, and so do
pages blurred past reading.

Measured on the legibility ladder (samples.ladder, seeds 7 and 8, five page types; the
characters of the 0.1 mm page found again): at 0.4 mm blur 86 % -> 94 %, at 0.5 mm
46 % -> 84 %; at 0.25 mm and on sharp pages the lines stay as they were. The blur is
measured on tiles at the largest lines already found: a few ms a page.
"""
from __future__ import annotations

import cv2
import numpy as np

from extractors.legibility import HOPELESS_BLUR_MM, edge_sigma_at
from intake.orient import DETECT_LONG_SIDE  # the page size the detector sees at first

BLURRED = 1.2  # edge sigma at the detector's input, px, beyond which it loses lines (0.35-0.4 mm on A4)
TARGET = 1.3  # the edge sigma the sharpened copy is shrunk to, px
SHARPEN = 1.5  # unsharp-mask amount (radius: the blur itself)
UNCLIP = 2.0  # box growth for blurred lines (the detector's default is 1.6)


def detect_blurred(engine, image: np.ndarray, quads: np.ndarray, dpi: float) -> np.ndarray:
    """The page's text lines: `quads` as they are on a sharp page, found again on a blurred one
    a person still reads (on a page blurred past reading, more lines are only more garbage)."""
    sigma = edge_sigma_at(image, _largest(quads))
    fit = min(1.0, DETECT_LONG_SIDE / max(image.shape[:2]))  # the detector's scale of this page
    if sigma is None or sigma * fit < BLURRED or sigma / max(dpi, 1.0) * 25.4 > HOPELESS_BLUR_MM:
        return quads
    scale = min(fit, TARGET / sigma)
    small = cv2.resize(sharpen(image, sigma), None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    found = engine.text_quads(small, unclip_ratio=UNCLIP)
    if not found:
        return quads
    return np.asarray(found, np.float32).reshape(-1, 4, 2) / np.float32(scale)


def _largest(quads: np.ndarray, most: int = 6) -> list[tuple[int, int, int, int]]:
    """Boxes of the largest detected lines: the surest text to measure the blur on."""
    boxes = [(*q.min(axis=0), *q.max(axis=0)) for q in np.asarray(quads).reshape(-1, 4, 2)]
    return sorted(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))[-most:]


def sharpen(image: np.ndarray, sigma: float) -> np.ndarray:
    """Unsharp mask at the blur's own radius: edges steepened back where the blur flattened them."""
    page = image.astype(np.float32)
    out = page + SHARPEN * (page - cv2.GaussianBlur(page, (0, 0), sigma))
    return np.clip(out, 0, 255).astype(np.uint8)
