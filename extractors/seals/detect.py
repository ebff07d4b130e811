"""Find seals: red-ink candidates scored by ring / frame structure, plus the
shape-only pass for pages without colour (greyscale copies).

Detection works on a downscaled copy (long side <= WORK_LONG_SIDE) and maps
boxes back to full-resolution pixels. A candidate must look like a seal, not
just be red: ink concentrated on a closed (or nearly closed) outer ring or
frame with text/star inside. Solid red blobs (product photos, logos, red
headings) fail that test. Every size threshold is in mm, from the page size.
"""
from __future__ import annotations

import math
from typing import Callable, Optional

import cv2
import numpy as np

from extractors.geometry import downscale, to_grey

from . import blocks, greyscale
from .colour import as_bgr, colour_share, seal_masks, smoothed_red_mask
from .model import ROUND_MM, SQUARE_MM, WORK_LONG_SIDE, SealCandidate, SealShape, px_per_mm
from .rings import (Ellipse, band_density, band_outside, rect_band, refine_ellipse, remove_rules, rho_map,
                    ring_profile, robust_ellipse, side_coverage, square_metrics)

# Pages with (almost) no coloured pixels are greyscale copies: only shape can find seals there.
GREY_PAGE_COLOUR_SHARE = 0.01
# Most a ring found by votes in pale ink may stray from its ellipse (greyscale.judge_ring's `resid`);
# BLURRED_RESID with clean paper right outside it (out_d at most CLEAN_OUT): a blurred ring's wide
# stroke lets its track wander (seed 9920: a soft brown licence ring 0.024, out_d 0.044).
FAINT_RING_RESID, BLURRED_RESID, CLEAN_OUT = 0.02, 0.03, 0.05
# A photo whose paper is darker than this is brightened (at most MAX_GAIN times) to put the paper at LIT_PAPER
# (seed 9920: a dim photo's paper at 70, its dark-red seal at value 57, below every colour cut).
DIM_PAPER, LIT_PAPER, MAX_GAIN = 90.0, 150.0, 4.0
# Largest side (mm) of a name seal stamped across a company seal's ring: how far past the ring one is looked for.
NAME_SEAL_MM = 20.0
# Least share of the page's paper cut the paper round a seal in the shade of an unevenly lit photo is judged by.
SHADE = 0.8
# Ink share of its box above which a blob is too solid to hold a faded ring (ring and text: ~0.1-0.2).
SOLID_BLOB = 0.25
# Least red lead (_lead_gap) of a ring or frame found by votes over what surrounds it: seal ink, even
# faded, leads its paper by 10 levels and more; the speckle a colour cut makes of a pink photo ~0-3.
INK_LEAD = 6.0
# Widest gap between the arcs a faded ring leaves in the pale-red mask that still groups them into one region.
SCATTER_GAP_MM = 8.0
# Least ink, in mm2, of one stroke that marks a faded ring's arc in pale speckle spread over a whole
# sheet (seed 9918: a ring's arcs 23-68, the speckle's largest specks 6-11).
ARC_MM2 = 15.0
# Least pale red (faint, not crisp) inside a crisp ring's box, in mm2, to look for a pale name seal in it.
PALE_WITHIN_MM2 = 60.0
# Least share of the ink on a faint-pass seal's ring or frame line (RING_BAND of its radius) that is
# pale red, not the dark print crossing it (seeds 9914/9917: seals 0.63-1.0, a QR code beside faint red
# 0.21; a pale ring under a signature and nine rows of bold figures ~0.32).
PALE_SHARE, RING_BAND = 0.3, (0.85, 1.05)
# A faint-pass "seal" whose box is more than DARK_FILL dark ink, with less than a third of that in a
# QUIET_MM band round it, is a black pattern bounded by its own edge: a QR code and its quiet zone
# (seed 9918: a QR code on a tinted licence 0.66 inside, 0.0 round it; seals 0.02-0.39 inside; a pale
# ring over rows of bold figures 0.65 inside, 0.56 round it).
DARK_FILL, QUIET_MM = 0.5, 4.0
# Most share of the faint ink on a pale name seal's frame line, found by its straight sides beside a
# crisp ring, that is crisp red (seed 9918: a pale frame across a ring 0.36; bold red print across a
# ring's text 0.66).
CRISP_SIDES = 0.5
# A name seal's 2-6 characters stand in columns and rows with a blank gutter
# between them that splits its ink fairly evenly; a boxy glyph (回, 固, 国) of
# pale print closes round strokes that cross its middle both ways. A gutter:
# a row or column in the middle band (MID_BAND of the inside, the frame line
# left out) with at most GUTTER ink; least ink on its lesser side over its
# greater for a frame found by its sides: BALANCE. Crisp red across a line may
# hide pale ink: a gutter is no more than HIDE hidden (a gutter along the ring's
# text: over half).
GUTTER, MID_BAND, BALANCE, HIDE = 0.05, (0.35, 0.65), 0.2, 0.75
# Most pale ink just outside the second most inked side of such a frame (pale
# name seals 0.0-0.002, seed 9918 0002 #20 included; boxes found in pale
# glyphs mostly 0.035-0.53, a few 0.015).
BESIDE = 0.02
# Reach (mm) past a candidate's box over which the red share its photo test weighs is taken (the box
# itself left out): a sheet photographed on a red table counts the table in the page's share (seed 9918:
# 0.28), not round a seal well inside the sheet; a red poster or photo is red round its marks too.
RED_AROUND_MM = 15.0
# Red share of a page from which its candidates' photo test marks them down, and the least paper share
# round a candidate that lets the red round it stand for the page's (seed 9918: a seal on a sheet on a
# red table ~0.96; a red shape on a photo's coloured ground: little paper).
PAGE_RED, RED_AROUND_PAPER = 0.08, 0.9
# Least share of a page that is bright paper for it to be a sheet (a photo of one on a table: 0.56-0.7;
# a busy product photo: 0.15-0.23).
SHEET_PAPER = 0.45
# A faded frame (the pad printed light on part of it, fade sectors of seal art): the four sides' mean
# coverage at least FADED_SIDES, the weakest at least FADED_WEAKEST and two (where the pad pressed
# hardest) FADED_WHOLE; its line denser than the characters by FADED_CONTRAST, clean paper right outside
# it (at most FADED_OUT: a line of red print or a table cell has neighbours there). Faded name seals
# over signatures: side means 0.66-0.91, weakest 0.25-0.75, second best 0.95-1.0, contrast 0.1-0.25,
# outside 0.0-0.013; a 2x2 block of pale glyphs ending in 囗: its box's sides 0.7 on mean.
FADED_SIDES, FADED_WEAKEST, FADED_WHOLE, FADED_CONTRAST, FADED_OUT = 0.65, 0.25, 0.9, 0.05, 0.02
FADED_INNER = 0.05  # ... and characters inside it, as a whole frame needs: an empty red box (盖章处) is none
# Share of a solid faint blob's high red lead (90th percentile: the star's solid ink is above it) that
# its ring keeps where the text blurred into it does not.
OWN_LEAD = 0.6


def _context(crop_bgr: np.ndarray, crop_mask: np.ndarray, ppm: float, paper_v: float = 150.0
             ) -> tuple[float, float]:
    """(median stroke width in mm, paper share of the non-red pixels).

    Seal ink is thin strokes (~0.3-1.5 mm) pressed on paper; red objects in
    photos are solid areas on a coloured background.
    """
    ink = crop_mask > 0
    if not ink.any():
        return 0.0, 0.0
    dist = cv2.distanceTransform(crop_mask, cv2.DIST_L2, 3)
    stroke_mm = 2.0 * float(np.median(dist[ink])) / ppm
    hsv = cv2.cvtColor(crop_bgr, cv2.COLOR_BGR2HSV)
    other = ~ink
    if not other.any():
        return stroke_mm, 0.0
    s, v = hsv[..., 1][other], hsv[..., 2][other]
    # Paper or black print: low saturation; a coloured background is not.
    # `paper_v`: brightness above which a grey pixel is paper (lower on a dim
    # photo of a page, whose paper is grey). A photo lit unevenly puts some
    # seals in the shade, on paper darker than the page's: the cut follows
    # the paper round the seal, but only so far (a grey surface is no paper).
    grey = v[s < 60][::4]  # (a sample is enough for the level, and cheaper)
    if grey.size >= 20:
        paper_v = min(paper_v, max(SHADE * paper_v, 0.85 * float(np.percentile(grey, 70))))
    paperish = (s < 60) & ((v > paper_v) | (v < min(90.0, 0.6 * paper_v)))
    return stroke_mm, float(paperish.mean())


def _lead_gap(crop_bgr: np.ndarray, crop_mask: np.ndarray) -> float:
    """How much redder the ink is than the rest of the crop: the upper quartile
    of the ink's red lead (R over max(G, B)) minus the median of the rest.

    Seal ink on paper leads the paper by ~10 levels and more even faded; a
    pink or reddish area of a photo that the colour cut splits into speckle
    leads its own background by a few levels only.
    """
    ink = crop_mask > 0
    if not ink.any() or ink.all():
        return 255.0
    b, g, r = (c.astype(np.int16) for c in cv2.split(crop_bgr))
    lead = r - np.maximum(g, b)
    return float(np.percentile(lead[ink], 75)) - float(np.median(lead[~ink][::3]))


