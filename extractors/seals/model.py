"""The seal candidate record and the physical sizes every module works in (mm)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import cv2
import numpy as np

SealShape = Literal["round", "oval", "square"]

# Physical size limits in mm: official round seals 38-45 mm (some 30-60 mm),
# oval seals 40x30 / 45x30 mm, personal/square seals 15-25 mm. The margins
# cover copies scaled up or down a little.
ROUND_MM = (22.0, 62.0)
SQUARE_MM = (9.0, 40.0)
# Seals are detected on a copy whose long side is at most this many pixels
# (~4 px/mm on A4): enough for a 0.4 mm ring stroke, cheap on a 2-core box.
WORK_LONG_SIDE = 1200


@dataclass
class SealCandidate:
    """A detected seal in full-resolution page pixels."""

    bbox: tuple[float, float, float, float]  # x0, y0, x1, y1
    shape: SealShape
    confidence: float
    centre: tuple[float, float] = (0.0, 0.0)
    axes: tuple[float, float] = (0.0, 0.0)  # semi-axes along the rotated x / y axis, in px
    angle: float = 0.0  # ellipse / rectangle rotation, degrees
    metrics: dict = field(default_factory=dict)  # internal measures, for debugging/calibration
    source: str = "colour"  # "colour" (red ink) or "shape" (found by its outline, e.g. greyscale copy)


def px_per_mm(shape: tuple[int, ...]) -> float:
    """Pixels per mm assuming the image is an A4-ish page (short side 210 mm).

    Also right for a 90-degree-rotated page; clamped to 72-600 dpi.
    """
    h, w = shape[:2]
    ppm = min(h, w) / 210.0
    # A very elongated image (a receipt, a cropped strip) is not A4: its long
    # side tells less, but the short side is still the better guess.
    return float(np.clip(ppm, 72 / 25.4, 600 / 25.4))


def shrink(image: np.ndarray, k: int) -> np.ndarray:
    """Area average over k x k blocks (rows and columns short of a whole block dropped).

    OpenCV averages by a whole factor in a fraction of the time it needs when
    the target size does not divide the image (~0.03 vs ~0.9 ms on a work page).
    """
    h, w = image.shape[:2]
    hh, ww = max(1, h // k), max(1, w // k)
    return cv2.resize(image[:hh * k, :ww * k], (ww, hh), interpolation=cv2.INTER_AREA)
