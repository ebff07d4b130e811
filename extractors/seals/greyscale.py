"""Seals found by shape alone: rings and square frames of seal size in dark ink.

For greyscale copies (and any ink mask where colour did not settle it, e.g.
two overlapping red seals): elliptical holes in the ink (the paper walled in
by a ring) and Hough voting propose centres, then a ring tracker follows the
ring round the centre in polar coordinates (dynamic programming over the
angle, so it bends to an oval and bridges gaps), an ellipse is fitted through
the track (and the track re-centred on it while that moves it), and the
candidate must show the anatomy of a seal: a thin closed line of ink (not a
filled disc, not texture), paper right outside it, and a band of text inside.
Square seals: a closed frame of 15-25 mm with large characters filling it, or
a solid intaglio block (blocks.py); table grids and form borders are removed
first as long straight rules. Whatever the shape, it must lie on the page's
paper (a ring or a square in a photo lies on the photo's grey).
Seals the copier washed out to a few grey levels above the paper are looked
for once more in pale ink, smoothed against the paper's grain (`pale_rings`).
"""
from __future__ import annotations

import math
from typing import Optional

import cv2
import numpy as np

from extractors.geometry import normalise_background, to_grey

from . import blocks
from .model import ROUND_MM, SealShape, shrink
from .rings import (Ellipse, band_density, band_outside, ransac_ellipse, remove_rules, rho_map,
                    ring_profile, sector_ink, square_metrics)

_N_ANG = 180  # ring tracker: 2-degree steps
# Mean share of its length a frame's sides run straight for it to pass with a crowded inside (frames_by_sides).
STRAIGHT_SIDES = 0.85
# Most ink in the strip (MARGIN_MM wide) just inside the inner edge of a frame found by its sides in a
# copy: a seal's margin, thinned by bold or blurred characters (~0.55-0.87 on 16-20 mm name seals
# stamped bold); a blurred QR code or picture has no inner edge (1.0: its rows stay dense further in
# from its side than LINE_MM, half the boldest blurred frame line).
INNER_MARGIN_INK, MARGIN_MM, LINE_MM = 0.9, 0.5, 2.0
# Widest break in a frame's side bridged when its straight runs are looked for (frames_by_sides), and
# the least share of its length each bridged side must then run straight.
SIDE_GAP_MM, BRIDGED_RUNS, BRIDGED_SPREAD = 1.0, 0.8, (0, -4, 4)
# Longest outline (times the largest frame) a frame fused with a signature is looked for in, and the turns
# tried round the outline's own (the pen strokes set the outline's turn, not the frame's).
FUSED_LONG, FUSED_TURNS = 2.5, (0, -5, 5)
# Pixel noise (grey levels, robust sigma) from which a copy is grainy, and the blur (mm) that evens it out
# (seed 9920: a grainy copy ~20 levels, whose grain drowned a ring at 0.8 of the paper; 150 pages of seed
# 9918, photos and copies: 1-7).
NOISY, DENOISE_MM = 12.0, 0.4
# Band (share of the radius) a seal's arc of text lies in, and the least ink in it for a ring on a smoothed
# grainy copy: the blur leaves a round frame round a solid disc (a portrait, an emblem) looking like a seal
# but for an empty band (0.0; seals on grainy copies: 0.18-0.48, one whose text had worn to specks 0.037).
TEXT_ARC, ARC_INK = (0.6, 0.84), 0.015
# Least share of 5-degree sectors with text-band ink (over 0.1) for an exact ring no denser than its text:
# a seal's name runs along its ring (seed 9920: a brown oval over a table, 0.81), a printed name inside an
# oval (a logo) lies across its middle (0.33-0.38).
TEXT_ALL_ROUND = 0.6
Found = tuple[tuple, SealShape, float, dict]  # (geometry, shape, confidence, metrics)


def paper_normalised(small_bgr: np.ndarray, ppm: float, smooth_grain: bool = True) -> np.ndarray:
    """Grey page divided by its local paper level (paper ~250 whatever its shade).

    With `smooth_grain` (the shape passes, for greyscale copies), a grainy
    page is smoothed over DENOISE_MM first: its grain would pass any cut a
    pale seal's ring passes, and the local paper level (a closing) would
    follow the grain's peaks. The colour passes turn it off: there colour
    finds the seal, and the blur would only spread a pale red stroke's dark ink.
    """
    grey = to_grey(small_bgr)
    if smooth_grain and grainy(grey):
        grey = cv2.GaussianBlur(grey, (0, 0), DENOISE_MM * ppm)
    k = max(15, int(round(7 * ppm)) | 1)  # wider than any stroke
    return normalise_background(grey, kernel=k)


def grainy(grey: np.ndarray) -> bool:
    """Is a grey page a grainy copy (pixel noise of NOISY levels and more)?"""
    return _pixel_noise(grey) >= NOISY


def _pixel_noise(grey: np.ndarray) -> float:
    """Robust sigma of the page's pixel noise: from differences of horizontal
    neighbours on every 4th row (paper between strokes dominates them)."""
    rows = grey[::4].astype(np.int16)
    d = (rows[:, 1:] - rows[:, :-1]).ravel()[::3]
    if d.size == 0:  # a page one pixel wide has no neighbours
        return 0.0
    return 1.4826 * float(np.median(np.abs(d))) / math.sqrt(2.0)


def dark_ink(small_bgr: np.ndarray, ppm: float, darkness: Optional[float] = 0.8,
             norm: Optional[np.ndarray] = None, smooth_grain: bool = True) -> np.ndarray:
    """Mask of ink darker than the local paper: black print and grey seal ink alike.

    `darkness` is the share of the local paper level below which a pixel is
    ink; None adapts it to the page: as pale as the paper's own noise allows
    (4 sigma below it), between 0.8 and 0.93, so a light grey seal on a clean
    copy (~0.9 of the paper) counts and a noisy copy's grain does not.
    `norm`: `paper_normalised` of the page if the caller has it; `smooth_grain` as there.
    """
    norm = paper_normalised(small_bgr, ppm, smooth_grain) if norm is None else norm
    if darkness is None:
        sample = norm[::3, ::3]
        paper = sample[sample > 200].astype(np.float32)
        if paper.size:
            sigma = 1.4826 * float(np.median(np.abs(paper - np.median(paper)))) / 255.0
            darkness = float(np.clip(1.0 - max(0.07, 4.0 * sigma), 0.8, 0.93))
        else:
            darkness = 0.8
    return (norm < int(255 * darkness)).astype(np.uint8) * 255


