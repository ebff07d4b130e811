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
   the paper's tiny noise without being anything a reader could see. The sheet's
   own edge, where a skewed or smaller sheet meets the scanner's lid or border, is
   a step, not a mark, and is left out.
3. Without fine detail: is there a printed rule? Print washed out to a few grey
   levels under the scanner's grain (a form's or a certificate's frame, a table)
   leaves nothing a tile can see, but a long straight rule, averaged along its
   length, rises far above the grain and stays as thin as it was printed; a
   rule showing through from the back is diffused as wide as its text. A copier's drum
   streak, even tilted with a skewed sheet, runs on to the image's very edges, where print
   never reaches: it is painted over first.

When in doubt a page is kept: an illegible page is reported to a reviewer, a
page wrongly called blank is lost.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import cv2
import numpy as np

from extractors.geometry import downscale, ink_mask, to_grey

WORK_LONG_SIDE = 1200
TILE = 24  # working px (~4 mm on an A4 page): a few characters
MARK_MM = 3.0  # one ink mark this long is content (a signature stroke, a stamp), not dust
DEEP = 13.0  # grey levels: darker than show-through gets (it takes 5-15 % off the paper, thinly spread)
MARKED_Z = 3.0  # a tile this many deviations of bare paper darker than the typical one carries marks
MIN_DETAIL_Z = 2.5  # fine detail in the darkest tiles, in noise standard deviations above the paper's
# ... and rising above what the eye can see: print whose strokes differ from the paper by
# less than the eye's contrast threshold (Weber fraction ~1 %) is not there for a reader.
# On clean or JPEG-smoothed paper the noise is a fraction of a grey level, and ripples
# below that threshold (compression blocks, scanner banding) rise many "noise
# deviations" above it. Fine detail (RMS) is 0.17-0.19 of the strokes' contrast.
MIN_STROKE_CONTRAST = 0.01  # of the paper's brightness
DETAIL_PER_CONTRAST = 0.17
MIN_SHARPNESS = 0.5  # fine over coarse detail on the marked tiles: print 0.64-1.6, show-through (diffused over 0.25-0.5 mm) 0.1-0.42
# On a photographed sheet without a line found, fine detail is print only as soft as print's edges
# and plainly visible: a phone's grain on blank sheets measures sharpness 4.1-5.9 (dev sets) or,
# smeared by demosaicing, ~1 but at most 1.7 times the eye's threshold; a pale letter read by a
# person (21 grey levels of ink) 0.66 and 3.6 times. And well above the grain, which a dim, vignetted
# sheet's camera noise raises itself to 3.2 deviations (blank sheets of the dev sets: 1.9 with
# sharpness like print's), where the pale letter stands 7.6 out.
MAX_PRINT_SHARPNESS = 2.5
PHOTO_VISIBLE = 2.5
PHOTO_DETAIL_Z = 5.0
SPECK_Z = 5.0  # a speck stands this many noise deviations out of the paper
SPECK_CONTRAST = 0.03  # ... and plainly: 3 % darker (on smooth paper the noise is a fraction of a level)
SPECK_PX = 3  # working px (~0.7 mm): a dot, not a stroke (a character spans 10 and more)
STREAK_CONTRAST = 0.005  # a row or column this much darker than the paper along most of its length
STREAK_PX = 8  # working px (~2 mm): a drum streak's width, blurred (lines of print are 3 mm and more)
STREAK_SHOULDER = 2  # working px each side: the streak's blurred edges, too faint to pass the threshold
REGION_SIGMA = 40  # working px: what varies slower across the page is light, not a photo
REGION_STEP = 20.0  # grey levels a photo's areas stand off the paper's smooth level (blank paper: 0)
SHEET_STEP = 0.003  # of the paper's level per working px: the sheet's edge (light falls off 100 times slower)
SHEET_STEP_Z = 5.0  # ... and clearly above the grain's gradient
SHEET_EDGE_SPAN = 0.25  # of the image's side: the sheet's edge is a long line, print and show-through are short marks
SHEET_REACH = 20  # working px the paper estimate carries a step (its closing and blur)
RULE_Z = 9.5  # grain deviations a rule's averaged darkness stands out (blank paper up to 8, show-through up to 24)
RULE_SHARPNESS = 0.72  # printed rules washed out to 2-4 grey levels 0.79-0.96, rules showing through 0.12-0.66
RULE_ALONE = 1.1  # beyond, the profile is darker 2 px away than 6 px away: a texture (rows of text), not a line
RULE_STRIPS = 16
MIN_JUDGED_PX = 64  # working px: a smaller image has too few tiles and rule strips to judge
RULE_OUTLIERS = 2  # strips left out of each row: specks, a stamp, a signature
RULE_TILT, RULE_TILT_STEP = 6.0, 0.5  # degrees
STREAK_Z = 2 * RULE_Z  # a tilted drum streak stands out 30-40 grain deviations; fainter lines are kept as rules
EDGE_TO_EDGE = 0.35  # of its darkness inside, left at both ends: a streak (a printed rule leaves the grain)
EDGE_BAND = 0.025  # of the line's length (~5 mm): the sheet's outer edge, where printers do not reach (a certificate's frame stops ~8 mm in)
COLOUR_LONG_SIDE = 600
COLOUR_STEP = 8.0  # a*b* units off the paper's colour: a blurred, washed-out seal keeps 10-17
COLOUR_MARK_MM = 5.0  # ... over a mark this long: a seal, an emblem, not chroma noise at an edge
PAPER_COLOUR_MM = 50.0  # the paper's colour (a box this wide), varying slowly with tint and light
MIN_REGION_SHARE = 0.02  # of the page: photos measure 6-46 %, blank, grey and show-through sheets 0 %
# A photo page's pictures, large and soft, may have few edges inside the page's middle, but they
# cover much of the sheet at another level than its paper: dev sets 9913-9918, the photo pages the
# middle's edges miss 0.36-0.91 of the sheet's middle, unreadable documents (blurred rows, frames,
# emblems, seals) 0-0.01. Counted inside the page's middle only (the desk or the lid around a sheet
# whose corners were not found lies along its edges) and outside the text lines found: unreadable
# documents' blurred rows and a certificate's wide border are no pictures, and neither is a frame
# (a ring of the sheet round paper, covering a fraction of its box).
PICTURE_AREA = 0.3
PICTURE_REACH = 0.15  # of the sheet's shorter side, either way: the paper around a picture is found this close
PICTURE_MARGIN = 0.12  # of the shorter side, left out along each edge
FRAME_FILL = 0.4  # a region covering less of its bounding box is a frame's ring, not a picture
PICTURE_MIN = 0.01  # of the sheet's middle: a picture, not a blot
# A picture's edge is sharp: somewhere round it (the steepest 0.1 %), the grey level rises by this
# share of the picture's depth per working px (photo pages of 9917-9918: 0.43-0.67, the least on a
# phone photo whose paper darkens into the picture's region); a document blurred past reading
# (sigma 10-14 image px) spreads its rows' and rules' edges (0.10-0.30), mottled paper has none (0.07).
PICTURE_EDGE = 0.36
PICTURE_RING = 41  # working px: the paper estimate's reach (its closing and blur) either side of a region's outline
CONTENT_MARGIN = 0.05  # of the shorter side along each edge: scanner edges and shadows are not content
LINE_BLUR = 0.5  # of a detected line's height, round it: a blurred line's blobs spread that far
LINE_ASPECT = 3.0  # a line of text (three characters and more) is this much longer than high; photos' boxes are squarish
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


