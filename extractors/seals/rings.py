"""Measures of a ring or frame of ink in a binary mask: the shape evidence of a seal.

All functions work on a crop (uint8 mask, 255 = ink) in crop pixels. An
ellipse is (centre, semi-axes (a along the rotated x axis, b along y), angle
in degrees); its normalised radius map `rho` is 1.0 on the ellipse.
"""
from __future__ import annotations

import math
from typing import Optional

import cv2
import numpy as np

Ellipse = tuple[tuple[float, float], tuple[float, float], float]
SECTORS = 72  # 5-degree sectors


def rho_map(shape: tuple[int, int], ellipse: Ellipse) -> tuple[np.ndarray, np.ndarray]:
    """(normalised elliptical radius, angle in degrees 0-360) of every pixel."""
    (cx, cy), (a, b), angle = ellipse
    hh, ww = shape
    dx = np.arange(ww, dtype=np.float32)[None, :] - cx
    dy = np.arange(hh, dtype=np.float32)[:, None] - cy
    t = math.radians(angle)
    c, s = math.cos(t), math.sin(t)
    u = dx * c + dy * s
    v = -dx * s + dy * c
    a, b = max(a, 1.0), max(b, 1.0)
    rho = np.sqrt((u / a) ** 2 + (v / b) ** 2)
    ang = (np.degrees(np.arctan2(v / b, u / a)) + 360.0) % 360.0
    return rho, ang


def band_density(mask: np.ndarray, rho: np.ndarray, lo: float, hi: float) -> float:
    sel = (rho >= lo) & (rho < hi)
    return float((mask[sel] > 0).mean()) if sel.any() else 0.0


