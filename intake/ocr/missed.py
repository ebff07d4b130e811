"""A second look for short text the line detector missed.

PP-OCR's detector often passes over a lone short mark in a table cell: the "1"
under 发明专利（件）, a "7" of 万元, a tick. Those are exactly the values a
form is read for. After a page with a table is read, ink of text size that no
detected line covers (the rules removed) is grouped into small boxes and recognised on
its own; a confident short reading becomes a line like any other. A count's label
left unanswered on its row also gets its value cell searched against the cell's own
paper, for a digit printed too faint for the page-wide ink threshold.
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


def find_faint_values(image: np.ndarray, lines: list[OcrLine]) -> list[tuple[int, int, int, int]]:
    """Boxes of the ink in empty value cells of count labels (x0, y0, x1, y1): a table cell
    right of or below a cell whose text is a count's label ("有效发明专利数", "发明专利（件）"),
    with no line read in it. Its ink is found against the cell's own paper: a digit printed
    faint or grey on a dark scan falls under the page-wide ink threshold that `find_missed_boxes`
    uses (set by the page's darkest marks, a seal or a signature)."""
    labels = [line for line in lines if _COUNT_LABEL.search(line.text.strip()) and not _answered(line, lines)]
    heights = [line.box[3] - line.box[1] for line in lines if line.text.strip()]
    if not labels or len(heights) < 3:
        return []
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    small = cv2.resize(grey, None, fx=1 / SCALE, fy=1 / SCALE, interpolation=cv2.INTER_AREA)
    size = float(np.median(heights)) / SCALE
    # The cells' rules against their own neighbourhood: a faint rule under uneven light is lost
    # to the page-wide threshold, and two cells with it.
    local = cv2.adaptiveThreshold(cv2.GaussianBlur(small, (3, 3), 0), 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                  cv2.THRESH_BINARY_INV, int(2 * size) | 1, LOCAL_CONTRAST)
    rules = _table_rules(local, size)
    if rules is None:
        return []
    _, cells, stats, _ = cv2.connectedComponentsWithStats(cv2.bitwise_not(rules), connectivity=4)
    boxes = []
    for label in labels:
        x0, y0, x1, y1 = (int(v / SCALE) for v in label.box)
        own = cells[(y0 + y1) // 2, (x0 + x1) // 2]
        if own == 0:
            continue
        for cell in (_next_cell(cells, own, stats, size, across=True), _next_cell(cells, own, stats, size, across=False)):
            if cell is None:
                continue
            cx, cy, cw, ch, _ = (int(v) * SCALE for v in stats[cell])
            if ch > 4 * size * SCALE or any(cx <= (l.box[0] + l.box[2]) / 2 <= cx + cw and cy <= (l.box[1] + l.box[3]) / 2 <= cy + ch
                                            for l in lines):
                continue  # not a value cell of one line, or its value was read
            box = _faint_ink(grey, (cx, cy, cx + cw, cy + ch), size * SCALE)
            if box is not None:
                boxes.append(box)
    return boxes


# A count's label: "…数", "…数量", "…件数", or a unit of count in brackets ("（件）", "(项)", "（人）").
_COUNT_LABEL = re.compile(r"(?:数量?|[(（][件项个人][)）])$")
LOCAL_CONTRAST = 10  # grey levels a rule must be darker than its neighbourhood's mean
MIN_CONTRAST = 40  # grey levels a mark must stand off its cell's paper: less is the paper's grain


def _answered(label: OcrLine, lines: list[OcrLine]) -> bool:
    """The nearest line right of the label on its row, or below it in its column, holds a count
    (a digit, 无): only a label left unanswered costs the cells' search."""
    x0, y0, x1, y1 = label.box
    right = [l for l in lines if l.box[0] >= x1 and l.box[1] < y1 and y0 < l.box[3]]
    below = [l for l in lines if l.box[1] >= y1 and l.box[0] < x1 and x0 < l.box[2]]
    nearest = [min(right, key=lambda l: l.box[0], default=None), min(below, key=lambda l: l.box[1], default=None)]
    return any(l is not None and re.search(r"[0-9无]", l.text) for l in nearest)


def _next_cell(cells: np.ndarray, own: int, stats: np.ndarray, size: float, across: bool) -> int | None:
    """The table cell next to cell `own`, right of it (`across`) or below it, past the rule between."""
    x, y, w, h, _ = stats[own]
    for step in range(1, int(size) + 1):
        px, py = (x + w + step, y + h // 2) if across else (x + w // 2, y + h + step)
        if py >= cells.shape[0] or px >= cells.shape[1]:
            return None
        if cells[py, px] not in (0, own):
            return int(cells[py, px])
    return None


def _faint_ink(grey: np.ndarray, cell: tuple[int, int, int, int], height: float) -> tuple[int, int, int, int] | None:
    """The box of the marks in a cell, darker than halfway from its paper to its darkest mark;
    None for a cell of bare paper or marks too small to be text."""
    x0, y0, x1, y1 = cell
    inset = max(3, int(height * 0.2))  # the rules' edges are not marks
    patch = cv2.GaussianBlur(grey[y0 + inset:y1 - inset, x0 + inset:x1 - inset], (3, 3), 0)
    if patch.size == 0:
        return None
    paper, darkest = float(np.median(patch)), float(patch.min())
    if paper - darkest < MIN_CONTRAST:
        return None
    ys, xs = np.nonzero(patch < (paper + darkest) / 2)
    if ys.max() - ys.min() + 1 < 0.3 * height:
        return None
    return (x0 + inset + int(xs.min()), y0 + inset + int(ys.min()), x0 + inset + int(xs.max()) + 1, y0 + inset + int(ys.max()) + 1)


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
    boxes += find_faint_values(image, lines)
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
    found: list[OcrLine] = []
    for (x0, y0, x1, y1), (text, confidence) in zip(boxes, readings):
        text = text.strip()
        # A faint value's ink inside a missed mark already read is that mark.
        inside = any(x0 < l.box[2] and l.box[0] < x1 and y0 < l.box[3] and l.box[1] < y1 for l in found)
        if text and len(text) <= MAX_CHARS and confidence >= MIN_CONFIDENCE and not inside:
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
