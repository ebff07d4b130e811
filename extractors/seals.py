"""Red company seals (印章): find them, remove them for OCR, read their curved text.

Detection works on a downscaled copy (long side ~1200 px) and maps boxes back to
full-resolution pixels. A candidate must look like a seal, not just be red:
ink concentrated on a closed outer ring with text/star inside. Solid red blobs
(product photos, logos, red headings) fail that test.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal, Optional

import cv2
import numpy as np

from extractors.geometry import downscale
from intake.ocr.base import OcrEngine, OcrLine

SealShape = Literal["round", "oval", "square"]

_WORK_LONG_SIDE = 1200
# Physical size limits in mm: official round seals 38-45 mm, oval 40x30 mm,
# personal/square seals 15-25 mm. Margins cover scaling of copies.
_ROUND_MM = (22.0, 62.0)
_SQUARE_MM = (9.0, 40.0)


@dataclass
class SealCandidate:
    """A detected seal in full-resolution page pixels."""

    bbox: tuple[float, float, float, float]  # x0, y0, x1, y1
    shape: SealShape
    confidence: float
    centre: tuple[float, float] = (0.0, 0.0)
    axes: tuple[float, float] = (0.0, 0.0)  # semi-axes (horizontal-ish, vertical-ish) in px
    angle: float = 0.0  # ellipse / rectangle rotation, degrees
    metrics: dict = field(default_factory=dict)  # internal measures, for debugging/calibration


# ---------------------------------------------------------------- red ink


def _as_bgr(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return image


def _red_channels(image_bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hue, saturation, value and the red-over-green/blue margin of every pixel."""
    hsv = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2HSV)
    b, g, r = (image_bgr[..., i].astype(np.int16) for i in range(3))
    return hsv[..., 0], hsv[..., 1], hsv[..., 2], r - np.maximum(g, b)


def faint_red_mask(image_bgr: np.ndarray) -> np.ndarray:
    """Red ink on washed-out or very low-contrast scans (saturation ~15-35).

    Only for a second detection pass: the ring test must then carry the
    decision, since paper tint comes close to these cuts.
    """
    h, s, v, margin = _red_channels(image_bgr)
    mask = ((h <= 12) | (h >= 155)) & (v >= 60) & (s >= 14) & (margin >= 10)
    return mask.astype(np.uint8) * 255


def red_mask(image_bgr: np.ndarray, loose: bool = False) -> np.ndarray:
    """uint8 mask (255 = red ink).

    Hue near 0/180 in HSV, plus an R-over-G/B margin so grey/black pixels with
    noisy hue never count. The saturation threshold adapts to the page's own red:
    a faded seal has S ~60-100, a fresh one ~200, so the cut is a share of the
    strong-red percentile, bounded so paper tint never passes.
    `loose` lowers the cut further (for removal, where a missed pink edge shows).
    """
    h, s, v, margin = _red_channels(image_bgr)
    hue_red = (h <= 12) | (h >= 155)
    cand = hue_red & (v >= 70) & (margin >= 18) & (s >= 30)
    # 90th percentile via a 256-bin histogram: np.percentile sorts, which is slow
    # on photo pages with millions of red pixels.
    hist = np.bincount(s[cand], minlength=256)
    total = int(hist.sum())
    strong = float(np.searchsorted(np.cumsum(hist), 0.9 * total)) if total else 0.0
    s_cut = float(np.clip(0.45 * strong, 35.0, 80.0))
    if loose:
        s_cut = max(28.0, s_cut * 0.6)
    m_cut = 14 if loose else 20
    mask = hue_red & (v >= 60) & (s >= s_cut) & (margin >= m_cut)
    return mask.astype(np.uint8) * 255


# ---------------------------------------------------------------- detection


def _px_per_mm(shape: tuple[int, ...]) -> float:
    """Pixels per mm assuming the image is an A4-ish page (short side 210 mm)."""
    h, w = shape[:2]
    ppm = min(h, w) / 210.0
    return float(np.clip(ppm, 72 / 25.4, 600 / 25.4))