def round_confidence(p: dict, circularity: float = 1.0) -> float:
    """Confidence that a ring profile (rings.ring_profile) is a seal's.

    A closed outer ring clearly denser than the text band, with some (not
    solid) ink inside: the text band, or the star/emblem when the text hugs
    the ring. A faded seal with a broken ring keeps most of its coverage and
    its contrast, so it scores lower but is kept.
    """
    contrast = p["ring_d"] - max(p["text_d"], p["centre_d"] * 0.8)
    inside = max(p["text_d"], p["centre_d"])
    cov = p["ring_cov"]
    if cov >= 0.7 and contrast > 0.08 and 0.02 <= inside and p["text_d"] <= 0.55:
        return (0.45 + 0.25 * min(1.0, contrast / 0.35) + 0.2 * min(1.0, (cov - 0.7) / 0.25)
                + 0.1 * min(1.0, max(0.0, circularity - 0.7) / 0.2))
    if cov >= 0.55 and p["ring_gap"] <= 110 and contrast > 0.12 and 0.02 <= inside <= 0.45:
        # Patchy, faded ring with gaps: still a ring of ink with text inside.
        return 0.4 + 0.2 * min(1.0, contrast / 0.35) + 0.2 * (cov - 0.55) / 0.15
    if cov >= 0.85 and 0.02 <= inside and p["text_d"] <= 0.75 and p.get("fill", 0.0) < 0.8:
        # Round, closed, but the ring does not stand out: an emblem or a badly
        # faded seal. Keep it, with low confidence.
        return 0.35
    return 0.1


def _analyse(contour: np.ndarray, raw: np.ndarray, small: np.ndarray, ppm: float,
             red_share: float, paper_v: float = 150.0, page_red: Optional[np.ndarray] = None
             ) -> Optional[tuple[SealShape, float, tuple, dict]]:
    """Decide shape and confidence for one red blob (working coordinates). `page_red`: the page's
    red mask round the blob, where `raw` holds the blob's own window only (default: `raw`)."""
    x, y, w, h = cv2.boundingRect(contour)
    long_mm, short_mm = max(w, h) / ppm, min(w, h) / ppm
    if short_mm < SQUARE_MM[0] or long_mm > ROUND_MM[1] or len(contour) < 8:
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
    rectangularity = hull_area / max(rect[1][0] * rect[1][1], 1.0)

    pad = max(3, int(0.15 * max(w, h)))
    x0, y0 = max(0, x - pad), max(0, y - pad)
    x1, y1 = min(raw.shape[1], x + w + pad), min(raw.shape[0], y + h + pad)
    crop = raw[y0:y1, x0:x1]
    fill = float((crop > 0).sum()) / hull_area
    stroke_mm, paper = _context(small[y0:y1, x0:x1], crop, ppm, paper_v)
    metrics: dict = {
        "stroke_mm": round(stroke_mm, 2), "paper": round(paper, 3), "circularity": round(circularity, 3),
        "rectangularity": round(rectangularity, 3), "fill": round(fill, 3),
        "size_mm": (round(long_mm, 1), round(short_mm, 1)),
    }
    # Circles and ellipses fill ~0.785 of their min-area rectangle; squares ~1.
    # Too small for a round seal: a square seal whose faded corners rounded its outline.
    squareish = rectangularity > 0.88 or (long_mm < ROUND_MM[0] and rectangularity > 0.7)
    if squareish:
        if long_mm > SQUARE_MM[1]:
            return None
        local = ((rect[0][0] - x0, rect[0][1] - y0), rect[1], rect[2])
        cov, border_d, inner_d = square_metrics(crop, local)
        metrics.update(ring_cov=round(cov, 3), ring_d=round(border_d, 3), text_d=round(inner_d, 3))
        framed = cov >= 0.85 and border_d >= max(0.3, inner_d + 0.05) and 0.05 <= inner_d <= 0.6
        if not framed and cov < 0.85 and min(rect[1]) >= 12.0 * ppm:
            # Stray ink beside the frame (a signature stroke, pale dots, the
            # print under a faded seal) widens the blob's rectangle so the
            # frame falls inside the border band: look for the frame inside
            # it. Only frames of seal size (a red glyph is smaller).
            inner = _frame_inside(crop, local, ppm)
            if inner is not None:
                local, (cov, border_d, inner_d) = inner
                rect = ((local[0][0] + x0, local[0][1] + y0), local[1], local[2])
                metrics.update(ring_cov=round(cov, 3), ring_d=round(border_d, 3), text_d=round(inner_d, 3),
                               inner_frame=True)
                framed = True
        # Intaglio (阴文) seals: solid red with white characters cut out.
        # (On paper: a red facade with dark windows in a photo is a block with holes too.)
        intaglio = cov >= 0.95 and 0.45 <= fill <= 0.88 and inner_d >= 0.4 and paper >= 0.7
        # A worn or faded intaglio seal: a square block of patchy ink, the edge
        # broken, but the block itself is evenly inked with white strokes in it.
        worn = (not intaglio and 12.0 <= long_mm <= 30.0 and short_mm / long_mm >= 0.75
                and 0.35 <= fill <= 0.9 and 0.3 <= inner_d <= 0.7 and border_d >= 0.25 and cov >= 0.2
                and circularity <= 0.88 and paper >= 0.8)  # square corners, on paper (not an emblem)
        # Intaglio seen through JPEG colour blur: the red mask fills the white
        # characters in, the brightness still shows them. A square block of
        # seal size with sharp straight sides and white strokes inside.
        # (Its edge runs along most of every side: a bold red glyph touches its box in places.)
        if not (framed or intaglio) and rectangularity > 0.9 and 12.0 <= long_mm <= 30.0 \
                and short_mm / long_mm >= 0.8 and fill >= 0.45 and cov >= 0.6:
            white = _white_inside(small[y0:y1, x0:x1], local)
            metrics["white"] = round(white, 3)
            if 0.08 <= white <= 0.5 and paper >= 0.8:
                intaglio = True
        if intaglio:
            stroke_mm = 0.0  # a solid block: its "stroke" says nothing
        if framed:
            conf = 0.55 + 0.25 * min(1.0, (border_d - inner_d) / 0.25) + 0.2 * (cov - 0.85) / 0.15
        elif intaglio:
            conf = 0.55
        elif worn:
            # Mostly ink: between the white strokes, not a glyph on paper.
            white = metrics.get("white")
            if white is None:
                white = _white_inside(small[y0:y1, x0:x1], local)
                metrics["white"] = round(white, 3)
            # A worn frame still covers most of each side; a patchy block need
            # not, but then it must be mostly ink (a big red glyph is not).
            conf = 0.45 + 0.1 * min(1.0, cov / 0.8) if (cov >= 0.6 or white <= 0.5) else 0.15
            metrics["worn"] = True
        elif _broken_frame(crop, local, cov, border_d, inner_d, long_mm, short_mm, rectangularity, paper):
            conf = 0.45 + 0.1 * min(1.0, (cov - 0.65) / 0.2)
            metrics["broken_frame"] = True
        elif (sides := _faded_frame(crop, local, border_d, inner_d, long_mm, short_mm, rectangularity, paper)):
            conf = 0.45 + 0.1 * min(1.0, (sides - FADED_SIDES) / 0.25)
            metrics["faded_frame"] = round(sides, 3)
        else:
            conf = 0.15
        geom = (rect[0], (rect[1][0] / 2, rect[1][1] / 2), rect[2])
        shape: SealShape = "square"
    else:
        if len(contour) < 5 or long_mm < ROUND_MM[0]:
            return None
        (ecx, ecy), (ea, eb), eang = cv2.fitEllipse(hull if len(hull) >= 5 else contour)
        if min(ea, eb) <= 0:
            return None
        ell: Ellipse = ((ecx - x0, ecy - y0), (ea / 2, eb / 2), eang)
        # Through the ring's outer edge, not the blob's outline (a broken ring,
        # a stray stroke or text touching it bend the outline).
        ell = refine_ellipse(crop, ell) or ell
        # Something stuck to the ring (a square personal seal stamped across
        # it, a signature) bends the least-squares fit: RANSAC over the outer
        # edge keeps the ring's own ellipse when most of the edge agrees on one.
        rob, share = robust_ellipse(crop, ell)
        if rob is not None and share >= 0.45:
            ell = rob
        metrics["edge_inliers"] = round(share, 3)
        (ecx, ecy), (a, b), eang = ell
        ratio = min(a, b) / max(a, b)
        if 2 * max(a, b) / ppm > ROUND_MM[1] * 1.05 or 2 * min(a, b) / ppm < SQUARE_MM[0] * 1.5:
            return None
        prof = ring_profile(crop, ell)
        prof["fill"] = fill
        metrics.update({k: round(v, 3) for k, v in prof.items()}, ratio=round(ratio, 3))
        if ratio < 0.5 or circularity < 0.7:
            return None
        shape = "round" if ratio >= 0.86 else "oval"
        conf = round_confidence(prof, circularity)
        geom = ((ecx + x0, ecy + y0), (a, b), eang)
    red_share = _red_around(raw if page_red is None else page_red, small, (x, y, x + w, y + h), ppm, red_share,
                            paper_v)
    metrics["red_share"] = round(red_share, 4)
    return shape, _photo_penalty(conf, stroke_mm, paper, red_share), geom, metrics


