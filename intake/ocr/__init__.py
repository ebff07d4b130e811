"""OCR engines as plug-ins behind one small interface (`OcrEngine.read`).

`rapidocr` (PP-OCRv4 in the rapidocr-onnxruntime wheel) is the default; the
others load only when their package is installed.
"""
from __future__ import annotations

from intake.ocr.base import OcrEngine, OcrLine

DEFAULT_ENGINE = "rapidocr"


def make_engine(name: str = DEFAULT_ENGINE) -> OcrEngine:
    if name == "rapidocr":
        from intake.ocr.rapid import RapidOcrEngine

        return RapidOcrEngine()
    if name == "rapidocr-v6":
        from intake.ocr.rapid3 import RapidOcrV6Engine

        return RapidOcrV6Engine()
    if name == "paddle":
        from intake.ocr.paddle import PaddleOcrEngine

        return PaddleOcrEngine()
    if name == "tesseract":
        from intake.ocr.tesseract import TesseractEngine

        return TesseractEngine()
    raise ValueError(f"unknown OCR engine {name!r} (choose rapidocr, rapidocr-v6, paddle, tesseract)")


__all__ = ["DEFAULT_ENGINE", "OcrEngine", "OcrLine", "make_engine"]
