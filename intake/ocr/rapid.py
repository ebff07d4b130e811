"""RapidOCR engine: PP-OCR models that ship inside the PyPI wheel, run by onnxruntime.

Nothing is downloaded at run time: `rapidocr-onnxruntime` carries PP-OCRv4
detection/recognition and the v2 direction classifier in its package folder.
"""
from __future__ import annotations

import logging
import os
import threading

import numpy as np

from intake.ocr.base import OcrLine


def quad_to_box(quad) -> tuple[float, float, float, float]:
    pts = np.asarray(quad, dtype=np.float32).reshape(-1, 2)
    return (float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max()))


LONG_LINE_ASPECT = 6.0  # width over height beyond which a crop is a line of text, not a fragment


class RapidOcrEngine:
    """PP-OCRv4 through rapidocr-onnxruntime (the measured default, see README)."""

    name = "rapidocr-ppocrv4"

    def __init__(self, threads: int | None = None) -> None:
        from rapidocr_onnxruntime import RapidOCR

        threads = threads or int(os.environ.get("INTAKE_OCR_THREADS", "0")) or None
        # Detection on the long side capped at 1280 px finds the same lines on A4
        # pages at 150-300 dpi as the default 2000 px, at about half the cost;
        # recognition still reads crops of the full-resolution page.
        kwargs = {"det_limit_side_len": 1280, "det_limit_type": "max"}
        if threads:
            kwargs |= {"intra_op_num_threads": threads, "inter_op_num_threads": 1}
        self._ocr = RapidOCR(**kwargs)
        # "The text detection result is empty" on every photo is noise in our log.
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        # The ONNX sessions are not documented as re-entrant; the pipeline is
        # parallel across processes, so a lock here costs nothing.
        self._lock = threading.Lock()

    def read(self, image: np.ndarray) -> list[OcrLine]:
        with self._lock:
            result, _ = self._ocr(image)
        lines = [
            OcrLine(text=str(text), box=quad_to_box(quad), confidence=float(score))
            for quad, text, score in (result or [])
            if str(text).strip()
        ]
        return sort_reading_order(lines)

    def read_regions(self, image: np.ndarray, quads: np.ndarray) -> list[OcrLine]:
        """Recognise text lines already detected (by the orientation step) on this image."""
        if len(quads) == 0:
            return []
        quads = np.asarray(quads, dtype=np.float32)
        with self._lock:
            crops = self._ocr.get_crop_img_list(image, quads)
            results = self._recognise_short_turned(crops)
        lines = [
            OcrLine(text=str(text), box=quad_to_box(quad), confidence=float(score))
            for quad, (text, score) in zip(quads, results)
            if str(text).strip() and float(score) >= self._ocr.text_score
        ]
        return sort_reading_order(lines)

    def _recognise_short_turned(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Recognition, with the direction classifier on short crops only. The page is upright
        already; what may still be turned is a few characters of a seal's curved text. A long
        line squeezed into the classifier's 48x192 input is noise to it: it turned whole sentences
        over, and they were read as nothing (4-20 % of the lines of profiles, letters and
        certificates). A short crop it turns is read both ways and the surer reading kept: "99"
        turned over is a confident "66"."""
        results, _ = self._ocr.text_rec(crops)
        short = [i for i, crop in enumerate(crops) if crop.shape[1] < LONG_LINE_ASPECT * crop.shape[0]]
        if not short:
            return results
        turned, labels, _ = self._ocr.text_cls([crops[i] for i in short])
        threshold = self._ocr.text_cls.cls_thresh
        over = [(i, crop) for i, crop, (label, score) in zip(short, turned, labels) if "180" in label and score > threshold]
        if not over:
            return results
        again, _ = self._ocr.text_rec([crop for _, crop in over])
        results = list(results)
        for (i, _), reading in zip(over, again):
            if float(reading[1]) > float(results[i][1]):
                results[i] = reading
        return results

    def recognise_crops(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Recognition alone on line crops, as they are: no direction classifier turns them over
        (the orientation step compares a line's readings in different turns)."""
        with self._lock:
            results, _ = self._ocr.text_rec(crops)
        return [(str(text), float(score)) for text, score in results]

    def text_quads(self, image: np.ndarray, unclip_ratio: float | None = None) -> list[np.ndarray]:
        """Text-line detection only (no recognition): cheap input for orientation. `unclip_ratio`
        grows the boxes more (or less) than the detector's default, for this call only."""
        post = self._ocr.text_det.postprocess_op
        with self._lock:
            default, post.unclip_ratio = post.unclip_ratio, unclip_ratio or post.unclip_ratio
            try:
                quads, _ = self._ocr.text_det(image)
            finally:
                post.unclip_ratio = default
        return [] if quads is None else [np.asarray(q, dtype=np.float32) for q in quads]

    def upside_down_share(self, image: np.ndarray, quads: list[np.ndarray], limit: int = 24) -> float:
        """Share of text the direction classifier calls rotated by 180 degrees.

        The classifier sees a 48x192 input: a whole line squeezed into it is
        noise, so each line is cut into pieces of that shape first.
        """
        if not quads:
            return 0.0
        ranked = sorted(quads, key=lambda q: -_area(q))[:limit]
        with self._lock:
            crops = self._ocr.get_crop_img_list(image, np.asarray(ranked))
            pieces = [piece for crop in crops for piece in _classifier_pieces(crop)]
            _, cls_res, _ = self._ocr.text_cls(pieces)
        flipped = sum(1 for label, _ in cls_res if label == "180")
        return flipped / len(cls_res)


def _classifier_pieces(crop: np.ndarray, aspect: float = 4.0, most: int = 3) -> list[np.ndarray]:
    """Up to `most` pieces of a text-line crop with the classifier's aspect ratio."""
    h, w = crop.shape[:2]
    width = max(1, int(aspect * h))
    if w <= width * 1.5:
        return [crop]
    starts = np.linspace(0, w - width, num=min(most, w // width)).astype(int)
    return [crop[:, x : x + width] for x in starts]


def _area(quad: np.ndarray) -> float:
    x0, y0, x1, y1 = quad_to_box(quad)
    return (x1 - x0) * (y1 - y0)


def sort_reading_order(lines: list[OcrLine]) -> list[OcrLine]:
    """Top-to-bottom, then left-to-right within a visual row."""
    if not lines:
        return lines
    heights = sorted(line.box[3] - line.box[1] for line in lines)
    row_tol = max(4.0, heights[len(heights) // 2] * 0.5)
    ordered = sorted(lines, key=lambda l: (l.box[1] + l.box[3]) / 2)
    rows: list[list[OcrLine]] = []
    for line in ordered:
        centre = (line.box[1] + line.box[3]) / 2
        if rows and abs(centre - _row_centre(rows[-1])) <= row_tol:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda l: l.box[0])]


def _row_centre(row: list[OcrLine]) -> float:
    return sum((l.box[1] + l.box[3]) / 2 for l in row) / len(row)