def _broken_frame(crop: np.ndarray, rect: tuple, cov: float, border_d: float, inner_d: float, long_mm: float,
                  short_mm: float, rectangularity: float, paper: float) -> bool:
    """A frame stamped unevenly or faded, a side broken in places: still a thin
    square line of seal size clearly denser than the characters inside it,
    with paper all round (a table cell or a red box in a form has ink
    outside its sides)."""
    return (cov >= 0.65 and border_d >= max(0.3, inner_d + 0.15) and 0.08 <= inner_d <= 0.45
            and rectangularity >= 0.85 and 12.0 <= long_mm <= 30.0 and short_mm / long_mm >= 0.8
            and paper >= 0.9 and band_outside(crop, rect) <= 0.1)


def _faded_frame(crop: np.ndarray, rect: tuple, border_d: float, inner_d: float, long_mm: float, short_mm: float,
                 rectangularity: float, paper: float) -> float:
    """Mean side coverage of a frame faded in places (0.0 if it is none): a square
    line of seal size whose sides mostly printed, two whole, the others perhaps
    only in stretches, denser than the characters inside it, on clean paper (FADED_*)."""
    if not (12.0 <= long_mm <= 30.0 and short_mm / long_mm >= 0.8 and rectangularity >= 0.83 and paper >= 0.95
            and border_d >= inner_d + FADED_CONTRAST and inner_d >= FADED_INNER):
        return 0.0
    covs = side_coverage(crop, rect)
    mean = float(np.mean(covs))
    if mean < FADED_SIDES or min(covs) < FADED_WEAKEST or sorted(covs)[-2] < FADED_WHOLE \
            or band_outside(crop, rect) > FADED_OUT:
        return 0.0
    return mean


def _frame_inside(crop: np.ndarray, rect: tuple, ppm: float) -> Optional[tuple[tuple, tuple[float, float, float]]]:
    """A closed square frame inside (or at) a blob's rectangle: scale, turn and
    shift searched round it; (rect, square_metrics) of the best closed frame
    of 11 mm or more with characters inside, or None."""
    (cx, cy), (rw, rh), ang = rect
    best = None
    step = 0.04 * max(rw, rh)
    def score(r: tuple) -> tuple:
        cov, bd, idn = square_metrics(crop, r)
        return cov + bd - 0.5 * idn, r, (cov, bd, idn)

    # Scale and shift first (the frame's turn is the blob's, near enough), then the turn.
    for f in (0.95, 0.9, 0.85, 0.8, 0.75, 0.7):
        if min(rw, rh) * f < 11.0 * ppm:
            break
        for dx, dy in ((0, 0), (-step, 0), (step, 0), (0, -step), (0, step)):
            cand = score(((cx + dx, cy + dy), (rw * f, rh * f), ang))
            if best is None or cand[0] > best[0]:
                best = cand
    if best is None:
        return None
    for da in (-3.0, 3.0):
        cand = score((best[1][0], best[1][1], ang + da))
        if cand[0] > best[0]:
            best = cand
    cov, bd, idn = best[2]
    if not (cov >= 0.9 and bd >= max(0.4, idn + 0.15) and 0.08 <= idn <= 0.55):
        return None
    # A frame is a thin line with paper outside it: a square that merely fits
    # inside a thick red ring or a solid shape (an emblem) has ink all round.
    out = band_outside(crop, best[1])
    if out > 0.25 or bd < out + 0.3:
        return None
    return best[1], best[2]


def _white_inside(crop_bgr: np.ndarray, rect: tuple) -> float:
    """Share of the inner 80% of a rectangle brighter than midway between its ink and the paper."""
    grey = cv2.cvtColor(crop_bgr, cv2.COLOR_BGR2GRAY)
    (cx, cy), (rw, rh), ang = rect
    inner = np.zeros(grey.shape, np.uint8)
    box = cv2.boxPoints(((cx, cy), (rw * 0.8, rh * 0.8), ang)).astype(np.int32)
    cv2.fillPoly(inner, [box], 255)
    outer = np.full(grey.shape, 255, np.uint8)
    cv2.fillPoly(outer, [cv2.boxPoints(((cx, cy), (rw * 1.1, rh * 1.1), ang)).astype(np.int32)], 0)
    vals, around = grey[inner > 0], grey[outer > 0]
    if vals.size < 20 or around.size < 20:
        return 0.0
    ink, paper = float(np.percentile(vals, 20)), float(np.percentile(around, 70))
    if paper - ink < 30:
        return 0.0
    return float((vals > (ink + paper) / 2).mean())


def _red_around(mask: np.ndarray, small: np.ndarray, box: tuple[float, float, float, float], ppm: float,
                page_share: float, paper_v: float) -> float:
    """The red share a candidate's photo test weighs: the page's, or, where that
    marks it down on a page that is mostly a sheet of paper (SHEET_PAPER) and
    the candidate lies on paper (RED_AROUND_PAPER of what is not red within
    RED_AROUND_MM round its work-scale box), the share round it (its box left
    out). A sheet lying on a red table is red at its edges only; a red object
    in a photo keeps the page's share."""
    if page_share <= PAGE_RED or _paper_share(small) < SHEET_PAPER:
        return page_share
    x0, y0, x1, y1 = (max(0, int(round(v))) for v in box)
    p = int(RED_AROUND_MM * ppm)
    win = (slice(max(0, y0 - p), y1 + p), slice(max(0, x0 - p), x1 + p))
    ring_px = mask[win].size - mask[y0:y1, x0:x1].size
    if ring_px <= 0 or _context(small[win], mask[win], ppm, paper_v)[1] < RED_AROUND_PAPER:
        return page_share
    return min(page_share, float(np.count_nonzero(mask[win]) - np.count_nonzero(mask[y0:y1, x0:x1])) / ring_px)


def _paper_share(small_bgr: np.ndarray) -> float:
    """Share of a page (sampled) that is bright colourless paper."""
    hsv = cv2.cvtColor(np.ascontiguousarray(small_bgr[::4, ::4]), cv2.COLOR_BGR2HSV)
    return float(((hsv[..., 1] < 60) & (hsv[..., 2] > 150)).mean())


def _photo_penalty(conf: float, stroke_mm: float, paper: float, red_share: float) -> float:
    """Thick solid red, or red on a coloured background, is an object in a photo;
    pages dominated by red (photos, posters) need stronger evidence."""
    if stroke_mm > 2.2 or paper < 0.5:
        conf = min(conf, 0.1)
    elif stroke_mm > 1.4 or paper < 0.7:
        conf -= 0.2
    if red_share > PAGE_RED:
        conf -= 0.15 if red_share < 0.2 else 0.3
    return float(np.clip(conf, 0.0, 1.0))


def _to_candidate(geom: tuple, shape: SealShape, conf: float, metrics: dict, scale: float,
                  img_shape: tuple[int, ...], source: str = "colour") -> SealCandidate:
    """Work-scale geometry to a full-resolution candidate; bbox from the ellipse / rectangle."""
    (cx, cy), (ax, ay), ang = geom
    t = math.radians(ang)
    if shape == "square":
        hw = abs(ax * math.cos(t)) + abs(ay * math.sin(t))
        hh = abs(ax * math.sin(t)) + abs(ay * math.cos(t))
    else:  # axis-aligned extent of a rotated ellipse
        hw = math.hypot(ax * math.cos(t), ay * math.sin(t))
        hh = math.hypot(ax * math.sin(t), ay * math.cos(t))
    inv = 1.0 / scale
    H, W = img_shape[:2]
    bbox = (max(0.0, (cx - hw) * inv), max(0.0, (cy - hh) * inv), min(float(W), (cx + hw) * inv),
            min(float(H), (cy + hh) * inv))
    return SealCandidate(bbox=bbox, shape=shape, confidence=round(conf, 3), centre=(cx * inv, cy * inv),
                         axes=(ax * inv, ay * inv), angle=float(ang), metrics=metrics, source=source)


