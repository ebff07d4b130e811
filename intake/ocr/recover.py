"""A last look at a page nobody could read: its large text, on a copy made for reading it.

A page blurred, washed out, over-exposed or drowned in noise past reading keeps its kind
for a person: the title (证书, 营业执照, 发明专利证书, 8-15 mm high) still stands out once the
paper is levelled (faded.py gives up below 6 grey levels of ink; the title of a certificate
copied at 2.5 grey levels is there all the same), the grain smoothed and the page looked at
small, where 1 mm of blur is about 2 px and noise averages out. Only pages the classifier
left unread and whose own few lines read unsurely pay for the look (about 1 % of a set; a
cover or a caption read clearly does not); the copy is small (A4 at 2 px/mm, 594 x 420 px),
so detection and reading the few largest lines on it cost well under a second.

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

from extractors.geometry import rotate_upright
from intake.ocr.base import OcrLine
from intake.orient import (
    MIN_READING_LEAD,
    crop_line,
    ink_channel,
    line_area,
    line_height,
    reading_scores,
    recogniser,
    stretch_ink,
    turn_quads,
)

LOOK_PX_PER_MM = 2.0  # the copy's resolution: a title stays 16-30 px high, 1 mm of blur shrinks to ~2 px
PAPER_MM = 12  # the paper is estimated by a closing this wide: wider than a blurred title's strokes
GRAIN_PX = 0.7  # the copy's grain (noise, paper texture) smoothed at this sigma
PAPER_LEVEL = 60  # percentile taken as the paper: most of a page is paper
MIN_STRETCH = 4.0  # grey levels: the ink is never stretched by more than 255 / this
TITLE_MM = 4.0  # lines lower than this on the copy are body text or specks, not what the look is for
READ_HEIGHT = 48  # px: the recogniser's input height
MOST_LINES = 8  # the largest lines read: the title is among them, the rest is mostly garbage


@dataclass(frozen=True)
class Look:
    readings: dict[int, list[OcrLine]]  # per turn read (always 0): the lines, in pixels of the page turned by it
    turn: int  # the further clockwise turn the recogniser reads the content surest in (0/90/180/270)


def recovery_copy(image: np.ndarray, scale: float) -> np.ndarray:
    """The page scaled to the copy, paper levelled, grain smoothed, ink stretched.

    The red channel is read: a seal's red ink is as light as the paper in it, and titles are black."""
    small = cv2.resize(np.ascontiguousarray(ink_channel(image)), None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return _stretched(small, paper_kernel=int(PAPER_MM * LOOK_PX_PER_MM) | 1)


def last_look(engine, image: np.ndarray, dpi: float) -> Look | None:
    """The large lines of an unreadable page, read on its recovery copy as it is and in the turn the
    recogniser is clearly surest of, if another; None when the copy shows no line of title size or
    the engine cannot recognise bare crops."""
    if recogniser(engine) is None:
        return None
    scale = min(1.0, LOOK_PX_PER_MM * 25.4 / max(dpi, 1.0))
    if min(image.shape[:2]) * scale < TITLE_MM * LOOK_PX_PER_MM:
        return None  # a sliver of a page: no title fits on it
    copy = recovery_copy(image, scale)
    quads = np.asarray(engine.text_quads(copy), np.float32).reshape(-1, 4, 2)
    lines = sorted((q for q in quads if line_height(q) >= TITLE_MM * LOOK_PX_PER_MM), key=lambda q: -line_area(q))
    lines = lines[:MOST_LINES]
    if not lines:
        return None
    turn = _surest_turn(engine, copy, lines)
    return Look(_read(engine, image, copy, scale, np.asarray(lines), (0, turn) if turn else (0,)), turn)


def _read(engine, image: np.ndarray, copy: np.ndarray, scale: float, lines: np.ndarray,
          turns: tuple[int, ...]) -> dict[int, list[OcrLine]]:
    """The lines read in each turn, in one call of the recogniser: each from the copy and from the page
    itself, whichever reads surer."""
    boxes: dict[int, list[tuple[float, ...]]] = {turn: [] for turn in turns}
    crops = []
    ink = np.ascontiguousarray(ink_channel(image))
    for turn in turns:
        turned = rotate_upright(copy, turn) if turn else copy
        page = rotate_upright(ink, turn) if turn else ink
        for quad in turn_quads(lines, copy.shape, turn):
            crop = crop_line(turned, quad)
            if crop is not None:
                box = tuple(float(v) / scale for v in (*quad.min(axis=0), *quad.max(axis=0)))
                boxes[turn].append(box)
                crops += [crop, _reading_crop(page, box)]
    read = iter(recogniser(engine)(crops) if crops else [])
    readings = {}
    for turn in turns:
        found = []
        for box in boxes[turn]:
            text, conf = max(next(read), next(read), key=lambda r: r[1] if r[0].strip() else -1.0)
            if text.strip():
                found.append(OcrLine(text.strip(), box, conf))
        readings[turn] = sorted(found, key=lambda line: (line.box[1], line.box[0]))
    return readings


def _reading_crop(page: np.ndarray, box: tuple[float, ...]) -> np.ndarray:
    """The line cut from the page itself, shrunk by area to the recogniser's own line height (its
    resize would alias the grain back in), its ink stretched on its own."""
    h, w = page.shape[:2]
    x0, y0, x1, y1 = box
    pad = 0.15 * (y1 - y0)
    crop = page[max(0, int(y0 - pad)) : min(h, int(y1 + pad)), max(0, int(x0 - pad)) : min(w, int(x1 + pad))]
    fy = READ_HEIGHT / max(crop.shape[0], 1)
    return _stretched(cv2.resize(crop, None, fx=fy, fy=fy, interpolation=cv2.INTER_AREA if fy < 1 else cv2.INTER_LINEAR))


def _stretched(grey: np.ndarray, paper_kernel: int | None = None) -> np.ndarray:
    """Grain smoothed, the darkest ink stretched to black and the paper (not white: washed out) to white."""
    return stretch_ink(grey, paper_kernel=paper_kernel, grain=GRAIN_PX, paper=PAPER_LEVEL, min_stretch=MIN_STRETCH)


def _surest_turn(engine, copy: np.ndarray, lines: list[np.ndarray]) -> int:
    """The page's own turn, unless the largest lines read clearly surer in another."""
    scores, chars = reading_scores(engine, copy, lines, (0, 90, 180, 270))
    best = max(scores, key=scores.get)
    # A blob is read as a character or so in any turn: a title is words, read surely (`chars`).
    if best and chars[best] >= 2 and scores[best] - scores.get(0, 0.0) >= MIN_READING_LEAD:
        return best
    return 0