def is_blank(image: np.ndarray, text_lines: int = 0, photographed: bool = False,
             mirrored: Callable[[], bool] | None = None) -> bool:
    """True when the page carries no content: white or grey paper, noise, faint show-through.

    `text_lines`: lines the text detector found on the page, if it ran (it finds
    lines in show-through too, so they only keep a photographed sheet from the
    shortcut below).
    `photographed`: a sheet found in a phone photo and flattened. A camera's grain
    grows where the sheet is lit less and is smeared by demosaicing and the
    flattening warp, so fine detail rises above the grain there on blank sheets too:
    on a photographed sheet without a line the detector sees, only detail as soft as
    print's edges and plainly visible (a pale letter's) is print.
    `mirrored`: asked only when faint marks look like print, whether their text reads only in
    a mirror: then they are the back of the sheet showing through (`intake/ocr/show_through.py`).
    """
    if _has_ink(image) or _has_colour_mark(image):
        return False
    sheet = _Sheet.of(image)
    if min(sheet.norm.shape) < MIN_JUDGED_PX:
        return False  # too small to tell marks from paper: a reviewer looks
    sheet = replace(sheet, norm=_without_tilted_streaks(sheet.norm))
    # The lid or the scanner's border around a skewed or smaller sheet is no photo: the
    # margins and the sheet's own edge are left out.
    away = _content_area(sheet.edge_distance, CONTENT_MARGIN)
    if away.any() and _region_steps(sheet.paper)[away].mean() >= MIN_REGION_SHARE:
        return False
    faint = _faint(sheet)
    if faint.darkness >= DEEP or faint.paper < DARK_SHEET:
        return False  # blurred, washed-out or under-exposed print, still a page for a reviewer
    visible = DETAIL_PER_CONTRAST * MIN_STROKE_CONTRAST * faint.paper
    printed = faint.detail_z >= MIN_DETAIL_Z and faint.detail_level >= visible and faint.sharpness >= MIN_SHARPNESS
    if photographed and not text_lines:  # the camera's grain is finer than print, or fainter
        printed = (printed and faint.detail_z >= PHOTO_DETAIL_Z and faint.sharpness <= MAX_PRINT_SHARPNESS
                   and faint.detail_level >= PHOTO_VISIBLE * visible)
    if printed and mirrored is not None and mirrored():
        return True  # thin paper keeps show-through sharp, but its text is the back's, mirrored
    return not printed and not _has_printed_rule(sheet.norm)