def _split_alone(c: SealCandidate, pale: np.ndarray, crisp: np.ndarray, scale: float) -> tuple[float, float]:
    """(gutter, beside) of a square candidate, on work-scale masks of pale ink
    only and of the crisp red taken out of it (which may hide pale ink).

    gutter: how evenly a blank line across the middle of its inside splits its
    pale ink, the lesser side's ink over the greater's on the best row or
    column with at most GUTTER pale ink and at most HIDE of it hidden (0.0 if
    there is none). beside: the pale ink just outside its sides (1.1-1.3 of
    its half-size) on the second most inked side: the ring it is stamped
    across runs past one side, a glyph's strokes run on past a box found in
    or round it on more."""
    (cx, cy), (ax, ay) = (c.centre[0] * scale, c.centre[1] * scale), (c.axes[0] * scale, c.axes[1] * scale)
    mx, my = 1.3 * ax, 1.3 * ay
    turn = cv2.getRotationMatrix2D((cx, cy), c.angle, 1.0)
    turn[:, 2] += (mx - cx, my - cy)  # the frame upright, its centre at (mx, my)
    size = (int(2 * mx) + 1, int(2 * my) + 1)
    up = [cv2.warpAffine(m, turn, size, flags=cv2.INTER_NEAREST) > 0 for m in (pale, crisp)]

    def span(lo: float, hi: float, centre: float, half: float) -> slice:
        return slice(int(centre + lo * half), int(centre + hi * half))

    rows, cols = span(-0.8, 0.8, my, ay), span(-0.8, 0.8, mx, ax)  # the inside, the frame line left out
    ink, hidden = up[0][rows, cols], up[1][rows, cols]
    gutter = 0.0
    for axis in (0, 1):
        line, cover = ink.mean(axis=axis), hidden.mean(axis=axis)
        total, before = line.sum(), np.cumsum(line)
        lo, hi = (int(v * len(line)) for v in MID_BAND)
        for i in range(lo, min(hi + 1, len(line))):
            if line[i] <= GUTTER and cover[i] <= HIDE and total > 0:
                gutter = max(gutter, min(before[i], total - before[i]) / max(before[i], total - before[i]))
    near, far = span(-0.9, 0.9, my, ay), span(-0.9, 0.9, mx, ax)  # along a side, short of the corners
    strips = (up[0][span(-1.3, -1.1, my, ay), far], up[0][span(1.1, 1.3, my, ay), far],
              up[0][near, span(-1.3, -1.1, mx, ax)], up[0][near, span(1.1, 1.3, mx, ax)])
    beside = sorted(float(strip.mean()) if strip.size else 0.0 for strip in strips)[-2]
    return float(gutter), beside


def _pale_share(c: SealCandidate, pale: np.ndarray, ink: np.ndarray, scale: float) -> float:
    """Share of the ink on a candidate's ring or frame line (work-scale masks) that is pale red
    (`pale`; or any other sub-mask of `ink`, e.g. the crisp red in the faint mask).

    On its line only: a signature or bold figures under a pale seal fill its
    box but cross its line here and there, while a black mark beside pale red
    (a QR code's fringes) is dark ink all along its edge.
    """
    (cx, cy), (ax, ay) = c.centre, c.axes
    pad = (RING_BAND[1] - 1.0) * max(ax, ay) * scale + 2
    x0, y0 = int(max(0.0, c.bbox[0] * scale - pad)), int(max(0.0, c.bbox[1] * scale - pad))
    x1, y1 = int(c.bbox[2] * scale + pad) + 1, int(c.bbox[3] * scale + pad) + 1
    p, k = pale[y0:y1, x0:x1], ink[y0:y1, x0:x1]
    centre, lo, hi = (cx * scale - x0, cy * scale - y0), *RING_BAND
    if c.shape == "square":
        rect = (centre, (2 * ax * scale, 2 * ay * scale), c.angle)
        pale_d, ink_d = rect_band(p, rect, lo, hi), rect_band(k, rect, lo, hi)
    else:
        rho = rho_map(p.shape, (centre, (ax * scale, ay * scale), c.angle))[0]
        pale_d, ink_d = band_density(p, rho, lo, hi), band_density(k, rho, lo, hi)
    # (Densities over the same band: their ratio is that of the pixel counts.)
    return pale_d / ink_d if ink_d > 0 else 0.0


def _fills(c: SealCandidate, mask: np.ndarray, scale: float, ppm: float) -> tuple[float, float]:
    """Shares of a candidate's box and of a QUIET_MM band round it that are set in `mask` (work scale)."""
    x0, y0, x1, y1 = (max(0, int(v * scale)) for v in c.bbox)
    p = int(QUIET_MM * ppm)
    inner = np.count_nonzero(mask[y0:y1, x0:x1])
    outer = mask[max(0, y0 - p):y1 + p, max(0, x0 - p):x1 + p]
    inside = inner / max(1, (y1 - y0) * (x1 - x0))
    return inside, (np.count_nonzero(outer) - inner) / max(1, outer.size - (y1 - y0) * (x1 - x0))


def _overlap(a: SealCandidate, b: SealCandidate) -> float:
    """Intersection over the smaller box."""
    ix = max(0.0, min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0]))
    iy = max(0.0, min(a.bbox[3], b.bbox[3]) - max(a.bbox[1], b.bbox[1]))
    sa = (a.bbox[2] - a.bbox[0]) * (a.bbox[3] - a.bbox[1])
    sb = (b.bbox[2] - b.bbox[0]) * (b.bbox[3] - b.bbox[1])
    return ix * iy / max(min(sa, sb), 1.0)


def _same_seal(a: SealCandidate, b: SealCandidate) -> bool:
    """Two candidates for one seal: centres within a quarter of the smaller size.

    A square half the size of a ring or less is a name seal stamped over the
    ring's middle, not another outline of it."""
    ra = max(a.axes) if max(a.axes) > 0 else (a.bbox[2] - a.bbox[0]) / 2
    rb = max(b.axes) if max(b.axes) > 0 else (b.bbox[2] - b.bbox[0]) / 2
    if (a.shape == "square") != (b.shape == "square") and min(ra, rb) <= 0.5 * max(ra, rb):
        return False
    d = math.hypot(a.centre[0] - b.centre[0], a.centre[1] - b.centre[1])
    return d < 0.35 * min(ra, rb) or (_overlap(a, b) > 0.8 and d < 0.6 * min(ra, rb))


def _taken(c: SealCandidate, found: list[SealCandidate]) -> bool:
    """`c` is a seal already found: the same seal, or mostly inside one of its
    kind (a ring overlapping a square is a ring with a name seal stamped
    across it, two seals)."""
    return any(_same_seal(c, o) or (_overlap(c, o) > 0.5 and (o.shape == "square") == (c.shape == "square"))
               for o in found)


def _dedupe(cands: list[SealCandidate]) -> list[SealCandidate]:
    out: list[SealCandidate] = []
    for c in sorted(cands, key=lambda c: -c.confidence):
        if not any(_same_seal(c, o) for o in out):
            out.append(c)
    return out


