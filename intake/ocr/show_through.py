"""Show-through: the print on the back of a sheet, seen through the paper, reads only in a mirror.

A blank back page of a double-sided original often carries faint marks of the other side.
Diffused through the paper they are soft, and `extractors.blank` tells them from pale print
by that softness; but thin paper scanned at a high resolution keeps show-through nearly as
sharp as faded print (sharpness 0.5-0.8 where print measures 0.64-1.6), and such a page
was typed from the garbage its mirrored lines read as. What no faded print does is read
better mirrored: the page's faint lines are detected on a stretched copy and read as they
lie (and upside down) and mirrored (left-right, or top-bottom for a sheet turned over the
other way); lines that read as text only in a mirror are the back of the sheet.
Only pages with faint marks and nothing darker pay for this (a detection and four readings
of the starts of at most `MOST_LINES` lines).
"""
from __future__ import annotations

import cv2
import numpy as np

from extractors.geometry import downscale
from intake.orient import (DETECT_LONG_SIDE, ELONGATED, MIN_LINES, crop_line, ink_channel, recogniser, rotate_upright,
                           stretch_ink, turn_quads)

PAPER_KERNEL = 31  # px of the detector's copy: `stretch_ink`'s paper estimate, at the page's scale
MOST_LINES = 8  # lines read each way: enough to settle a mean, little to pay
PIECE = 10  # a line's first characters (its height this many times along) are read: enough to tell
# Mean recognition confidence of the lines read in a mirror (show-through of dev pages read mirrored
# 0.73, pale print 0.8 and more as it lies) ...
MIRRORED_CONFIDENCE = 0.6
# ... and this much above their best reading as they lie (mirrored text read as it lies: 0.28).
MIRROR_GAIN = 0.2


def reads_mirrored(engine, image: np.ndarray) -> bool:
    """Whether the page's faint lines read as text mirrored, and not as they lie."""
    ink = np.ascontiguousarray(ink_channel(image))
    small, scale = downscale(ink, DETECT_LONG_SIDE)
    if recogniser(engine) is None:  # an engine that only reads whole pages cannot compare turns
        return False
    quads = np.asarray(engine.text_quads(cv2.medianBlur(stretch_ink(small), 3)), np.float32).reshape(-1, 4, 2)
    widths, heights = np.ptp(quads[:, :, 0], axis=1), np.ptp(quads[:, :, 1], axis=1)
    lines = np.maximum(widths, heights) >= ELONGATED * np.minimum(widths, heights)  # blotches are no lines
    if lines.sum() < MIN_LINES:
        return False
    quads, widths, heights = quads[lines] / np.float32(scale), widths[lines], heights[lines]
    # Read at the page's own resolution: the detector's copy leaves a small print's characters
    # a few pixels high.
    page = cv2.medianBlur(stretch_ink(ink, paper_kernel=int(PAPER_KERNEL / scale) | 1), 3)
    if (heights > widths).sum() > len(quads) / 2:  # a page turned a quarter: its lines run down
        quads = turn_quads(quads, page.shape, 90)
        page = rotate_upright(page, 90)
    longest = np.argsort(-np.ptp(quads[:, :, 0], axis=1))[:MOST_LINES]
    crops = [c[:, :PIECE * c.shape[0]] for c in (crop_line(page, quads[i]) for i in longest) if c is not None]
    if len(crops) < MIN_LINES:
        return False
    as_lying = max(_mean_confidence(engine, crops, flip) for flip in (None, -1))
    mirrored = max(_mean_confidence(engine, crops, flip) for flip in (1, 0))
    return mirrored >= MIRRORED_CONFIDENCE and mirrored - as_lying >= MIRROR_GAIN


def _mean_confidence(engine, crops: list[np.ndarray], flip: int | None) -> float:
    """Mean confidence of the crops read as they are (None) or flipped with cv2.flip's code
    (1 left-right, 0 top-bottom, -1 both: turned half round)."""
    turned = crops if flip is None else [cv2.flip(c, flip) for c in crops]
    return float(np.mean([confidence for _, confidence in recogniser(engine)(turned)]))