def _has_printed_rule(norm: np.ndarray) -> bool:
    """A long, thin, sharp straight line: a form's or a certificate's printed rule, however pale.

    Print washed out to a few grey levels under the scanner's grain leaves no mark a tile
    can see, but a rule averaged along its length rises far above the grain. The page is
    projected along lines a few degrees either side of level (a page with no text line
    found was not deskewed), in strips, both ways. A rule the back of the sheet shows
    through is diffused by the paper over a few tenths of a millimetre: its darkness
    spreads beyond the two working pixels either side a printed rule keeps it in.
    """
    m = int(0.05 * min(norm.shape))
    for lines in (norm, norm.T):
        h, w = lines.shape
        line = _darkest_line(lines[m : h - m, m : w - m])
        if line.z >= RULE_Z and RULE_SHARPNESS <= line.sharpness <= RULE_ALONE:
            return True
    return False


def _without_tilted_streaks(norm: np.ndarray) -> np.ndarray:
    """The page without a drum streak slightly tilted with a skewed sheet, which the straight
    stripes of `_without_streaks` miss: the darkest line each way, when it carries on through
    the margins to the image's edges. Print stops where the page's margin begins."""
    out = norm.copy()
    m = int(0.05 * min(norm.shape))
    half = STREAK_PX // 2 + STREAK_SHOULDER
    for lines in (out, out.T):  # views: painting them paints `out`
        h, w = lines.shape
        line = _darkest_line(lines[m : h - m, m : w - m])
        if line.z >= STREAK_Z and _edge_to_edge(lines, m, line):
            xs = np.arange(w)
            ys = _line_rows(line, m, xs, w)
            for offset in range(-half, half + 1):
                lines[np.clip(ys + offset, 0, h - 1), xs] = np.median(norm)
    return out


