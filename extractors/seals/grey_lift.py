"""Lifting a seal off a greyscale copy's print, by how dark its ink is.

On a copy the seal's red comes out mid-grey, paler than the black print it was stamped
over, so colour no longer tells them apart (`remove_red` finds nothing) and the ring, its
text and the star run through the date row and the name line. Their levels still do:
within each seal's outline, ink paler than the print's cores is faded towards the paper
in proportion, untouched at the print's level and gone at the ring's. Print under the seal
keeps its dark cores; the seal fades away. A seal stamped as dark as the print (a black
pad), or one with no ring ink to measure, is left as it is.
"""
from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from .model import SealCandidate

DARK_INK = 60.0  # grey levels under the paper: ink, not the paper's grain
PRINT_PERCENTILE = 20  # of the dark ink off the seals: the print's cores
RING_BAND = (0.85, 1.05)  # of the seal's axes: where its ring line (a frame's sides) lies
RING_INK = 40.0  # grey levels under the paper: the ring's ink
MIN_RING_PX = 50  # ring pixels needed to measure its level
MIN_GAP = 30.0  # grey levels the ring must be paler than the print by
REACH = 1.08  # of the axes: the outline's blur and a slightly small fit
SAMPLE = 20000  # pixels sampled for the page's levels


def lift_grey_seals(image_bgr: np.ndarray, seals: Sequence[SealCandidate]) -> np.ndarray:
    """A copy of the page with the seals found by their shape (`source == "shape"`: a copy
    without colour) faded into the paper, the print under them kept."""
    grey_seals = [s for s in seals if s.source == "shape"]
    if not grey_seals:
        return image_bgr
    grey = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2GRAY) if image_bgr.ndim == 3 else image_bgr
    paper = _paper_level(grey)
    off_seals = np.ones(grey.shape, bool)
    for seal in grey_seals:
        x0, y0, x1, y1 = _window(seal, grey.shape)
        off_seals[y0:y1, x0:x1] = False
    dark = grey[off_seals & (grey < paper - DARK_INK)]
    if dark.size == 0:
        return image_bgr
    print_level = float(np.percentile(dark, PRINT_PERCENTILE))
    out = image_bgr.copy()
    for seal in grey_seals:
        _lift(out, grey, seal, paper, print_level)
    return out


def _paper_level(grey: np.ndarray) -> float:
    """The page's paper grey level (a sample's 90th percentile)."""
    return float(np.percentile(grey.reshape(-1)[::max(1, grey.size // SAMPLE)], 90))


def _window(seal: SealCandidate, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    reach = REACH * max(seal.axes) + 2
    cx, cy = seal.centre
    h, w = shape[:2]
    x0, y0 = int(min(w, max(0, cx - reach))), int(min(h, max(0, cy - reach)))
    return x0, y0, int(min(w, max(x0, cx + reach + 1))), int(min(h, max(y0, cy + reach + 1)))


def _lift(out: np.ndarray, grey: np.ndarray, seal: SealCandidate, paper: float, print_level: float) -> None:
    """Fade one seal's ink in `out` (in place, its window only): weight 0 at the print's level, 1 at the ring's."""
    x0, y0, x1, y1 = _window(seal, grey.shape)
    g = grey[y0:y1, x0:x1].astype(np.float32)
    d = _outline_distance(seal, (x0, y0), g.shape)
    ring = g[(d > RING_BAND[0]) & (d < RING_BAND[1]) & (g < paper - RING_INK)]
    if ring.size < MIN_RING_PX:
        return
    ring_level = float(np.median(ring))
    if ring_level - print_level < MIN_GAP:
        return
    weight = np.clip((g - print_level) / (ring_level - print_level), 0.0, 1.0)
    weight[d >= REACH] = 0.0
    region = out[y0:y1, x0:x1].astype(np.float32)
    w = weight[..., None] if region.ndim == 3 else weight
    out[y0:y1, x0:x1] = (region + (paper - region) * w).clip(0, 255).astype(np.uint8)


def _outline_distance(seal: SealCandidate, origin: tuple[int, int], shape: tuple[int, ...]) -> np.ndarray:
    """Each pixel's distance from the seal's centre in units of its outline (1 on the outline):
    elliptic for a round or oval seal, the larger of the two for a square one."""
    yy, xx = np.mgrid[0:shape[0], 0:shape[1]].astype(np.float32)
    dx, dy = xx + origin[0] - seal.centre[0], yy + origin[1] - seal.centre[1]
    t = np.deg2rad(seal.angle)
    u = (dx * np.cos(t) + dy * np.sin(t)) / max(seal.axes[0], 1.0)
    v = (-dx * np.sin(t) + dy * np.cos(t)) / max(seal.axes[1], 1.0)
    return np.maximum(np.abs(u), np.abs(v)) if seal.shape == "square" else np.hypot(u, v)