def _blobs(raw: np.ndarray, ppm: float, close_mm: float) -> list[np.ndarray]:
    k = max(3, int(round(close_mm * ppm)) | 1)
    closed = cv2.morphologyEx(raw, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    min_area = (SQUARE_MM[0] * ppm) ** 2 * 0.5
    keep = []
    for cnt in contours:
        x, y, w, h = cv2.boundingRect(cnt)
        if w * h >= min_area:
            keep.append(cnt)
    return keep


def _detect_colour(img: np.ndarray, small: np.ndarray, scale: float, ppm: float, raw: np.ndarray,
                   min_confidence: float, faint: bool = False, paper_v: float = 150.0) -> list[SealCandidate]:
    red_share = float((raw > 0).mean())
    if red_share < 1e-4:
        return []
    # Red frames and rules (licence borders, red-lined forms) would join every
    # seal touching them into one page-sized blob, and a closed frame hides all
    # marks inside it from the outer-contour search. Remove them first.
    whole = raw
    raw = remove_rules(raw, ppm)
    found: list[SealCandidate] = []
    rejected: list[np.ndarray] = []
    # Closing joins a ring and its characters into one blob; ~1.2 mm is below
    # the gap between a seal and nearby text lines. A patchy, faded seal falls
    # apart at that scale, so what is left is grouped again at ~3 mm.
    for close_mm in (1.2, 3.0):
        for cnt in _blobs(raw, ppm, close_mm):
            res = _analyse(cnt, raw, small, ppm, red_share, paper_v)
            if res is None:
                rejected.append(cnt)
                continue
            shape, conf, geom, metrics = res
            if close_mm > 1.2:
                metrics["grouped"] = True
            if faint:
                conf = min(conf, 0.6)
                metrics["faint"] = True
            cand = _to_candidate(geom, shape, conf, metrics, scale, img.shape)
            if conf < min_confidence:
                rejected.append(cnt)
                continue
            found.append(cand)
    found = _dedupe(found)
    # Blobs no single ellipse explains (two overlapping seals, a seal fused with
    # a red signature or heading): look for rings inside them by Hough voting.
    # (In the faint pass only for a few blobs of about one or two seals' size:
    # its mask holds all dark print next to pale red, and voting over whole
    # paragraphs costs much and finds little.)
    def ring_sized(cnt: np.ndarray, most: float) -> bool:
        _, _, w, h = cv2.boundingRect(cnt)
        return max(w, h) <= most and max(w, h) / ppm >= ROUND_MM[0] and min(w, h) / ppm >= ROUND_MM[0] * 0.8

    if faint:
        sized = [c for c in rejected if ring_sized(c, 2 * ROUND_MM[1] * ppm)]
        for cand in _by_own_lead(sized, whole, small, ppm, scale, img.shape, red_share, paper_v):
            if cand.confidence >= min_confidence and not any(_same_seal(cand, o) for o in found):
                found.append(cand)
        rejected = _few_ring_blobs(sized, raw)
    for cnt in rejected:
        x, y, w, h = cv2.boundingRect(cnt)
        if not ring_sized(cnt, math.inf):
            continue
        for geom, shape, conf, metrics in greyscale.rings_in_roi(raw, (x, y, x + w, y + h), ppm, small,
                                                                 colour=True):
            (ex, ey), (ea, eb), _ = geom
            r = max(ea, eb)
            X0, Y0 = int(max(0, ex - r)), int(max(0, ey - r))
            X1, Y1 = int(ex + r) + 1, int(ey + r) + 1
            stroke_mm, paper = _context(small[Y0:Y1, X0:X1], raw[Y0:Y1, X0:X1], ppm, paper_v)
            lead = _lead_gap(small[Y0:Y1, X0:X1], raw[Y0:Y1, X0:X1])
            metrics.update(stroke_mm=round(stroke_mm, 2), paper=round(paper, 3), lead=round(lead, 1))
            # A ring in a photo: votes alone are not enough there (nor in red
            # speckle no redder than what lies round it).
            if paper < 0.7 or lead < INK_LEAD:
                continue
            # Pale ink is all the evidence there is in the faint pass: the
            # ring must follow its ellipse closely (votes in the texture of
            # grey paper or a photo gather round a ragged one).
            if faint and not _on_ellipse(metrics):
                continue
            around = _red_around(raw, small, (X0, Y0, X1, Y1), ppm, red_share, paper_v)
            conf = _photo_penalty(conf, stroke_mm, paper, around)
            if faint:
                conf = min(conf, 0.6)
            if conf >= min_confidence:
                cand = _to_candidate(geom, shape, conf, metrics, scale, img.shape)
                if not any(_same_seal(cand, o) or _overlap(cand, o) > 0.6 for o in found):
                    found.append(cand)
        # A square personal seal stamped against a round one fuses with it.
        if max(w, h) / ppm <= ROUND_MM[1] * 2:
            pad = int(2 * ppm)
            X0, Y0 = max(0, x - pad), max(0, y - pad)
            for (c, axes, ang), shape, conf, metrics in greyscale.squares_in(raw[Y0:y + h + pad, X0:x + w + pad], ppm, colour=True):
                qx, qy, qr = int(c[0] + X0), int(c[1] + Y0), int(max(axes)) + 2
                win = (slice(max(0, qy - qr), qy + qr), slice(max(0, qx - qr), qx + qr))
                stroke_mm, paper = _context(small[win], raw[win], ppm, paper_v)
                metrics["lead"] = round(_lead_gap(small[win], raw[win]), 1)
                if paper < 0.7 or metrics["lead"] < INK_LEAD:  # a red square in a photo
                    continue
                around = _red_around(raw, small, (qx - qr, qy - qr, qx + qr, qy + qr), ppm, red_share, paper_v)
                conf = _photo_penalty(conf, stroke_mm, paper, around)
                if faint:
                    conf = min(conf, 0.6)
                cand = _to_candidate(((c[0] + X0, c[1] + Y0), axes, ang), shape, conf, metrics, scale, img.shape)
                if conf >= min_confidence and not any(_same_seal(cand, o) or _overlap(cand, o) > 0.6 for o in found):
                    found.append(cand)
    found.extend(_squares_beside(found, raw, ppm, scale, img.shape, min_confidence, faint))
    # (Before rule removal: a solid block's rows are long straight runs too.)
    found.extend(_intaglio_blocks(found, whole, small, ppm, scale, img.shape, min_confidence, faint, paper_v,
                                  red_share))
    found.sort(key=lambda c: -c.confidence)
    # More than a handful of "seals" on one page means red texture, not seals.
    if len(found) > 6:
        found = [c for c in found if c.confidence >= 0.7][:6]
    return found


def _by_own_lead(blobs: list[np.ndarray], ink: np.ndarray, small: np.ndarray, ppm: float, scale: float,
                 img_shape: tuple[int, ...], red_share: float, paper_v: float, most: int = 2) -> list[SealCandidate]:
    """Seals blurred (a soft scan, a shaken photo) or smudged into a solid red
    disc in the faint mask `ink` (rules not removed: they cut a solid disc
    apart): ring, text and star run together at its low cuts. The ring
    still leads the paper more than the text (its stroke is the wider), so
    the blob's own red lead cut at OWN_LEAD of its high gives the ring back
    with the text thinned inside it; the ring test then decides, capped as
    the faint pass is. Only for the few solid blobs of about a seal's size."""
    out: list[SealCandidate] = []
    limit = 1.2 * ROUND_MM[1] * ppm
    for cnt in _few_squarest(blobs, lambda x, y, w, h: max(w, h) <= limit and _solid(ink, x, y, w, h), most):
        x, y, w, h = cv2.boundingRect(cnt)
        win = slice(y, y + h), slice(x, x + w)
        b, g, r = (c.astype(np.int16) for c in cv2.split(small[win]))
        lead = r - np.maximum(g, b)
        inside = lead[ink[win] > 0]
        top = float(np.percentile(inside, 90)) if inside.size else 0.0
        mask = np.zeros(ink.shape, np.uint8)
        mask[win] = ((lead >= OWN_LEAD * top) & (ink[win] > 0)).astype(np.uint8) * 255
        for part in _blobs(mask, ppm, 1.2):
            res = _analyse(part, mask, small, ppm, red_share, paper_v, page_red=ink)
            if res is None or res[0] == "square" or res[3]["paper"] < 0.8:
                continue
            shape, conf, geom, metrics = res
            metrics.update(faint=True, own_lead=round(top, 1))
            out.append(_to_candidate(geom, shape, min(conf, 0.6), metrics, scale, img_shape))
    return out


def _solid(mask: np.ndarray, x: int, y: int, w: int, h: int) -> bool:
    return np.count_nonzero(mask[y:y + h, x:x + w]) > SOLID_BLOB * w * h


def _few_squarest(blobs: list[np.ndarray], keep: Callable[[int, int, int, int], bool], most: int,
                  min_squareness: float = 0.0) -> list[np.ndarray]:
    """The `most` squarest blobs whose box (x, y, w, h) `keep` accepts, each box once: the two
    closings find many blobs twice, and a blob found twice must not take two slots."""
    out: list[np.ndarray] = []
    boxes: list[tuple[int, int, int, int]] = []
    for cnt in sorted(blobs, key=_squareness, reverse=True):
        x, y, w, h = cv2.boundingRect(cnt)
        if min(w, h) < min_squareness * max(w, h):
            break
        if any(abs(x - bx) + abs(y - by) + abs(w - bw) + abs(h - bh) <= 0.1 * (w + h) for bx, by, bw, bh in boxes):
            continue
        if keep(x, y, w, h):
            boxes.append((x, y, w, h))
            out.append(cnt)
            if len(out) == most:
                break
    return out


def _squareness(cnt: np.ndarray) -> float:
    _, _, w, h = cv2.boundingRect(cnt)
    return min(w, h) / max(w, h, 1)


def _few_ring_blobs(blobs: list[np.ndarray], raw: np.ndarray, most: int = 2) -> list[np.ndarray]:
    """The few blobs of ring size the faint pass can afford to vote in, the
    squarest first: each box once, no longer than half a ring (a line or column of print
    next to pale red is), and not solid (a ring with its text is mostly paper)."""
    return _few_squarest(blobs, lambda x, y, w, h: not _solid(raw, x, y, w, h), most, 0.5)


def _squares_beside(found: list[SealCandidate], raw: np.ndarray, ppm: float, scale: float,
                    img_shape: tuple[int, ...], min_confidence: float, faint: bool, colour: bool = True,
                    sharp: bool = False) -> list[SealCandidate]:
    """Square personal seals stamped across a round seal's ring (法定代表人 seal
    beside the company seal): erase the found rings, then look for frames
    round each seal. `colour`: `raw` is seal ink only (not a copy's print);
    `sharp`: `raw` is of a grainy copy smoothed first (see greyscale.squares_in)."""
    rings = [c for c in found if c.shape != "square"]
    if not rings:
        return []
    mask = raw.copy()
    H, W = mask.shape
    for c in rings:
        (cx, cy), (ax, ay) = (c.centre[0] * scale, c.centre[1] * scale), (c.axes[0] * scale, c.axes[1] * scale)
        t = max(2, int(round(0.06 * max(ax, ay))))
        cv2.ellipse(mask, (int(round(cx)), int(round(cy))), (int(round(ax - t / 2)), int(round(ay - t / 2))),
                    c.angle, 0, 360, 0, t + 2)
    out: list[SealCandidate] = []
    for c in rings:
        x0, y0, x1, y1 = (v * scale for v in c.bbox)
        pad = 25 * ppm
        X0, Y0 = int(max(0, x0 - pad)), int(max(0, y0 - pad))
        X1, Y1 = int(min(W, x1 + pad)), int(min(H, y1 + pad))
        # With the ring erased the square's outline comes free of it, but the
        # stretch of its frame lying on the ring goes too: look in both masks.
        hits = greyscale.squares_in(mask[Y0:Y1, X0:X1], ppm, colour=True, sharp=sharp) \
            or greyscale.squares_in(raw[Y0:Y1, X0:X1], ppm, colour=True, sharp=sharp)
        fused = not hits and not sharp
        if fused:
            # A frame fused with the ring's text has no outline of its own: the
            # ink left outside the ring (the part of the square sticking out)
            # or the page's own turn gives its orientation, its straight sides
            # give it away.
            hits = greyscale.frames_by_sides(raw[Y0:Y1, X0:X1], ppm,
                                             _with_upright(_outside_angles(raw[Y0:Y1, X0:X1], c, scale, (X0, Y0),
                                                                           ppm)), colour)
        for (q, axes, ang), shape, conf, metrics in sorted(hits, key=lambda f: -f[2]):
            if faint:
                conf = min(conf, 0.6)
            cand = _to_candidate(((q[0] + X0, q[1] + Y0), axes, ang), shape, conf, metrics, scale, img_shape)
            if fused and _overlap(cand, c) == 0:
                continue  # a frame apart from the ring is no frame fused with it (a bordered box of print)
            if conf >= min_confidence and not any(_same_seal(cand, o) for o in found + out) \
                    and not any(_overlap(cand, o) > 0.6 for o in found if o.shape == "square") \
                    and not any(_overlap(cand, o) > 0.6 for o in out):
                metrics["beside_ring"] = True
                out.append(cand)
    return out


def _intaglio_blocks(found: list[SealCandidate], ink: np.ndarray, small: np.ndarray, ppm: float, scale: float,
                     img_shape: tuple[int, ...], min_confidence: float, faint: bool, paper_v: float,
                     red_share: float) -> list[SealCandidate]:
    """Intaglio (白文) square seals fused with what they are stamped across (a
    ring, a signature, text), which the blob test cannot separate: solid
    square blocks of red with white characters (see blocks.py)."""
    out: list[SealCandidate] = []
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    for geom, shape, conf, metrics in blocks.solid_squares(ink, grey, ppm, red=True):
        if faint and metrics.get("filled"):
            # Characters filled in by a wet pad are no faded seal's (a facade's
            # pink wall between dark windows in a photo is such a block).
            continue
        (qx, qy), axes, _ = geom
        r = int(max(axes) * 1.3) + 2
        y0, x0 = max(0, int(qy) - r), max(0, int(qx) - r)
        _, paper = _context(small[y0:int(qy) + r, x0:int(qx) + r], ink[y0:int(qy) + r, x0:int(qx) + r], ppm, paper_v)
        metrics["paper"] = round(paper, 3)
        if paper < 0.7:  # a red sign or label in a photo
            continue
        around = _red_around(ink, small, (qx - r, qy - r, qx + r, qy + r), ppm, red_share, paper_v)
        conf = _photo_penalty(conf, 0.0, paper, around)
        if faint:
            conf = min(conf, 0.6)
        cand = _to_candidate(geom, shape, conf, metrics, scale, img_shape)
        if conf >= min_confidence and not any(_same_seal(cand, o) for o in found + out) \
                and not any(_overlap(cand, o) > 0.6 for o in found + out if o.shape == "square"):
            out.append(cand)
    return out


def _outside_angles(crop: np.ndarray, ring: SealCandidate, scale: float, origin: tuple[int, int],
                    ppm: float) -> list[float]:
    """Orientations (deg, mod 90) of sizeable ink pieces just outside a ring."""
    rest = crop.copy()
    (cx, cy), (ax, ay) = (ring.centre[0] * scale - origin[0], ring.centre[1] * scale - origin[1]), \
        (ring.axes[0] * scale, ring.axes[1] * scale)
    cv2.ellipse(rest, (int(cx), int(cy)), (int(ax * 1.06) + 1, int(ay * 1.06) + 1), ring.angle, 0, 360, 0, -1)
    n, _, stats, _ = cv2.connectedComponentsWithStats(rest, connectivity=8)
    angles: list[float] = []
    r_out = max(ax, ay) * 1.2
    for x, y, w, h, area in stats[1:]:
        if max(w, h) < 5 * ppm or area < 8 * ppm:
            continue
        # Only pieces touching the ring: a square stamped across it.
        nx, ny = min(max(cx, x), x + w), min(max(cy, y), y + h)
        if math.hypot(nx - cx, ny - cy) > r_out:
            continue
        ys, xs = np.nonzero(rest[y:y + h, x:x + w])
        xs, ys = xs + x, ys + y
        rect = cv2.minAreaRect(np.stack([xs, ys], 1).astype(np.float32))
        a = float(rect[2]) % 90.0
        if not any(min(abs(a - b), 90 - abs(a - b)) < 3 for b in angles):
            angles.append(a)
    return angles[:3]


def _with_upright(angles: list[float]) -> list[float]:
    """The turns to look for a name seal's frame at: those of the ink sticking out of a ring,
    and the page's own. A hand stamp is set about upright (within the frame search's spread
    of 15 degrees), while the piece sticking out may be a signature or the print it crosses,
    and a name seal stamped wholly inside the ring leaves none."""
    return angles + [0.0]


def _pieces(mask: np.ndarray, ppm: float) -> list[tuple[int, int, int, int]]:
    """Boxes of the pieces of ink (closed at ~3 mm) of 2 mm2 and more."""
    k = max(3, int(round(3.0 * ppm)) | 1)
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    _, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    return [(int(x), int(y), int(x + w), int(y + h)) for x, y, w, h, area in stats[1:] if area >= 2 * ppm * ppm]


def _scattered_rings(pale: np.ndarray, small: np.ndarray, ppm: float, scale: float, img_shape: tuple[int, ...],
                     min_confidence: float, paper_v: float, most: int = 3) -> list[SealCandidate]:
    """Faded rings left as arcs and dots in the pale-red mask: pieces lying
    close together are grouped into regions of seal size, where the ring is
    tracked round the whole circumference (the blob test sees only pieces,
    each too small to be a seal)."""
    lo, hi = 0.8 * ROUND_MM[0] * ppm, 1.2 * ROUND_MM[1] * ppm
    boxes = _pieces(pale, ppm)
    if any(max(b[2] - b[0], b[3] - b[1]) > hi for b in boxes):
        # A red page border or rule would join every piece into one (removing
        # rules costs a few ms: only when something that long is there).
        pale = remove_rules(pale, ppm)
        boxes = _pieces(pale, ppm)
    # A piece bigger than a seal still (a dashed border, a reddish table round
    # a photographed sheet) is none of a seal's: its box would join every
    # piece inside it into one page-sized region.
    boxes = [b for b in boxes if max(b[2] - b[0], b[3] - b[1]) <= hi]
    regions = []
    for b in greyscale.joined(boxes, SCATTER_GAP_MM * ppm):
        if max(b[2] - b[0], b[3] - b[1]) > hi:
            # Pale speckle all over a tinted sheet joins every piece into one
            # page-sized region: the ring, if any, is where its arcs are.
            regions.extend(_arc_window(pale, b, ppm))
        elif min(b[2] - b[0], b[3] - b[1]) >= lo:
            regions.append(b)
    out: list[SealCandidate] = []
    for roi in regions[:most]:
        mask = pale
        rings = greyscale.rings_in_roi(mask, roi, ppm, small, colour=True, most=4)
        if not rings:
            # The ring paler still in places than the faint mask's cuts.
            mask = _smoothed_red(small, roi, 0.5 * ROUND_MM[1] * ppm, ppm, scale, [])
            rings = greyscale.rings_in_roi(mask, roi, ppm, small, colour=True, most=4)
        _keep_pale_rings(rings, mask, small, ppm, scale, img_shape, min_confidence, paper_v, out)
    return out


def _arc_window(mask: np.ndarray, region: tuple[int, int, int, int], ppm: float
                ) -> list[tuple[int, int, int, int]]:
    """A seal-sized window round the longest stroke of a region too big to be
    one seal (none if it is a speck): a faded ring's arc holds far more ink
    than any speck of the speckle round it (ARC_MM2 and more). The window
    (with rings_in_roi's pad) reaches the largest ring's radius past the arc
    each way: the ring's centre lies in it. (One only: each window is a ring
    search, and the page checks are at their cost limit.)"""
    x0, y0, x1, y1 = region
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask[y0:y1, x0:x1], connectivity=8)
    if len(stats) < 2:
        return []
    x, y, w, h, area = stats[1 + int(np.argmax(stats[1:, 4]))].tolist()
    if area < ARC_MM2 * ppm * ppm:
        return []
    reach = 0.25 * ROUND_MM[1] * ppm  # (rings_in_roi pads it as much again)
    return [(int(max(x0, x0 + x - reach)), int(max(y0, y0 + y - reach)),
             int(min(x1, x0 + x + w + reach)), int(min(y1, y0 + y + h + reach)))]