def sector_ink(mask: np.ndarray, rho: np.ndarray, ang: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Ink density of the band lo..hi in each 5-degree sector."""
    band = (rho >= lo) & (rho < hi)
    sector = (ang[band] // (360 / SECTORS)).astype(np.int32).clip(0, SECTORS - 1)
    inked = (mask[band] > 0).astype(np.float64)
    tot = np.bincount(sector, minlength=SECTORS)[:SECTORS].astype(np.float64)
    ink = np.bincount(sector, weights=inked, minlength=SECTORS)[:SECTORS]
    return np.where(tot > 0, ink / np.maximum(tot, 1), 0.0)


def ring_coverage(mask: np.ndarray, rho: np.ndarray, ang: np.ndarray, lo: float, hi: float) -> float:
    """Share of 5-degree sectors with ink in the band: a closed ring ~1.0."""
    return float((sector_ink(mask, rho, ang, lo, hi) > 0).mean())


def longest_gap(sector_has_ink: np.ndarray) -> int:
    """Longest circular run of empty sectors."""
    empty = ~sector_has_ink
    if empty.all():
        return len(empty)
    doubled = np.concatenate([empty, empty])
    best = run = 0
    for e in doubled:
        run = run + 1 if e else 0
        best = max(best, run)
    return min(best, len(empty))


def refine_ellipse(mask: np.ndarray, ellipse: Ellipse, lo: float = 0.7, hi: float = 1.25) -> Optional[Ellipse]:
    """Ellipse through the outer edge of the ring: the outermost ink point of
    every sector within lo..hi of the rough ellipse, fitted with cv2.fitEllipse.

    Robust to a broken ring (empty sectors give no point) and to text inside
    it (only the outermost point counts). None when too few sectors have ink.
    """
    rho, ang = rho_map(mask.shape, ellipse)
    sel = (mask > 0) & (rho >= lo) & (rho < hi)
    ys, xs = np.nonzero(sel)
    if len(xs) < 20:
        return None
    sec = (ang[ys, xs] // (360 / SECTORS)).astype(np.int32).clip(0, SECTORS - 1)
    r = rho[ys, xs]
    order = np.lexsort((-r, sec))  # by sector, outermost first
    first = np.ones(len(order), bool)
    first[1:] = sec[order][1:] != sec[order][:-1]
    pick = order[first]
    if len(pick) < SECTORS * 0.4:
        return None
    # Drop outliers: points far outside the median radius (a stray stroke).
    rr = r[pick]
    med = float(np.median(rr))
    keep = pick[np.abs(rr - med) < 0.12]
    if len(keep) < SECTORS * 0.35:
        return None
    pts = np.stack([xs[keep], ys[keep]], axis=1).astype(np.float32)
    (cx, cy), (w, h), a = cv2.fitEllipse(pts)
    if min(w, h) <= 2:
        return None
    return (cx, cy), (w / 2, h / 2), a


def ring_profile(mask: np.ndarray, ellipse: Ellipse) -> dict:
    """Ring, text-band, centre and outside ink densities and ring coverage."""
    rho, ang = rho_map(mask.shape, ellipse)
    ring = sector_ink(mask, rho, ang, 0.86, 1.04)
    return {
        "ring_d": band_density(mask, rho, 0.86, 1.04),
        "text_d": band_density(mask, rho, 0.45, 0.8),
        "centre_d": band_density(mask, rho, 0.0, 0.4),
        "out_d": band_density(mask, rho, 1.1, 1.3),
        "ring_cov": float((ring > 0).mean()),
        "ring_cov_solid": float((ring > 0.2).mean()),
        "ring_gap": longest_gap(ring > 0) * (360 // SECTORS),
    }


def _rect_coords(shape: tuple[int, ...], rect: tuple, origin: tuple[int, int] = (0, 0)
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(u, v, rho) of every pixel for a rotated rectangle: coordinates along its
    sides from its centre, and the Chebyshev-normalised "radius", 1.0 on its edge.
    `origin` is where an array cut from the page starts: pixel positions are taken
    on the page, so a cut rounds in float32 exactly as the whole page does."""
    (cx, cy), (rw, rh), ang = rect
    hh, ww = shape[:2]
    # (Outer sums of a row and a column: no full index grids to build.)
    dx = np.arange(origin[0], origin[0] + ww, dtype=np.float32)[None, :] - cx
    dy = np.arange(origin[1], origin[1] + hh, dtype=np.float32)[:, None] - cy
    t = math.radians(ang)
    c, s = math.cos(t), math.sin(t)
    u = dx * c + dy * s
    v = -dx * s + dy * c
    return u, v, np.maximum(np.abs(u) / max(rw / 2, 1), np.abs(v) / max(rh / 2, 1))


def square_metrics(mask: np.ndarray, rect: tuple) -> tuple[float, float, float]:
    """(weakest-side border coverage, border density, inner density) for a rotated rectangle.

    A printed frame covers each of its four sides almost end to end; a red
    character (口, 日, 国) touches its own box only in places.
    """
    (cx, cy), (rw, rh), ang = rect
    # Only the pixels within 1.06 of the half-size count: work in their bounding box.
    t = math.radians(ang)
    a, b = max(rw / 2, 1.0) * 1.06, max(rh / 2, 1.0) * 1.06
    ex = a * abs(math.cos(t)) + b * abs(math.sin(t)) + 2
    ey = a * abs(math.sin(t)) + b * abs(math.cos(t)) + 2
    x0, y0 = max(0, int(cx - ex)), max(0, int(cy - ey))
    mask = mask[y0:max(y0, int(cy + ey) + 2), x0:max(x0, int(cx + ex) + 2)]
    u, v, rho = _rect_coords(mask.shape, rect, (x0, y0))
    ink = mask > 0
    border = (rho >= 0.9) & (rho < 1.05)
    inner = rho < 0.75
    n_border, n_inner = np.count_nonzero(border), np.count_nonzero(inner)
    bd = np.count_nonzero(border & ink) / n_border if n_border else 0.0
    idn = np.count_nonzero(inner & ink) / n_inner if n_inner else 0.0
    return min(_side_covs(u[ink], v[ink], rw, rh)), float(bd), float(idn)


def _side_covs(ui: np.ndarray, vi: np.ndarray, rw: float, rh: float) -> list[float]:
    """Coverage of each side (top, bottom, left, right) of a rectangle: the share of
    its length (in 20 steps) with ink in the side's band, from ink pixels' frame coordinates."""
    covs = []
    for axis_n, axis_t, half_n, half_t in ((vi, ui, rh / 2, rw / 2), (ui, vi, rw / 2, rh / 2)):
        for sign in (-1.0, 1.0):
            band = (sign * axis_n >= 0.86 * half_n) & (sign * axis_n < 1.06 * half_n) & (np.abs(axis_t) < half_t)
            pos = ((axis_t[band] / max(half_t, 1) + 1) * 10).astype(np.int32).clip(0, 19)
            covs.append(float((np.bincount(pos, minlength=20)[:20] > 0).mean()))
    return covs


def side_coverage(mask: np.ndarray, rect: tuple) -> list[float]:
    """Coverage of each of a rotated rectangle's four sides (as square_metrics measures its weakest)."""
    u, v, _ = _rect_coords(mask.shape, rect)
    ink = mask > 0
    return _side_covs(u[ink], v[ink], rect[1][0], rect[1][1])


def rect_band(mask: np.ndarray, rect: tuple, lo: float, hi: float) -> float:
    """Ink density in the band between `lo` and `hi` of a rotated rectangle's half-size."""
    rho = _rect_coords(mask.shape, rect)[2]
    band = (rho >= lo) & (rho < hi)
    return float((mask[band] > 0).mean()) if band.any() else 0.0


def band_outside(mask: np.ndarray, rect: tuple, per_side: bool = False):
    """Ink density just outside a rotated rectangle (1.1-1.3 of its half-size)."""
    rw, rh = rect[1]
    u, v, rho = _rect_coords(mask.shape, rect)
    band = (rho >= 1.1) & (rho < 1.3)
    if not per_side:
        return float((mask[band] > 0).mean()) if band.any() else 1.0
    # Per side (the band's four trapezoids, corners to the nearer side's
    # neighbour), sorted: a signature or a line of text crosses one or two
    # sides, texture all four.
    au, av = np.abs(u) / max(rw / 2, 1), np.abs(v) / max(rh / 2, 1)
    out = []
    for side in ((au >= av) & (u < 0), (au >= av) & (u >= 0), (au < av) & (v < 0), (au < av) & (v >= 0)):
        sel = band & side
        out.append(float((mask[sel] > 0).mean()) if sel.any() else 1.0)
    return sorted(out)


def remove_rules(mask: np.ndarray, ppm: float, length_mm: float = 25.0) -> np.ndarray:
    """Mask without long straight horizontal/vertical lines (frames, rules, table grids).

    A seal ring has no straight run longer than ~15 mm (the flat top of a 45 mm
    ring with a thick stroke), and a square seal's side is at most ~25 mm, so
    runs of `length_mm` and more are printed lines. A small perpendicular
    dilation keeps slightly skewed lines in one run.
    """
    n = max(15, int(round(length_mm * ppm)))
    out = mask.copy()
    across = max(7, int(round(2.0 * ppm)) | 1)  # wider than a rule and its removal margin
    crossing = max(5, int(round(2.0 * ppm)))  # longest stretch of a rule a crossing stroke covers
    for long_k, thick_k in (((n, 1), (1, 3)), ((1, n), (3, 1))):
        thick = cv2.dilate(mask, np.ones(thick_k[::-1], np.uint8))
        run = cv2.morphologyEx(thick, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, long_k))
        if run.any():
            run = cv2.dilate(run, np.ones((3, 3), np.uint8))
            out[run > 0] = 0
            # A stroke crossing the rule (a seal's ring, a character) would be
            # cut in two: where ink goes on right across on both sides, put
            # the crossing back, so a ring stamped over a table stays closed.
            # Only short stretches: a long one is a rule between lines of print.
            perp = (1, across) if long_k[1] == 1 else (across, 1)
            bridged = cv2.morphologyEx(out, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, perp))
            back = bridged & run & mask
            along = (crossing, 1) if long_k[1] == 1 else (1, crossing)
            back &= ~cv2.morphologyEx(back, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, along))
            out |= back
    return out