def _ellipse_radius_map(
    shape: tuple[int, int], centre: tuple[float, float], axes: tuple[float, float], angle: float
) -> np.ndarray:
    """Normalised elliptical radius of every pixel (1.0 on the ellipse)."""
    hh, ww = shape
    yy, xx = np.mgrid[0:hh, 0:ww].astype(np.float32)
    dx, dy = xx - centre[0], yy - centre[1]
    t = math.radians(angle)
    c, s = math.cos(t), math.sin(t)
    u = dx * c + dy * s
    v = -dx * s + dy * c
    a, b = max(axes[0], 1.0), max(axes[1], 1.0)
    return np.sqrt((u / a) ** 2 + (v / b) ** 2)


def _band_density(mask: np.ndarray, rho: np.ndarray, lo: float, hi: float) -> float:
    sel = (rho >= lo) & (rho < hi)
    n = int(sel.sum())
    return float((mask[sel] > 0).mean()) if n else 0.0


def _ring_coverage(mask: np.ndarray, rho: np.ndarray, centre: tuple[float, float], lo: float, hi: float) -> float:
    """Share of 5-degree sectors that have ink in the outer band: a closed ring ~1.0."""
    hh, ww = mask.shape
    yy, xx = np.mgrid[0:hh, 0:ww]
    band = (rho >= lo) & (rho < hi)
    ang = (np.degrees(np.arctan2(yy - centre[1], xx - centre[0])) + 360.0) % 360.0
    sector = (ang[band] // 5).astype(np.int32)
    inked = mask[band] > 0
    hit = np.bincount(sector[inked], minlength=72)[:72]
    return float((hit > 0).mean())


def _square_metrics(mask: np.ndarray, rect: tuple) -> tuple[float, float, float]:
    """(border coverage, border density, inner density) for a rotated rectangle."""
    (cx, cy), (rw, rh), ang = rect
    hh, ww = mask.shape
    yy, xx = np.mgrid[0:hh, 0:ww].astype(np.float32)
    t = math.radians(ang)
    c, s = math.cos(t), math.sin(t)
    u = (xx - cx) * c + (yy - cy) * s
    v = -(xx - cx) * s + (yy - cy) * c
    # Chebyshev-normalised "radius": 1.0 on the rectangle's edge.
    rho = np.maximum(np.abs(u) / max(rw / 2, 1), np.abs(v) / max(rh / 2, 1))
    border = (rho >= 0.9) & (rho < 1.05)
    inner = rho < 0.75
    bd = float((mask[border] > 0).mean()) if border.any() else 0.0
    idn = float((mask[inner] > 0).mean()) if inner.any() else 0.0
    # A printed frame covers each of the four sides almost end to end; a red
    # character (口, 日, 国) touches its own box only in places. Score the
    # weakest side: share of 20 slots along it that have ink in the border band.
    ink = mask > 0
    covs = []
    for axis_n, axis_t, half_n, half_t in ((v, u, rh / 2, rw / 2), (u, v, rw / 2, rh / 2)):
        for sign in (-1.0, 1.0):
            band = (sign * axis_n >= 0.86 * half_n) & (sign * axis_n < 1.06 * half_n) & (np.abs(axis_t) < half_t)
            pos = ((axis_t[band & ink] / max(half_t, 1) + 1) * 10).astype(np.int32).clip(0, 19)
            covs.append(float((np.bincount(pos, minlength=20)[:20] > 0).mean()))
    return min(covs), bd, idn


def _context(crop_bgr: np.ndarray, crop_mask: np.ndarray, ppm_work: float) -> tuple[float, float]:
    """(median stroke width in mm, paper share of the non-red pixels).

    Seal ink is thin strokes (~0.3-1.5 mm) pressed on paper; red objects in
    photos are solid areas on a coloured background.
    """
    ink = crop_mask > 0
    if not ink.any():
        return 0.0, 0.0
    dist = cv2.distanceTransform(crop_mask, cv2.DIST_L2, 3)
    stroke_mm = 2.0 * float(np.median(dist[ink])) / ppm_work
    hsv = cv2.cvtColor(crop_bgr, cv2.COLOR_BGR2HSV)
    other = ~ink
    if not other.any():
        return stroke_mm, 0.0
    s, v = hsv[..., 1][other], hsv[..., 2][other]
    # Paper or black print: low saturation; a coloured background is not.
    paperish = (s < 60) & ((v > 150) | (v < 90))
    return stroke_mm, float(paperish.mean())


def _analyse(
    contour: np.ndarray, raw: np.ndarray, small: np.ndarray, ppm_work: float, red_share: float
) -> Optional[tuple[SealShape, float, tuple, dict]]:
    """Decide shape and confidence for one closed red blob (working coordinates)."""
    x, y, w, h = cv2.boundingRect(contour)
    long_mm, short_mm = max(w, h) / ppm_work, min(w, h) / ppm_work
    if short_mm < _SQUARE_MM[0] or long_mm > _ROUND_MM[1] or len(contour) < 8:
        return None
    if short_mm / long_mm < 0.45:  # red lines, underlines, heading rows
        return None
    hull = cv2.convexHull(contour)
    hull_area = float(cv2.contourArea(hull))
    perim = float(cv2.arcLength(hull, True))
    if hull_area <= 0 or perim <= 0:
        return None
    circularity = 4 * math.pi * hull_area / (perim * perim)
    rect = cv2.minAreaRect(hull)
    rect_area = max(rect[1][0] * rect[1][1], 1.0)
    rectangularity = hull_area / rect_area

    pad = 3
    x0, y0 = max(0, x - pad), max(0, y - pad)
    x1, y1 = min(raw.shape[1], x + w + pad), min(raw.shape[0], y + h + pad)
    crop = raw[y0:y1, x0:x1]
    fill = float((crop > 0).sum()) / hull_area
    stroke_mm, paper = _context(small[y0:y1, x0:x1], crop, ppm_work)

    metrics: dict = {
        "stroke_mm": round(stroke_mm, 2),
        "paper": round(paper, 3),
        "circularity": round(circularity, 3),
        "rectangularity": round(rectangularity, 3),
        "fill": round(fill, 3),
        "size_mm": (round(long_mm, 1), round(short_mm, 1)),
    }

    # Circles and ellipses fill ~0.785 of their min-area rectangle; squares ~1.
    is_square = rectangularity > 0.88
    if is_square:
        if long_mm > _SQUARE_MM[1]:
            return None
        local = ((rect[0][0] - x0, rect[0][1] - y0), rect[1], rect[2])
        cov, border_d, inner_d = _square_metrics(crop, local)
        metrics.update(ring_cov=round(cov, 3), ring_d=round(border_d, 3), text_d=round(inner_d, 3))
        framed = cov >= 0.85 and border_d >= max(0.3, inner_d + 0.05) and 0.05 <= inner_d <= 0.6
        # Intaglio (阴文) seals: solid red with white characters cut out.
        intaglio = cov >= 0.95 and 0.45 <= fill <= 0.88 and inner_d >= 0.4
        if framed:
            conf = 0.55 + 0.25 * min(1.0, (border_d - inner_d) / 0.25) + 0.2 * (cov - 0.85) / 0.15
        elif intaglio:
            conf = 0.55
        else:
            conf = 0.15
        geom = (rect[0], (rect[1][0] / 2, rect[1][1] / 2), rect[2])
        shape: SealShape = "square"
    else:
        if len(contour) < 5 or not (_ROUND_MM[0] <= long_mm):
            return None
        (ecx, ecy), (ea, eb), eang = cv2.fitEllipse(contour)
        if min(ea, eb) <= 0:
            return None
        ratio = min(ea, eb) / max(ea, eb)
        centre = (ecx - x0, ecy - y0)
        rho = _ellipse_radius_map(crop.shape, centre, (ea / 2, eb / 2), eang)
        ring_d = _band_density(crop, rho, 0.86, 1.04)
        text_d = _band_density(crop, rho, 0.45, 0.8)
        centre_d = _band_density(crop, rho, 0.0, 0.4)
        cov = _ring_coverage(crop, rho, centre, 0.84, 1.06)
        metrics.update(
            ratio=round(ratio, 3), ring_cov=round(cov, 3), ring_d=round(ring_d, 3),
            text_d=round(text_d, 3), centre_d=round(centre_d, 3),
        )
        if ratio < 0.5 or circularity < 0.7:
            return None
        shape = "round" if ratio >= 0.86 else "oval"
        # Ring structure: a closed outer ring clearly denser than the text band,
        # with some (not solid) ink inside.
        contrast = ring_d - max(text_d, centre_d * 0.8)
        # Inside ink: the text band, or the star/emblem when the text hugs the
        # ring (some seals put the name at 0.8-0.95 of the radius).
        inside = max(text_d, centre_d)
        structured = cov >= 0.7 and contrast > 0.08 and 0.02 <= inside and text_d <= 0.55
        if structured:
            conf = (
                0.45
                + 0.25 * min(1.0, contrast / 0.35)
                + 0.2 * min(1.0, (cov - 0.7) / 0.25)
                + 0.1 * min(1.0, (circularity - 0.7) / 0.2)
            )
        elif cov >= 0.85 and 0.02 <= inside and text_d <= 0.75 and fill < 0.8:
            # Round, closed, but the ring does not stand out: an emblem or a
            # badly faded seal. Keep it, with low confidence.
            conf = 0.35
        else:
            conf = 0.1
        geom = ((ecx, ecy), (ea / 2, eb / 2), eang)
    # Thick solid red, or red on a coloured background, is an object in a photo.
    if stroke_mm > 2.2 or paper < 0.5:
        conf = min(conf, 0.1)
    elif stroke_mm > 1.4 or paper < 0.7:
        conf -= 0.2
    # Pages dominated by red (photos, posters) need stronger evidence.
    if red_share > 0.08:
        conf -= 0.15 if red_share < 0.2 else 0.3
    metrics["red_share"] = round(red_share, 4)
    return shape, float(np.clip(conf, 0.0, 1.0)), geom, metrics


def _remove_red_rules(mask: np.ndarray, ppm_work: float) -> np.ndarray:
    """Mask without long straight horizontal/vertical red lines (frames, rules).

    A seal ring has no straight run longer than ~15 mm (the flat top of a 45 mm
    ring with a thick stroke), so runs of 25 mm and more are printed lines.
    A small perpendicular dilation keeps slightly skewed lines in one run.
    """
    n = max(15, int(round(25.0 * ppm_work)))
    out = mask.copy()
    for long_k, thick_k in (((n, 1), (1, 3)), ((1, n), (3, 1))):
        thick = cv2.dilate(mask, np.ones(thick_k[::-1], np.uint8))
        run = cv2.morphologyEx(thick, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, long_k))
        if run.any():
            run = cv2.dilate(run, np.ones((3, 3), np.uint8))
            out[run > 0] = 0
    return out


