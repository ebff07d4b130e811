"""Turn a scanned page upright: quarter-turn rotation from text-line shapes, then skew.

One text-detection pass on a copy downscaled to the detector's working size
tells horizontal text (wide boxes) from text running top-to-bottom (tall
boxes); the direction classifier that ships with PP-OCR then votes on
upside-down lines. The same detected lines, carried through the turn and the
deskew, are what the OCR stage recognises: detection runs once per page.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extractors.geometry import deskew, deskew_transform, estimate_skew, rotate_upright, turn_points_180

DETECT_LONG_SIDE = 1280  # the detector's own working size (see intake/ocr/rapid.py)
MIN_LINES = 3
ELONGATED = 1.8  # a text line is at least this much longer than tall
MIN_SKEW = 0.3  # degrees; less is left alone


@dataclass(frozen=True)
class Orientation:
    rotation: int  # clockwise turn of the content in the scan: 0/90/180/270
    confidence: float
    text_lines: int  # text lines seen by the detector (0 on photos and blank pages)


@dataclass
class Upright:
    image: np.ndarray
    orientation: Orientation
    skew: float  # degrees removed
    quads: np.ndarray  # (n, 4, 2) detected text lines in `image` pixels


def make_upright(engine, image: np.ndarray) -> Upright:
    """The upright, deskewed page, how it was turned, the skew removed and its text lines."""
    small = _downscale(image, DETECT_LONG_SIDE)
    quads = _detect(engine, small)
    wide, tall = _count_elongated(quads)
    rotation, confidence = 0, 0.3
    if wide + tall >= MIN_LINES:
        horizontal_share = wide / (wide + tall)
        if tall > wide:
            rotation = 90
            small = rotate_upright(small, 90)
            quads = _detect(engine, small)
        flipped = engine.upside_down_share(small, list(quads))
        if flipped > 0.5:
            rotation = (rotation + 180) % 360
            small = rotate_upright(small, 180)
            quads = turn_points_180(quads, small.shape)
        confidence = round(max(horizontal_share, 1 - horizontal_share) * max(flipped, 1 - flipped), 3)
    upright = rotate_upright(image, rotation) if rotation else image
    quads = quads * np.array([upright.shape[1] / small.shape[1], upright.shape[0] / small.shape[0]], np.float32)
    skew = estimate_skew(upright) if len(quads) >= MIN_LINES else 0.0
    if abs(skew) >= MIN_SKEW:
        matrix, _ = deskew_transform(upright.shape, skew)
        upright = deskew(upright, skew)
        quads = quads @ matrix[:, :2].T.astype(np.float32) + matrix[:, 2].astype(np.float32)
    else:
        skew = 0.0
    return Upright(upright, Orientation(rotation, confidence, len(quads)), skew, quads)


def _detect(engine, image: np.ndarray) -> np.ndarray:
    quads = engine.text_quads(image)
    return np.asarray(quads, dtype=np.float32).reshape(-1, 4, 2)


def _count_elongated(quads: np.ndarray) -> tuple[int, int]:
    wide = tall = 0
    for quad in quads:
        span_x = float(quad[:, 0].max() - quad[:, 0].min())
        span_y = float(quad[:, 1].max() - quad[:, 1].min())
        if span_x >= ELONGATED * span_y:
            wide += 1
        elif span_y >= ELONGATED * span_x:
            tall += 1
    return wide, tall


def _downscale(image: np.ndarray, long_side: int) -> np.ndarray:
    scale = long_side / max(image.shape[:2])
    if scale >= 1:
        return image
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
