"""The OCR engine interface: an engine turns an upright page image into text lines."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class OcrLine:
    """One line of text with its axis-aligned box (x0, y0, x1, y1) in page pixels."""

    text: str
    box: tuple[float, float, float, float]
    confidence: float


class OcrEngine(Protocol):
    name: str

    def read(self, image: np.ndarray) -> list[OcrLine]:
        """OCR a BGR or greyscale image; lines in reading order."""
        ...
