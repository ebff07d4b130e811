"""PP-OCRv6 (small) through rapidocr 3.x, whose wheel carries the models.

Optional (`pip install .[ppocrv6]`); kept for the engine comparison in the README.
"""
from __future__ import annotations

import threading

import numpy as np

from intake.ocr.base import OcrLine
from intake.ocr.rapid import quad_to_box, sort_reading_order


class RapidOcrV6Engine:
    name = "rapidocr-ppocrv6"

    def __init__(self) -> None:
        from rapidocr import RapidOCR

        self._ocr = RapidOCR(params={"Global.log_level": "error"})
        self._lock = threading.Lock()

    def read(self, image: np.ndarray) -> list[OcrLine]:
        with self._lock:
            out = self._ocr(image)
        if out.boxes is None:
            return []
        lines = [
            OcrLine(text=str(text), box=quad_to_box(quad), confidence=float(score))
            for quad, text, score in zip(out.boxes, out.txts, out.scores)
            if str(text).strip()
        ]
        return sort_reading_order(lines)
