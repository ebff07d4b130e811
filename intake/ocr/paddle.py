"""PaddleOCR engine, for sites that installed paddleocr and its models themselves."""
from __future__ import annotations

import numpy as np

from intake.ocr.base import OcrLine
from intake.ocr.rapid import quad_to_box, sort_reading_order


class PaddleOcrEngine:
    name = "paddleocr"

    def __init__(self) -> None:
        try:
            from paddleocr import PaddleOCR
        except ImportError as exc:  # optional engine: say how to get it
            raise RuntimeError("PaddleOCR is not installed: pip install '.[paddle]' and provide its models") from exc
        self._ocr = PaddleOCR(use_angle_cls=True, lang="ch", show_log=False)

    def read(self, image: np.ndarray) -> list[OcrLine]:
        result = self._ocr.ocr(image, cls=True) or []
        lines = [
            OcrLine(text=text, box=quad_to_box(quad), confidence=float(score))
            for page in result for quad, (text, score) in (page or [])
            if text.strip()
        ]
        return sort_reading_order(lines)