@dataclass
class _Line:
    z: float  # its averaged darkness over the grain
    sharpness: float
    slope: float  # rows per column
    row: int  # where it crosses the middle column of the page searched


def _edge_to_edge(lines: np.ndarray, margin: int, line: _Line) -> bool:
    """The line carries on through the margins to the very edges of the image at both ends: a
    copier's drum streak (slightly tilted with a skewed sheet, so the straight-stripe test of
    `_without_streaks` missed it), not print, which stops where the page's margin begins."""
    h, w = lines.shape

    def contrast(x0: int, x1: int) -> float:
        xs = np.arange(x0, x1)
        ys = _line_rows(line, margin, xs, w)
        profile = np.array([lines[np.clip(ys + o, 0, h - 1), xs].mean() for o in range(-6, 7)])
        return float(profile[[0, 1, -2, -1]].mean() - profile[4:9].min())  # beside it, less its darkest

    edge = max(1, int(EDGE_BAND * w))
    inside = contrast(margin, w - margin)
    return inside > 0 and min(contrast(0, edge), contrast(w - edge, w)) >= EDGE_TO_EDGE * inside


def _line_rows(line: _Line, margin: int, xs: np.ndarray, width: int) -> np.ndarray:
    """The rows `line`, found in the page inside `margin`, crosses at columns `xs` of the whole."""
    return margin + line.row + np.round(line.slope * (xs - width / 2)).astype(int)


def _darkest_line(page: np.ndarray) -> _Line:
    """The darkest thin line across `page`'s rows, at any tilt in RULE_TILT.

    Sharpness: its darkness against the profile 2 px either side (the darker side) over that
    against 6 px either side (the lighter side: a double rule's twin may lie on the other);
    a line of Gaussian width sigma gives 0.86 at 1 px, 0.59 at 1.5 px, 0.39 at 2 px."""
    h, w = page.shape
    width = w // RULE_STRIPS
    strips = page[:, : width * RULE_STRIPS].reshape(h, RULE_STRIPS, width).mean(axis=2)
    centres = (np.arange(RULE_STRIPS) + 0.5) * width - w / 2
    tilts = np.tan(np.deg2rad(np.arange(-RULE_TILT, RULE_TILT + 1e-6, RULE_TILT_STEP)))
    shifts = np.round(tilts[:, None] * centres[None, :]).astype(int)  # tilt x strip
    rows = np.clip(np.arange(h)[None, :, None] + shifts[:, None, :], 0, h - 1)
    # A rule runs through all the strips, a speck or a stamp through one or two: the darkest
    # strips of each row are left out.
    along = np.sort(strips[rows, np.arange(RULE_STRIPS)[None, None, :]], axis=2)
    profiles = along[:, :, RULE_OUTLIERS:].mean(axis=2)  # tilt x row
    near = np.minimum(np.roll(profiles, 2, axis=1), np.roll(profiles, -2, axis=1)) - profiles
    far = np.maximum(np.roll(profiles, 6, axis=1), np.roll(profiles, -6, axis=1)) - profiles  # a double rule's twin aside
    near, far = near[:, 6:-6], far[:, 6:-6]
    centre = np.median(near, axis=1, keepdims=True)
    grain = 1.4826 * np.median(np.abs(near - centre), axis=1, keepdims=True) + 1e-9
    z = (near - centre) / grain
    t, i = np.unravel_index(int(np.argmax(z)), z.shape)
    return _Line(float(z[t, i]), float(near[t, i] / max(float(far[t, i]), 1e-9)), float(tilts[t]), int(i) + 6)


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