def find_seals(image_bgr: np.ndarray, min_confidence: float = 0.3) -> list[SealCandidate]:
    """Red seals on a page image, most confident first.

    Candidates below `min_confidence` are dropped: 0.3 keeps emblem-like round red
    marks (confidence ~0.35) for the caller to judge; use 0.5 for "surely a seal".
    """
    img = _as_bgr(image_bgr)
    small, scale = downscale(img, _WORK_LONG_SIDE)
    ppm_work = _px_per_mm(img.shape) * scale
    out = _detect(img, small, scale, ppm_work, red_mask(small), min_confidence)
    if not out:
        # Washed-out / low-contrast scans: seal ink barely saturated. Same ring
        # test on a fainter mask; capped so it never looks like a crisp seal.
        faint = _detect(img, small, scale, ppm_work, faint_red_mask(small), min_confidence, faint=True)
        out = faint
    return out


def _detect(
    img: np.ndarray, small: np.ndarray, scale: float, ppm_work: float, raw: np.ndarray,
    min_confidence: float, faint: bool = False,
) -> list[SealCandidate]:
    red_share = float((raw > 0).mean())
    if red_share < 1e-4:
        return []
    # Red frames and rules (licence borders, red-lined forms) would join every
    # seal touching them into one page-sized blob, and a closed frame hides all
    # marks inside it from the outer-contour search. Remove them first.
    raw = _remove_red_rules(raw, ppm_work)
    # Closing joins a broken, faded ring and the characters into one blob;
    # ~1.2 mm is below the gap between a seal and nearby text lines.
    k = max(3, int(round(1.2 * ppm_work)) | 1)
    closed = cv2.morphologyEx(raw, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    min_area = (_SQUARE_MM[0] * ppm_work) ** 2 * 0.5
    out: list[SealCandidate] = []
    for cnt in contours:
        if cv2.contourArea(cnt) < min_area * 0.3 and cv2.boundingRect(cnt)[2] * cv2.boundingRect(cnt)[3] < min_area:
            continue
        res = _analyse(cnt, raw, small, ppm_work, red_share)
        if res is None:
            continue
        shape, conf, geom, metrics = res
        if faint:
            conf = min(conf, 0.6)
            metrics["faint"] = True
        if conf < min_confidence:
            continue
        x, y, w, h = cv2.boundingRect(cnt)
        inv = 1.0 / scale
        bbox = (x * inv, y * inv, min(img.shape[1], (x + w) * inv), min(img.shape[0], (y + h) * inv))
        (cx, cy), (ax, ay), ang = geom
        out.append(
            SealCandidate(
                bbox=bbox,
                shape=shape,
                confidence=round(conf, 3),
                centre=(cx * inv, cy * inv),
                axes=(ax * inv, ay * inv),
                angle=float(ang),
                metrics=metrics,
            )
        )
    out.sort(key=lambda c: -c.confidence)
    # More than a handful of "seals" on one page means red texture, not seals.
    if len(out) > 6:
        out = [c for c in out if c.confidence >= 0.7][:6]
    return out


# ---------------------------------------------------------------- removal


def remove_red(image_bgr: np.ndarray) -> np.ndarray:
    """Copy of the page with red ink replaced by paper colour; black text survives.

    Red ink passes red light, so in a red pixel the R channel is what the paper
    (or black text under the seal) looks like. Setting the pixel to its R value,
    tinted like the paper, erases the seal and keeps text under it dark. Real
    ink also dims the red a little, so R is first brightened until the ink's
    typical R reaches the paper's: no grey ghost of the ring and star is left
    to distract text detection.
    """
    img = _as_bgr(image_bgr)
    mask = red_mask(img, loose=True)
    if not mask.any():
        return img.copy()
    # Catch the pink anti-aliased rim of the strokes.
    mask = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    step = max(1, (img.shape[0] * img.shape[1]) // 20000)
    paper = np.median(img.reshape(-1, 3)[::step], axis=0).astype(np.float64)
    tint = paper / max(float(paper[2]), 1.0)
    ink_r = float(np.median(img[..., 2][mask > 0]))
    gain = max(1.0, float(paper[2]) / max(ink_r, 1.0))
    r = cv2.convertScaleAbs(img[..., 2], alpha=gain)
    # R scaled by the paper tint: paper stays paper-coloured, black stays black.
    repl = cv2.merge([cv2.convertScaleAbs(r, alpha=float(tint[0])),
                      cv2.convertScaleAbs(r, alpha=float(tint[1])), r])
    out = img.copy()
    cv2.copyTo(repl, mask, out)
    return out


# ---------------------------------------------------------------- seal text


def _red_ink_image(crop_bgr: np.ndarray) -> np.ndarray:
    """Grey image with the red ink as black on white, everything else white.

    Black text under the seal would confuse the OCR of the seal text, so only
    how red a pixel is counts.
    """
    b = crop_bgr[..., 0].astype(np.float32)
    g = crop_bgr[..., 1].astype(np.float32)
    r = crop_bgr[..., 2].astype(np.float32)
    redness = np.clip(r - np.maximum(g, b), 0, 255)
    top = float(np.percentile(redness, 99)) if redness.size else 0.0
    if top < 10:
        return np.full(crop_bgr.shape[:2], 255, np.uint8)
    ink = np.clip(redness / (top * 0.7), 0, 1)
    return (255 - ink * 255).astype(np.uint8)


def _grid_order(lines: list[OcrLine]) -> Optional[str]:
    """Text of a 2x2 character grid in traditional order (right column top-down,
    then left column), when the OCR read it row by row.

    Square name seals (王建国印) are laid out in columns; row reading gives 国王印建.
    Column order wins unless only the row order ends in 印/章.
    """
    chars: list[tuple[float, float, str]] = []
    for l in lines:
        t = l.text.strip()
        if not t:
            continue
        x0, y0, x1, y1 = l.box
        step = (x1 - x0) / len(t)
        chars += [(x0 + step * (i + 0.5), (y0 + y1) / 2, ch) for i, ch in enumerate(t)]
    if len(chars) != 4:
        return None
    by_y = sorted(chars, key=lambda c: c[1])
    rows = [sorted(by_y[:2], key=lambda c: c[0]), sorted(by_y[2:], key=lambda c: c[0])]
    if abs(rows[0][0][1] - rows[0][1][1]) > abs(rows[0][0][1] - rows[1][0][1]) * 0.5:
        return None  # not two clean rows
    row_text = rows[0][0][2] + rows[0][1][2] + rows[1][0][2] + rows[1][1][2]
    col_text = rows[0][1][2] + rows[1][1][2] + rows[0][0][2] + rows[1][0][2]
    if row_text[-1] in "印章" and col_text[-1] not in "印章":
        return row_text
    return col_text


def _ocr_text(engine: OcrEngine, image: np.ndarray, grid: bool = False) -> tuple[str, float]:
    lines: list[OcrLine] = engine.read(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image)
    if not lines:
        return "", 0.0
    text = (_grid_order(lines) if grid else None) or "".join(l.text for l in lines)
    n = sum(len(l.text) for l in lines)
    conf = sum(l.confidence * len(l.text) for l in lines) / max(n, 1)
    return text, float(conf)


def _polar(ink_bright: np.ndarray, centre: tuple[float, float], radius: float) -> np.ndarray:
    """warpPolar of a bright-ink image: rows = angle (0 deg = +x, clockwise since y
    points down), columns = radius 0..radius. Sampled so the text band keeps
    roughly its original pixel size."""
    n_ang = int(max(360, 2 * math.pi * radius * 0.75))
    n_rad = int(max(32, radius))
    return cv2.warpPolar(
        ink_bright, (n_rad, n_ang), centre, radius,
        cv2.WARP_POLAR_LINEAR | cv2.INTER_LINEAR | cv2.WARP_FILL_OUTLIERS,
    )


def _text_band(polar: np.ndarray) -> tuple[int, int]:
    """Columns (radii) of the curved text band: inside the outer ring, outside the star.

    The outer ring is the strongest peak of the radial ink profile near the
    edge; the band ends just inside it, and spans ~40 % of the radius.
    """
    n_rad = polar.shape[1]
    prof = polar.mean(axis=0).astype(np.float32)
    outer = prof[int(0.8 * n_rad):]
    if outer.size == 0 or outer.max() <= 0:
        return int(0.5 * n_rad), int(0.92 * n_rad)
    peak = int(0.8 * n_rad) + int(np.argmax(outer))
    half = prof[peak] * 0.5
    inner = peak
    while inner > int(0.7 * n_rad) and prof[inner] > half:
        inner -= 1
    hi = max(int(0.75 * n_rad), inner - int(0.01 * n_rad))
    lo = max(0, hi - int(0.42 * n_rad))
    return lo, hi


def _gap_start(band: np.ndarray) -> float:
    """Angle (deg) at the middle of the widest empty sector of the text band.

    Seals are stamped at any angle; the text arc leaves a gap (at the bottom on
    an upright seal), and unrolling from the middle of the gap keeps the name in
    one piece.
    """
    n = band.shape[0]
    prof = band.mean(axis=1).astype(np.float32)
    k = max(3, n // 90)
    prof = np.convolve(np.concatenate([prof[-k:], prof, prof[:k]]), np.ones(k) / k, mode="same")[k:-k]
    empty = prof < max(4.0, 0.15 * float(prof.max()))
    if empty.all() or not empty.any():
        return 90.0
    # Longest circular run of empty rows.
    doubled = np.concatenate([empty, empty])
    best_len, best_end, run = 0, 0, 0
    for i, e in enumerate(doubled):
        run = run + 1 if e else 0
        if run > best_len and run <= n:
            best_len, best_end = run, i
    mid = (best_end - best_len / 2.0) % n
    if best_len < n * 0.05:  # no real gap: text all round, assume upright
        return 90.0
    return float(mid) / n * 360.0


def _unroll(polar: np.ndarray, lo: int, hi: int, start_deg: float) -> np.ndarray:
    """Straight strip of the band, reading direction left to right, tops up.

    Rolling the rows makes the strip start at `start_deg`; rotating the band 90
    degrees counter-clockwise turns the outward-facing character tops up and
    the clockwise reading direction into left-to-right.
    """
    n_ang = polar.shape[0]
    shift = int(round(start_deg / 360.0 * n_ang))
    band = np.roll(polar, -shift, axis=0)[:, lo:hi]
    return cv2.rotate(band, cv2.ROTATE_90_COUNTERCLOCKWISE)


def _pad(img: np.ndarray, frac: float = 0.25) -> np.ndarray:
    p = int(max(8, frac * img.shape[0]))
    return cv2.copyMakeBorder(img, p, p, p, p, cv2.BORDER_CONSTANT, value=255)


def read_seal_text(image_bgr: np.ndarray, seal: SealCandidate, engine: OcrEngine) -> tuple[Optional[str], float]:
    """OCR the text of a seal: (text or None, mean confidence 0-1).

    Round/oval: polar unwrap of the band between ~0.5 and ~0.97 of the radius,
    starting at the bottom of the seal so the upper-arc text (read clockwise from
    the lower left) lands in one piece in the middle of the strip. A second pass
    in the other direction is tried only when the first read is weak.
    Square: the red ink of the crop directly, at 0/90/270 degrees until one reads well.
    """
    img = _as_bgr(image_bgr)
    x0, y0, x1, y1 = (int(round(v)) for v in seal.bbox)
    m = int(0.05 * max(x1 - x0, y1 - y0))
    x0, y0 = max(0, x0 - m), max(0, y0 - m)
    x1, y1 = min(img.shape[1], x1 + m), min(img.shape[0], y1 + m)
    crop = img[y0:y1, x0:x1]
    if crop.size == 0:
        return None, 0.0
    ink = _red_ink_image(crop)

    tries: list[tuple[str, float]] = []
    if seal.shape == "square":
        for rot in (None, cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_90_COUNTERCLOCKWISE):
            view = ink if rot is None else cv2.rotate(ink, rot)
            tries.append(_ocr_text(engine, _pad(view), grid=True))
            if tries[-1][1] >= 0.85 and len(tries[-1][0]) >= 2:
                break
    else:
        cx, cy = seal.centre[0] - x0, seal.centre[1] - y0
        ax, ay = seal.axes
        if seal.shape == "oval" and min(ax, ay) > 0:
            # Stretch the ellipse to a circle first so the polar band is even.
            big = max(ax, ay)
            rot = cv2.getRotationMatrix2D((cx, cy), seal.angle, 1.0)
            ink = cv2.warpAffine(ink, rot, (ink.shape[1], ink.shape[0]), borderValue=255)
            sx, sy = big / max(ax, 1.0), big / max(ay, 1.0)
            w2, h2 = int(ink.shape[1] * sx), int(ink.shape[0] * sy)
            ink = cv2.resize(ink, (w2, h2), interpolation=cv2.INTER_LINEAR)
            ink = cv2.warpAffine(ink, cv2.getRotationMatrix2D((cx * sx, cy * sy), -seal.angle, 1.0),
                                 (w2, h2), borderValue=255)
            cx, cy = cx * sx, cy * sy
            radius = big
        else:
            radius = (ax + ay) / 2 if ax > 0 else (x1 - x0) / 2
        # warpPolar fills outside with black; invert so ink is bright, then back.
        polar = _polar(255 - ink, (cx, cy), radius * 1.04)
        lo, hi = _text_band(polar)
        start = _gap_start(polar[:, lo:hi])
        strip = 255 - _unroll(polar, lo, hi, start)
        tries.append(_ocr_text(engine, _pad(strip)))
        best = tries[-1]
        if best[1] < 0.8 or len(best[0]) < 4:
            # Text read counter-clockwise (bottom arc): mirror the angle order.
            tries.append(_ocr_text(engine, _pad(cv2.rotate(strip, cv2.ROTATE_180))))
    text, conf = max(tries, key=lambda tc: (tc[1] * min(len(tc[0]), 12), tc[1]))
    text = text.strip()
    if not text:
        return None, 0.0
    return text, round(conf, 3)


# ---------------------------------------------------------------- matching

_SEAL_WORDS = re.compile(r"(合同|财务|发票|业务|行政|人事)?专用章|公章|印章|[★☆*]")
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def _comparable_name(name: str) -> str:
    """NFKC, drop punctuation/whitespace and seal-type words (合同专用章 etc.)."""
    s = unicodedata.normalize("NFKC", name or "")
    s = s.replace("(", "").replace(")", "")
    s = _SEAL_WORDS.sub("", s)
    return _PUNCT.sub("", s)


def company_similarity(seal_text: Optional[str], company_name: Optional[str]) -> float:
    """0-1 similarity between the text read from a seal and the company name.

    Seal text often carries extra words or loses a character at the ends, so a
    partial alignment counts, but only in proportion to how much of the name it
    covers (so "有限公司" alone does not match every company).
    """
    from rapidfuzz import fuzz

    a, b = _comparable_name(seal_text or ""), _comparable_name(company_name or "")
    if not a or not b:
        return 0.0
    full = fuzz.ratio(a, b) / 100.0
    partial = fuzz.partial_ratio(a, b) / 100.0
    coverage = min(1.0, len(a) / len(b))
    return round(max(full, partial * coverage), 3)
