"""Intaglio (白文) square seals: a solid square of ink with the characters cut out white.

Their outline fuses with whatever they are stamped across (a company seal's
ring, a signature, a line of text), so neither the blob test nor the frame
search sees them. Shape separates them instead: an opening with a disc wider
than any stroke (ring, text, signature, frame) leaves only solid areas, and a
solid square of seal size that keeps white strokes inside, a solid margin and
paper round most of it is a seal. A filled rectangle (a dark photo) has no
white inside; the white of a bold character or a QR code reaches the paper
outside, and neither has a solid margin all round. A faded one, left as a
pale patch of red, is a filled square in the red lead averaged over a few
mm (`pale_red_blocks`).
"""
from __future__ import annotations

import math

import cv2
import numpy as np

from extractors.geometry import to_grey

from .model import SealShape, shrink
from .rings import band_outside, square_metrics

Found = tuple[tuple, SealShape, float, dict]  # (geometry, shape, confidence, metrics), as in greyscale

BLOCK_MM = (11.0, 30.0)  # side of a personal seal, with margin for scaled copies
FILL_MM = 1.6  # white character strokes up to this wide are closed to find the block
CORE_MM = 5.0  # solid at this scale: thicker than any ring, frame or pen stroke
# Characters half filled with ink are lighter than the block by a third of its contrast with the paper.
FILLED_CUT = 0.3
# Least short-to-long side of a block judged as it is: an oblonger one is also judged at either end.
SQUARE_END = 0.95
# A worn red block: white open to the paper where its margin is broken (a bold glyph's is open all round).
OPEN_RED = 0.7
# Most ink round a block (`outside`, its middle two sides): 0.3; a block whose characters are walled in
# all round by a solid margin may be stamped across a ring and a line of print, crowding three sides.
OUTSIDE, WALLED_OUTSIDE = 0.3, 0.45


def _disc(mm: float, ppm: float) -> np.ndarray:
    k = max(3, int(round(mm * ppm)) | 1)
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))


def block_ink(small_bgr: np.ndarray, ppm: float) -> np.ndarray:
    """Ink darker than the paper at seal scale (for greyscale copies).

    The stroke-scale paper estimate (greyscale.dark_ink) takes the inside of a
    solid block for paper; here the paper is the brightest level within
    ~40 mm, estimated on a quarter-size copy (cheap), and the cut sits a few
    noise widths below it, as in dark_ink.
    """
    grey = to_grey(small_bgr)
    h, w = grey.shape
    q = shrink(grey, 4)
    k = max(3, int(round(40 * ppm / 4)) | 1)
    paper = cv2.blur(cv2.morphologyEx(q, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))),
                     (k, k))
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    norm = grey.astype(np.float32) / np.maximum(paper, 1.0)
    sample = norm[::3, ::3]
    bright = sample[sample > 0.8]
    sigma = 1.4826 * float(np.median(np.abs(bright - np.median(bright)))) if bright.size else 0.03
    darkness = float(np.clip(1.0 - max(0.07, 4.0 * sigma), 0.8, 0.93))
    return (norm < darkness).astype(np.uint8) * 255


def _white_cells(grey: np.ndarray, rect: tuple, ppm: float, light_cut: float = 0.5
                 ) -> tuple[float, int, float, float]:
    """The white inside 85% of a rectangle: (its share, its pieces of 0.5 mm2 or
    more, how solid the margin round it is (`_margin`), the share of it open
    to the paper outside).

    White is brighter than `light_cut` of the way from the block's ink to the
    paper round it (midway by default): on a copy the cut-out characters are
    pale grey, not paper white.
    """
    (cx, cy), (rw, rh), ang = rect
    inner = np.zeros(grey.shape, np.uint8)
    cv2.fillPoly(inner, [cv2.boxPoints(((cx, cy), (rw * 0.85, rh * 0.85), ang)).astype(np.int32)], 255)
    outer = np.full(grey.shape, 255, np.uint8)
    cv2.fillPoly(outer, [cv2.boxPoints(((cx, cy), (rw * 1.1, rh * 1.1), ang)).astype(np.int32)], 0)
    vals, around = grey[inner > 0], grey[outer > 0]
    if vals.size < 20 or around.size < 20:
        return 0.0, 0, 0.0, 1.0
    ink, paper = float(np.percentile(vals, 25)), float(np.percentile(around, 90))
    if paper - ink < 20:
        return 0.0, 0, 0.0, 1.0
    light = grey > ink + light_cut * (paper - ink)
    white = (light & (inner > 0)).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(white, connectivity=8)
    pieces = int((stats[1:, cv2.CC_STAT_AREA] >= 0.5 * ppm * ppm).sum())
    # White that reaches the paper outside: the gaps of a bold character or a
    # QR code do, the characters cut into a seal are walled in by its margin.
    _, labels = cv2.connectedComponents(light.astype(np.uint8), connectivity=4)
    outside_labels = np.unique(labels[(outer > 0) & light])
    open_share = float(np.isin(labels[white > 0], outside_labels[outside_labels > 0]).mean()) if white.any() else 1.0
    return float(np.count_nonzero(white)) / vals.size, pieces, _margin(~light, rect), open_share


