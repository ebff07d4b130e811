"""Turn a scanned page upright: quarter-turn rotation from text-line shapes, then skew.

One cheap text-detection pass on a downscaled copy tells horizontal text
(wide boxes) from text running top-to-bottom (tall boxes); the direction
classifier that ships with PP-OCR then votes on upside-down lines.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extractors.geometry import deskew, estimate_skew, rotate_upright

DETECT_LONG_SIDE = 1280
MIN_LINES = 3
ELONGATED = 1.8  # a text line is at least this much longer than tall


@dataclass(frozen=True)
class Orientation:
    rotation: int  # clockwise turn of the content in the scan: 0/90/180/270
    confidence: float
    text_lines: int  # text lines seen by the detector (0 on photos and blank pages)


def detect_orientation(engine, image: np.ndarray) -> Orientation:
    small = _downscale(image, DETECT_LONG_SIDE)
    quads = engine.text_quads(small)
    wide, tall = _count_elongated(quads)
    if wide + tall < MIN_LINES:
        return Orientation(0, 0.3, len(quads))
    rotation = 0
    horizontal_share = wide / (wide + tall)
    if tall > wide:
        rotation = 90
        small = rotate_upright(small, 90)
        quads = engine.text_quads(small)
    flipped = engine.upside_down_share(small, quads)
    if flipped > 0.5:
        rotation = (rotation + 180) % 360
    axis_conf = max(horizontal_share, 1 - horizontal_share)
    flip_conf = max(flipped, 1 - flipped)
    return Orientation(rotation, round(axis_conf * flip_conf, 3), len(quads))


def make_upright(engine, image: np.ndarray) -> tuple[np.ndarray, Orientation, float]:
    """The upright, deskewed page, how it was turned, and the skew removed (degrees)."""
    orientation = detect_orientation(engine, image)
    upright = rotate_upright(image, orientation.rotation) if orientation.rotation else image
    skew = 0.0
    if orientation.text_lines >= MIN_LINES:
        skew = estimate_skew(upright)
        if abs(skew) >= 0.3:
            upright = deskew(upright, skew)
    return upright, orientation, skew


def _count_elongated(quads: list[np.ndarray]) -> tuple[int, int]:
    wide = tall = 0
    for quad in quads:
        xs, ys = quad[:, 0], quad[:, 1]
        span_x, span_y = float(xs.max() - xs.min()), float(ys.max() - ys.min())
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
