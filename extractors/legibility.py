"""Page legibility: can a person (and the OCR) still read this page?

Cheap pixel measures on a downscaled copy plus the OCR lines the caller already
has. Thresholds are conservative: mild blur, JPEG artefacts, noise and 150 dpi
scans stay legible; only pages that really cannot be read are flagged.
Calibration figures are in the module-level comments next to each threshold.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from extractors.geometry import downscale, ink_mask, to_grey
from intake.ocr.base import OcrLine
from models.record import Legibility

_WORK_LONG_SIDE = 1200

# Blur is measured as the Gaussian sigma of the text edges in mm on paper
# (px / dpi * 25.4), so 150/200/300 dpi scans share one scale.
# Calibration (200 dpi, 12 pt CJK text, measured on full-res tiles):
#   gaussian sigma 0 px -> 0.10 mm, 1 -> 0.14, 1.5 -> 0.19, 2 -> 0.25, 2.5 -> 0.32,
#   3 -> 0.40, 3.5 -> 0.47, 4.5 -> 0.60, 6 -> 0.76.
# RapidOCR mean confidence stays >= 0.95 up to sigma 3.5 and drops to ~0.73 at 4.5.
_BLUR_OK_MM = 0.42
_BLUR_BAD_MM = 0.62
_BLUR_FLAG_MM = 0.43
# Grey-level spread p98 - p2 on the busiest 192 px tiles (text). Full contrast 255;
# contrast factor 0.5 -> 127 sharp / 81 at sigma 2 / 70 at sigma 3.5;
# 0.3 -> 77 / 42; 0.2 -> 51 / 28.
# OCR still reads sharp text at factor 0.2 (conf 0.98), so contrast alone only
# fails when nearly nothing is left.
_CONTRAST_OK = 40.0
_CONTRAST_BAD = 15.0
_CONTRAST_FLAG = 80.0
_MIN_DPI = 100.0
_OCR_CONF_LOW = 0.75


@dataclass
class LegibilityMeasures:
    blur_mm: float | None  # estimated edge sigma in mm; None without edges
    contrast: float  # ink/paper grey spread on the busiest tiles (page p99-p1 without)
    paper: float  # p99 grey (paper brightness)
    ink: float  # p0.2 grey (darkest ink)
    mean: float
    ink_share: float
    edge_ink: int  # character-sized ink blobs cut by the image border
    ocr_conf: float | None
    ocr_lines: int


def _tile_sigma(tile: np.ndarray) -> tuple[float, float] | None:
    """Gaussian sigma (px) of the ink edges in one full-resolution tile.

    A step of height C blurred with sigma s has a peak gradient C / (s * sqrt(2 pi)),
    so s = C / (sqrt(2 pi) * g). g is the 90th percentile of the gradient on the
    ink boundary (Otsu split of the tile), robust to a few sharp specks.
    """
    lo, hi = (float(v) for v in np.percentile(tile, (2, 98)))
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


def _edge_ink(mask: np.ndarray, ppm: float) -> int:
    """Character-sized ink blobs touching the border: text cut off by the scan.

    Long scanner-edge shadows and frame lines are excluded by size.
    """
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    h, w = mask.shape
    count = 0
    for i in range(1, n):
        x, y, bw, bh, area = stats[i]
        touches = x <= 1 or y <= 1 or x + bw >= w - 1 or y + bh >= h - 1
        if not touches:
            continue
        size_mm = max(bw, bh) / ppm
        if 1.5 <= size_mm <= 12 and area >= 6:
            count += 1
    return count


def measure(image_bgr: np.ndarray, lines: list[OcrLine], dpi: float) -> LegibilityMeasures:
    grey_full = to_grey(image_bgr)
    grey, scale = downscale(grey_full, _WORK_LONG_SIDE)
    p_dark, p1, p99 = (float(v) for v in np.percentile(grey, (0.2, 1, 99)))
    spread = p99 - p1
    mask = ink_mask(grey)
    # Drop salt noise so it neither counts as ink nor as sharp edges.
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    ink_share = float((mask > 0).mean())
    sigma, tile_spread = _blur_px(grey_full, grey, scale)
    if tile_spread is not None:
        spread = tile_spread
    blur_mm = None if sigma is None else sigma / max(dpi, 1.0) * 25.4
    ppm = max(dpi, 1.0) * scale / 25.4  # working-copy pixels per mm
    conf = None
    if lines:
        n = sum(max(1, len(l.text)) for l in lines)
        conf = sum(l.confidence * max(1, len(l.text)) for l in lines) / n
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
        edge_ink=_edge_ink(mask, ppm),
        ocr_conf=conf,
        ocr_lines=len(lines),
    )


def _ramp(value: float, good: float, bad: float) -> float:
    """1.0 at `good`, 0.0 at `bad`, linear between (works both directions)."""
    if good == bad:
        return 1.0 if value == good else 0.0
    t = (value - bad) / (good - bad)
    return float(min(1.0, max(0.0, t)))


def assess(image_bgr: np.ndarray, lines: list[OcrLine], dpi: float, expected_chars: int = 0) -> Legibility:
    """Legibility score 0-1, legible flag and machine reasons.

    `lines` are the page's OCR lines; pass [] for pages without text (photos),
    which are then judged on blur and exposure only. `expected_chars` is the
    least text a page of its type carries (a licence shows hundreds of
    characters): a page that yields far less was not readable, however sharp
    its few big title characters look.
    Reasons: blur, low_contrast, low_resolution, overexposed, underexposed,
    low_ocr_confidence, little_text, cut_off.
    """
    m = measure(image_bgr, lines, dpi)
    reasons: list[str] = []
    parts: dict[str, float] = {}

    if m.blur_mm is not None:
        # Photos (no lines) have soft natural edges; only gross blur counts.
        k = 1.0 if lines else 1.25
        parts["sharp"] = _ramp(m.blur_mm, _BLUR_OK_MM * k, _BLUR_BAD_MM * k)
        if m.blur_mm > _BLUR_FLAG_MM * k:
            reasons.append("blur")
    has_content = m.contrast >= 10 or bool(lines)
    if has_content:  # an empty page is blank, not illegible
        parts["contrast"] = _ramp(m.contrast, _CONTRAST_OK, _CONTRAST_BAD)
    # A truly empty page has no contrast either; only flag when there is content.
    if m.contrast < _CONTRAST_FLAG and has_content:
        reasons.append("low_contrast")
    if dpi < _MIN_DPI:
        reasons.append("low_resolution")
        parts["dpi"] = _ramp(dpi, _MIN_DPI, 50.0)
    # Washed out: even the darkest ink is light grey. Too dark: even the paper is dark.
    # (An all-white page is blank, which is_blank reports; not overexposed.)
    # (White paper with a few dark lines has mean > 250 but is not washed out.)
    if has_content and (m.ink > 170 or (m.mean > 250 and m.ink > 120)):
        reasons.append("overexposed")
        parts["exposure"] = _ramp(m.ink, 160.0, 215.0)
    elif m.paper < 110 or m.mean < 60:
        reasons.append("underexposed")
        parts["exposure"] = _ramp(m.paper, 110.0, 50.0)
    if m.ocr_conf is not None:
        # Confidence of one or two lines says little; weight it by line count.
        weight = min(1.0, m.ocr_lines / 3.0)
        parts["ocr"] = 1.0 - weight * (1.0 - _ramp(m.ocr_conf, 0.85, 0.55))
        if m.ocr_conf < _OCR_CONF_LOW:
            reasons.append("low_ocr_confidence")
    if expected_chars:
        chars = sum(len(line.text.strip()) for line in lines)
        parts["text_yield"] = _ramp(chars, expected_chars, 0.2 * expected_chars)
        if chars < expected_chars:
            reasons.append("little_text")
    if m.edge_ink >= 4:
        reasons.append("cut_off")  # reported, but a cut margin alone is not illegible

    # The worst measure decides; the mean only ranks pages on the same side.
    worst = float(min(parts.values())) if parts else 1.0
    mean = float(np.mean(list(parts.values()))) if parts else 1.0
    legible = worst >= 0.5
    score = 0.7 * worst + 0.3 * mean
    if "cut_off" in reasons:
        score *= 0.9
    score = max(score, 0.5) if legible else min(score, 0.49)
    # Two independent moderate problems together (blur + low contrast) make a
    # page unreadable even when neither alone crosses its line.
    # (sigma >= 3.5 px at 200 dpi with contrast factor <= 0.5 lands here.)
    if "blur" in reasons and "low_contrast" in reasons:
        legible = False
        score = min(score, 0.45)
    return Legibility(score=round(float(score), 3), legible=bool(legible), reasons=reasons)