def photo_share(image: np.ndarray, text_lines: np.ndarray | None = None) -> float:
    """Share of the page whose smoothed level stands off the paper's: the areas of a photo.

    Photos are smooth, so they have neither ink marks nor fine detail; what they have
    is large areas of another grey level with edges, which blank paper (even grey,
    lit unevenly, or with show-through) never has. Illumination is removed as what
    varies slowly across the page.
    `text_lines`: quads (image pixels) of the lines the text detector found. A title
    blurred past reading is a row of dark blobs as smooth as a photo's areas, but the
    detector sees it as a line: what lies in a line is text, not a photo.
    """
    grey, scale = downscale(to_grey(image), WORK_LONG_SIDE)
    steps = _region_steps(_paper(grey.astype(np.float32))) & ~_text_line_area(grey.shape, text_lines, scale)
    h, w = steps.shape
    m = int(CONTENT_MARGIN * min(h, w))
    return float(steps[m : h - m, m : w - m].mean())


def picture_area(image: np.ndarray, text_lines: np.ndarray | None = None) -> float:
    """Share of the sheet's middle lying well below the paper around it, in regions filling their
    box: a photo's pictures, however few edges they show. The paper's level is the lightest level
    within PICTURE_REACH, so light falling off across the sheet is not a picture; the scanner's lid
    or the desk beyond the sheet's own edge counts as neither paper nor picture.
    `text_lines`: as for `photo_share`."""
    grey, scale = downscale(to_grey(image), WORK_LONG_SIDE)
    g = grey.astype(np.float32)
    # The paper is smooth already: a quarter of the size does.
    paper = cv2.resize(_paper(g), None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)

    def quarter(mask: np.ndarray) -> np.ndarray:
        return cv2.resize(mask.astype(np.uint8), paper.shape[::-1], interpolation=cv2.INTER_NEAREST) > 0

    edge_distance = _sheet_edge_distance(g)
    sheet = quarter(_content_area(edge_distance, CONTENT_MARGIN))
    if not sheet.any():
        return 0.0
    paper = np.where(sheet, paper, np.median(paper[sheet])).astype(np.float32)
    k = int(2 * PICTURE_REACH * min(paper.shape)) | 1
    around = cv2.blur(cv2.dilate(paper, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))), (k, k))
    counted = quarter(_content_area(edge_distance, PICTURE_MARGIN) & ~_text_line_area(g.shape, text_lines, scale))
    if not counted.any():
        return 0.0
    depth = around - paper
    below = ((depth > REGION_STEP) & counted).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(below, connectivity=8)
    fill = stats[:, cv2.CC_STAT_AREA] / (stats[:, cv2.CC_STAT_WIDTH] * stats[:, cv2.CC_STAT_HEIGHT])
    candidates = (fill >= FRAME_FILL) & (stats[:, cv2.CC_STAT_AREA] >= PICTURE_MIN * counted.sum())
    smooth = cv2.GaussianBlur(g, (0, 0), 1.0)  # the grain's gradient is no edge
    grad = cv2.magnitude(cv2.Sobel(smooth, cv2.CV_32F, 1, 0, ksize=3), cv2.Sobel(smooth, cv2.CV_32F, 0, 1, ksize=3)) / 8.0
    pictures = np.zeros(n, bool)
    ring = np.ones((PICTURE_RING, PICTURE_RING), np.uint8)
    for i in np.flatnonzero(candidates[1:]) + 1:  # label 0 is the background
        region = cv2.resize((labels == i).astype(np.uint8), g.shape[::-1], interpolation=cv2.INTER_NEAREST)
        outline = (cv2.dilate(region, ring) > 0) & ~(cv2.erode(region, ring) > 0)
        pictures[i] = float(np.percentile(grad[outline], 99.9)) >= PICTURE_EDGE * float(np.median(depth[labels == i]))
    return float(pictures[labels][counted].mean())


