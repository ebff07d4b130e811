"""Phone photos of a page: find the paper's outline and flatten it to an A4 page.

A phone photo shows the sheet as a bright, low-saturation quadrilateral on a
darker or more colourful background (a desk, a floor, a hand). The outline is
searched on a ~500 px copy, with text closed away so only paper is left:

1. candidate regions come from several splits of paper from background
   (Otsu on brightness and on "whiteness" = brightness minus saturation, each
   also split again inside its darker class, where paper in shade and the
   desk fall together; and the regions closed by Canny edges), because no
   single split survives every combination of uneven light, shadow and
   background colour;
2. each region's convex hull is reduced to four corners, and each side is
   re-fitted as a straight line through the outline points along it, so bent
   corners and fingers do not pull the corners;
3. a quadrilateral is kept only if every side lies on a real brightness step
   (edge support), no print lies just outside it, and the photo's own border
   outside it does not look like the paper (a flatbed scan, whose border is
   paper or scanner lid, is left alone). The largest one kept wins: the step
   from lit to shaded paper also passes the edge test, but the outline it
   gives is only part of the sheet.

The flattened page has A4 proportions (portrait or landscape as the outline
is), at the resolution the photo had along the page.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extractors.geometry import downscale, to_grey

WORK_LONG_SIDE = 512
A4_RATIO = 297.0 / 210.0
A4_WIDTH_MM = 210.0
MIN_AREA = 0.12  # share of the photo the page covers, at least
MAX_AREA = 0.985
MIN_EDGE = 10.0  # grey levels of brightness step along every side of the outline
MIN_SEPARATION = 18.0  # paper is this much brighter (or whiter) than the photo's border outside it


@dataclass(frozen=True)
class PageOutline:
    corners: np.ndarray  # (4, 2) float32, full-resolution pixels: top-left, top-right, bottom-right, bottom-left
    edge: float  # weakest side's brightness step, grey levels
    area: float  # share of the image


def find_page_outline(image: np.ndarray) -> PageOutline | None:
    """The photographed page's corners, or None for a scan / no clear outline."""
    small, scale = downscale(image, WORK_LONG_SIDE)
    if small.ndim == 2:
        small = cv2.cvtColor(small, cv2.COLOR_GRAY2BGR)
    elif small.shape[2] == 4:
        small = cv2.cvtColor(small, cv2.COLOR_BGRA2BGR)
    h, w = small.shape[:2]
    if min(h, w) < 64:
        return None
    grey = to_grey(small)
    hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
    whiteness = np.clip(hsv[:, :, 2].astype(np.int16) - hsv[:, :, 1].astype(np.int16), 0, 255).astype(np.uint8)
    # Text and ruling lines are thin and dark: a closing leaves the bare paper.
    k = max(3, int(round(min(h, w) / 40)) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    grey_c = cv2.GaussianBlur(cv2.morphologyEx(grey, cv2.MORPH_CLOSE, kernel), (5, 5), 0)
    white_c = cv2.GaussianBlur(cv2.morphologyEx(whiteness, cv2.MORPH_CLOSE, kernel), (5, 5), 0)

    if _border_is_paper(grey_c, white_c):
        return None  # a scan: paper (or the scanner lid) all the way round
    # Print (thin dark strokes) where it is: an outline with print just outside
    # it has cut the sheet short (a shadow edge taken for the rim).
    strokes = cv2.morphologyEx(grey, cv2.MORPH_BLACKHAT, kernel) > 30
    # The largest outline that passes wins: a lit part of the sheet, or one
    # short of a shadow, is smaller than the whole sheet. Checking the largest
    # first spares checking the rest.
    quads = [corners for mask in _candidate_masks(grey_c, white_c) for corners in _quads_from_mask(mask)]
    quads.sort(key=lambda q: abs(cv2.contourArea(q)), reverse=True)
    best = next((o for o in (_validate(q, grey_c, white_c, strokes) for q in quads) if o is not None), None)
    if best is None:
        return None
    corners = _snap_to_edges(best.corners, grey_c)
    return PageOutline(corners=(corners / scale).astype(np.float32), edge=best.edge, area=best.area)


def flatten_page(image: np.ndarray, outline: PageOutline) -> tuple[np.ndarray, float]:
    """The page warped flat to A4 proportions, and its resolution in dpi."""
    c = outline.corners.astype(np.float32)
    top, bottom = np.linalg.norm(c[1] - c[0]), np.linalg.norm(c[2] - c[3])
    left, right = np.linalg.norm(c[3] - c[0]), np.linalg.norm(c[2] - c[1])
    width, height = max(top, bottom), max(left, right)
    if height >= width:  # portrait sheet: keep the long side's resolution
        out_h = int(round(max(height, width * A4_RATIO)))
        out_w = int(round(out_h / A4_RATIO))
        short = out_w
    else:
        out_w = int(round(max(width, height * A4_RATIO)))
        out_h = int(round(out_w / A4_RATIO))
        short = out_h
    dst = np.float32([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]])
    matrix = cv2.getPerspectiveTransform(c, dst)
    flat = cv2.warpPerspective(image, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    dpi = short / (A4_WIDTH_MM / 25.4)
    return flat, float(dpi)


# ---------------------------------------------------------------- internals


def _border_is_paper(grey_c: np.ndarray, white_c: np.ndarray) -> bool:
    """Nearly all of the photo's border band is as bright and as white as the brightest part of the photo."""
    h, w = grey_c.shape
    b = max(3, int(0.04 * min(h, w)))
    band = np.zeros((h, w), bool)
    band[:b], band[-b:], band[:, :b], band[:, -b:] = True, True, True, True
    paper_g = float(np.percentile(grey_c, 90))
    paper_w = float(np.percentile(white_c, 90))
    background = (grey_c[band] < paper_g - MIN_SEPARATION) | (white_c[band] < paper_w - MIN_SEPARATION)
    return float(background.mean()) < 0.05


def _candidate_masks(grey_c: np.ndarray, white_c: np.ndarray) -> list[np.ndarray]:
    masks = []
    for channel in (grey_c, white_c):
        t, m = cv2.threshold(channel, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        masks.append(m)
        # Light falling off across the sheet: Otsu splits the lit paper from
        # the shaded paper and the desk together. Splitting that darker class
        # again separates the desk from the paper in shade.
        darker = channel[channel < t]
        if darker.size > 100:
            t_low, _ = cv2.threshold(darker.reshape(-1, 1), 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
            masks.append(((channel > t_low) * 255).astype(np.uint8))
    # Regions enclosed by edges: survives a shadow that drags part of the paper
    # below a global threshold, as long as the paper's rim is a step. The
    # photo's frame closes a sheet that runs into it.
    med = float(np.median(grey_c))
    edges = cv2.Canny(grey_c, max(10.0, 0.33 * med), max(30.0, 0.66 * med))
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    edges[[0, -1], :] = 255
    edges[:, [0, -1]] = 255
    n, labels, stats, _ = cv2.connectedComponentsWithStats(255 - edges, connectivity=4)
    h, w = edges.shape
    order = np.argsort(stats[1:, cv2.CC_STAT_AREA])[::-1][:3] + 1
    for i in order:
        if stats[i, cv2.CC_STAT_AREA] < MIN_AREA * h * w:
            break
        region = (labels == i).astype(np.uint8) * 255
        masks.append(cv2.dilate(region, np.ones((3, 3), np.uint8)))
    return masks


def _quads_from_mask(mask: np.ndarray, keep: int = 2) -> list[np.ndarray]:
    h, w = mask.shape
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    contours = sorted(contours, key=cv2.contourArea, reverse=True)[:keep]
    quads = []
    for contour in contours:
        if cv2.contourArea(contour) < MIN_AREA * h * w:
            break
        hull = cv2.convexHull(contour)
        peri = cv2.arcLength(hull, True)
        approx = None
        for eps in np.linspace(0.01, 0.1, 19):
            candidate = cv2.approxPolyDP(hull, eps * peri, True)
            if len(candidate) == 4:
                approx = candidate.reshape(4, 2).astype(np.float32)
                break
            if len(candidate) < 4:
                break
        if approx is None:
            continue
        corners = _order(approx)
        refined = _refit_sides(corners, contour.reshape(-1, 2).astype(np.float32))
        quads.append(refined if refined is not None else corners)
    return quads


def _order(pts: np.ndarray) -> np.ndarray:
    """Corners ordered top-left, top-right, bottom-right, bottom-left (clockwise on screen)."""
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise in image coordinates (y down), starting at the left
    start = int(np.argmin(pts[:, 0] + pts[:, 1]))
    return np.roll(pts, -start, axis=0).astype(np.float32)


def _refit_sides(corners: np.ndarray, outline: np.ndarray) -> np.ndarray | None:
    """Fit a line to the outline points along each side; corners are the lines' crossings."""
    lines = []
    for i in range(4):
        a, b = corners[i], corners[(i + 1) % 4]
        d = b - a
        length = float(np.hypot(*d))
        if length < 8:
            return None
        u = d / length
        n = np.array([-u[1], u[0]], np.float32)
        rel = outline - a
        t = rel @ u
        dist = np.abs(rel @ n)
        near = (t > 0.12 * length) & (t < 0.88 * length) & (dist < max(3.0, 0.03 * length))
        pts = outline[near]
        if len(pts) < 10:
            lines.append((a, u))
            continue
        vx, vy, x0, y0 = cv2.fitLine(pts, cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((np.array([x0, y0], np.float32), np.array([vx, vy], np.float32)))
    out = []
    for i in range(4):
        p = _intersect(lines[i - 1], lines[i])
        if p is None or np.linalg.norm(p - corners[i]) > 0.15 * max(np.ptp(corners, axis=0)):
            return None
        out.append(p)
    return np.array(out, np.float32)


def _snap_to_edges(corners: np.ndarray, grey_c: np.ndarray, reach: float = 6.0) -> np.ndarray:
    """Move each side onto the steepest brightness step within `reach` px across it.

    The masks put the outline a pixel or two off the rim, each in its own
    direction; the step itself is where the paper ends.
    """
    gx = cv2.Sobel(grey_c.astype(np.float32), cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(grey_c.astype(np.float32), cv2.CV_32F, 0, 1, ksize=3)
    offsets = np.arange(-reach, reach + 0.5, 0.5, dtype=np.float32)
    lines = []
    for i in range(4):
        a, b = corners[i], corners[(i + 1) % 4]
        d = b - a
        length = float(np.hypot(*d))
        u = d / max(length, 1e-6)
        n = np.array([-u[1], u[0]], np.float32)
        ts = np.linspace(0.1, 0.9, 40, dtype=np.float32)
        base = a[None, :] + ts[:, None] * d[None, :]
        pts = base[:, None, :] + offsets[None, :, None] * n[None, None, :]  # (40, k, 2)
        flat = pts.reshape(-1, 2)
        g = np.abs(_bilinear(gx, flat) * n[0] + _bilinear(gy, flat) * n[1]).reshape(pts.shape[:2])
        best = np.argmax(g, axis=1)
        strong = g[np.arange(len(best)), best] > 0.5 * np.median(g.max(axis=1))
        hits = pts[np.arange(len(best)), best][strong]
        if len(hits) < 10:
            lines.append((a, u))
            continue
        vx, vy, x0, y0 = cv2.fitLine(hits.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((np.array([x0, y0], np.float32), np.array([vx, vy], np.float32)))
    out = []
    for i in range(4):
        p = _intersect(lines[i - 1], lines[i])
        if p is None or np.linalg.norm(p - corners[i]) > 2 * reach:
            return corners
        out.append(p)
    return np.array(out, np.float32)


def _bilinear(channel: np.ndarray, pts: np.ndarray) -> np.ndarray:
    h, w = channel.shape
    x = np.clip(pts[:, 0], 0, w - 1.001)
    y = np.clip(pts[:, 1], 0, h - 1.001)
    x0, y0 = np.floor(x).astype(int), np.floor(y).astype(int)
    fx, fy = x - x0, y - y0
    c = channel
    return (c[y0, x0] * (1 - fx) * (1 - fy) + c[y0, x0 + 1] * fx * (1 - fy)
            + c[y0 + 1, x0] * (1 - fx) * fy + c[y0 + 1, x0 + 1] * fx * fy)


def _intersect(l1, l2) -> np.ndarray | None:
    (p, r), (q, s) = l1, l2
    cross = r[0] * s[1] - r[1] * s[0]
    if abs(cross) < 1e-6:
        return None
    t = ((q[0] - p[0]) * s[1] - (q[1] - p[1]) * s[0]) / cross
    return p + t * r


def _validate(corners: np.ndarray, grey_c: np.ndarray, white_c: np.ndarray, strokes: np.ndarray) -> PageOutline | None:
    h, w = grey_c.shape
    quad = corners.astype(np.float32)
    if not cv2.isContourConvex(quad.reshape(-1, 1, 2)):
        return None
    area = abs(cv2.contourArea(quad)) / float(h * w)
    if not MIN_AREA <= area <= MAX_AREA:
        return None
    # Every corner a real corner: 50-130 degrees, a sheet seen at a slant, not a sliver.
    for i in range(4):
        v1, v2 = quad[i - 1] - quad[i], quad[(i + 1) % 4] - quad[i]
        cos = float(v1 @ v2 / (np.linalg.norm(v1) * np.linalg.norm(v2) + 1e-6))
        if abs(cos) > 0.65:
            return None
    # A corner may lie a little outside the photo (the sheet's tip cut off), not far.
    margin = 0.03 * max(h, w)
    if (quad[:, 0] < -margin).any() or (quad[:, 0] > w - 1 + margin).any() or (quad[:, 1] < -margin).any() or (
        quad[:, 1] > h - 1 + margin
    ).any():
        return None
    inside = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(inside, np.round(quad).astype(np.int32), 255)
    inner = cv2.erode(inside, np.ones((9, 9), np.uint8)) > 0
    # The photo's border band outside the sheet: background in a photo; paper or lid in a scan.
    band = np.zeros((h, w), bool)
    b = max(3, int(0.04 * min(h, w)))
    band[:b], band[-b:], band[:, :b], band[:, -b:] = True, True, True, True
    outer = band & (cv2.dilate(inside, np.ones((9, 9), np.uint8)) == 0)
    if outer.sum() < 0.05 * band.sum() or inner.sum() < 100:
        return None
    paper_g, paper_w = float(np.median(grey_c[inner])), float(np.median(white_c[inner]))
    back_g, back_w = float(np.median(grey_c[outer])), float(np.median(white_c[outer]))
    if max(paper_g - back_g, paper_w - back_w) < MIN_SEPARATION:
        return None
    edge = _edge_support(quad, grey_c, white_c)
    if edge < MIN_EDGE:
        return None
    # Print in a strip just outside the outline: the sheet goes on beyond it.
    reach = max(5, int(0.08 * np.sqrt(area * h * w)))
    strip = (cv2.dilate(inside, np.ones((reach, reach), np.uint8)) > 0) & (cv2.dilate(inside, np.ones((5, 5), np.uint8)) == 0)
    # (Wood grain or a patterned cloth is as busy next to the sheet as at the
    # photo's border; the rest of a sheet cut short is not background.)
    background = float(strokes[outer].mean())
    if strip.sum() and strokes[strip].mean() > max(0.01, 0.25 * strokes[inner].mean(), 2.0 * background):
        return None
    return PageOutline(corners=quad, edge=edge, area=area)


def _edge_support(quad: np.ndarray, grey_c: np.ndarray, white_c: np.ndarray) -> float:
    """The weakest side's step: median over the side of (inside - outside) a few px across it."""
    h, w = grey_c.shape
    centre = quad.mean(axis=0)
    steps = []
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        d = b - a
        length = float(np.hypot(*d))
        u = d / max(length, 1e-6)
        n = np.array([-u[1], u[0]], np.float32)
        if (centre - a) @ n < 0:
            n = -n  # n points into the sheet
        ts = np.linspace(0.1, 0.9, 24)
        pts = a[None, :] + ts[:, None] * d[None, :]
        vals = []
        for channel in (grey_c, white_c):
            ins = _sample(channel, pts + 4 * n)
            out = _sample(channel, pts - 4 * n)
            ok = ~np.isnan(ins) & ~np.isnan(out)
            vals.append(float(np.median(ins[ok] - out[ok])) if ok.sum() >= 6 else 0.0)
        steps.append(max(vals))
    return float(min(steps))


def _sample(channel: np.ndarray, pts: np.ndarray) -> np.ndarray:
    h, w = channel.shape
    x = np.round(pts[:, 0]).astype(int)
    y = np.round(pts[:, 1]).astype(int)
    ok = (x >= 0) & (x < w) & (y >= 0) & (y < h)
    out = np.full(len(pts), np.nan, np.float32)
    out[ok] = channel[y[ok], x[ok]]
    return out