def _margin(dark: np.ndarray, rect: tuple) -> float:
    """Share of a block's perimeter where its margin (0.86-0.97 of the
    half-size) is solid ink: an intaglio seal's border is cut from one piece,
    a bold character or a QR code only touches its box here and there."""
    (cx, cy), (rw, rh), ang = rect
    hh, ww = dark.shape
    yy, xx = np.mgrid[0:hh, 0:ww].astype(np.float32)
    t = math.radians(ang)
    u = ((xx - cx) * math.cos(t) + (yy - cy) * math.sin(t)) / max(rw / 2, 1.0)
    v = (-(xx - cx) * math.sin(t) + (yy - cy) * math.cos(t)) / max(rh / 2, 1.0)
    band = (np.maximum(np.abs(u), np.abs(v)) >= 0.86) & (np.maximum(np.abs(u), np.abs(v)) < 0.97)
    # Position along the perimeter, 40 bins (10 a side).
    pos = np.where(np.abs(u) >= np.abs(v), np.where(u > 0, 1 + v, 5 - v), np.where(v > 0, 3 - u, 7 + u))
    bins = (pos[band] * 5).astype(np.int32).clip(0, 39)
    tot = np.bincount(bins, minlength=40)
    ink = np.bincount(bins, weights=dark[band].astype(np.float64), minlength=40)
    share = ink / np.maximum(tot, 1)
    return float((share[tot > 0] >= 0.7).mean()) if (tot > 0).any() else 0.0


