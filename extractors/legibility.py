"""Page legibility: can a person still read this page?

The question is a reader's, not the OCR's: a page a person can read, zooming as
needed, is legible even when the OCR gives up on it. Each check measures one
physical quantity, on a downscaled copy or a few full-resolution tiles, and
compares it with the point where people stop reading (samples/degrade.py
documents that criterion; the generated legibility ladder, `samples.ladder`,
calibrates each threshold, figures next to it):

- blur: edge sigma relative to the body text's em (a 0.5 mm blur is read on
  4 mm text, guessed on 3 mm text);
- resolution: the em in pixels (8 px per character still reads, 5 does not);
- contrast: grey levels between ink and paper (7 still read on a quiet page);
  underexposure is the same loss, from the dark side;
- overexposure: even the darkest ink washed out to light grey (thin strokes gone);
- noise: grain sigma on the paper (sigma 100 is still read: the eye averages it out);
- cut-off: text running off the edge of the image (a tenth of the text lost);
- OCR confidence: reported when low; decisive only when very low over many lines.

The em comes from the OCR lines (characters per line width) when there are some,
else a typical 3.5 mm body text at the page's dpi.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from extractors.geometry import downscale, ink_mask, int_percentiles, to_grey
from intake.ocr.base import OcrLine
from models.record import Legibility

_WORK_LONG_SIDE = 1200
DEFAULT_EM_MM = 3.5  # body text 3.2-4.6 mm (9-13 pt) when the OCR found no line to measure

# Blur as edge sigma / em. Ladder (sigma estimate tracks the true sigma within
# ~0.03 mm): read up to 0.125 em, not beyond 0.175 em.
_BLUR_OK, _BLUR_BAD = 0.125, 0.175
_BLURRED_YIELD = 0.5  # of the text expected of the page's type: less, on a page reported blurred, is past reading
_BLURRED_YIELD_NEAR = 0.2  # the same, on a page blurred just past easy reading (not yet reported blurred)
# ... or measured short of it by no more than thin strokes fall short (a thin line blurred by sigma
# reads as ~0.66 sigma), on a page so soft and pale that no stroke stands out as ink: dev sets,
# legible pages yielding so little text measure <= 0.068 em, illegible licences 0.11-0.18 with no ink.
_THIN_STROKE_BLUR = 0.66 * _BLUR_OK
# No ink means none: text pages measure 0.01-0.06 of the page, washed-out and blurred ones 0, but a
# short legible page (a letter's sign-off, two rows blurred to 0.09-0.13 em) only 0.0002-0.0003.
_NO_INK_SHARE = 5e-5
HOPELESS_BLUR_MM = _BLUR_BAD * DEFAULT_EM_MM  # blur past reading typical body text
# Em in pixels: read at >= 7 px, not below 5.
_EM_OK, _EM_BAD = 7.0, 5.0
# Ink-to-paper spread on the busiest tiles, grey levels (the spread of scanner
# noise alone is ~5): ladder levels 14/10/8/6/4 read as 21/9/7/6/5; underexposure
# -4.2/-4.8/-5.3 stops as 11/7/6 (tables and licences read 1-2 higher). Read at >= 12
# grey levels, not below 6: the line is drawn at 9.5.
_CONTRAST_OK, _CONTRAST_BAD = 12.0, 7.0
_CONTRAST_FLAG = 40.0  # reported as low_contrast below this, legible or not
# Overexposure: the darkest ink (p0.2) on burnt-out paper. Ladder 1.8/2.4/2.7/3.1
# stops: ink 88/130/156/194. Read up to 2.3 stops, not beyond 3.
_INK_OK, _INK_BAD = 120.0, 166.0
_PAPER_BURNT = 252.0  # paper clipped to white: the exposure ran past it
_BURNT_INK_SHARE = 0.012  # ladder 2.7-4.5 stops: 0.001-0.010; clean text pages 0.02-0.06
_PAPER_DARK = 100.0  # paper this dark is underexposed (legible while the contrast holds)
# Grain: sigma of the paper's high-pass (clipping lowers it at the top): ladder
# 80/110/130/160 -> 29-33/37-40/43-46/50-53 (JPEG). Read up to sigma 100, not beyond 150.
_NOISE_OK, _NOISE_BAD = 37.5, 47.5
_OCR_CONF_LOW = 0.75  # reported below this
_OCR_OK, _OCR_BAD = 0.75, 0.45  # decisive (0.5 at 0.6) once a page has many lines
_OCR_FULL_WEIGHT_LINES = 5
# Cut-off: glyph fragments touching one edge, or text far closer to one edge than a printed margin.
_CUT_TOUCHING = 3
_CUT_MARGIN_MM = 4.0
_CUT_DEPTH_MM = 0.5  # how far at least a cut glyph's piece reaches into the page
_CUT_PIECE_MM = 1.2  # ... and the deepest of them (ladder cuts: 1.5-8.7 mm; a shadow's rim: 0.5-1.0)
_CUT_TEXT_MM = 20.0  # whole characters this close to an edge that cuts text (a line or a table row away)
_CUT_GLYPH_ACROSS_MM = 0.6  # a character reaches this far across an edge it lies by; a sheet's rim is a thinner line


@dataclass
class LegibilityMeasures:
    blur_mm: float | None  # estimated edge sigma in mm; None without edges
    contrast: float  # ink/paper grey spread on the busiest tiles (page p99-p1 without)
    paper: float  # p99 grey (paper brightness)
    ink: float  # p0.2 grey (darkest ink)
    mean: float
    ink_share: float
    edge_ink: int  # glyph fragments touching the image border (on the side with most)
    ocr_conf: float | None
    ocr_lines: int
    em_px: float = 0.0  # body text em in image pixels
    em_measured: bool = False  # from the OCR lines (else the 3.5 mm default at the page's dpi)
    noise: float = 0.0  # grain sigma on the paper, grey levels
    narrow_margin: bool = False  # text far closer to one edge than to the opposite one


def _tile_sigma(tile: np.ndarray) -> tuple[float, float] | None:
    """Gaussian sigma (px) of the ink edges in one full-resolution tile.

    A step of height C blurred with sigma s has a peak gradient C / (s * sqrt(2 pi)),
    so s = C / (sqrt(2 pi) * g). g is the 90th percentile of the gradient on the
    ink boundary (Otsu split of the tile), robust to a few sharp specks.
    """
    lo, hi = int_percentiles(tile, (2, 98))
    spread = hi - lo
    if spread < 15:
        return None if spread < 4 else (0.0, spread)
    _, mask = cv2.threshold(tile, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    k = np.ones((3, 3), np.uint8)
    edge = cv2.dilate(mask, k) & ~cv2.erode(mask, k)
    gx = cv2.Sobel(tile, cv2.CV_32F, 1, 0, ksize=3) / 8.0
    gy = cv2.Sobel(tile, cv2.CV_32F, 0, 1, ksize=3) / 8.0
    vals = cv2.magnitude(gx, gy)[edge > 0]
    if vals.size < 100:
        return None
    g = float(np.percentile(vals, 90))
    if g <= 1e-3:
        return None
    return spread / (math.sqrt(2 * math.pi) * g), spread


def _blur_px(
    grey_full: np.ndarray, grey_small: np.ndarray, scale: float, tiles: int = 6, size: int = 192
) -> tuple[float | None, float | None]:
    """(median edge sigma in full-res px, median ink/paper spread) over the busiest tiles.

    The spread on text tiles is the contrast a reader sees; whole-page
    percentiles depend on how much of the page is ink.

    The downscaled copy is too coarse to tell sharp from mildly blurred text,
    so blur is measured at full resolution, but only on a few tiles with the
    most grey-level variation in the working copy (text, whatever its contrast):
    a few ms per page.
    """
    h, w = grey_full.shape
    if min(h, w) < size:
        r = _tile_sigma(grey_full)
        return (None, None) if r is None else (r[0] or None, r[1])
    cell = max(4, int(size * scale))
    g = grey_small.astype(np.float32)
    hs, ws = g.shape[0] // cell, g.shape[1] // cell
    if hs == 0 or ws == 0:
        return None, None
    dens = g[: hs * cell, : ws * cell].reshape(hs, cell, ws, cell).std(axis=(1, 3))
    order = np.argsort(dens.ravel())[::-1][:tiles]
    sigmas, spreads = [], []
    for idx in order:
        if dens.ravel()[idx] < 4.0:  # flat paper or mild noise: no edges to measure
            break
        ty, tx = divmod(int(idx), ws)
        y0 = min(h - size, int(ty * cell / scale))
        x0 = min(w - size, int(tx * cell / scale))
        r = _tile_sigma(grey_full[y0 : y0 + size, x0 : x0 + size])
        if r is not None:
            if r[0] > 0:
                sigmas.append(r[0])
            spreads.append(r[1])
    return (
        float(np.median(sigmas)) if sigmas else None,
        float(np.median(spreads)) if spreads else None,
    )


def edge_sigma_at(image_bgr: np.ndarray, boxes: list[tuple[int, int, int, int]], size: int = 192) -> float | None:
    """The page's blur alone, from tiles centred on text already found (x0, y0, x1, y1):
    median edge sigma in image pixels, None without edges. A few ms: no whole-page pass."""
    h, w = image_bgr.shape[:2]
    sigmas = []
    for x0, y0, x1, y1 in boxes:
        tx = int(min(max(0, (x0 + x1) / 2 - size / 2), max(0, w - size)))
        ty = int(min(max(0, (y0 + y1) / 2 - size / 2), max(0, h - size)))
        r = _tile_sigma(to_grey(image_bgr[ty : ty + size, tx : tx + size]))
        if r is not None and r[0] > 0:
            sigmas.append(r[0])
    return float(np.median(sigmas)) if sigmas else None


def _cut_off(mask: np.ndarray, ppm: float) -> tuple[int, bool]:
    """(glyph fragments touching the edge with most of them, text far closer to one edge than printed margins).

    A crop through the text leaves pieces of characters on the border; a crop
    between lines leaves the text starting a few millimetres from the edge,
    where the opposite edge keeps its printed margin. Long frame lines and
    scanner-edge shadows are not glyphs and are left out by size.
    """
    h, w = mask.shape
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n <= 1:
        return 0, False
    x, y, bw, bh, area = (stats[1:, i] for i in range(5))
    size_mm = np.maximum(bw, bh) / ppm
    glyph = (size_mm >= 0.3) & (size_mm <= 12) & (area >= 3)
    # A glyph cut by the edge reaches into the page; a sliver along the edge one pixel deep
    # is the fading rim of a scanner's edge shadow, speckled by grain.
    border = [x <= 1, x + bw >= w - 1, y <= 1, y + bh >= h - 1]
    deep = _CUT_DEPTH_MM * ppm
    sides = [on & (extent >= deep) for on, extent in zip(border, (bw, bw, bh, bh))]
    # A cut through characters leaves pieces of many depths, some a stroke's length deep; the rim
    # of a sheet's shadow, cut by the deskewed image's edge, is pieces all as shallow as the least.
    sides = [side if (extent[glyph & side] >= _CUT_PIECE_MM * ppm).any() else np.zeros_like(side)
             for side, extent in zip(sides, (bw, bw, bh, bh))]
    near = 3.0 * ppm  # within 3 mm of the edge
    close = [x <= near, x + bw >= w - near, y <= near, y + bh >= h - near]
    # Margins from whole characters: marks on the border itself are cut glyphs
    # or the edge of the scan (a shadow, a sliver of the desk).
    on_border = border[0] | border[1] | border[2] | border[3]
    text = glyph & (size_mm >= 1.0) & ~on_border
    margins_known = text.sum() >= 20  # else too little text to speak of margins
    gaps = np.stack([x, w - (x + bw), y, h - (y + bh)])[:, text] / ppm  # each mark's distance to each edge
    touching = 0
    for side, zone, gap in zip(sides, close, gaps):
        hits = int((glyph & side).sum())
        # Text cut by the edge: most marks next to it run into it. Grain and
        # specks near the edge mostly do not. And the text goes on beside the cut:
        # where whole characters keep a printed margin from that edge, the marks on
        # it are a scanner's border or a binding shadow, speckled by grain.
        beside = not margins_known or int((gap < _CUT_TEXT_MM).sum()) >= 5
        if beside and hits >= 0.5 * int((glyph & zone).sum()):
            touching = max(touching, hits)
    if not margins_known:
        return touching, False
    margins = gaps.min(axis=1)
    # Extent of each mark across each edge: the rim of a flattened sheet or of its shadow runs
    # along the edge in pieces a pixel or two thick, which are no characters however long.
    across = np.stack([bw, bw, bh, bh])[:, text] / ppm >= _CUT_GLYPH_ACROSS_MM
    narrow = False
    for side, opposite in ((0, 1), (1, 0), (2, 3), (3, 2)):
        # A line of text (several characters), not a stray mark, runs that close to the edge.
        near = (gaps[side] < _CUT_MARGIN_MM) & across[side]
        if int(near.sum()) >= 5 and margins[opposite] >= 3 * gaps[side][near].min() + 8.0:
            narrow = True
    return touching, narrow


def _noise_sigma(grey_full: np.ndarray, step: int = 2) -> float:
    """Grain sigma: robust spread of (pixel - 5x5 median) over the page (text edges are too few to count)."""
    g = grey_full[::step, ::step] if min(grey_full.shape) > 1200 else grey_full
    hp = g.astype(np.int16) - cv2.medianBlur(g, 5).astype(np.int16)
    if hp.size < 1000:
        return 0.0
    # Medians from histograms (the values are small integers): sorting a page costs more.
    (centre,) = int_percentiles(hp, (50,), offset=255)
    (spread,) = int_percentiles(np.abs(2 * hp - round(2 * centre)), (50,))  # doubled: the centre may be x.5
    return 1.4826 * spread / 2.0


def _em_from_lines(lines: list[OcrLine]) -> float | None:
    """Median character pitch of the OCR lines, in px (a CJK character is one em wide)."""
    pitches = []
    for line in lines:
        text = line.text.strip()
        wide = sum(1 for c in text if ord(c) > 0x2E80)
        units = wide + 0.55 * (len(text) - wide)
        if len(text) >= 4 and units >= 3:
            pitches.append((line.box[2] - line.box[0]) / units)
    if len(pitches) < 5:
        return None
    return float(np.median(pitches))


def measure(image_bgr: np.ndarray, lines: list[OcrLine], dpi: float) -> LegibilityMeasures:
    grey_full = to_grey(image_bgr)
    grey, scale = downscale(grey_full, _WORK_LONG_SIDE)
    p_dark, p1, p99 = int_percentiles(grey, (0.2, 1, 99))
    spread = p99 - p1
    mask = ink_mask(grey)
    # Drop salt noise so it neither counts as ink nor as sharp edges.
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    ink_share = float((mask > 0).mean())
    sigma, tile_spread = _blur_px(grey_full, grey, scale)
    if tile_spread is not None:
        spread = tile_spread
    dpi = max(dpi, 1.0)
    blur_mm = None if sigma is None else sigma / dpi * 25.4
    ppm = dpi * scale / 25.4  # working-copy pixels per mm
    conf = None
    if lines:
        n = sum(max(1, len(l.text)) for l in lines)
        conf = sum(l.confidence * max(1, len(l.text)) for l in lines) / n
    # Character pitch from lines the OCR read well (garbled lines have wrong lengths).
    em = _em_from_lines([line for line in lines if line.confidence >= 0.8])
    default_em = DEFAULT_EM_MM * dpi / 25.4
    em_measured = em is not None
    em = default_em if em is None else float(np.clip(em, 0.5 * default_em, 2.0 * default_em))
    # Grain makes specks along every edge; a 3x3 median keeps strokes, drops grain.
    # The outermost 1.5 % is left out: a scanner's edge shadow or a sliver of
    # the desk beside a flattened phone photo is not the page's content, and
    # printed margins are far wider, so text cut by the edge still reaches it.
    cut_mask = ink_mask(cv2.medianBlur(grey, 3))
    t = max(2, int(0.015 * min(cut_mask.shape)))
    touching, narrow = _cut_off(cut_mask[t:-t, t:-t], ppm)
    return LegibilityMeasures(
        blur_mm=blur_mm,
        contrast=spread,
        paper=p99,
        # Darkest ink: p1 of the page is paper on sparse pages (a short
        # statement, a signature page: <1 % ink), which looked "washed out".
        # p0.2 still lies in the ink there; dust specks are far fewer pixels.
        ink=p_dark,
        mean=float(grey.mean()),
        ink_share=ink_share,
        edge_ink=touching,
        ocr_conf=conf,
        ocr_lines=len(lines),
        em_px=em,
        em_measured=em_measured,
        noise=_noise_sigma(grey_full),
        narrow_margin=narrow,
    )


def _ramp(value: float, good: float, bad: float) -> float:
    """1.0 at `good`, 0.0 at `bad`, linear between (works both directions)."""
    if good == bad:
        return 1.0 if value == good else 0.0
    t = (value - bad) / (good - bad)
    return float(min(1.0, max(0.0, t)))


def assess(image_bgr: np.ndarray, lines: list[OcrLine], dpi: float, expected_chars: int = 0) -> Legibility:
    """Legibility score 0-1, legible flag and machine reasons.

    `lines` are the page's OCR lines; pass [] for pages without text (photos).
    `expected_chars` is the least text a page of its type carries: a page that
    yields far less is reported (`little_text`), but it is the reader's
    measures that decide, not the OCR's yield.
    Reasons: blur, low_contrast, low_resolution, overexposed, underexposed,
    noise, low_ocr_confidence, little_text, cut_off.
    Each check scores 1.0 where people read without trouble, 0.5 at the point
    where they stop, 0.0 well beyond; the page is legible when every check
    scores at least 0.5.
    """
    m = measure(image_bgr, lines, dpi)
    reasons: list[str] = []
    parts: dict[str, float] = {}
    # assess() is not asked about blank pages (extractors.blank); only a page
    # with nothing at all on it has no contrast to judge.
    has_content = m.contrast >= 3 or bool(lines)
    chars = sum(len(line.text.strip()) for line in lines)

    if m.blur_mm is not None:
        sigma_px = m.blur_mm * max(dpi, 1.0) / 25.4
        parts["sharp"] = _ramp(sigma_px / m.em_px, _BLUR_OK, _BLUR_BAD)
        # Strokes thinner than the blur measure narrower than it is (a thin line blurred
        # by sigma reads as ~0.66 sigma), so once the blur is past easy reading the
        # measure may fall short: the page's text missing from what the OCR read says
        # the blur went past reading (dev sets: 4-13 characters of a licence's 100+). Near the
        # limit (just past it, or on a page with no ink short of it by what thin strokes lose) it
        # takes the page's text mostly unread: a short page (a letter's sign-off, 32 characters
        # of 80) yields less than its type's usual without the OCR having failed.
        yield_cap = _BLURRED_YIELD if parts["sharp"] < 0.75 else _BLURRED_YIELD_NEAR
        near = parts["sharp"] < 1.0 or (sigma_px / m.em_px >= _THIN_STROKE_BLUR and m.ink_share < _NO_INK_SHARE)
        if near and expected_chars and chars < yield_cap * expected_chars:
            parts["sharp"] = min(parts["sharp"], 0.25)
        if parts["sharp"] < 0.75:
            reasons.append("blur")
    parts["resolution"] = _ramp(m.em_px, _EM_OK, _EM_BAD)
    if parts["resolution"] < 0.75:
        reasons.append("low_resolution")
    # An empty page is blank (extractors.blank), not illegible: contrast counts
    # once there is something on it, or the paper has gone dark.
    if has_content or m.paper < _PAPER_DARK:
        # A dark page carries less grain (read noise ~1.5 vs ~2.5 grey levels):
        # fewer levels separate ink from paper (ladder -4.8 stops: 7-9, still read).
        ok, bad = (_CONTRAST_OK, _CONTRAST_BAD) if m.paper >= _PAPER_DARK else (_CONTRAST_OK - 3, _CONTRAST_BAD - 3)
        parts["contrast"] = _ramp(m.contrast, ok, bad)
        if m.contrast < _CONTRAST_FLAG:
            reasons.append("low_contrast")
    if m.paper >= _PAPER_BURNT and has_content:
        parts["exposure"] = _ramp(m.ink, _INK_OK, _INK_BAD)
        # Thick marks (an emblem, a QR code, a seal) survive where the text's thin
        # strokes burnt out: on burnt paper, text missing from the page's usual
        # yield went the same way.
        # (A clean digital page has white paper too, but keeps its ink: a page
        # of text is 1-5 % ink, a burnt-out one a fraction of that.)
        if expected_chars and chars < 0.5 * expected_chars and m.ink_share < _BURNT_INK_SHARE:
            parts["exposure"] = min(parts["exposure"], 0.25)
        if parts["exposure"] < 0.75:
            reasons.append("overexposed")
    elif m.paper < _PAPER_DARK:
        reasons.append("underexposed")
    if m.noise:
        parts["noise"] = _ramp(m.noise, _NOISE_OK, _NOISE_BAD)
        if parts["noise"] < 0.75:
            reasons.append("noise")
    if m.ocr_conf is not None:
        if m.ocr_conf < _OCR_CONF_LOW:
            reasons.append("low_ocr_confidence")
        # Confidence over one or two lines says little; weigh it by line count.
        weight = min(1.0, m.ocr_lines / _OCR_FULL_WEIGHT_LINES)
        parts["ocr"] = 1.0 - weight * (1.0 - _ramp(m.ocr_conf, _OCR_OK, _OCR_BAD))
    if expected_chars:
        if chars < expected_chars:
            reasons.append("little_text")
    if m.edge_ink >= _CUT_TOUCHING or m.narrow_margin:
        reasons.append("cut_off")  # part of the page is not in the image
        parts["complete"] = 0.0

    worst = float(min(parts.values())) if parts else 1.0
    mean = float(np.mean(list(parts.values()))) if parts else 1.0
    legible = worst >= 0.5
    score = 0.7 * worst + 0.3 * mean
    score = max(score, 0.5) if legible else min(score, 0.49)
    return Legibility(score=round(float(score), 3), legible=bool(legible), reasons=reasons)
