"""A second look for short text the line detector missed.

PP-OCR's detector often passes over a lone short mark in a table cell: the "1"
under 发明专利（件）, a "7" of 万元, a tick. Those are exactly the values a
form is read for. After a page with a table is read, ink of text size that no
detected line covers (the rules removed) is grouped into small boxes and recognised on
its own; a confident short reading becomes a line like any other.
"""
from __future__ import annotations

import re

import cv2
import numpy as np

from intake.ocr.base import OcrLine

MOST_BOXES = 30  # per page: missed marks are few; many candidates mean noise or a photo
MAX_CHARS = 4  # what a missed mark is: a number, a tick, a word in a cell
MIN_CONFIDENCE = 0.85
RULE_SPAN = 4.0  # a straight run this many text heights long is a table rule, not writing
RULE_SLANT = 0.05  # rules up to about 3 degrees off level (or plumb) still count as straight runs
# The second view of a digit read unsure: this many text-line heights of margin beside it, this many high.
LINE_VIEW = (0.75, 1.5)
TILES = 3  # a lone digit still read unsure is read again repeated this many times side by side
SCALE = 2  # the search runs at half resolution: marks of text size stay whole, and it is 4x cheaper


def find_missed_boxes(image: np.ndarray, lines: list[OcrLine]) -> list[tuple[int, int, int, int]]:
    """Boxes of text-sized ink that no line covers, in reading order (x0, y0, x1, y1)."""
    heights = [line.box[3] - line.box[1] for line in lines if line.text.strip()]
    if len(heights) < 3:  # too little text on the page to know what text size is
        return []
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    grey = cv2.resize(grey, None, fx=1 / SCALE, fy=1 / SCALE, interpolation=cv2.INTER_AREA)
    size = float(np.median(heights)) / SCALE
    ink = _ink(grey)
    rules = _table_rules(ink, size)
    if rules is None:  # no table: the lone marks worth a second look sit in table cells
        return []
    ink = cv2.subtract(ink, rules)
    pad = max(1, int(size * 0.15))
    for line in lines:
        x0, y0, x1, y1 = (int(v / SCALE) for v in line.box)
        ink[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad] = 0
    # Strokes of one character (and characters of one short word) join up.
    joined = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(size * 0.5)), max(3, int(size * 0.25)))))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    boxes = []
    for x, y, w, h, area in stats[1:count]:
        text_high = 0.45 * size <= h <= 1.8 * size
        if text_high and w <= 6 * size and area >= 0.15 * size * size:
            boxes.append((int(x * SCALE), int(y * SCALE), int((x + w) * SCALE), int((y + h) * SCALE)))
    if len(boxes) > MOST_BOXES:
        return []
    return sorted(boxes, key=lambda b: (b[1] // max(1, int(size * SCALE)), b[0]))


def _ink(grey: np.ndarray) -> np.ndarray:
    """Ink as white on black: darker than halfway from the paper (the median grey) to the
    darkest ink (the 1st percentile). Otsu's split fails on the pages that need this most:
    on grainy low-contrast scans it cuts into the paper's grain, on a dark underexposed sheet
    it splits the sheet from its bright margin."""
    grey = cv2.GaussianBlur(grey, (3, 3), 0)  # paper grain is not ink
    cumulative = np.cumsum(cv2.calcHist([grey], [0], None, [256], [0, 256]).ravel())
    paper = int(np.searchsorted(cumulative, 0.5 * cumulative[-1]))
    darkest = int(np.searchsorted(cumulative, 0.01 * cumulative[-1]))
    return np.where(grey < (paper + darkest) / 2, 255, 0).astype(np.uint8)


def _table_rules(ink: np.ndarray, size: float) -> np.ndarray | None:
    """Long horizontal and vertical runs (table rules, underlines); None without both kinds."""
    span = max(15, int(size * RULE_SPAN))
    # A page left a degree or two off square slants its rules across a thin run: thickened
    # across their direction first, they stay whole over a span.
    across = max(3, int(span * RULE_SLANT)) | 1
    wide = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (1, across)))
    tall = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (across, 1)))
    horizontal = cv2.morphologyEx(wide, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (span, 1)))
    vertical = cv2.morphologyEx(tall, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, span)))
    if not horizontal.any() or not vertical.any():
        return None
    return cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))


def read_missed(engine, image: np.ndarray, lines: list[OcrLine]) -> list[OcrLine]:
    """Lines read from the marks the detector missed (none with an engine that cannot
    recognise crops on their own)."""
    if not hasattr(engine, "recognise_crops"):
        return []
    boxes = find_missed_boxes(image, lines)
    if not boxes:
        return []
    margins = [max(4, (y1 - y0) // 4) for _, y0, _, y1 in boxes]
    readings = engine.recognise_crops([_crop(image, box, m, m) for box, m in zip(boxes, margins)])
    # Cropped tight, a mark fills the recogniser's whole height: a clean "1" stays a "1", but a
    # lone "0" becomes a shapeless ring read unsure. A digit read unsure is read again cropped a text
    # line high with room beside it, as the recogniser was trained, and the surer reading kept
    # (a zero then reads "0", or "。": printed zeros look small beside CJK).
    line_height = float(np.median([line.box[3] - line.box[1] for line in lines if line.text.strip()]))
    unsure = [i for i, (text, confidence) in enumerate(readings)
              if confidence < MIN_CONFIDENCE and re.fullmatch(r"[0-9oO〇。]", text.strip())]
    again = engine.recognise_crops([
        _crop(image, boxes[i], int(LINE_VIEW[0] * line_height),
              max(0, int((LINE_VIEW[1] * line_height - (boxes[i][3] - boxes[i][1])) / 2))) for i in unsure]) if unsure else []
    for i, reading in zip(unsure, again):
        readings[i] = max(readings[i], reading, key=lambda r: r[1])
    still = [i for i in unsure if readings[i][1] < MIN_CONFIDENCE]
    for i, reading in zip(still, _read_tiled(engine, [_crop(image, boxes[i], margins[i], margins[i]) for i in still])):
        readings[i] = max(readings[i], reading, key=lambda r: r[1])
    found = []
    for (x0, y0, x1, y1), (text, confidence) in zip(boxes, readings):
        text = text.strip()
        if text and len(text) <= MAX_CHARS and confidence >= MIN_CONFIDENCE:
            found.append(OcrLine(text, (float(x0), float(y0), float(x1), float(y1)), confidence))
    return found


def _read_tiled(engine, crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """A lone digit read three times in a row. The line recogniser is trained on lines: a lone
    serif "1" in a square crop it reads at 0.3-0.6, the same mark side by side three times
    as "111" at 0.95. Only three alike digits count as a reading of that digit."""
    readings = engine.recognise_crops([np.hstack([crop] * TILES) for crop in crops]) if crops else []
    alike = [(text.strip(), confidence) for text, confidence in readings]
    return [(text[0], confidence) if len(text) == TILES and len(set(text)) == 1 and text[0].isdigit() else ("", 0.0)
            for text, confidence in alike]


def _crop(image: np.ndarray, box: tuple[int, int, int, int], side: int, above: int) -> np.ndarray:
    """The box with `side` pixels of margin left and right and `above` above and below."""
    height, width = image.shape[:2]
    x0, y0, x1, y1 = box
    return image[max(0, y0 - above):min(height, y1 + above), max(0, x0 - side):min(width, x1 + side)]