def _smoothed_red(small: np.ndarray, roi: tuple[int, int, int, int], pad: float, ppm: float, scale: float,
                  erase: list[SealCandidate]) -> np.ndarray:
    """Page-sized mask holding `smoothed_red_mask` of the window round `roi`
    (work coordinates, `pad` pixels more each way), the seals `erase` blanked."""
    p = int(pad)
    win = (slice(max(0, roi[1] - p), roi[3] + p), slice(max(0, roi[0] - p), roi[2] + p))
    mask = np.zeros(small.shape[:2], np.uint8)
    mask[win] = smoothed_red_mask(small[win], ppm)
    return _erased(mask, erase, scale) if erase else mask


def _round_rings(mask: np.ndarray, rings: list[SealCandidate], scale: float, ppm: float) -> np.ndarray:
    """`mask` kept only round `rings`: out to a name seal's side (NAME_SEAL_MM) past each ring's radius."""
    out = np.zeros_like(mask)
    H, W = mask.shape
    for c in rings:
        cx, cy = c.centre[0] * scale, c.centre[1] * scale
        reach = max(c.axes) * scale + NAME_SEAL_MM * ppm
        x0, y0, x1, y1 = (int(max(0, cx - reach)), int(max(0, cy - reach)),
                          int(min(W, cx + reach + 1)), int(min(H, cy + reach + 1)))
        out[y0:y1, x0:x1] = mask[y0:y1, x0:x1]
    return out