def track_ring(mask: np.ndarray, centre: tuple[float, float], r0: float, lo: float = 0.55, hi: float = 1.45
               ) -> Optional[tuple[np.ndarray, np.ndarray, float]]:
    """Follow a ring of ink round `centre`: (xs, ys, support) of the best closed track.

    Polar image rows are angles (2 degrees), columns radii lo*r0..hi*r0; the
    track may move at most 2 px in radius per step, so it follows a circle or
    an ellipse and crosses a gap in the ring straight, not into nearby text.
    Support is the share of angles where the track sits on ink.
    """
    n_rad = int(max(16, hi * r0))
    # WARP_FILL_OUTLIERS: without it the samples beyond the crop are left
    # uninitialised, and a ring near the page edge is tracked differently run to run.
    polar = cv2.warpPolar(mask, (n_rad, _N_ANG), centre, hi * r0,
                          cv2.WARP_POLAR_LINEAR | cv2.INTER_NEAREST | cv2.WARP_FILL_OUTLIERS)
    j0 = int(lo / hi * n_rad)
    score = (polar[:, j0:] > 0).astype(np.float32)
    if score.shape[1] < 5:
        return None
    # Slight preference for the outside: the ring encloses the text.
    score += np.linspace(0.0, 0.15, score.shape[1], dtype=np.float32)[None, :]
    rows = np.concatenate([score, score[: _N_ANG // 4]])  # 1.25 turns: the start is free
    n, m = rows.shape
    # Best track score ending at (angle i, radius j); the radius moves <= 2 px a step.
    acc = np.empty_like(rows)
    acc[0] = rows[0]
    kernel = np.ones((1, 5), np.uint8)
    for i in range(1, n):
        acc[i] = cv2.dilate(acc[i - 1][None, :], kernel).ravel() + rows[i]
    path = np.empty(n, np.int32)
    j = int(np.argmax(acc[n - 1]))
    table = acc.tolist()  # (a 5-wide argmax per step: plain lists are several times faster than numpy calls)
    for i in range(n - 1, -1, -1):
        path[i] = j
        if i:
            lo = max(0, j - 2)
            window = table[i - 1][lo:j + 3]
            j = lo + window.index(max(window))
    path = path[n - _N_ANG:]  # the last full turn
    ang_idx = (np.arange(n - _N_ANG, n) % _N_ANG)
    on = (polar[ang_idx, j0 + path] > 0)
    rad = (j0 + path + 0.5) * (hi * r0) / n_rad
    theta = ang_idx * (2 * math.pi / _N_ANG)
    xs = centre[0] + rad * np.cos(theta)
    ys = centre[1] + rad * np.sin(theta)
    return xs[on], ys[on], float(on.mean())


Track = tuple[Ellipse, np.ndarray, np.ndarray, float]  # (fitted ellipse, track xs, ys, support)


def fit_track(mask: np.ndarray, centre: tuple[float, float], r0: float) -> Optional[Track]:
    """Track a ring round `centre` (crop coordinates) and fit an ellipse through the track."""
    tr = track_ring(mask, centre, r0)
    if tr is None:
        return None
    xs, ys, support = tr
    if len(xs) < _N_ANG * 0.45:
        return None
    pts = np.stack([xs, ys], 1).astype(np.float32)
    (cx, cy), (w, h), ang = cv2.fitEllipse(pts)
    if min(w, h) < 4:
        return None
    # Where the ring has a gap (cut by a removed rule, worn away) the track
    # runs along the text inside it and drags the least-squares fit inwards:
    # then the ellipse most of the track (70%: a ring with a gap, not texture
    # half of which some ellipse fits) agrees with is the ring's. (Not for a
    # track mostly off ink: no ring is judged on that, whatever its fit.)
    ell = ((cx, cy), (w / 2, h / 2), ang)
    if support >= 0.5 and (np.abs(_track_rho(pts, ell) - 1.0) <= 0.04).mean() < 0.8:
        rob, n_in = ransac_ellipse(pts, max(w, h) / 2, 25)
        if rob is not None and n_in >= 0.7 * len(pts) and min(rob[1]) >= 2:
            ell = rob
    return ell, xs, ys, support


def _track_rho(pts: np.ndarray, ell: Ellipse) -> np.ndarray:
    """Normalised elliptical radius of points (1.0 on the ellipse)."""
    (cx, cy), (a, b), ang = ell
    t = math.radians(ang)
    dx, dy = pts[:, 0] - cx, pts[:, 1] - cy
    return np.hypot((dx * math.cos(t) + dy * math.sin(t)) / max(a, 1.0),
                    (-dx * math.sin(t) + dy * math.cos(t)) / max(b, 1.0))


def settle_ring(mask: np.ndarray, centre: tuple[float, float], r0: float, ppm: float, colour: bool
                ) -> Optional[Found]:
    """Track, fit and judge a proposed ring (mask coordinates), re-centred on its own fit when that fails.

    A proposed centre is rough (an oval spreads its votes; text inside pulls
    them), and tracked from a wrong centre the ring is half out of reach, so
    the track runs partly along the text band. The ellipse fitted through it
    is still nearer the ring's: track again from its centre, with a radius a
    little beyond its size (the ring encloses the text), until it settles.
    """
    cx, cy, r = centre[0], centre[1], r0
    for attempt in range(2):  # one re-centring: more lets a track wander into texture (a photo's window grid)
        x0, y0 = int(max(0, cx - 1.6 * r)), int(max(0, cy - 1.6 * r))
        local = mask[y0:int(cy + 1.6 * r) + 1, x0:int(cx + 1.6 * r) + 1]
        tr = fit_track(local, (cx - x0, cy - y0), r)
        if tr is None:
            return None
        res = judge_ring(local, tr, ppm, colour)
        if res is not None:
            (ex, ey), axes, ang = res[0]
            return ((ex + x0, ey + y0), axes, ang), res[1], res[2], {**res[3], "settled": attempt}
        (ex, ey), (a, b), _ = tr[0]
        if tr[3] < 0.6:  # no ring-like track at all: nothing to settle on
            return None
        nx, ny, nr = ex + x0, ey + y0, 1.2 * math.sqrt(a * b)
        if math.hypot(nx - cx, ny - cy) < 0.03 * r and abs(nr - r) < 0.05 * r:
            return None  # settled, and not a seal
        cx, cy, r = nx, ny, nr
    return None


def judge_ring(mask: np.ndarray, track: Track, ppm: float, colour: bool) -> Optional[Found]:
    """Is a tracked, fitted ring a seal's? (geometry, shape, confidence, metrics) or None."""
    ell, xs, ys, support = track
    (cx, cy), (a, b), ang = ell
    ratio = min(a, b) / max(a, b)
    long_mm, short_mm = 2 * max(a, b) / ppm, 2 * min(a, b) / ppm
    if not (ROUND_MM[0] <= long_mm <= ROUND_MM[1]) or ratio < 0.5:
        return None
    # How well the track is an ellipse: a seal ring is; text and grids are not.
    rho_all, ang_all = rho_map(mask.shape, ell)
    pr = rho_all[np.clip(ys.astype(int), 0, mask.shape[0] - 1), np.clip(xs.astype(int), 0, mask.shape[1] - 1)]
    resid = float(np.median(np.abs(pr - 1.0)))
    prof = ring_profile(mask, ell)
    # Thin line: ink on the ring, paper just outside it (text under a seal
    # puts some ink there, texture or a photo puts much).
    outside = sector_ink(mask, rho_all, ang_all, 1.07, 1.2)
    ringband = sector_ink(mask, rho_all, ang_all, 0.9, 1.03)
    thin = float(((ringband > 0.12) & (ringband > outside + 0.08)).mean())
    inner = band_density(mask, rho_all, 0.3, 0.82)
    metrics = {
        "support": round(support, 3), "resid": round(resid, 4), "thin": round(thin, 3), "inner": round(inner, 3),
        "ratio": round(ratio, 3), "size_mm": (round(long_mm, 1), round(short_mm, 1)),
        **{k: round(v, 3) for k, v in prof.items()},
    }
    if colour:
        # The ring stands out from the text inside it: red texture (a photo) is as dense inside as on the "ring".
        # Faint ink loses the thin text strokes first: a star or emblem in the
        # middle is then what is left inside the ring.
        # Half a faded ring is enough when what is left lies right on the ellipse.
        enough = support >= 0.6 or (support >= 0.5 and resid <= 0.02 and prof["out_d"] <= 0.05)
        ok = (enough and resid <= 0.05 and thin >= 0.5 and (inner >= 0.02 or prof["centre_d"] >= 0.05)
              and inner <= 0.5 and prof["ring_d"] >= prof["text_d"] + 0.05)
    else:
        # The text band must hold ink too: a washer or a dial in a photo has a
        # ring and perhaps a hub, but nothing written along the ring.
        # A crisp ring, closed, thin and standing out, may hold a crowded inside
        # (bold characters and the print under the seal); a filled disc may not.
        # A ring traced all the way round, right on its ellipse and thin with
        # paper outside, is crisp with a little less contrast: an oval's bold
        # name and the print under it make its text band nearly as dense.
        traced = support >= 0.97 and resid <= 0.015 and thin >= 0.85
        crisp = (support >= 0.9 and resid <= 0.02 and thin >= 0.8
                 and prof["ring_d"] >= prof["text_d"] + (0.05 if traced else 0.1))
        # The ring stands out from what it encloses (as round_confidence asks of
        # red rings; a little less, the print under the seal counts here): a
        # texture tracked round in a photo is as dense inside as on its "ring".
        # Not against the centre when the ring lies right on its ellipse with
        # paper outside: the star, a signature and the print under the seal crowd it.
        clean = crisp or (resid <= 0.02 and thin >= 0.6 and prof["out_d"] <= 0.1)
        contrast = prof["ring_d"] - (prof["text_d"] if clean else max(prof["text_d"], 0.8 * prof["centre_d"]))
        # A ring traced all round right on its ellipse, thin, paper outside:
        # its bold characters (or the print under it) may be nearly as dense
        # as a thin ring that lost a stretch to a table rule along it.
        exact = support >= 0.95 and resid <= 0.008 and thin >= 0.9 and prof["out_d"] <= 0.1
        # As exact, traced a little less far round but with cleaner paper
        # outside (texture tracked round strays or has ink outside): an oval's
        # bold name and the table under it may be as dense as its thin ring,
        # if they lie all round it (TEXT_ALL_ROUND): a printed oval round a
        # bold name across its middle (a logo) is as thin, closed and clean.
        pinned = support >= 0.9 and resid <= 0.008 and thin >= 0.9 and prof["out_d"] <= 0.05
        all_round = pinned and float((sector_ink(mask, rho_all, ang_all, 0.45, 0.8) > 0.1).mean()) >= TEXT_ALL_ROUND
        # Two thirds of a washed-out ring are enough when they lie right on
        # the ellipse with clean paper outside (text or texture does not).
        enough = support >= 0.7 or (support >= 0.6 and resid <= 0.012 and prof["out_d"] <= 0.02)
        # Faded text leaves a crisp ring with only its star inside: the star is the inside then.
        least_inner = 0.02 if crisp and prof["centre_d"] >= 0.05 else 0.04
        ok = (enough and resid <= 0.035 and thin >= 0.6 and least_inner <= inner <= (0.6 if crisp else 0.45)
              and prof["text_d"] >= 0.03 and contrast >= (0.0 if all_round else 0.02 if exact or pinned else 0.05)
              and prof["out_d"] <= 0.3 and prof["ring_cov"] >= 0.8)
    if not ok:
        return None
    conf = (0.45 + 0.2 * min(1.0, (support - 0.6) / 0.3) + 0.2 * min(1.0, (thin - 0.5) / 0.4)
            + 0.15 * max(0.0, 1.0 - resid / 0.035))
    if not colour:
        conf -= 0.1 * min(1.0, prof["out_d"] / 0.3)  # text all round: a little less sure
    shape: SealShape = "round" if ratio >= 0.86 else "oval"
    return ((cx, cy), (a, b), ang), shape, float(np.clip(conf, 0.0, 0.95)), metrics


def _centres(mask: np.ndarray, ppm: float, most: int) -> list[tuple[float, float, float]]:
    """Likely ring centres with a rough radius: (x, y, r) in mask pixels.

    Every edge pixel votes along its gradient, both ways, at the radii of seal
    rings; the votes of a ring pile up at its centre (smoothed, so an oval's
    spread votes pile up too), text and lines scatter theirs. The radius is
    the peak of the radial ink histogram round the centre. A vectorised
    version of Hough circle voting with a bounded cost (cv2.HoughCircles
    spends seconds on cluttered text).
    """
    h, w = mask.shape
    blur = cv2.GaussianBlur(mask, (0, 0), max(1.0, 0.4 * ppm)).astype(np.float32)
    gx = cv2.Sobel(blur, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(blur, cv2.CV_32F, 0, 1, ksize=3)
    mag = cv2.magnitude(gx, gy)
    ys, xs = np.nonzero(mag > 0.25 * float(mag.max()) if mag.max() > 0 else mag > 1)
    if len(xs) < 20:
        return []
    step = max(1, len(xs) // 30000)
    ys, xs = ys[::step], xs[::step]
    nx, ny = gx[ys, xs] / mag[ys, xs], gy[ys, xs] / mag[ys, xs]
    r_lo, r_hi = ROUND_MM[0] / 2 * ppm * 0.9, ROUND_MM[1] / 2 * ppm
    radii = np.linspace(r_lo, r_hi, 10, dtype=np.float32)
    b = 2  # accumulator cells of 2x2 px
    aw, ah = w // b + 1, h // b + 1
    acc = np.zeros(aw * ah, np.float32)
    for sign in (-1.0, 1.0):
        vx = ((xs[:, None] + sign * nx[:, None] * radii[None, :]) / b).astype(np.int32).ravel()
        vy = ((ys[:, None] + sign * ny[:, None] * radii[None, :]) / b).astype(np.int32).ravel()
        ok = (vx >= 0) & (vx < aw) & (vy >= 0) & (vy < ah)
        acc += np.bincount(vy[ok] * aw + vx[ok], minlength=aw * ah).astype(np.float32)
    acc = cv2.GaussianBlur(acc.reshape(ah, aw), (0, 0), max(1.0, 1.5 * ppm / b))
    peaks = (acc >= cv2.dilate(acc, np.ones((int(8 * ppm / b) | 1,) * 2, np.uint8))) & (acc > 0.25 * float(acc.max()))
    py, px = np.nonzero(peaks)
    order = np.argsort(-acc[py, px])[:most]
    out = []
    iy, ix = np.nonzero(mask)
    for k in order:
        cx, cy = px[k] * b + b / 2, py[k] * b + b / 2
        d = np.hypot(ix - cx, iy - cy)
        sel = (d >= r_lo * 0.8) & (d <= r_hi * 1.1)
        if sel.sum() < 20:
            continue
        hist, edges = np.histogram(d[sel], bins=24, range=(r_lo * 0.8, r_hi * 1.1))
        hist = hist / (edges[:-1] + edges[1:])  # ink per unit circumference
        j = int(np.argmax(hist))
        out.append((float(cx), float(cy), float((edges[j] + edges[j + 1]) / 2)))
    return out


def _hole_centres(mask: np.ndarray, ppm: float, most: int = 3) -> list[tuple[float, float, float]]:
    """Centres of closed loops of ink shaped like an ellipse: (x, y, r) in mask pixels.

    Inside a seal the paper between the characters reaches the ring (or the
    text band hugging it) all round: a hole in the ink whose outline is an
    ellipse. Its centre is the ring's, where Hough votes of an oval or of a
    ring crossed by print scatter. Table cells are holes too, but rectangles.
    """
    k = max(3, int(round(0.8 * ppm)) | 1)
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    contours, hier = cv2.findContours(closed, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    lo, hi = 0.5 * ROUND_MM[0] * ppm, ROUND_MM[1] * ppm
    out = []
    for cnt, (_, _, _, parent) in zip(contours, hier[0] if hier is not None else []):
        if parent < 0 or len(cnt) < 20:
            continue
        _, _, w, h = cv2.boundingRect(cnt)
        if not lo <= max(w, h) <= hi or min(w, h) < 0.45 * max(w, h):
            continue
        (ex, ey), (ea, eb), ang = cv2.fitEllipse(cnt)
        if min(ea, eb) < 4:
            continue
        t = math.radians(ang)
        pts = cnt.reshape(-1, 2).astype(np.float32)
        dx, dy = pts[:, 0] - ex, pts[:, 1] - ey
        rho = np.hypot((dx * math.cos(t) + dy * math.sin(t)) / (ea / 2),
                       (-dx * math.sin(t) + dy * math.cos(t)) / (eb / 2))
        resid = float(np.median(np.abs(rho - 1.0)))
        if resid <= 0.08:  # a rectangle's outline strays ~0.12 from its ellipse
            out.append((resid, (float(ex), float(ey), 0.65 * math.sqrt(ea * eb))))
    out.sort(key=lambda o: o[0])
    return [c for _, c in out[:most]]


def _box_centre(roi: tuple[int, int, int, int], origin: tuple[int, int], ppm: float
                ) -> list[tuple[float, float, float]]:
    """The region's own centre when the region is of seal size and shape (a
    ring alone, its box its outline): an oval spreads its Hough votes and
    text nearby outvotes them, but its box still centres on it."""
    x0, y0, x1, y1 = roi
    w, h = x1 - x0, y1 - y0
    if not (ROUND_MM[0] * ppm <= min(w, h) and max(w, h) <= ROUND_MM[1] * ppm) or min(w, h) < 0.6 * max(w, h):
        return []
    return [((x0 + x1) / 2 - origin[0], (y0 + y1) / 2 - origin[1], 0.5 * math.sqrt(w * h))]


def rings_in_roi(mask: np.ndarray, roi: tuple[int, int, int, int], ppm: float, small_bgr: np.ndarray | None = None,
                 colour: bool = True, most: int = 8) -> list[Found]:
    """Rings of seal size inside a region of a work-scale mask (work coordinates)."""
    x0, y0, x1, y1 = roi
    pad = int(ROUND_MM[1] / 2 * ppm * 0.5)
    X0, Y0 = max(0, x0 - pad), max(0, y0 - pad)
    X1, Y1 = min(mask.shape[1], x1 + pad), min(mask.shape[0], y1 + pad)
    crop = mask[Y0:Y1, X0:X1]
    out: list[Found] = []

    def settle(proposals: list[tuple[float, float, float]]) -> None:
        for cx, cy, r in proposals:
            res = settle_ring(crop, (cx, cy), r, ppm, colour)
            if res is None:
                continue
            (ex, ey), axes, ang = res[0]
            geom = ((ex + X0, ey + Y0), axes, ang)
            if not colour and small_bgr is not None and not _on_paper(small_bgr, geom):
                continue
            ring = (geom, res[1], res[2], {**res[3], "hough": True})
            same = [k for k, (g, *_) in enumerate(out)
                    if math.hypot(geom[0][0] - g[0][0], geom[0][1] - g[0][1]) < 0.35 * min(axes)]
            if not same:
                out.append(ring)
            elif ring[2] > out[same[0]][2]:  # one ring tracked twice: the better fit (from the better centre) wins
                out[same[0]] = ring

    settle(_hole_centres(crop, ppm) + _centres(crop, ppm, most))
    if not out:  # (the votes' centres go first: a box takes in what is fused with the ring)
        settle(_box_centre(roi, (X0, Y0), ppm))
    return out


def _on_paper(small_bgr: np.ndarray, geom: Ellipse) -> bool:
    """Between a seal's characters the paper shows, as bright as round the
    ring. The ink mask is judged against the local paper level, so the
    edge of a dark disc in a photo (a dial, a washer) looks like a ring too;
    its inside is dark."""
    (cx, cy), (a, b), ang = geom
    r = 1.35 * max(a, b)
    x0, y0 = int(max(0, cx - r)), int(max(0, cy - r))
    grey = to_grey(small_bgr[y0:int(cy + r) + 1, x0:int(cx + r) + 1])
    rho, _ = rho_map(grey.shape, ((cx - x0, cy - y0), (a, b), ang))
    inside, outside = grey[(rho >= 0.45) & (rho < 0.8)], grey[(rho >= 1.1) & (rho < 1.3)]
    if inside.size < 20 or outside.size < 20:
        return True
    return float(np.median(inside)) >= 0.8 * float(np.median(outside))


def paper_round(found: list[Found], small_bgr: np.ndarray) -> list[Found]:
    """The seals of `found` stamped on the page's paper: just outside the ring
    or frame (median of a band 10-30% beyond it) as bright as three quarters
    of the page's paper at least. A round or square shape in a photo lies on
    the photo's mid-grey, not on paper; the paper of a dim photo of a sheet
    is dim all over, so it is the page's own paper that counts."""
    if not found:
        return found
    grey = to_grey(small_bgr)
    page_paper = float(np.percentile(grey[::4, ::4], 90))
    out = []
    for f in found:
        (cx, cy), (a, b), ang = f[0]
        r = 1.45 * max(a, b)
        x0, y0 = int(max(0, cx - r)), int(max(0, cy - r))
        sub = grey[y0:int(cy + r) + 1, x0:int(cx + r) + 1]
        hh, ww = sub.shape
        yy, xx = np.mgrid[0:hh, 0:ww].astype(np.float32)
        t = math.radians(ang)
        u = ((xx - cx + x0) * math.cos(t) + (yy - cy + y0) * math.sin(t)) / max(a, 1.0)
        v = (-(xx - cx + x0) * math.sin(t) + (yy - cy + y0) * math.cos(t)) / max(b, 1.0)
        d = np.maximum(np.abs(u), np.abs(v)) if f[1] == "square" else np.hypot(u, v)
        band = sub[(d >= 1.1) & (d < 1.3)]
        if band.size < 20 or float(np.median(band)) >= 0.75 * page_paper:
            out.append(f)
    return out


def squares_in(ink: np.ndarray, ppm: float, colour: bool = False, sharp: bool = False) -> list[Found]:
    """Closed square frames of 11-30 mm filled with large characters.

    `colour`: the mask is seal ink only (red), not all dark print, so the
    frame may be fused with a ring or characters (its outline judged by its
    convex hull) and the characters may be bold (inner density up to 0.55).
    On a copy, an outline drawn out long (a signature fused to a frame) with
    no frame found inside it is searched for a frame's straight sides.
    `sharp`: the mask is of a grainy page smoothed first (`grainy`): there a
    blurred round mark passes for a frame by its outline or its straight
    stretches, so an outline must have corners and no frame is found by its sides alone.
    """
    k = max(3, int(round(0.6 * ppm)) | 1)
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    contours, hier = cv2.findContours(closed, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    lo, hi = 11 * ppm, 30 * ppm
    out: list[Found] = []
    fused: list[tuple] = []  # outlines drawn out long: a frame with pen strokes fused to it?
    for cnt, (_, _, _, parent) in zip(contours, hier[0] if hier is not None else []):
        rect = cv2.minAreaRect(cnt)
        (rcx, rcy), (rw, rh), rang = rect
        if not (lo <= min(rw, rh) and max(rw, rh) <= hi) or min(rw, rh) / max(rw, rh) < 0.7:
            if not colour and parent < 0 and lo <= min(rw, rh) <= hi and max(rw, rh) <= FUSED_LONG * hi:
                fused.append(rect)
            continue
        # Text under the seal bends the frame's outline, so the outline only has
        # to be roughly rectangular; the frame test below decides. The frame's
        # inner edge (a hole) is indented by the characters touching it, and its
        # outer edge may carry a signature stroke: only its hull is square then.
        hull_area = cv2.contourArea(cv2.convexHull(cnt))
        area = hull_area if colour or parent >= 0 else cv2.contourArea(cnt)
        if area < 0.6 * rw * rh:
            continue
        if (sharp or not colour) and hull_area < 0.85 * rw * rh:
            continue  # no corners: a round mark (an emblem, an icon), not a frame
        best = None
        # The contour is the frame's outer or inner edge, or the outline of the
        # frame with text lines under it sticking out (then its size and angle
        # are off): search scale and angle round it, coarse then fine.
        def score(f: float, da: float):
            rr = ((rcx, rcy), (rw * f, rh * f), rang + da)
            if min(rr[1]) < lo:
                return None
            half = 0.75 * max(rr[1])
            x0, y0 = int(max(0, rcx - half)), int(max(0, rcy - half))
            sub = ink[y0:int(rcy + half) + 1, x0:int(rcx + half) + 1]
            cov, bd, idn = square_metrics(sub, ((rcx - x0, rcy - y0), rr[1], rr[2]))
            return cov + bd - 0.5 * idn, (cov, bd, idn, rr)
        # (1.15: from a hole, the frame's inner edge, out to its outer one.)
        grid = [(f, da) for f in (1.15, 1.05, 0.95, 0.85, 0.75) for da in (-12, -8, -4, 0, 4, 8, 12)]
        scored = [r for r in (score(f, da) for f, da in grid) if r is not None]
        if not scored:
            continue
        top = max(scored, key=lambda r: r[0])
        f0, a0 = top[1][3][1][0] / max(rw, 1), top[1][3][2] - rang
        fine = [r for r in (score(f0 + df, a0 + da) for df in (-0.03, 0, 0.03) for da in (-2, 0, 2)) if r is not None]
        best = max(fine + [top], key=lambda r: r[0])[1]
        if best is None:
            continue
        cov, bd, idn, rr = best
        inner_max, margin = (0.55, 0.12) if colour else (0.45, 0.15)
        # Name seals carry 2-4 big bold characters that fill the frame; a copy's
        # blur fattens them further. A frame that stands out clearly (dense,
        # closed, well above the inside) may hold such crowded characters.
        # It must be a stamped frame on paper, though: a square thing in a
        # photo (a window, a sign) has texture all round it.
        crowded = (cov >= 0.95 and bd >= 0.75 and inner_max < idn <= min(0.7, bd - 0.25)
                   and _outside(ink, rr) <= 0.1)
        if cov >= 0.9 and bd >= 0.45 and bd >= idn + margin and (0.1 <= idn <= inner_max or crowded):
            conf = 0.5 + 0.2 * min(1.0, (bd - idn) / 0.4) + 0.2 * (cov - 0.9) / 0.1
            found = ((rr[0], (rr[1][0] / 2, rr[1][1] / 2), rr[2]), "square", float(conf),
                     {"ring_cov": round(cov, 3), "ring_d": round(bd, 3), "text_d": round(idn, 3)})
        elif not colour and not sharp and parent < 0 and cov >= 0.25:
            # On a copy, a line of print or a signature fused with the frame
            # sticks out of it (or the frame was stamped twice): the outline's
            # rectangle is off centre and too big, but the frame's own
            # straight sides, at the outline's turn, still show. (Only where a
            # quarter of each side is there at least: the search costs. In
            # red, frames by their sides are looked for round the rings.)
            found = _frame_in_outline(ink, rect, ppm)
        else:
            found = None
        _add_frame(out, found)
    # A name seal stamped across a signature: the pen strokes fused to its
    # frame draw the outline out long on one side, but the frame's own
    # straight sides still show inside it (where no frame was found already).
    for rect in ([] if sharp else fused):
        box = cv2.boxPoints(rect).astype(np.float32)
        if not any(cv2.pointPolygonTest(box, (float(g[0][0]), float(g[0][1])), False) >= 0 for g, *_ in out):
            _add_frame(out, _frame_in_outline(ink, rect, ppm, FUSED_TURNS))
    return out


def _add_frame(out: list[Found], found: Optional[Found]) -> None:
    """`found` added to `out` unless a frame found already shares its centre (within 0.3 of its side)."""
    if found is not None and not any(math.hypot(found[0][0][0] - g[0][0], found[0][0][1] - g[0][1])
                                     < 0.6 * min(found[0][1]) for g, *_ in out):
        out.append(found)


def _frame_in_outline(ink: np.ndarray, rect: tuple, ppm: float, spread: tuple[float, ...] = (0, -4, 4)
                      ) -> Optional[Found]:
    """A frame found by its straight sides (`frames_by_sides`, a copy's ink)
    inside an outline's rectangle, at the outline's turn (within `spread` degrees)."""
    (rcx, rcy), (rw, rh), rang = rect
    half = 0.6 * max(rw, rh) + 2
    x0, y0 = int(max(0, rcx - half)), int(max(0, rcy - half))
    hits = frames_by_sides(ink[y0:int(rcy + half) + 1, x0:int(rcx + half) + 1], ppm, [rang % 90.0], False,
                           spread=spread)
    if not hits:
        return None
    ((cx, cy), axes, ang), shape, conf, metrics = hits[0]
    return ((cx + x0, cy + y0), axes, ang), shape, conf, metrics


def _outside(ink: np.ndarray, rect: tuple) -> float:
    """Ink density just outside a frame (in a crop round it), its median side."""
    (cx, cy), (rw, rh), ang = rect
    half = 0.8 * max(rw, rh)
    x0, y0 = int(max(0, cx - half)), int(max(0, cy - half))
    sub = ink[y0:int(cy + half) + 1, x0:int(cx + half) + 1]
    sides = band_outside(sub, ((cx - x0, cy - y0), (rw, rh), ang), per_side=True)
    return (sides[1] + sides[2]) / 2  # the median side: a signature across one or two does not count


def _regions(ink: np.ndarray, ppm: float, most: int) -> list[tuple[int, int, int, int]]:
    """Boxes of connected ink at least seal-frame size: where a ring or frame may be.

    Text characters and lines (after a 1.2 mm closing, still under ~8 mm in one
    direction) drop out, so the costly ring search only sees a few regions: a
    seal ring (alone, or fused with the text lines it crosses), signatures,
    figures and photos.
    """
    k = max(3, int(round(1.2 * ppm)) | 1)
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    # (Outer outlines' boxes are the 8-connected components' boxes, at an
    # eighth of the cost of labelling a page of characters.)
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    side = 10.0 * ppm
    boxes = sorted((y, x, y + h, x + w) for x, y, w, h in map(cv2.boundingRect, contours) if w >= side and h >= side)
    boxes = [(x0, y0, x1, y1) for y0, x0, y1, x1 in boxes]  # top to bottom, as labelling numbers them
    # Neighbours joined as well as alone: a ring cut by a removed rule is in
    # pieces, but a ring next to other print is best searched on its own.
    boxes += [b for b in joined(boxes, 3.0 * ppm) if b not in boxes]
    # A ring is near-square; long thin runs of fused text are not. Regions that
    # can hold a ring go first: a ring fused with the print it crosses is less
    # square than a big glyph or a logo, which only a square seal could be.
    def seal_sized(b: tuple[int, int, int, int]) -> bool:
        return min(b[2] - b[0], b[3] - b[1]) >= 0.8 * ROUND_MM[0] * ppm \
            and max(b[2] - b[0], b[3] - b[1]) <= 1.3 * ROUND_MM[1] * ppm

    boxes.sort(key=lambda b: (not seal_sized(b), -min(b[2] - b[0], b[3] - b[1]) / max(b[2] - b[0], b[3] - b[1])))
    return boxes[:most]


def joined(boxes: list[tuple[int, int, int, int]], gap: float) -> list[tuple[int, int, int, int]]:
    """Boxes closer than `gap` merged (a ring whose stretch along a table rule
    went with the rule falls apart into arcs lying next to each other)."""
    out = list(boxes)
    merged = True
    while merged:
        merged = False
        for i in range(len(out)):
            for j in range(i + 1, len(out)):
                a, b = out[i], out[j]
                if a[0] - gap <= b[2] and b[0] - gap <= a[2] and a[1] - gap <= b[3] and b[1] - gap <= a[3]:
                    out[i] = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
                    del out[j]
                    merged = True
                    break
            if merged:
                break
    return out


def shape_ink(small_bgr: np.ndarray, ppm: float, norm: Optional[np.ndarray] = None) -> np.ndarray:
    """The shape pass's mask: ink darker than the local paper, long rules removed."""
    return remove_rules(dark_ink(small_bgr, ppm, None, norm), ppm)


def find_shapes(small_bgr: np.ndarray, ppm: float, most: int = 12, ink: Optional[np.ndarray] = None) -> list[Found]:
    """Round, oval and square seals in the dark ink of a (greyscale) work-scale page.

    `ink`: `shape_ink` of the page if the caller has it (intaglio blocks found are erased from it).
    """
    ink = shape_ink(small_bgr, ppm) if ink is None else ink
    sharp = grainy(to_grey(small_bgr))
    # Intaglio (白文) squares first: solid blocks, which the stroke-scale ink mask
    # hollows out. Their ink then stays out of the ring search: a name seal
    # stamped inside a company seal's ring would crowd its text band.
    found: list[Found] = blocks.solid_squares(blocks.block_ink(small_bgr, ppm), to_grey(small_bgr), ppm)
    for (c, (a, b), ang), *_ in found:
        cv2.fillPoly(ink, [cv2.boxPoints((c, (2.1 * a, 2.1 * b), ang)).astype(np.int32)], 0)
    for x0, y0, x1, y1 in _regions(ink, ppm, most):
        if min(x1 - x0, y1 - y0) >= 0.6 * ROUND_MM[0] * ppm:
            for f in rings_in_roi(ink, (x0, y0, x1, y1), ppm, small_bgr, colour=False, most=6):
                if sharp and _arc_ink(ink, f[0]) < ARC_INK:
                    continue
                # (A block's ink is out of this mask: a ring near one is the seal it was stamped across.)
                if not any(math.hypot(f[0][0][0] - g[0][0][0], f[0][0][1] - g[0][0][1]) < 0.35 * min(f[0][1])
                           for g in found if g[1] != "square"):
                    found.append(f)
        pad = int(2 * ppm)
        X0, Y0 = max(0, x0 - pad), max(0, y0 - pad)
        for (c, axes, ang), shape, conf, metrics in squares_in(ink[Y0:y1 + pad, X0:x1 + pad], ppm, sharp=sharp):
            geom = ((c[0] + X0, c[1] + Y0), axes, ang)
            if not any(math.hypot(geom[0][0] - g[0][0][0], geom[0][1] - g[0][0][1]) < 0.3 * min(axes)
                       for g in found):
                found.append((geom, shape, conf, metrics))
    return paper_round(found, small_bgr)


def _arc_ink(ink: np.ndarray, ellipse: Ellipse) -> float:
    """Ink share of the band a ring's arc of text lies in (TEXT_ARC)."""
    (cx, cy), (a, b), _ = ellipse
    r = int(max(a, b)) + 2
    x0, y0 = max(0, int(cx) - r), max(0, int(cy) - r)
    sub = ink[y0:int(cy) + r + 1, x0:int(cx) + r + 1]
    rho, _ = rho_map(sub.shape, ((cx - x0, cy - y0), (a, b), ellipse[2]))
    return band_density(sub, rho, *TEXT_ARC)


def pale_ink(norm: np.ndarray, smooth: np.ndarray, cut: float, ppm: float) -> np.ndarray:
    """Ink only a few grey levels below the paper, away from the print: a seal
    the copier washed out, lighter than `dark_ink` can tell from paper grain.

    `smooth` is `norm` (`paper_normalised`) smoothed over 0.3 mm: the paper's
    grain averages out and a stroke keeps most of its contrast, so ink is
    what is darker than `cut` there (4 sigma of the smoothed paper below it).
    Print and its soft edge are left out (dilated by 0.8 mm): only pale marks remain.
    """
    print_ = cv2.dilate((norm < 0.8 * 255).astype(np.uint8),
                        cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (int(1.6 * ppm) | 1,) * 2))
    return ((smooth < cut) & (print_ == 0)).astype(np.uint8) * 255


def _paper_noise(sample: np.ndarray) -> tuple[float, float]:
    """Paper level (median of the bright pixels) and its noise (robust sigma)."""
    paper = sample[sample > 200]
    if paper.size == 0:
        return 255.0, 0.0
    level = float(np.median(paper))
    return level, 1.4826 * float(np.median(np.abs(paper - level)))


def pale_rings(small_bgr: np.ndarray, ppm: float, taken: list[Found], norm: Optional[np.ndarray] = None,
               most: int = 6) -> list[Found]:
    """Washed-out rings on a copy (see `pale_ink`), away from the seals `taken`
    already; confidence capped at 0.6, so one never looks like a crisp seal.
    Where to look is settled at a quarter of the resolution (`_pale_groups`):
    the full mask is only made round the few places searched."""
    norm = paper_normalised(small_bgr, ppm) if norm is None else norm
    groups = _pale_groups(norm, ppm, taken)[:most]
    if not groups:
        return []
    smooth = cv2.GaussianBlur(norm.astype(np.float32), (0, 0), 0.3 * ppm)  # (in 8 bits the contrast rounds away)
    level, sigma = _paper_noise(smooth[::6, ::6])  # (the whole page's: round a seal, its own ink is in the sample)
    cut = level - max(4.0, 4.0 * sigma)
    out: list[Found] = []
    pad = int(0.5 * ROUND_MM[1] * ppm)  # beyond rings_in_roi's own margin
    for x0, y0, x1, y1 in groups:
        X0, Y0 = max(0, x0 - pad), max(0, y0 - pad)
        win = (slice(Y0, y1 + pad), slice(X0, x1 + pad))
        sub = pale_ink(norm[win], smooth[win], cut, ppm)
        _erase(sub, taken, (X0, Y0))
        for ((cx, cy), axes, ang), shape, conf, metrics in rings_in_roi(
                remove_rules(sub, ppm), (x0 - X0, y0 - Y0, x1 - X0, y1 - Y0), ppm,
                small_bgr[win], colour=False, most=4):
            geom = ((cx + X0, cy + Y0), axes, ang)
            if not any(math.hypot(geom[0][0] - g[0][0][0], geom[0][1] - g[0][0][1]) < 0.35 * min(axes) for g in out):
                out.append((geom, shape, min(conf, 0.6), {**metrics, "pale": True}))
    return paper_round(out, small_bgr)


def _erase(mask: np.ndarray, taken: list[Found], origin: tuple[float, float], scale: float = 1.0) -> None:
    """Blank the seals `taken` (page work coordinates) out of a mask of part of the page."""
    for ((cx, cy), (a, b), ang), shape, *_ in taken:
        c = ((cx - origin[0]) * scale, (cy - origin[1]) * scale)
        if shape == "square":
            cv2.fillPoly(mask, [cv2.boxPoints((c, (2.2 * a * scale, 2.2 * b * scale), ang)).astype(np.int32)], 0)
        else:
            cv2.ellipse(mask, (int(c[0]), int(c[1])), (int(1.1 * a * scale) + 2, int(1.1 * b * scale) + 2), ang,
                        0, 360, 0, -1)


def _pale_groups(norm: np.ndarray, ppm: float, taken: list[Found]) -> list[tuple[int, int, int, int]]:
    """Boxes of seal size round pieces of pale ink lying near each other, most
    square first, found at a quarter of the resolution (about 1 px a mm: the
    4x4 average smooths the grain as `pale_ink` does, at a sixteenth of the cost).

    A pale ring is in pieces (its faintest stretches and where print crossed
    it are gone), each short of the 10 mm `_regions` asks for. Nothing where much
    of the page is pale (a photo, shading, a dark noisy copy): no clean paper
    to find a faint ring on.
    """
    q = 4
    small = shrink(norm, q).astype(np.float32)
    level, sigma = _paper_noise(small)
    if np.count_nonzero(small > 200) < 0.5 * small.size:
        return []
    print_ = cv2.dilate((shrink((norm < 0.8 * 255).astype(np.uint8) * 255, q) > 0).astype(np.uint8),
                        np.ones((3, 3), np.uint8))
    pale = ((small < level - max(3.0, 4.0 * sigma)) & (print_ == 0)).astype(np.uint8)
    if np.count_nonzero(pale) > 0.1 * pale.size:
        return []
    _erase(pale, taken, (0.0, 0.0), 1.0 / q)
    qpm = ppm / q
    # Long straight runs are rules, not arcs: a ring's flattest stretch is
    # shorter. (Widened across and closed along first: a faint rule is
    # broken and, skewed, steps by a pixel here and there.)
    n = max(5, int(round(25 * qpm)))
    rules = np.zeros_like(pale)
    for across, along in (((3, 1), (1, n)), ((1, 3), (n, 1))):  # (rows, columns): horizontal, vertical rules
        thick = cv2.dilate(pale, np.ones(across, np.uint8))
        gap = np.ones((max(1, along[0] // 5), max(1, along[1] // 5)), np.uint8)
        thick = cv2.morphologyEx(thick, cv2.MORPH_CLOSE, gap)
        rules |= cv2.morphologyEx(thick, cv2.MORPH_OPEN, np.ones(along, np.uint8))
    pale = cv2.dilate(pale & ~cv2.dilate(rules, np.ones((3, 3), np.uint8)), np.ones((3, 3), np.uint8))
    _, _, stats, _ = cv2.connectedComponentsWithStats(pale, connectivity=8)
    lo, hi = 0.6 * ROUND_MM[0] * qpm, 1.2 * ROUND_MM[1] * qpm
    # Neither larger than a seal nor a straight stretch (a faint broken rule,
    # which would join rings to each other): any arc of a ring long enough to
    # be a piece bows out 3 mm or more.
    pieces = [(int(x), int(y), int(x + w), int(y + h)) for x, y, w, h, _ in stats[1:]
              if 3 * qpm <= max(w, h) <= hi and not (max(w, h) >= 15 * qpm and min(w, h) < 3 * qpm + 2)]
    boxes = [b for b in joined(pieces, 6 * qpm)
             if lo <= min(b[2] - b[0], b[3] - b[1]) and max(b[2] - b[0], b[3] - b[1]) <= hi]
    boxes.sort(key=lambda b: -min(b[2] - b[0], b[3] - b[1]) / max(b[2] - b[0], b[3] - b[1]))
    return [(q * x0, q * y0, q * x1, q * y1) for x0, y0, x1, y1 in boxes]


def inner_margin(inside: np.ndarray, ppm: float) -> float:
    """Mean ink share, over a frame's four sides, of the strip just inside its line's inner edge.

    `inside`: the mask from line centre to line centre. The margin is measured
    from where the line ends, not at a share of the frame's size: a bold or
    blurred 1-2 mm line fills the outer tenth of a 16 mm seal. A side whose
    rows stay half ink deeper than LINE_MM has no inner edge (1.0).
    """
    ink = inside > 0
    most, k = max(2, int(round(LINE_MM * ppm))), max(2, int(round(MARGIN_MM * ppm)))
    shares = []
    for side in (ink, ink[::-1], ink.T, ink.T[::-1]):
        rows = side.mean(axis=1)
        edge = next((i for i in range(min(most, len(rows))) if rows[i] < 0.5), None)
        shares.append(1.0 if edge is None else float(rows[edge:edge + k].mean()))
    return float(np.mean(shares))


def _count_set(mask: np.ndarray, axis: int) -> np.ndarray:
    """Set pixels per row (axis 1) or column (axis 0) of a mask: cv2.reduce over a 0/255
    copy, several times faster than numpy's sum over an axis of a boolean image."""
    return cv2.reduce(cv2.compare(mask, 0, cv2.CMP_GT), axis, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel() // 255


def _spaced(lines: list[int], lo: float, hi: float) -> bool:
    """Are two of the lines lo to hi apart?"""
    return any(lo <= b - a <= hi for a in lines for b in lines)


def frames_by_sides(ink: np.ndarray, ppm: float, angles: list[float], colour: bool = True,
                    spread: tuple[float, ...] = (0, -5, 5, -10, 10, -15, 15)) -> list[Found]:
    """Square frames found by their straight sides, for a frame fused with other ink
    (a personal seal stamped across a ring and its text), where no closed
    outline of its own exists.

    For each candidate orientation the mask is turned upright and opened with
    6 mm line kernels: only straight runs survive (frame sides; a seal ring
    survives only at its extreme points). Pairs of horizontal and of vertical
    runs 11-30 mm apart, about as far apart as each other, make frame
    candidates; `square_metrics` on the full mask decides as in `squares_in`.
    `colour`: the mask is seal ink only, so four sides straight nearly end to
    end are a frame even when the inside is as dense as the frame (a bold name
    seal over the ring's text and a signature), and where no frame has whole
    sides, sides broken every mm or so (dry or pale ink) are bridged; in a
    copy's ink, print is not a frame, and one needs the seal's blank margin
    inside its line. `spread`: the turns tried round each angle, in degrees.
    """
    out: list[Found] = []
    if not angles or not ink.any():
        return out
    hh, ww = ink.shape
    L = max(5, int(round(6 * ppm)))
    lo, hi = 11 * ppm, 30 * ppm
    # minAreaRect's angle convention leaves the sense of the turn open: try both.
    # A piece cut off by a ring arc gives its frame's angle only roughly.
    turns: list[float] = []
    for a in angles:
        for t in [(s * a + d) % 90.0 for s in (1, -1) for d in spread]:
            if not any(min(abs(t - u), 90 - abs(t - u)) < 1.5 for u in turns):
                turns.append(t)
    def at(ang: float, gap: int = 1):
        """Best frame with sides at this turn, breaks up to `gap` px in them bridged:
        (score, geom, cov, bd, idn) or None."""
        M = cv2.getRotationMatrix2D((ww / 2, hh / 2), ang, 1.0)
        rot = cv2.warpAffine(ink, M, (ww, hh), flags=cv2.INTER_NEAREST)
        along, across = rot, rot
        if gap > 1:
            along = cv2.morphologyEx(rot, cv2.MORPH_CLOSE, np.ones((1, gap), np.uint8))
            across = cv2.morphologyEx(rot, cv2.MORPH_CLOSE, np.ones((gap, 1), np.uint8))
        horiz = cv2.morphologyEx(along, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (L, 1)))
        vert = cv2.morphologyEx(across, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, L)))

        def lines(profile: np.ndarray) -> list[int]:
            p = np.convolve(profile.astype(np.float32), np.ones(3) / 3, mode="same")
            mid = p[1:-1]
            peaks = np.flatnonzero((mid >= L) & (mid >= p[:-2]) & (mid > p[2:])) + 1
            peaks = peaks[np.argsort(-p[peaks], kind="stable")].tolist()  # highest first
            keep: list[int] = []
            for i in peaks:
                if all(abs(i - j) > 0.8 * ppm for j in keep):
                    keep.append(i)
                    if len(keep) == 8:
                        break
            return keep

        rows = lines(_count_set(horiz, 1))
        cols = lines(_count_set(vert, 0))
        if not (_spaced(rows, lo, hi) and _spaced(cols, lo, hi)):
            return None  # no two sides a frame's size apart either way
        hrun = cv2.dilate(horiz, np.ones((3, 1), np.uint8)) > 0
        vrun = cv2.dilate(vert, np.ones((1, 3), np.uint8)) > 0
        best = None
        for r1 in rows:
            for r2 in rows:
                if not (lo <= r2 - r1 <= hi):
                    continue
                for c1 in cols:
                    for c2 in cols:
                        w = c2 - c1
                        if not (lo <= w <= hi) or not (0.75 <= w / (r2 - r1) <= 1.33):
                            continue
                        # Each side a straight run along most of its length.
                        runs = (hrun[r1, c1:c2 + 1].mean(), hrun[r2, c1:c2 + 1].mean(),
                                vrun[r1:r2 + 1, c1].mean(), vrun[r1:r2 + 1, c2].mean())
                        # (Bridged, broken sides must run straight nearly end to end: arcs
                        # of two rings stamped across each other make short straight runs.)
                        if min(runs) < (0.6 if gap == 1 else BRIDGED_RUNS):
                            continue
                        straight = colour and min(runs) >= 0.65 and sum(runs) >= 4 * STRAIGHT_SIDES
                        m = int(0.2 * max(w, r2 - r1)) + 2
                        X0, Y0 = max(0, c1 - m), max(0, r1 - m)
                        sub = rot[Y0:r2 + m + 1, X0:c2 + m + 1]
                        rect = (((c1 + c2) / 2 - X0, (r1 + r2) / 2 - Y0), (float(w + 2), float(r2 - r1 + 2)), 0.0)
                        cov, bd, idn = square_metrics(sub, rect)
                        # Four straight sides are strong evidence: the inside
                        # may be crowded by the ring's text under the frame.
                        # In a copy's ink a dense square (a blurred QR code, a dark
                        # picture) has straight edges too; a stamped frame has
                        # the seal's blank margin inside its line.
                        if cov >= 0.9 and bd >= 0.6 and 0.1 <= idn <= 0.72 and (
                                bd >= idn + 0.2 or (straight and cov >= 0.95 and bd >= idn + 0.05)) and (
                                colour or inner_margin(rot[r1:r2 + 1, c1:c2 + 1], ppm) <= INNER_MARGIN_INK):
                            score = cov + bd - 0.5 * idn
                            if best is None or score > best[0]:
                                best = (score, ((c1 + c2) / 2, (r1 + r2) / 2, w + 2, r2 - r1 + 2), cov, bd, idn)
        if best is None:
            return None
        score, (rx, ry, rw, rh), cov, bd, idn = best
        cx, cy = cv2.invertAffineTransform(M) @ np.array([rx, ry, 1.0])
        return score, ((float(cx), float(cy)), (rw / 2, rh / 2), ang), cov, bd, idn

    gap = 1
    hits = [h for h in (at(a) for a in turns) if h is not None]
    if not hits and colour:
        # A thin side stamped unevenly or in pale ink is broken every mm or so:
        # bridged, where no frame has whole sides. (Not in a copy's print: rows
        # of a QR code's modules would join into lines.)
        # (Near the given turns only, refined below: the full spread again would cost as much again.)
        gap = max(3, int(round(SIDE_GAP_MM * ppm)) | 1)
        near = {(s * a + d) % 90.0 for a in angles for s in (1, -1) for d in BRIDGED_SPREAD}
        hits = [h for h in (at(t, gap) for t in near) if h is not None]
    if not hits:
        return out
    # The best turn, refined by a degree or two (the coarse turns are 5 degrees apart).
    top = max(hits, key=lambda h: h[0])
    fine = [h for h in (at(top[1][2] + d, gap) for d in (-2.0, -1.0, 1.0, 2.0)) if h is not None]
    score, geom, cov, bd, idn = max(fine + [top], key=lambda h: h[0])
    conf = 0.5 + 0.2 * min(1.0, (bd - idn) / 0.4) + 0.2 * (cov - 0.9) / 0.1
    out.append((geom, "square", float(conf), {"ring_cov": round(cov, 3), "ring_d": round(bd, 3),
                                              "text_d": round(idn, 3), "sides": True}))
    return out