def robust_ellipse(mask: np.ndarray, ellipse: Ellipse, iterations: int = 120) -> tuple[Optional[Ellipse], float]:
    """RANSAC ellipse through the outer edge of a ring: (ellipse, inlier share of sectors).

    The outermost ink point of each 2.5-degree sector (within 0.6-1.45 of the
    rough ellipse) is a sample of the ring's outer edge, unless something
    sticks out there: a square personal seal stamped across the ring, a
    signature, a line of text. Least squares bends towards those; RANSAC
    takes the ellipse most sector points agree with (within ~3% of the
    radius) and refits it on them, so the ring keeps its true size and the
    rest is left as residual ink.
    """
    rho, ang = rho_map(mask.shape, ellipse)
    sel = (mask > 0) & (rho >= 0.6) & (rho < 1.45)
    ys, xs = np.nonzero(sel)
    n_sec = 144
    if len(xs) < 20:
        return None, 0.0
    sec = (ang[ys, xs] // (360 / n_sec)).astype(np.int32).clip(0, n_sec - 1)
    r = rho[ys, xs]
    order = np.lexsort((-r, sec))
    first = np.ones(len(order), bool)
    first[1:] = sec[order][1:] != sec[order][:-1]
    pick = order[first]
    if len(pick) < n_sec * 0.3:
        return None, 0.0
    pts = np.stack([xs[pick], ys[pick]], axis=1).astype(np.float32)
    (_, _), (a0, b0), _ = ellipse
    fit, n_in = ransac_ellipse(pts, max(a0, b0), iterations)
    return fit, n_in / n_sec


def ransac_ellipse(pts: np.ndarray, size: float, iterations: int = 120) -> tuple[Optional[Ellipse], int]:
    """(ellipse most points agree with, within ~3% of its radius, refitted on them; number of inliers).

    `size`: the rough semi-major axis; ellipses far from it are not considered.
    """
    rng = np.random.default_rng(0)

    def inliers(e) -> np.ndarray:
        (cx, cy), (w, h), t = e
        a, b = max(w / 2, 1.0), max(h / 2, 1.0)
        t = math.radians(t)
        dx, dy = pts[:, 0] - cx, pts[:, 1] - cy
        u = dx * math.cos(t) + dy * math.sin(t)
        v = -dx * math.sin(t) + dy * math.cos(t)
        d = np.sqrt((u / a) ** 2 + (v / b) ** 2)
        return np.abs(d - 1.0) * min(a, b) < max(1.5, 0.03 * min(a, b))

    best, best_n = None, 0
    for _ in range(iterations):
        idx = rng.choice(len(pts), 6, replace=False)
        try:
            e = cv2.fitEllipse(pts[idx])
        except cv2.error:
            continue
        w, h = e[1]
        if not (0.5 * size <= max(w, h) / 2 <= 1.3 * size) or min(w, h) < 0.45 * max(w, h):
            continue
        inl = inliers(e)
        n = int(inl.sum())
        if n > best_n:
            best, best_n = inl, n
            if n >= 0.9 * len(pts):  # a clean ring: no need to look further
                break
    if best is None or best_n < 12:
        return None, 0
    e = cv2.fitEllipse(pts[best])
    inl = inliers(e)
    if inl.sum() >= 12:
        e = cv2.fitEllipse(pts[inl])
    (cx, cy), (w, h), t = e
    return ((cx, cy), (w / 2, h / 2), t), int(inliers(e).sum())