def _reaches_band(square: SealCandidate, ring: SealCandidate) -> bool:
    """Does a square seal reach a ring's band (its centre within the ring's radius plus half its side)?"""
    return math.dist(square.centre, ring.centre) < max(ring.axes) + max(square.axes)


def _on_ellipse(metrics: dict) -> bool:
    """Does a ring found by votes in pale ink follow its ellipse closely
    (votes in the texture of grey paper or a photo gather round a ragged one)?"""
    resid = metrics.get("resid", 0.0)
    return resid <= FAINT_RING_RESID or (resid <= BLURRED_RESID and metrics.get("out_d", 1.0) <= CLEAN_OUT)


def _keep_pale_rings(rings: list[greyscale.Found], mask: np.ndarray, small: np.ndarray, ppm: float, scale: float,
                     img_shape: tuple[int, ...], min_confidence: float, paper_v: float,
                     out: list[SealCandidate]) -> None:
    """Rings found in pale red ink added to `out`: on paper only (pale red
    rings abound in photos), right on their ellipse (as in the faint pass:
    votes in a tinted sheet's grain gather round a ragged one), confidence
    capped at 0.6."""
    for geom, shape, conf, metrics in rings:
        if not _on_ellipse(metrics):
            continue
        (ex, ey), (ea, eb), _ = geom
        r = max(ea, eb)
        X0, Y0, X1, Y1 = int(max(0, ex - r)), int(max(0, ey - r)), int(ex + r) + 1, int(ey + r) + 1
        stroke_mm, paper = _context(small[Y0:Y1, X0:X1], mask[Y0:Y1, X0:X1], ppm, paper_v)
        if paper < 0.8:
            continue
        conf = min(_photo_penalty(conf, stroke_mm, paper, 0.0), 0.6)
        metrics.update(stroke_mm=round(stroke_mm, 2), paper=round(paper, 3), faint=True, scattered=True)
        cand = _to_candidate(geom, shape, conf, metrics, scale, img_shape)
        if conf >= min_confidence and not any(_same_seal(cand, o) for o in out):
            out.append(cand)


def _pale_blocks(found: list[SealCandidate], faint: np.ndarray, small: np.ndarray, ppm: float, scale: float,
                 img_shape: tuple[int, ...], min_confidence: float, paper_v: float) -> list[SealCandidate]:
    """Faded intaglio squares (blocks.pale_red_blocks) on paper, apart from the seals found."""
    out: list[SealCandidate] = []
    free = _erased(np.full(small.shape[:2], 255, np.uint8), found, scale)
    for geom, shape, conf, metrics in blocks.pale_red_blocks(small, ppm, free):
        cand = _to_candidate(geom, shape, conf, metrics, scale, img_shape)
        x0, y0, x1, y1 = (int(v * scale) for v in cand.bbox)
        _, paper = _context(small[y0:y1, x0:x1], faint[y0:y1, x0:x1], ppm, paper_v)
        metrics["paper"] = round(paper, 3)
        if conf >= min_confidence and paper >= 0.8 and not any(_same_seal(cand, o) or _overlap(cand, o) > 0.5
                                                                for o in found):
            out.append(cand)
    return out


def _rings_beside_squares(found: list[SealCandidate], small: np.ndarray, ppm: float, scale: float,
                          img_shape: tuple[int, ...], min_confidence: float, paper_v: float
                          ) -> list[SealCandidate]:
    """A name seal is stamped beside (or across) the company's ring: where a
    square seal has no ring near it, the ring may be too pale for any
    per-pixel cut. Looked for in the smoothed red lead round the square."""
    out: list[SealCandidate] = []
    reach = ROUND_MM[1] * ppm / scale  # (full-resolution pixels)
    for q in found:
        if q.shape != "square" or any(
                o.shape != "square" and math.hypot(o.centre[0] - q.centre[0], o.centre[1] - q.centre[1]) < reach
                for o in found):
            continue
        roi = tuple(int(v * scale) for v in q.bbox)
        mask = _smoothed_red(small, roi, ROUND_MM[1] * ppm, ppm, scale, [q])
        pad = int(ROUND_MM[1] * ppm)
        wide = (max(0, roi[0] - pad), max(0, roi[1] - pad), roi[2] + pad, roi[3] + pad)
        _keep_pale_rings(greyscale.rings_in_roi(mask, wide, ppm, small, colour=True, most=4), mask, small, ppm,
                         scale, img_shape, min_confidence, paper_v, out)
    return [c for c in out if not _taken(c, found)]


def _hysteresis(strict: np.ndarray, ppm: float, faint: np.ndarray, dark_fn) -> np.ndarray:
    """Red ink mask with thresholds relative to the seal's own ink.

    The strict mask's saturation cut follows the page's strongest red, so a
    pale seal next to a fresh one keeps only scattered dots of its ring. Faint
    red (low saturation, small red lead) that is connected to strict pixels
    through faint red is ink of the same impression and joins it: a geodesic
    dilation of the strict mask inside the faint one, reaching ~2 mm from
    strict ink (the gaps a worn ring leaves between its dots). Faint red away
    from strict ink (paper tint, pale print) stays out, and so does the pale
    halo JPEG spreads round every stroke: grown pixels must also be darker
    than the paper.
    """
    if not strict.any():
        return strict
    allowed = cv2.bitwise_and(faint, dark_fn())
    if not allowed.any():
        return strict
    k = np.ones((5, 5), np.uint8)
    grown = strict
    for _ in range(max(2, int(round(2.0 * ppm / 2)))):
        nxt = cv2.bitwise_or(strict, cv2.bitwise_and(cv2.dilate(grown, k), allowed))
        if np.array_equal(nxt, grown):
            break
        grown = nxt
    return grown


def _paper_level(small_bgr: np.ndarray) -> Optional[float]:
    """Brightness of the page's colourless majority (the paper), or None on a page of colour."""
    hsv = cv2.cvtColor(np.ascontiguousarray(small_bgr[::8, ::8]), cv2.COLOR_BGR2HSV)
    grey = hsv[..., 2][hsv[..., 1] < 60]
    return float(np.percentile(grey, 60)) if grey.size >= 100 else None


def _paper_cut(level: Optional[float]) -> float:
    """Brightness above which a colourless pixel counts as paper: 150, or less
    on a dim photo of a page (grey paper, ~0.85 of its own `_paper_level`)."""
    return 150.0 if level is None else float(min(150.0, max(30.0, 0.85 * level)))


def _exposed(small_bgr: np.ndarray, level: Optional[float]) -> tuple[np.ndarray, Optional[float]]:
    """(page, its paper level), brightened if it is a badly underexposed photo
    (paper darker than DIM_PAPER): the seal's red is there, but too dark for
    any colour cut (value >= 45-60, a red lead of 10-20 levels)."""
    if level is None or level >= DIM_PAPER:
        return small_bgr, level
    gain = min(MAX_GAIN, LIT_PAPER / max(level, 1.0))
    return cv2.convertScaleAbs(small_bgr, alpha=gain), level * gain


def _erased(mask: np.ndarray, seals: list[SealCandidate], scale: float) -> np.ndarray:
    """A copy of a work-scale mask with the seals found so far (full-resolution
    candidates) blanked out: a square's box, a ring's ellipse a little grown."""
    out = mask.copy()
    for c in seals:
        if c.shape == "square":
            x0, y0, x1, y1 = (int(v * scale) for v in c.bbox)
            out[max(0, y0 - 2):y1 + 3, max(0, x0 - 2):x1 + 3] = 0
        else:
            (cx, cy), (ax, ay) = (c.centre[0] * scale, c.centre[1] * scale), (c.axes[0] * scale, c.axes[1] * scale)
            cv2.ellipse(out, (int(cx), int(cy)), (int(ax * 1.08) + 2, int(ay * 1.08) + 2), c.angle, 0, 360, 0, -1)
    return out