def _trimmed(blob: np.ndarray, origin: tuple[int, int]) -> np.ndarray | None:
    """The blob's main solid part (page coordinates): ink fused to a block's side
    (a ring's text, a line of print) makes bumps narrower than the block, which
    an opening with a disc half the blob's width shaves off."""
    k = max(3, int(round(0.5 * min(blob.shape))) | 1)
    core = cv2.morphologyEx(blob, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    contours, _ = cv2.findContours(core, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    return max(contours, key=cv2.contourArea) + np.array(origin, np.int32)


def _fit_rect(solid: np.ndarray, rect: tuple) -> tuple[tuple, float]:
    """The block's rectangle, each side moved to where the solid area ends
    (half-filled row or column), and the solid share inside it.

    The outline's min-area rectangle still takes in what sticks out of a side
    (the part of a ring's stroke fused to it); the side's own edge is where
    most of its length stops being solid.
    """
    (cx, cy), (rw, rh), ang = rect
    half = int(0.8 * max(rw, rh)) + 2
    x0, y0 = int(max(0, cx - half)), int(max(0, cy - half))
    sub = solid[y0:int(cy + half) + 1, x0:int(cx + half) + 1]
    lc = (cx - x0, cy - y0)
    M = cv2.getRotationMatrix2D(lc, ang, 1.0)  # the rectangle's sides upright
    up = cv2.warpAffine(sub, M, (sub.shape[1], sub.shape[0]), flags=cv2.INTER_NEAREST) > 0
    H, W = up.shape
    left, right = int(round(lc[0] - rw / 2)), int(round(lc[0] + rw / 2))
    top, bottom = int(round(lc[1] - rh / 2)), int(round(lc[1] + rh / 2))
    for _ in range(2):
        left, right = max(0, left), min(W - 1, right)
        top, bottom = max(0, top), min(H - 1, bottom)
        if right - left < 3 or bottom - top < 3:
            break
        rows = up[:, left:right + 1].mean(axis=1)
        cols = up[top:bottom + 1, :].mean(axis=0)
        top, bottom = _half_edges(rows, (top + bottom) // 2)
        left, right = _half_edges(cols, (left + right) // 2)
    inside = up[top:bottom + 1, left:right + 1]
    fill = float(inside.mean()) if inside.size else 0.0
    mid = cv2.invertAffineTransform(M) @ np.array([(left + right) / 2, (top + bottom) / 2, 1.0])
    return ((float(mid[0]) + x0, float(mid[1]) + y0), (float(right - left + 1), float(bottom - top + 1)), ang), fill


def _half_edges(profile: np.ndarray, centre: int) -> tuple[int, int]:
    """First index either side of `centre` where the profile drops below one half."""
    below = profile < 0.5
    lo = centre
    while lo > 0 and not below[lo - 1]:
        lo -= 1
    hi = centre
    while hi < len(profile) - 1 and not below[hi + 1]:
        hi += 1
    return lo, hi


def solid_squares(ink: np.ndarray, grey: np.ndarray, ppm: float, red: bool = False) -> list[Found]:
    """Solid square blocks of seal size with white characters in them (work coordinates).

    The blocks are looked for at half resolution (they are 11 mm and more
    across; the morphology costs a quarter), and judged at full resolution.
    `red`: the mask is seal-coloured ink, and on paper nothing but a seal
    makes a solid red square of this size: characters half filled with ink
    (stamped twice, or a wet pad), only a little lighter than the block, and
    a worn margin that lets their white out to the paper are accepted.
    """
    half = (shrink(ink, 2) >= 128).astype(np.uint8) * 255
    solid = cv2.morphologyEx(half, cv2.MORPH_CLOSE, _disc(FILL_MM, ppm / 2))
    solid = cv2.morphologyEx(solid, cv2.MORPH_OPEN, _disc(CORE_MM, ppm / 2))
    contours, _ = cv2.findContours(solid, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    lo, hi = BLOCK_MM[0] * ppm, BLOCK_MM[1] * ppm
    out: list[Found] = []
    for cnt in contours:
        x, y, bw, bh = cv2.boundingRect(cnt)
        if 2 * min(bw, bh) < lo or 2 * min(bw, bh) > 1.5 * hi:
            continue
        cnt = _trimmed(solid[y:y + bh, x:x + bw], (x, y))
        if cnt is None:
            continue
        (hc, hs, ang), fill = _fit_rect(solid, cv2.minAreaRect(cnt))
        rect = ((2 * hc[0] + 0.5, 2 * hc[1] + 0.5), (2 * hs[0], 2 * hs[1]), ang)
        (cx, cy), (rw, rh), ang = rect
        if not (lo <= min(rw, rh) and max(rw, rh) <= hi) or min(rw, rh) / max(rw, rh) < 0.75:
            continue
        if fill < 0.85:  # not square-cornered: a blot, an emblem
            continue
        if not red and _in_line_of_print(ink, rect):
            continue
        judged = _judge(ink, grey, rect, ppm, red=red)
        if judged is None and red:
            judged = _judge(ink, grey, rect, ppm, FILLED_CUT, red=True)
            if judged is not None:
                judged[1]["filled"] = True
        if judged is None:
            # Ink fused to one side (a ring's arc, a pen stroke) draws the block
            # out long: the seal is the square at one end of it.
            for part in _square_ends(rect):
                judged = _judge(ink, grey, part, ppm, red=red)
                if judged is not None:
                    (cx, cy), (rw, rh), ang = part
                    judged[1]["end"] = True
                    break
        if judged is not None:
            out.append((((cx, cy), (rw / 2, rh / 2), ang), "square", judged[0], judged[1]))
    return out


def _square_ends(rect: tuple) -> list[tuple]:
    """The squares (a little oblong allowed) at either end of an oblong rectangle, or none for a square one."""
    (cx, cy), (rw, rh), ang = rect
    long_, short = max(rw, rh), min(rw, rh)
    if short / long_ >= SQUARE_END:
        return []
    side = short * 1.04
    shift = (long_ - side) / 2
    t = math.radians(ang)
    ux, uy = (math.cos(t), math.sin(t)) if rw >= rh else (-math.sin(t), math.cos(t))
    size = (side, rh) if rw >= rh else (rw, side)
    return [((cx + s * shift * ux, cy + s * shift * uy), size, ang) for s in (-1.0, 1.0)]


def _in_line_of_print(ink: np.ndarray, rect: tuple) -> bool:
    """A bold glyph of a heading (国, 回, a character boxed in white on dark)
    closes into a block with white inside: glyphs of its own height stand
    beside it a short gap away, top and bottom in line with it (on both
    sides, or exactly on one: print is aligned, hand stamps are not). A seal
    stands alone, or over smaller print."""
    (cx, cy), (rw, rh), _ = rect
    side = max(rw, rh)
    y0, y1 = int(max(0, cy - 0.6 * side)), int(cy + 0.6 * side) + 1
    top, bottom = cy - side / 2, cy + side / 2

    def misalignment(x0: float, x1: float) -> float:
        """Least offset (share of the side) of a glyph's top and bottom from the block's, in a strip beside it."""
        band = ink[y0:y1, int(max(0, x0)):int(max(0, x1))]
        best = 1.0
        if band.size:
            _, _, stats, _ = cv2.connectedComponentsWithStats(band, connectivity=8)
            for _, y, w, h, _ in stats[1:]:
                if h >= 0.7 * side and w >= 0.3 * side:
                    best = min(best, max(abs(y0 + y - top), abs(y0 + y + h - bottom)) / side)
        return best

    left = misalignment(cx - 1.3 * side, cx - 0.55 * side)
    right = misalignment(cx + 0.55 * side, cx + 1.3 * side)
    return max(left, right) <= 0.15 or min(left, right) <= 0.06


def _metrics(ink: np.ndarray, grey: np.ndarray, rect: tuple, ppm: float, light_cut: float = 0.5) -> dict:
    """White inside, solid margin and paper round a block's rectangle (work coordinates)."""
    (cx, cy), (rw, rh), ang = rect
    half = 0.8 * max(rw, rh)
    x0, y0 = int(max(0, cx - half)), int(max(0, cy - half))
    sub = ink[y0:int(cy + half) + 1, x0:int(cx + half) + 1]
    local = ((cx - x0, cy - y0), (rw, rh), ang)
    white, pieces, margin, open_share = _white_cells(grey[y0:y0 + sub.shape[0], x0:x0 + sub.shape[1]], local, ppm,
                                                     light_cut)
    cov, border_d, _ = square_metrics(sub, ((cx - x0, cy - y0), (rw * 0.97, rh * 0.97), ang))
    sides = band_outside(sub, local, per_side=True)
    return {"white": round(white, 3), "pieces": pieces, "margin": round(margin, 3), "open": round(open_share, 3),
            "ring_cov": round(cov, 3), "ring_d": round(border_d, 3),
            "outside": round((sides[1] + sides[2]) / 2, 3),  # a signature or text across one or two sides is allowed
            "size_mm": (round(max(rw, rh) / ppm, 1), round(min(rw, rh) / ppm, 1)), "block": True}


def _judge(ink: np.ndarray, grey: np.ndarray, rect: tuple, ppm: float, light_cut: float = 0.5,
           red: bool = False) -> tuple[float, dict] | None:
    """(confidence, metrics) if a solid square is an intaglio seal, else None."""
    m = _metrics(ink, grey, rect, ppm, light_cut)
    # Characters: white strokes, a few pieces per character (2-4 characters),
    # walled in by a solid margin (a worn red one may let some out), on paper.
    if not (0.04 <= m["white"] <= 0.55 and 1 <= m["pieces"] <= 40 and m["ring_cov"] >= 0.8
            and m["ring_d"] >= 0.5 and m["margin"] >= 0.5 and m["open"] <= (OPEN_RED if red else 0.15)
            and m["outside"] <= (WALLED_OUTSIDE if _walled(m) else OUTSIDE)):
        return None
    if m["white"] < 0.06 and m["pieces"] < 6:
        # Little white, in a few specks: a blurred QR code or a dark block on
        # a copy. Characters cut into a seal, even half filled by the ink,
        # leave many pieces of their strokes.
        return None
    conf = 0.5 + 0.2 * min(1.0, (m["ring_d"] - 0.5) / 0.3) + 0.15 * max(0.0, 1.0 - m["outside"] / OUTSIDE)
    return float(conf), m


def _walled(m: dict) -> bool:
    """Characters in several pieces, none open to the paper, inside a solid
    margin and border: a cut seal's face, which no print or ring crossing makes."""
    return m["open"] <= 0.05 and m["margin"] >= 0.6 and m["ring_d"] >= 0.7 and m["pieces"] >= 6


# Least red lead, over the page's paper, of a faded block averaged over ~3 mm (`pale_red_blocks`).
PALE_LEAD = 3.0
# Most red lead over the paper's of a pale block's reddest tenth at ~3 mm (crisp red ink leads by ~100).
PALE_TOP = 45.0
# Most share of a page (at ~1 px/mm) leading the paper that still has paper to find a pale block on.
PALE_PAGE = 0.1
# Most share of a pale block's pixels in solid areas darker than half the paper: faded seal ink is light,
# a bold glyph is not.
PALE_DARK = 0.1
# Least width of a solid dark area: a bold title's strokes are wider, the strokes of body print under a
# faded seal narrower (they are dark, but no false block).
SOLID_DARK_MM = 1.0


def _dark_share(crop_bgr: np.ndarray, paper_grey: float, ppm: float) -> float:
    dark = (to_grey(crop_bgr) < 0.5 * paper_grey).astype(np.uint8)
    k = max(3, int(round(SOLID_DARK_MM * ppm)) | 1)
    solid = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    return float(np.count_nonzero(solid)) / max(dark.size, 1)


def pale_red_blocks(small_bgr: np.ndarray, ppm: float, free: np.ndarray) -> list[Found]:
    """Faded intaglio seals on a colour page: the pad left a square patch of
    pale, patchy red in which the characters barely show. Averaged over
    ~3 mm the patch still leads the paper's red: a filled square of seal
    size with square corners (a ring is hollow, a disc's corners are cut),
    standing alone on paper (a signature or a line of print across a side is
    allowed). `free`: work-scale mask, 0 where seals were found already
    (their ink would join a block stamped next to them). Confidence 0.45-0.55."""
    q = 4
    b, g, r = cv2.split(shrink(small_bgr, q))
    lead = cv2.blur((r.astype(np.float32) - cv2.max(g, b).astype(np.float32)), (3, 3))
    taken = shrink(free, q) < 255
    paper = lead[~taken]
    if paper.size == 0:
        return []
    lead[taken] = -255.0
    level = float(np.median(paper))
    paper_grey = float(np.median(to_grey(small_bgr[::8, ::8])))
    noise = 1.4826 * float(np.median(np.abs(paper - level)))
    mask = (lead >= level + max(PALE_LEAD, 4.0 * noise)).astype(np.uint8)
    if np.count_nonzero(mask) > PALE_PAGE * mask.size:
        return []  # a photo or a tinted sheet: no clean paper
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    qpm = ppm / q
    lo, hi = BLOCK_MM[0] * qpm, BLOCK_MM[1] * qpm
    out: list[Found] = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if not (lo <= min(w, h) and max(w, h) <= 1.4 * hi):
            continue
        comp = (labels[y:y + h, x:x + w] == i).astype(np.uint8)
        pts = cv2.findNonZero(comp)
        (cx, cy), (rw, rh), ang = cv2.minAreaRect(pts)
        if not (lo <= min(rw, rh) and max(rw, rh) <= hi) or min(rw, rh) / max(rw, rh) < 0.75:
            continue
        fill = float(area) / max(rw * rh, 1.0)
        corners = float(cv2.contourArea(cv2.convexHull(pts))) / max(rw * rh, 1.0)
        rect = ((cx + x, cy + y), (rw, rh), ang)
        outside = band_outside(mask, rect, per_side=True)
        if fill < 0.7 or corners < 0.85 or (outside[1] + outside[2]) / 2 > 0.15:
            continue
        # Pale all over: a bold red glyph (a certificate's title) blurs into a
        # block too, but its strokes keep their full colour; a bold black one
        # in a warm-toned print leads the paper a little, but is dark.
        if float(np.percentile(lead[y:y + h, x:x + w][comp > 0], 90)) > level + PALE_TOP:
            continue
        dark = _dark_share(small_bgr[y * q:(y + h) * q, x * q:(x + w) * q], paper_grey, ppm)
        if dark > PALE_DARK:
            continue
        conf = 0.45 + 0.1 * min(1.0, (fill - 0.7) / 0.2)
        out.append(((((cx + x + 0.5) * q, (cy + y + 0.5) * q), (rw * q / 2, rh * q / 2), ang), "square", conf,
                    {"fill": round(fill, 3), "corners": round(corners, 3), "pale_block": True,
                     "size_mm": (round(max(rw, rh) / qpm, 1), round(min(rw, rh) / qpm, 1))}))
    return out
