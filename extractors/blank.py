"""Blank pages: white or grey paper, scanner noise and show-through carry no content.

Two questions, both on a downscaled, background-normalised copy:

1. Is there ink? Marks clearly darker than the local paper (printed text, a
   stamp, a signature). A handful of specks is dust; a short line of text
   gives a dozen marks, a signature or a stamp one mark several millimetres long.
2. Without ink: is there faint *print*? Faint marks are either print that came
   out pale (washed-out copy, light toner, an overexposed scan) or show-through,
   the back of the sheet seen through the paper. Show-through is soft: the
   paper diffuses it over a few tenths of a millimetre, so it has darkness but
   almost no fine detail. Print, however pale, keeps sharp stroke edges. The
   test compares, tile by tile, how much darker the darkest tiles are than the
   paper (low frequencies) with how much fine detail they carry beyond the
   paper's own noise (high frequencies): sharp detail that rises clearly above
   the noise where the page is darker is print. Marks deep enough that no
   show-through could make them (a fifth of the paper's brightness) are print too,
   however blurred.
   Isolated dots (a copier's toner specks, dust) are painted over first, and
   detail fainter than the eye's contrast threshold is not print: on clean or
   JPEG-smoothed paper, compression blocks and scanner banding rise far above
   the paper's tiny noise without being anything a reader could see.

When in doubt a page is kept: an illegible page is reported to a reviewer, a
page wrongly called blank is lost.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extractors.geometry import downscale, ink_mask, to_grey

WORK_LONG_SIDE = 1200
TILE = 24  # working px (~4 mm on an A4 page): a few characters
MARK_MM = 3.0  # one ink mark this long is content (a signature stroke, a stamp), not dust
DEEP = 13.0  # grey levels: darker than show-through gets (it takes 5-15 % off the paper, thinly spread)
MIN_DETAIL_Z = 2.5  # fine detail in the darkest tiles, in noise standard deviations above the paper's
# ... and rising above what the eye can see: print whose strokes differ from the paper by
# less than the eye's contrast threshold (Weber fraction ~1 %) is not there for a reader.
# On clean or JPEG-smoothed paper the noise is a fraction of a grey level, and ripples
# below that threshold (compression blocks, scanner banding) rise many "noise
# deviations" above it. Fine detail (RMS) is 0.17-0.19 of the strokes' contrast.
MIN_STROKE_CONTRAST = 0.01  # of the paper's brightness
DETAIL_PER_CONTRAST = 0.17
MIN_TEXT_LINES = 3
MIN_SHARPNESS_WITH_LINES = 0.25  # diffused show-through stays below (0.1-0.24), even where the detector sees lines in it
MIN_SHARPNESS = 0.28  # fine over coarse detail: print 0.32-0.95, show-through (diffused over 0.25-0.5 mm) 0.1-0.25
SPECK_Z = 5.0  # a speck stands this many noise deviations out of the paper
SPECK_CONTRAST = 0.03  # ... and plainly: 3 % darker (on smooth paper the noise is a fraction of a level)
SPECK_PX = 3  # working px (~0.7 mm): a dot, not a stroke (a character spans 10 and more)
STREAK_CONTRAST = 0.005  # a row or column this much darker than the paper along most of its length
STREAK_PX = 8  # working px (~2 mm): a drum streak's width, blurred (lines of print are 3 mm and more)
STREAK_SHOULDER = 2  # working px each side: the streak's blurred edges, too faint to pass the threshold
REGION_STEP = 20.0  # grey levels a photo's areas stand off the paper's smooth level (blank paper: 0)
COLOUR_LONG_SIDE = 600
COLOUR_STEP = 8.0  # a*b* units off the paper's colour: a blurred, washed-out seal keeps 10-17
COLOUR_MARK_MM = 5.0  # ... over a mark this long: a seal, an emblem, not chroma noise at an edge
PAPER_COLOUR_MM = 50.0  # the paper's colour (a box this wide), varying slowly with tint and light
MIN_REGION_SHARE = 0.02  # of the page: photos measure 6-46 %, blank, grey and show-through sheets 0 %
# Paper this dark is a failed scan (under-exposed, the lid left open), not an empty sheet:
# grey scanner backgrounds measure 170 and more, under-exposed documents 20-60.
DARK_SHEET = 100.0


@dataclass(frozen=True)
class FaintMarks:
    darkness: float  # grey levels the darkest tiles lie below the typical tile
    detail_z: float  # their fine detail above the paper's, in noise standard deviations
    detail_level: float  # the same detail in grey levels (RMS)
    paper: float  # the paper's grey level
    sharpness: float  # fine-detail energy over the energy one scale up: edge sharpness, whatever the contrast


def is_blank(image: np.ndarray, text_lines: int = 0, photographed: bool = False) -> bool:
    """True when the page carries no content: white or grey paper, noise, faint show-through.

    `text_lines`: lines the text detector found on the page, if it ran. Pale
    print in a phone photo is softened by the camera; when the detector sees
    lines of text there, marks of print-like (not diffused) sharpness are print.
    `photographed`: a sheet found in a phone photo and flattened. A camera's grain
    grows where the sheet is lit less and is smeared by demosaicing and the
    flattening warp, so fine detail says nothing there: a photographed sheet
    without ink, photo areas, deep marks or a line the detector sees is blank.
    """
    if _has_ink(image) or _has_colour_mark(image) or photo_share(image) >= MIN_REGION_SHARE:
        return False
    faint = faint_marks(image)
    if faint.darkness >= DEEP or faint.paper < DARK_SHEET:
        return False  # blurred, washed-out or under-exposed print, still a page for a reviewer
    if photographed and not text_lines:
        return True
    visible = DETAIL_PER_CONTRAST * MIN_STROKE_CONTRAST * faint.paper
    if faint.detail_z < MIN_DETAIL_Z or faint.detail_level < visible:
        return True
    if faint.sharpness >= MIN_SHARPNESS:
        return False
    return not (text_lines >= MIN_TEXT_LINES and faint.sharpness >= MIN_SHARPNESS_WITH_LINES)


def _has_colour_mark(image: np.ndarray) -> bool:
    """A mark in another colour than the paper's: a seal's red, an emblem, a coloured print.

    Blurred and washed-out print can be as pale and soft as show-through, but a seal on
    it keeps its colour, and neither paper, show-through nor a scanner's noise has any.
    The paper's own colour is taken locally, so tinted paper and warm light are not marks.
    """
    if image.ndim == 2 or image.shape[2] == 1:
        return False
    small, _ = downscale(image[..., :3], COLOUR_LONG_SIDE)
    ab = cv2.cvtColor(small, cv2.COLOR_BGR2LAB)[..., 1:].astype(np.float32)
    h, w = ab.shape[:2]
    px_per_mm = min(h, w) / 210.0
    k = int(PAPER_COLOUR_MM * px_per_mm) | 1
    paper = cv2.blur(ab, (k, k), borderType=cv2.BORDER_REFLECT)
    step = np.linalg.norm(cv2.GaussianBlur(ab, (0, 0), 1.5) - paper, axis=2)
    m = max(2, int(0.04 * min(h, w)))  # scanner edges and the table around a photographed sheet
    mask = (step[m:-m, m:-m] > COLOUR_STEP).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    spans = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]) / px_per_mm
    return bool((spans >= COLOUR_MARK_MM).any())


def _has_ink(image: np.ndarray) -> bool:
    stats, area, px_per_mm = _ink_marks(image)
    # A printable mark spans at least ~0.5 mm; a short line of text gives ~10+ marks and ~0.05 % ink.
    spans = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    marks = (stats[:, cv2.CC_STAT_AREA] >= 6) & (spans >= 3)
    share = float(stats[marks, cv2.CC_STAT_AREA].sum()) / area
    if marks.sum() >= 8 and share >= 0.0002:
        return True
    return bool(marks.any()) and float(spans.max(initial=0)) / px_per_mm >= MARK_MM


def _ink_marks(image: np.ndarray) -> tuple[np.ndarray, int, float]:
    """Connected ink marks (OpenCV stats rows) on the working copy, the area searched, and px per mm."""
    grey, _ = downscale(to_grey(image))
    mask = ink_mask(grey)
    h, w = mask.shape
    # Scanner edges, punch holes near the border and binding shadows are not content.
    m = max(2, int(0.04 * min(h, w)))
    # Opening removes salt noise and JPEG speckle; printed strokes survive.
    mask = cv2.morphologyEx(mask[m:-m, m:-m], cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return stats[1:], mask.size, min(h, w) / 210.0  # the sheet's width is 210 mm: no dpi needed


def photo_share(image: np.ndarray) -> float:
    """Share of the page whose smoothed level stands off the paper's: the areas of a photo.

    Photos are smooth, so they have neither ink marks nor fine detail; what they have
    is large areas of another grey level with edges, which blank paper (even grey,
    lit unevenly, or with show-through) never has. Illumination is removed as what
    varies slowly across the page.
    """
    grey, _ = downscale(to_grey(image), WORK_LONG_SIDE)
    level = _paper(grey.astype(np.float32))
    h, w = level.shape
    m = int(0.05 * min(h, w))  # scanner edges and shadows are not content
    level = level[m : h - m, m : w - m]
    steps = level - cv2.GaussianBlur(level, (0, 0), 40)
    return float((np.abs(steps) > REGION_STEP).mean())


def _paper(g: np.ndarray) -> np.ndarray:
    """The page's level without its strokes: a closing removes marks thinner than ~2.5 mm."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15))
    return cv2.blur(cv2.morphologyEx(g, cv2.MORPH_CLOSE, kernel), (31, 31))