def find_seals(image_bgr: np.ndarray, min_confidence: float = 0.3, shape_pass: Optional[bool] = None,
               page_ppm: Optional[float] = None) -> list[SealCandidate]:
    """Seals on a page image, most confident first (bbox etc. in full-resolution pixels).

    Red / dark-red ink first, grown into faint red connected to it (pale parts
    of one impression); then pale seals elsewhere on the page: faint red
    (fixed low cuts, or clear of the local paper's own tint and noise) plus
    the dark ink next to it, mostly pale red, confidence capped at 0.6; on a page without
    colour (a greyscale copy) the shape pass looks for rings and frames of
    seal size in ink darker than the paper (threshold from the paper's noise).
    A square frame faded in stretches counts when two sides printed whole. A
    page's red share marks its candidates down as things in a red photo, unless
    the page is a sheet of paper and the red lies away from the candidate's own
    paper (a sheet on a red table). Rings are fitted robustly (RANSAC over the
    outer edge), and square seals
    stamped across a ring are looked for by closed outline and, failing that,
    by four straight sides, intaglio ones as solid blocks with white
    characters walled in; a pale one across a crisp ring is looked for in
    the faint mask too. A ring paler still (a few levels of red lead) is
    looked for in the red lead smoothed against the paper round it, where
    pale red is already in pieces (round the longest arc where pale speckle
    covers the whole sheet) or beside a name seal with no ring near
    it; a blurred one, run into a solid disc in the faint mask, in the
    disc's own red lead cut at a share of its high; a pale name seal
    across or inside a crisp ring, where pale red lies beside or within it;
    a faded intaglio name seal, left as a pale square patch, in the red
    lead averaged over a few mm (light: bold print is dark). Rings found by votes and frames in red
    blobs must be clearly redder than what lies round them. Paper is judged
    against the page's own paper level (a dim photo's paper is grey; a
    badly underexposed one is brightened for the colour passes) and, in the
    shade of an unevenly lit photo, against the paper round the seal.
    `shape_pass` forces it on or off (default: only on colourless pages).
    `page_ppm`: the page's pixels per mm where the caller knows them (a page
    deskewed on a grown canvas is no A4 by its shape); by default the image
    is taken for an A4 page.
    Candidates below `min_confidence` are dropped: 0.3 keeps emblem-like
    round marks (~0.35) for the caller to judge; use 0.5 for "surely a seal".
    """
    img = as_bgr(image_bgr)
    small, scale = downscale(img, WORK_LONG_SIDE)
    ppm = (page_ppm or px_per_mm(img.shape)) * scale
    lit, paper_level = _exposed(small, _paper_level(small))  # (the colour passes only)
    cache: dict = {}

    def dark_fn() -> np.ndarray:
        if "dark" not in cache:
            # (Unsmoothed: colour finds the seals in these passes, and a grainy
            # page's blur would spread a pale red stroke's dark ink.)
            cache["dark"] = greyscale.dark_ink(lit, ppm, 0.9, smooth_grain=False)
        return cache["dark"]

    strict, faint = seal_masks(lit)
    paper_v = _paper_cut(paper_level)
    out = _detect_colour(img, lit, scale, ppm, _hysteresis(strict, ppm, faint, dark_fn), min_confidence,
                         paper_v=paper_v)
    # Washed-out, pale or JPEG-blurred seals: the colour survives only in
    # blocks or at a low saturation, the strokes only in the brightness. Ink
    # darker than the local paper next to faint red is the second mask; the
    # same ring test decides, capped so it never looks like a crisp seal, and
    # the seals already found are left out of it.
    rest = _erased(faint, out, scale)
    if np.count_nonzero(rest) >= 20 * ppm * ppm:  # at least a faint ring's worth of ink left
        near = cv2.dilate(rest, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (int(2 * ppm) | 1,) * 2))
        # (The dark ink of the seals already found stays out too.)
        mask = _erased(cv2.bitwise_or(rest, cv2.bitwise_and(dark_fn(), near)), out, scale)
        for c in _detect_colour(img, lit, scale, ppm, mask, max(min_confidence, 0.45), faint=True, paper_v=paper_v):
            # Pale ink is judged on paper only: in a photo, pale red rings abound.
            if c.metrics.get("paper", 1.0) < 0.8:
                continue
            c.metrics["pale_share"] = round(_pale_share(c, rest, mask, scale), 3)
            inside, around = _fills(c, dark_fn(), scale, ppm)
            c.metrics.update(dark_fill=round(inside, 3), dark_round=round(around, 3))
            if c.metrics["pale_share"] < PALE_SHARE or (inside > DARK_FILL and around < inside / 3):
                continue
            if not any(_same_seal(c, o) or _overlap(c, o) > 0.5 for o in out):
                out.append(c)
        for c in _scattered_rings(rest, lit, ppm, scale, img.shape, max(min_confidence, 0.45), paper_v):
            if not _taken(c, out):
                out.append(c)
        out.extend(_pale_blocks(out, rest, lit, ppm, scale, img.shape, max(min_confidence, 0.45), paper_v))
    # A pale personal seal stamped across a crisp company seal: the strict
    # mask has only dots of it and the faint pass above erased the ring's
    # area, and with it the side of the frame lying on the ring. Look for
    # frames round each ring in the faint mask itself (rings erased there).
    def pale_ink_beside(c: SealCandidate) -> bool:
        # Pale red left round the ring once the crisp seals are taken out: a
        # frame of 15 mm has ~30 mm2 of ink even at half coverage.
        x0, y0, x1, y1 = (v * scale for v in c.bbox)
        pad = 25 * ppm
        sub = rest[int(max(0, y0 - pad)):int(y1 + pad), int(max(0, x0 - pad)):int(x1 + pad)]
        return np.count_nonzero(sub) >= 15 * ppm * ppm

    def pale_ink_within(c: SealCandidate) -> bool:
        # A pale name seal stamped inside a crisp ring (over its star): pale
        # red that is no part of the ring's crisp ink, as much as a frame's.
        x0, y0, x1, y1 = (max(0, int(v * scale)) for v in c.bbox)
        if x1 <= x0 or y1 <= y0:  # a box that shrank to nothing (cv2.dilate fails on an empty array)
            return False
        crisp = cv2.dilate(strict[y0:y1, x0:x1], np.ones((3, 3), np.uint8))
        pale = cv2.bitwise_and(faint[y0:y1, x0:x1], cv2.bitwise_not(crisp))
        return np.count_nonzero(pale) >= PALE_WITHIN_MM2 * ppm * ppm

    lone = [c for c in out if c.shape != "square"
            and not any(o.shape == "square" and _overlap(o, c) > 0 for o in out)
            and (pale_ink_beside(c) or pale_ink_within(c))]
    if lone:
        pale = remove_rules(faint, ppm)
        crisp = cv2.dilate(strict, np.ones((3, 3), np.uint8))
        pale_only = cv2.bitwise_and(pale, cv2.bitwise_not(crisp))
        for c in _squares_beside(lone, pale, ppm, scale, img.shape, max(min_confidence, 0.45), True):
            # (A square inside a ring is a name seal stamped over it, not another outline of the ring.)
            if c.metrics.get("sides"):
                # Found by straight sides alone: its line must be mostly pale ink
                # (crisp red print across a ring has straight edges too).
                c.metrics["crisp_share"] = round(_pale_share(c, strict, faint, scale), 3)
                # ... its inside split into characters, and no pale ink running on
                # past it (a box found in or round a boxy glyph of pale print).
                gutter, beside = _split_alone(c, pale_only, crisp, scale)
                c.metrics.update(gutter=round(gutter, 3), beside=round(beside, 3))
                if c.metrics["crisp_share"] > CRISP_SIDES or gutter < BALANCE or beside > BESIDE:
                    continue
            if not any(_same_seal(c, o) or (o.shape == "square" and _overlap(c, o) > 0.6) for o in out):
                c.metrics["pale"] = True
                out.append(c)
        # A pale intaglio name seal across the ring: a solid block the faint
        # pass cut in two when it erased the ring's area. (Round those rings
        # only, and reaching their band.)
        for c in _intaglio_blocks(out, _round_rings(faint, lone, scale, ppm), lit, ppm, scale, img.shape,
                                  max(min_confidence, 0.45), True, paper_v, float((faint > 0).mean())):
            if any(_reaches_band(c, r) for r in lone):
                c.metrics["pale"] = True
                out.append(c)
    out.extend(_rings_beside_squares(out, lit, ppm, scale, img.shape, max(min_confidence, 0.45), paper_v))
    run_shape = shape_pass if shape_pass is not None else (not out and colour_share(small) < GREY_PAGE_COLOUR_SHARE)
    if run_shape:
        norm = greyscale.paper_normalised(small, ppm)
        ink = greyscale.shape_ink(small, ppm, norm)
        shapes = greyscale.find_shapes(small, ppm, ink=ink)
        # Most confident first: a ring tracked from a wrong centre (half the
        # seal's ring and its text) must not shadow the seal's own ring.
        for geom, shape, conf, metrics in sorted(shapes + greyscale.pale_rings(small, ppm, shapes, norm),
                                                 key=lambda f: -f[2]):
            if conf < min_confidence:
                continue
            cand = _to_candidate(geom, shape, conf, metrics, scale, img.shape, source="shape")
            # (A ring and a square overlapping are two seals unless they share a centre: a name seal
            # stamped across a company seal's ring.)
            if not any(_same_seal(cand, o)
                       or (_overlap(cand, o) > 0.6 and (o.shape == "square") == (shape == "square")) for o in out):
                out.append(cand)
        # A name seal stamped across a company seal's ring on a copy: its frame
        # is fused with the ring and the print, as in red (see _squares_beside).
        rings = [c for c in out if c.source == "shape" and c.shape != "square"]
        for c in _squares_beside(rings, ink, ppm, scale, img.shape, max(min_confidence, 0.45), False, colour=False,
                                 sharp=greyscale.grainy(to_grey(small))):
            # (Mostly inside the ring's box, as in red: it is stamped across the ring.)
            if not any(_same_seal(c, o) or (o.shape == "square" and _overlap(c, o) > 0.6) for o in out):
                c.source = "shape"
                out.append(c)
        out.sort(key=lambda c: -c.confidence)
    return out
