"""A last look at a page nobody could read: its large text, on a copy made for reading it.

A page blurred, washed out, over-exposed or drowned in noise past reading keeps its kind
for a person: the title (证书, 营业执照, 发明专利证书, 8-15 mm high) still stands out once the
paper is levelled (faded.py gives up below 6 grey levels of ink; the title of a certificate
copied at 2.5 grey levels is there all the same), the grain smoothed and the page looked at
small, where 1 mm of blur is about 2 px and noise averages out. Only pages the classifier
left unread pay for the look (about 1 % of a set); the copy is small (A4 at 2 px/mm,
594 x 420 px), so detection and reading the few largest lines on it cost well under a second.

The look also settles the page's turn when its own was a guess: the recogniser reads a title
far more surely the right way up (`orient.reading_scores`), so the largest lines are read in
every turn their shape allows, and a turn other than the page's own wins only by a clear lead.

The text read here serves to classify the page and turn it, nothing else: the page stays as
illegible as it was, and no field is taken from it.

Measured on dev seeds 9920, 9918, 9917 and 9915 (the 41 pages of those sets it ran on): three
certificates typed (a high-tech certificate copied at 2.5 grey levels, one drowned in noise and
scanned upside down, turned back; a licence), none typed wrong, no blank sheet or photo made a
document. Titles blurred a millimetre or more, or under-exposed 6-7 stops, stay out of reach.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extractors.geometry import normalise_background, rotate_upright
from intake.ocr.base import OcrLine
from intake.orient import (
    MIN_READING_LEAD,
    crop_line,
    ink_channel,
    line_area,
    line_height,
    reading_scores,
    recogniser,
    turn_quads,
)

LOOK_PX_PER_MM = 2.0  # the copy's resolution: a title stays 16-30 px high, 1 mm of blur shrinks to ~2 px
PAPER_MM = 12  # the paper is estimated by a closing this wide: wider than a blurred title's strokes
GRAIN_PX = 0.7  # the copy's grain (noise, paper texture) smoothed at this sigma
INK_TAIL = 0.5  # percentile taken as the darkest ink ...
PAPER_LEVEL = 60  # ... and as the paper: most of a page is paper
MIN_STRETCH = 4.0  # grey levels: the ink is never stretched by more than 255 / this
TITLE_MM = 4.0  # lines lower than this on the copy are body text or specks, not what the look is for
READ_HEIGHT = 48  # px: the recogniser's input height
MOST_LINES = 8  # the largest lines read: the title is among them, the rest is mostly garbage


@dataclass(frozen=True)
class Look:
    lines: list[OcrLine]  # in pixels of the page turned by `turn`
    turn: int  # a further clockwise turn of the content found in the page as it was (0/90/180/270)


def recovery_copy(image: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    """The page at LOOK_PX_PER_MM, paper levelled, grain smoothed, ink stretched; and its scale.

    The red channel is read: a seal's red ink is as light as the paper in it, and titles are black."""
    scale = min(1.0, LOOK_PX_PER_MM * 25.4 / max(dpi, 1.0))
    small = cv2.resize(np.ascontiguousarray(ink_channel(image)), None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return _stretched(normalise_background(small, kernel=int(PAPER_MM * LOOK_PX_PER_MM) | 1)), scale


def last_look(engine, image: np.ndarray, dpi: float, turns: tuple[int, ...] = (0, 90, 180, 270)) -> Look | None:
    """The large lines of an unreadable page, read on its recovery copy in the turn the
    recogniser is clearly surest of (the page's own unless another leads); None when the
    copy shows no line of title size or the engine cannot recognise bare crops."""
    if recogniser(engine) is None:
        return None
    copy, scale = recovery_copy(image, dpi)
    quads = np.asarray(engine.text_quads(copy), np.float32).reshape(-1, 4, 2)
    lines = sorted((q for q in quads if line_height(q) >= TITLE_MM * LOOK_PX_PER_MM), key=lambda q: -line_area(q))
    lines = lines[:MOST_LINES]
    if not lines:
        return None
    turn = _surest_turn(engine, copy, lines, turns)
    turned = rotate_upright(copy, turn) if turn else copy
    page = rotate_upright(np.ascontiguousarray(ink_channel(image)), turn) if turn else ink_channel(image)
    boxes, crops, sharp = [], [], []
    for quad in turn_quads(np.asarray(lines), copy.shape, turn):
        crop = crop_line(turned, quad)
        if crop is not None:
            box = tuple(float(v) / scale for v in (*quad.min(axis=0), *quad.max(axis=0)))
            boxes.append(box)
            crops.append(crop)
            sharp.append(_reading_crop(page, box))
    if not crops:
        return Look([], turn)
    read = recogniser(engine)(crops + sharp)
    found = []
    for box, small, large in zip(boxes, read[: len(crops)], read[len(crops) :]):
        text, conf = max(small, large, key=lambda r: r[1] if r[0].strip() else -1.0)
        if text.strip():
            found.append(OcrLine(text.strip(), box, conf))
    return Look(sorted(found, key=lambda line: (line.box[1], line.box[0])), turn)


def _reading_crop(page: np.ndarray, box: tuple[float, ...]) -> np.ndarray:
    """The line cut from the page itself, shrunk by area to the recogniser's own line height (its
    resize would alias the grain back in), its ink stretched on its own."""
    h, w = page.shape[:2]
    x0, y0, x1, y1 = box
    pad = 0.15 * (y1 - y0)
    crop = page[max(0, int(y0 - pad)) : min(h, int(y1 + pad)), max(0, int(x0 - pad)) : min(w, int(x1 + pad))]
    fy = READ_HEIGHT / max(crop.shape[0], 1)
    return _stretched(cv2.resize(crop, None, fx=fy, fy=fy, interpolation=cv2.INTER_AREA if fy < 1 else cv2.INTER_LINEAR))


def _stretched(grey: np.ndarray) -> np.ndarray:
    """Grain smoothed, the darkest ink stretched to black and the paper to white (BGR for the engine)."""
    smooth = cv2.GaussianBlur(grey.astype(np.float32), (0, 0), GRAIN_PX)
    lo, hi = np.percentile(smooth, (INK_TAIL, PAPER_LEVEL))
    out = np.clip((smooth - lo) * (255.0 / max(float(hi - lo), MIN_STRETCH)), 0, 255).astype(np.uint8)
    return cv2.cvtColor(out, cv2.COLOR_GRAY2BGR)


def _surest_turn(engine, copy: np.ndarray, lines: list[np.ndarray], turns: tuple[int, ...]) -> int:
    """The page's own turn, unless the largest lines read clearly surer in another."""
    if turns == (0,):
        return 0
    scores, chars = reading_scores(engine, copy, lines, turns)
    best = max(scores, key=scores.get)
    # A blob is read as a character or so in any turn: a title is words, read surely (`chars`).
    if best and chars[best] >= 2 and scores[best] - scores.get(0, 0.0) >= MIN_READING_LEAD:
        return best
    return 0