def _text_line_area(shape: tuple[int, ...], text_lines: np.ndarray | None, scale: float) -> np.ndarray:
    """Where the detected text lines (quads, image pixels) lie on a working copy of `shape` at
    `scale`, grown by the spread of a blurred line's blobs; the detector boxes a photo's busy
    areas too, but not as a long thin line."""
    area = np.zeros(shape[:2], bool)
    for quad in np.asarray(text_lines if text_lines is not None else [], np.float32).reshape(-1, 4, 2) * scale:
        (x0, y0), (x1, y1) = quad.min(axis=0), quad.max(axis=0)
        if max(x1 - x0, y1 - y0) < LINE_ASPECT * min(x1 - x0, y1 - y0):
            continue
        grow = LINE_BLUR * min(x1 - x0, y1 - y0)
        area[max(0, int(y0 - grow)) : max(0, int(y1 + grow) + 1), max(0, int(x0 - grow)) : max(0, int(x1 + grow) + 1)] = True
    return area


def _content_area(edge_distance: np.ndarray, margin: float) -> np.ndarray:
    """The sheet away from its own edge (`_sheet_edge_distance`) and from the image's edges by
    `margin` of the shorter side: the lid or the scanner's border around a skewed or smaller
    sheet is no content."""
    away = edge_distance > 3 * REGION_SIGMA
    h, w = away.shape
    m = int(margin * min(h, w))
    away[:m], away[h - m :], away[:, :m], away[:, w - m :] = False, False, False, False
    return away


def _region_steps(paper: np.ndarray) -> np.ndarray:
    """Where the paper's smoothed level stands off its surroundings (the margins left in:
    callers choose what to leave out)."""
    # The paper is smooth already: its surroundings are taken at a quarter of the size.
    small = cv2.resize(paper, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    around = cv2.resize(cv2.GaussianBlur(small, (0, 0), REGION_SIGMA / 4), paper.shape[::-1], interpolation=cv2.INTER_LINEAR)
    return np.abs(paper - around) > REGION_STEP


def _paper(g: np.ndarray) -> np.ndarray:
    """The page's level without its strokes: a closing removes marks thinner than ~2.5 mm."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15))
    # The grain is averaged first: a closing keeps the highest grain of each window, and
    # paper with more grain (beside paper clipped at white, which has none) looked darker.
    return cv2.blur(cv2.morphologyEx(cv2.blur(g, (3, 3)), cv2.MORPH_CLOSE, kernel), (31, 31))


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


def _tiles(a: np.ndarray, rows: int, cols: int) -> np.ndarray:
    return a[: rows * TILE, : cols * TILE].reshape(rows, TILE, cols, TILE).mean(axis=(1, 3)).ravel()


def _sheet_edge_distance(g: np.ndarray) -> np.ndarray:
    """Distance (working px) to the sheet's own edge, where a skewed or smaller sheet meets the
    scanner's lid or border: a sharp step, lighter or darker, along a straight line from the
    image's edge (print and show-through are marks inside the sheet, a few mm long; light
    falls off slowly). Found at half size: the edge is long, and the page large."""
    half = cv2.resize(g, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    smooth = cv2.GaussianBlur(half, (0, 0), 1.0)
    grad = cv2.magnitude(cv2.Sobel(smooth, cv2.CV_32F, 1, 0, ksize=3), cv2.Sobel(smooth, cv2.CV_32F, 0, 1, ksize=3)) / 8.0
    noise = 1.4826 * float(np.median(grad[::4, ::4]))  # the grain's gradient: most of the page is bare paper
    steep = (grad > max(SHEET_STEP * float(np.median(smooth[::4, ::4])), SHEET_STEP_Z * noise)).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(steep, connectivity=8)
    h, w = half.shape
    x, y, bw, bh = (stats[:, i] for i in range(4))
    edge = (x == 0) | (y == 0) | (x + bw == w) | (y + bh == h)
    edge &= np.maximum(bw / w, bh / h) >= SHEET_EDGE_SPAN
    edge[0] = False
    if not edge.any():
        return np.full(g.shape, np.inf, np.float32)
    away = np.where(edge[labels], 0, 255).astype(np.uint8)
    distance = cv2.distanceTransform(away, cv2.DIST_L2, 3) * 2.0
    return cv2.resize(distance, (g.shape[1], g.shape[0]), interpolation=cv2.INTER_NEAREST)


def faint_marks(image: np.ndarray) -> FaintMarks:
    """The page's faint marks, measured as `is_blank` measures them (for calibration)."""
    return _faint(_Sheet.of(image))