def _without_specks(norm: np.ndarray) -> np.ndarray:
    """The normalised page with isolated dots (toner specks of a copier, dust) painted over with paper.

    A speck stands out of the paper like ink, but alone: a dot under ~0.7 mm. Print
    this faint (no ink marks were found on the page) is strokes joined into
    characters, far larger, so it is left as it is.
    """
    norm = norm.astype(np.float32)
    hp = norm - cv2.medianBlur(norm, 5)
    sigma = 1.4826 * float(np.median(np.abs(hp))) + 1e-4
    marks = (hp < -max(SPECK_Z * sigma, SPECK_CONTRAST)).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(marks, connectivity=8)
    small = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]) <= SPECK_PX
    small[0] = False  # the background
    specks = cv2.dilate(small[labels].astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    return np.where(specks, 1.0, norm).astype(np.float32)


def _without_streaks(norm: np.ndarray) -> np.ndarray:
    """The normalised page without a copier's drum streaks: thin stripes a little darker than
    the paper running the whole length of the sheet. Print never darkens most of a thin row or
    column: a thin run of rows or columns whose median is darker than the paper is a streak
    (or a rule longer than half the page, which print keeps its characters beside)."""
    out = norm.copy()
    columns, rows = np.median(norm, axis=0), np.median(norm, axis=1)
    out[:, _thin_runs(columns < np.median(columns) - STREAK_CONTRAST)] = np.median(norm)
    out[_thin_runs(rows < np.median(rows) - STREAK_CONTRAST), :] = np.median(norm)
    return out


def _thin_runs(dark: np.ndarray) -> np.ndarray:
    """The runs of True no wider than a streak (blurred lines of print are bands far wider).

    >>> _thin_runs(np.array([0, 0, 0, 1, 1, 0, 0, 0] + [1] * 9 + [0], bool)).astype(int).tolist()
    [0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    """
    edges = np.flatnonzero(np.diff(np.concatenate([[0], dark.astype(np.int8), [0]])))
    thin = np.zeros_like(dark)
    for start, end in zip(edges[::2], edges[1::2]):
        if end - start <= STREAK_PX:
            thin[max(0, start - STREAK_SHOULDER):end + STREAK_SHOULDER] = True
    return thin


def faint_marks(image: np.ndarray) -> FaintMarks:
    grey, _ = downscale(to_grey(image), WORK_LONG_SIDE)
    g = grey.astype(np.float32)
    paper = _paper(g)
    level = float(np.median(paper))
    norm = _without_streaks(_without_specks(g / np.maximum(paper, 1.0)))
    dark = np.clip(1.0 - norm, -0.2, 1.0)
    fine = cv2.GaussianBlur(norm, (0, 0), 1.0)
    detail = (norm - fine) ** 2  # stroke edges: gone once marks are soft
    middle = (fine - cv2.GaussianBlur(norm, (0, 0), 3.0)) ** 2  # the marks themselves, soft or sharp
    h, w = g.shape
    m = int(0.05 * min(h, w))  # scanner edges and shadows are not content
    dark, detail, middle = dark[m : h - m, m : w - m], detail[m : h - m, m : w - m], middle[m : h - m, m : w - m]
    rows, cols = dark.shape[0] // TILE, dark.shape[1] // TILE
    if rows < 4 or cols < 4:
        return FaintMarks(0.0, 0.0, 0.0, 0.0, level)
    lf = dark[: rows * TILE, : cols * TILE].reshape(rows, TILE, cols, TILE).mean(axis=(1, 3)).ravel()
    hf = detail[: rows * TILE, : cols * TILE].reshape(rows, TILE, cols, TILE).mean(axis=(1, 3)).ravel()
    mf = middle[: rows * TILE, : cols * TILE].reshape(rows, TILE, cols, TILE).mean(axis=(1, 3)).ravel()
    order = np.argsort(lf)
    # The darkest 2 % of the tiles; medians, so that a few dust specks do not decide.
    top, base = order[-max(5, len(order) // 50) :], order[: len(order) // 2]
    d_lf = float(np.median(lf[top]) - np.median(lf[base]))
    d_hf = float(np.median(hf[top]) - np.median(hf[base]))
    d_mf = float(np.median(mf[top]) - np.median(mf[base]))
    noise = 1.4826 * float(np.median(np.abs(hf[base] - np.median(hf[base])))) + 1e-9
    return FaintMarks(
        darkness=d_lf * level,
        detail_z=d_hf / noise,
        detail_level=float(np.sqrt(max(d_hf, 0.0))) * level,
        paper=level,
        sharpness=d_hf / max(d_mf, 1e-9) if d_mf > 0 else 0.0,
    )
