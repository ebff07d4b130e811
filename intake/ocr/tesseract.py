"""Tesseract engine (chi_sim), for sites that installed tesseract and pytesseract."""
from __future__ import annotations

from collections import defaultdict

import numpy as np

from intake.ocr.base import OcrLine
from intake.ocr.rapid import sort_reading_order


class TesseractEngine:
    name = "tesseract"

    def __init__(self, lang: str = "chi_sim") -> None:
        try:
            import pytesseract
        except ImportError as exc:  # optional engine: say how to get it
            raise RuntimeError("Tesseract is not installed: apt-get install tesseract-ocr-chi-sim; pip install '.[tesseract]'") from exc
        self._tesseract = pytesseract
        self._lang = lang

    def read(self, image: np.ndarray) -> list[OcrLine]:
        data = self._tesseract.image_to_data(image[:, :, ::-1] if image.ndim == 3 else image,
                                             lang=self._lang, output_type=self._tesseract.Output.DICT)
        words: dict[tuple, list[int]] = defaultdict(list)
        for i, text in enumerate(data["text"]):
            if text.strip() and float(data["conf"][i]) >= 0:
                words[(data["block_num"][i], data["par_num"][i], data["line_num"][i])].append(i)
        lines = []
        for ids in words.values():
            x0 = min(data["left"][i] for i in ids)
            y0 = min(data["top"][i] for i in ids)
            x1 = max(data["left"][i] + data["width"][i] for i in ids)
            y1 = max(data["top"][i] + data["height"][i] for i in ids)
            conf = sum(float(data["conf"][i]) for i in ids) / len(ids) / 100.0
            # chi_sim puts spaces between CJK characters; they carry no meaning.
            lines.append(OcrLine("".join(data["text"][i] for i in ids), (x0, y0, x1, y1), conf))
        return sort_reading_order(lines)