@dataclass(frozen=True)
class _Sheet:
    """The working copy: its paper, and the page over its paper without specks and streaks."""

    paper: np.ndarray
    level: float  # the paper's typical grey level
    norm: np.ndarray
    edge_distance: np.ndarray  # working px to the sheet's own edge (`_sheet_edge_distance`)

    @classmethod
    def of(cls, image: np.ndarray) -> "_Sheet":
        grey, _ = downscale(to_grey(image), WORK_LONG_SIDE)
        g = grey.astype(np.float32)
        paper = _paper(g)
        norm = _without_streaks(_without_specks(g / np.maximum(paper, 1.0)))
        return cls(paper, float(np.median(paper)), norm, _sheet_edge_distance(g))


def _faint(sheet: _Sheet) -> FaintMarks:
    level, norm = sheet.level, sheet.norm
    dark = np.clip(1.0 - norm, -0.2, 1.0)
    fine = cv2.GaussianBlur(norm, (0, 0), 1.0)
    detail = (norm - fine) ** 2  # stroke edges: gone once marks are soft
    middle = (fine - cv2.GaussianBlur(norm, (0, 0), 3.0)) ** 2  # the marks themselves, soft or sharp
    h, w = norm.shape
    m = int(CONTENT_MARGIN * min(h, w))
    crop = (slice(m, h - m), slice(m, w - m))
    edge = (sheet.edge_distance <= SHEET_REACH).astype(np.float32)
    dark, detail, middle, edge = dark[crop], detail[crop], middle[crop], edge[crop]
    rows, cols = dark.shape[0] // TILE, dark.shape[1] // TILE
    if rows < 4 or cols < 4:
        return FaintMarks(0.0, 0.0, 0.0, level, 0.0)
    lf, hf, mf, edge = (_tiles(a, rows, cols) for a in (dark, detail, middle, edge))
    on = edge == 0  # the sheet's edge against the lid or the scanner's border is no mark
    if on.sum() < 16:
        return FaintMarks(0.0, 0.0, 0.0, level, 0.0)
    lf, hf, mf = lf[on], hf[on], mf[on]
    order = np.argsort(lf)
    # The darkest 2 % of the tiles; medians, so that a few dust specks do not decide.
    top, base = order[-max(5, len(order) // 50) :], order[: len(order) // 2]
    d_lf = float(np.median(lf[top]) - np.median(lf[base]))
    d_hf = float(np.median(hf[top]) - np.median(hf[base]))
    noise = 1.4826 * float(np.median(np.abs(hf[base] - np.median(hf[base])))) + 1e-9
    # Sharpness over every tile clearly darker than the paper (at least the darkest five):
    # a ratio of two small excesses over the grain needs more tiles to settle than their
    # presence does, and print or show-through may cover a line or most of the sheet.
    spread = 1.4826 * float(np.median(np.abs(lf[base] - np.median(lf[base])))) + 1e-9
    marked = np.flatnonzero(lf > np.median(lf[base]) + MARKED_Z * spread)
    wide = marked if len(marked) >= 5 else order[-5:]
    w_hf = float(np.median(hf[wide]) - np.median(hf[base]))
    w_mf = float(np.median(mf[wide]) - np.median(mf[base]))
    return FaintMarks(
        darkness=d_lf * level,
        detail_z=d_hf / noise,
        detail_level=float(np.sqrt(max(d_hf, 0.0))) * level,
        paper=level,
        sharpness=w_hf / w_mf if w_mf > 0 else 0.0,
    )
