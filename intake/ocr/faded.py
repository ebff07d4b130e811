"""Text lines of a faded page, detected again on a contrast-stretched copy, and read twice.

PP-OCR's detector needs more ink-to-paper contrast than a reader does: on a washed-out
page (a light copy, an over-exposed photo: 15-25 grey levels of ink) it finds the bold
title and nothing else, though a person reads every line. The orientation step already
looks again at a pale page, but only where the marks it left are clearly ink, and only
where they are sharp print, not show-through, so a faded form or a soft phone photo of a
faded letter keeps its one line. Here, once the page is upright, a page with few lines
whose darkest text-like marks are still paler than print is detected once more with its
paper levelled and its ink stretched; the stretched copy's lines replace the first ones
where they are many more. Pages with many lines pay nothing, pages with few a percentile
of a small copy (a few ms); only faded ones pay the second detection.

The recogniser reads some faded lines better from the page as scanned, others from the
stretched copy with its grain smoothed: each line is read from both and the surer reading
kept (a faded form of dev seed 9918: values read 3 -> 5 of 10; a faded letter: 4 of 5 either way).
"""
from __future__ import annotations

import cv2
import numpy as np

from extractors.geometry import downscale, int_percentiles, normalise_background
from intake.ocr.base import OcrLine
from intake.ocr.rapid import sort_reading_order
from intake.orient import DETECT_LONG_SIDE, INK_TAIL, MIN_LINES, PALE_RETRY_LINES, ink_channel, stretch_ink

MIN_INK = 6.0  # grey levels below the paper: fainter is scanner noise on a bare sheet, nothing to find
# ... and at most this many: the faded form and letter the detector lost measure 18-23, photos with
# a line or two 57-87 (their second look finds no text, and costs as much as the first), print 100+.
FADED_INK = 40.0


def detect_faded(engine, image: np.ndarray, quads: np.ndarray) -> np.ndarray:
    """The page's text lines: `quads` where they are many or the print is dark, else the lines
    found on a contrast-stretched copy of a faded page when there are many more of them."""
    if len(quads) >= PALE_RETRY_LINES:
        return quads
    # Only the ink channel is shrunk: a third of the work, and all the stretched copy is made of.
    small, scale = downscale(np.ascontiguousarray(ink_channel(image)), DETECT_LONG_SIDE)
    if not MIN_INK <= ink_contrast(small) < FADED_INK:
        return quads
    found = np.asarray(engine.text_quads(stretch_ink(small)), np.float32).reshape(-1, 4, 2)
    if len(found) < 2 * len(quads) + MIN_LINES:  # a few more marks are specks, not the page's text
        return quads
    return found / np.float32(scale)


def read_faded(engine, image: np.ndarray, quads: np.ndarray) -> list[OcrLine]:
    """The lines of a faded page, each the surer of its readings from the page and from its
    stretched, median-smoothed copy."""
    surest = {line.box: line for line in engine.read_regions(image, quads)}
    for line in engine.read_regions(cv2.medianBlur(stretch_ink(image), 3), quads):
        if line.box not in surest or line.confidence > surest[line.box].confidence:
            surest[line.box] = line
    return sort_reading_order(list(surest.values()))


def ink_contrast(page: np.ndarray) -> float:
    """Grey levels between the paper and the page's darkest text-like marks: the paper levelled
    (shading is not ink), grain and specks smoothed away first (they are not text)."""
    grey = cv2.medianBlur(np.ascontiguousarray(ink_channel(page)), 3)
    (dark,) = int_percentiles(normalise_background(grey), (INK_TAIL,))
    return 255.0 - dark
