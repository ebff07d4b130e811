"""Which way up is a photo? Gravity cues on a small copy, for pages without text.

Photos of a factory site, a workshop, equipment or a product carry no text to
read the direction from, but a camera held upright sees the world the right way
up, and some things hold for nearly every such photo:

- light comes from above: sky, ceiling lights and windows make the top of the
  picture brighter than the bottom (ground, floor, the table under a product);
- the ground is busier than the sky: gravel, grass, cables, floor marks and the
  machines standing on it put more edges in the lower part;
- the sky is blue, the ground is not (colour scans only).

Each photo on a sheet is looked at on its own (a sheet holds them in rows and
columns, maybe fed in at an angle), and a sheet with strokes but no photo on it
is reported as such (`photos == 0`): a document page, not a picture.

Each cue compares the two ends of each axis. The scores of the four turns come
from those differences (turning by 180 degrees swaps the sign), plus a prior
from the paper: a scanned A4 sheet with photos pasted on it is portrait when
upright, so a landscape sheet has most likely been turned by a quarter.
The answer is only given when the evidence clearly beats "as scanned"; when in
doubt the photo is left as it is (rotation 0).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extractors.geometry import downscale

WORK_LONG_SIDE = 160
REGION_LONG_SIDE = 96
PAPER_PRIOR = 1.0  # evidence for the axis the sheet's shape favours (a portrait A4 sheet is upright or upside down)
SHAPE_PRIOR = 0.3  # photos pasted on a sheet are mostly landscape pictures
MIN_FLIP = 0.6  # evidence needed to call a loose photo upside down or turned (the camera set it upright)
MIN_FLIP_SHEET = 0.3  # evidence needed to call a sheet of photos upside down
MIN_SIDE = 0.15  # evidence needed to tell a quarter turn left from right once the axis is known
W_LIGHT, W_TEXTURE, W_SKY = 1.0, 0.5, 1.0
BACKDROP_PART = 6  # the backdrop's brightness is compared in this part of the picture at either end
TILTS = (0.0,) + tuple(float(a) for a in range(-8, 9) if a)  # degrees tried to level a sheet's photos
SHADED_PAPER = 45  # grey levels below the paper's white that flat, unsaturated paper in shade may lie


@dataclass(frozen=True)
class PhotoOrientation:
    rotation: int  # clockwise turn of the content as scanned: 0/90/180/270
    confidence: float
    vertical: float  # evidence that the top of the picture is up (negative: down)
    horizontal: float  # evidence that the top of the picture is on the right (negative: left)
    axis_prior: float  # evidence from the sheet for a quarter turn (negative: for upright/upside down)
    photos: int = 1  # photos found; 0: a sheet with nothing but strokes on it (a document page)


def photo_rotation(image: np.ndarray) -> PhotoOrientation:
    """How far the photo (or the sheet of photos) is turned clockwise, from gravity cues."""
    small, _ = downscale(image, WORK_LONG_SIDE)
    colour = small.ndim == 3 and small.shape[2] >= 3 and not _is_grey(small)
    bgr = small[:, :, :3].astype(np.float32) if small.ndim == 3 else np.repeat(small[:, :, None], 3, 2).astype(np.float32)
    grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    h, w = grey.shape
    regions, on_paper, bgr = _photo_regions(bgr, grey)
    v = hz = total = 0.0
    landscape_share = 0.0
    for x0, y0, x1, y1 in regions:
        cue_v, cue_h = _cues(bgr[y0:y1, x0:x1], colour)
        weight = float((x1 - x0) * (y1 - y0))
        v, hz, total = v + weight * cue_v, hz + weight * cue_h, total + weight
        landscape_share += weight * float(np.sign((x1 - x0) - 1.1 * (y1 - y0)) if abs((x1 - x0) - (y1 - y0)) > 0.1 * max(x1 - x0, y1 - y0) else 0.0)
    if total <= 0:
        return PhotoOrientation(0, 0.0, 0.0, 0.0, 0.0, photos=0)
    v, hz = v / total, hz / total
    axis = 0.0  # > 0: a quarter turn is likely; < 0: upright or upside down
    if on_paper:
        aspect = h / float(w)
        axis += PAPER_PRIOR if aspect < 1 / 1.15 else -PAPER_PRIOR if aspect > 1.15 else 0.0
        axis -= SHAPE_PRIOR * landscape_share / total
    # Without a sheet the picture decides alone, and must do so clearly:
    # photos arrive with the camera's own orientation applied.
    quarter = axis + abs(hz) - abs(v)
    if quarter > (0.0 if on_paper and axis > 0 else MIN_FLIP):
        if abs(hz) < MIN_SIDE:
            return PhotoOrientation(0, 0.0, round(v, 3), round(hz, 3), round(axis, 3), len(regions))
        rotation = 90 if hz > 0 else 270
        confidence = min(1.0, abs(hz) / 1.0) * min(1.0, quarter / 1.0)
    elif v < -(MIN_FLIP_SHEET if on_paper else MIN_FLIP):
        rotation, confidence = 180, min(1.0, -v / 1.0)
    else:
        rotation, confidence = 0, min(1.0, max(0.0, v) / 1.0 + 0.3)
    return PhotoOrientation(rotation, round(float(confidence), 3), round(v, 3), round(hz, 3), round(axis, 3), len(regions))


def _is_grey(bgr: np.ndarray) -> bool:
    b, g, r = (bgr[:, :, i].astype(np.int16) for i in range(3))
    return float(np.mean(np.abs(b - g) + np.abs(g - r))) < 3.0


def _photo_regions(bgr: np.ndarray, grey: np.ndarray) -> tuple[list[tuple[int, int, int, int]], bool, np.ndarray]:
    """Boxes of the photos on a sheet of paper (or the whole image when it is a photo
    itself), whether it is a sheet, and the image with the capture's light divided out.

    Paper is bright, unsaturated and flat; a sheet is recognised by paper along
    its border (three sides at least: one may lie in a scanner's edge shadow).
    """
    h, w = grey.shape
    sat = bgr.max(axis=2) - bgr.min(axis=2)
    # Texture after a light blur: paper grain and JPEG noise are not structure.
    local = cv2.blur(np.abs(cv2.Laplacian(cv2.GaussianBlur(grey, (0, 0), 1.0), cv2.CV_32F)), (5, 5))
    paper_level = float(np.percentile(grey, 95))
    flat = (sat < 40) & (local < 5)
    # Shading from a phone's light darkens paper gradually: to recognise the
    # sheet, flat and not dark is enough; the photos on it are what is not
    # close to the paper's own white.
    paper = (grey > 0.45 * paper_level) & flat
    if paper_level < 150 or _paper_sides(paper) < 3:
        return [(0, 0, w, h)], False, bgr
    # The light of the capture, not of the scene: measured on the paper, divided out.
    # First on the border, then on all the paper away from what lies on the sheet
    # (a phone's light can fall off across the middle, which the border alone misses).
    lit = _flatten_light(bgr, paper & ~_inner(h, w))
    content = _content(lit, sat, flat)
    away = cv2.dilate(content.astype(np.uint8), np.ones((5, 5), np.uint8)) == 0
    bgr = _flatten_light(bgr, paper & away)
    content = _content(bgr, sat, flat)
    # A sheet fed in at an angle tilts its photos: the gap between two of them
    # then crosses no row empty. Level the sheet by its photos' edges first.
    angle = _tilt(content)
    if angle:
        matrix = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
        content = cv2.warpAffine(content.astype(np.uint8), matrix, (w, h), flags=cv2.INTER_NEAREST) > 0
        bgr = cv2.warpAffine(bgr, matrix, (w, h), borderMode=cv2.BORDER_REPLICATE)
    # Photos are rectangles laid out in rows and columns on the sheet: split at rows
    # with no content, then each band at columns with none (two photos side by side
    # are two photos: each has its own up), then trim each piece's rows.
    # (A pale sky inside a photo must not cut it.)
    boxes = []
    for r0, r1 in _runs(content.mean(axis=1) > 0.03, min_gap=3):
        cols = content[r0:r1].mean(axis=0)
        # The gap's edges blur into the photos beside it: a gap is a run of columns
        # far emptier than the band's fullest, not columns empty to the last pixel.
        for c0, c1 in _runs(cols > max(0.03, 0.3 * float(cols.max())), min_gap=2):
            rows = np.nonzero(content[r0:r1, c0:c1].mean(axis=1) > 0.03)[0]
            if len(rows) == 0:
                continue
            y0, y1 = r0 + int(rows[0]), r0 + int(rows[-1]) + 1
            if (c1 - c0) * (y1 - y0) >= 0.04 * h * w and min(c1 - c0, y1 - y0) >= 12:
                boxes.append((c0, y0, c1, y1))
    return boxes, True, bgr


def _tilt(content: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise) that levels the photos on the sheet.

    Rectangles level with the image's axes project onto rows and columns as
    steep-sided boxes, which concentrates the profiles: the level angle is the
    one whose profiles have the most energy.
    """
    h, w = content.shape
    mask = content.astype(np.float32)
    best, best_energy = 0.0, -1.0
    for angle in TILTS:
        turned = cv2.warpAffine(mask, cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0), (w, h)) if angle else mask
        energy = float(np.square(turned.mean(axis=1)).sum() * w + np.square(turned.mean(axis=0)).sum() * h)
        if energy > best_energy * (1.0 + 1e-3):  # level unless a tilt clearly does better
            best, best_energy = angle, energy
    return best


def _content(bgr: np.ndarray, sat: np.ndarray, flat: np.ndarray) -> np.ndarray:
    """What is not blank paper on a sheet whose light has been levelled, its own edges left out.

    Blank is paper-bright and unsaturated; no flatness asked: the narrow gap
    between two photos is all photo edge at this scale, yet it is the gap.
    Flat paper a little darker is blank too: the light levelled is a smooth
    fit, and a phone's light falls off faster than it towards a corner.
    """
    grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    white = float(np.percentile(grey, 95))
    blank = (sat < 40) & ((grey > white - 25) | (flat & (grey > white - SHADED_PAPER)))
    content = cv2.morphologyEx((~blank).astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)) > 0
    # The sheet's own edges (scanner shadow, the lid in a skewed scan's corners) are not photos.
    h, w = content.shape
    e = max(2, int(0.03 * min(h, w)))
    content[:e], content[-e:], content[:, :e], content[:, -e:] = False, False, False, False
    return content


def _paper_sides(paper: np.ndarray) -> int:
    """Sides of the image whose border band is paper. A scanner's edge shadow or a
    binding's shadow darkens one side of a sheet; a photo's own content reaches all four.

    The band lies just inside the border: the outermost pixels may show a sliver of
    table after flattening a phone photo, or the scanner's edge.
    """
    h, w = paper.shape
    a, b = max(1, int(0.01 * min(h, w))), max(3, int(0.035 * min(h, w)))
    paper = _bridge_thin_lines(paper)
    bands = (paper[a:b, a:-a], paper[-b:-a, a:-a], paper[a:-a, a:b], paper[a:-a, -b:-a])
    return sum(float(band.mean()) >= 0.75 for band in bands)


def _bridge_thin_lines(paper: np.ndarray) -> np.ndarray:
    """Paper with thin lines through it closed: in a skewed scan the sheet's own edge
    (paper against the scanner lid) crosses the border band as a line, which is not
    a photo; a photo's edge runs into an area of picture, which stays open."""
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7))
    return cv2.morphologyEx(paper.astype(np.uint8), cv2.MORPH_CLOSE, kernel) > 0


def _inner(h: int, w: int) -> np.ndarray:
    """The sheet's middle, where photos are: flat photo areas (a wall, an overcast sky) must
    not be taken for paper when the light on the sheet is measured."""
    inner = np.zeros((h, w), bool)
    inner[int(0.05 * h) : int(0.95 * h), int(0.05 * w) : int(0.95 * w)] = True
    return inner


def _runs(flags: np.ndarray, min_gap: int) -> list[tuple[int, int]]:
    """[start, end) of the runs of True, bridging gaps shorter than `min_gap`."""
    runs: list[list[int]] = []
    for i in np.nonzero(flags)[0]:
        if runs and i - runs[-1][1] < min_gap:
            runs[-1][1] = int(i) + 1
        else:
            runs.append([int(i), int(i) + 1])
    return [(a, b) for a, b in runs]


def _flatten_light(bgr: np.ndarray, paper: np.ndarray) -> np.ndarray:
    """Divide out the light falling on the sheet: a quadratic surface fitted to the paper's brightness.

    A phone photo of a sheet is often lit from one side; the photos on it get
    the same gradient, which would otherwise read as "bright sky on that side".
    """
    h, w = paper.shape
    ys, xs = np.nonzero(paper)
    if len(xs) < 50:
        return bgr
    grey = bgr.mean(axis=2)
    x, y = xs / w - 0.5, ys / h - 0.5
    design = np.stack([np.ones_like(x), x, y, x * x, x * y, y * y], axis=1)
    coef, *_ = np.linalg.lstsq(design, grey[ys, xs], rcond=None)
    gy, gx = np.mgrid[0:h, 0:w]
    gx, gy = gx / w - 0.5, gy / h - 0.5
    light = coef[0] + coef[1] * gx + coef[2] * gy + coef[3] * gx * gx + coef[4] * gx * gy + coef[5] * gy * gy
    # Only the border is paper when the photos fill the sheet: the fit is not
    # extrapolated beyond the light actually measured on the paper, either way.
    on_paper = light[ys, xs]
    light = np.clip(light, float(on_paper.min()), float(on_paper.max()))
    light = np.clip(light / max(float(light.max()), 1.0), 0.3, 1.0)
    return np.minimum(bgr / light[:, :, None], 255.0).astype(np.float32)  # nothing is whiter than white paper


def _cues(crop: np.ndarray, colour: bool) -> tuple[float, float]:
    """(vertical, horizontal) evidence: positive = the top is up / the top is on the right."""
    crop, _ = downscale(crop, REGION_LONG_SIDE)
    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3)
    texture = cv2.magnitude(gx, gy)
    # Sky: bright, blue and smooth.
    if colour:
        b, g, r = crop[:, :, 0], crop[:, :, 1], crop[:, :, 2]
        sky_mask = ((b > g + 8) & (b > r + 20) & (grey > 110) & (cv2.blur(texture, (3, 3)) < 20)).astype(np.float32)
    else:
        sky_mask = None
    spread = float(grey.std()) + 8.0
    out = []
    for axis, top_first in ((0, True), (1, False)):  # rows: top vs bottom; columns: right vs left
        n = grey.shape[axis]
        third = max(1, n // 3)
        first = [slice(None)] * 2
        last = [slice(None)] * 2
        first[axis], last[axis] = slice(0, third), slice(n - third, n)
        up, down = (tuple(first), tuple(last)) if top_first else (tuple(last), tuple(first))
        # Brightness of the backdrop (sky, wall, floor): the median across
        # each row is the backdrop wherever objects cover less than half of it,
        # which the picture's outer rows show best: its subject stands in the middle
        # (a machine filling a third of the picture says nothing of where the sky is).
        profile = np.median(grey, axis=1 - axis)
        edge = max(1, n // BACKDROP_PART)
        head, foot = profile[:edge].mean(), profile[n - edge :].mean()
        light = np.clip((head - foot if top_first else foot - head) / spread, -1.5, 1.5)
        t_up, t_down = float(texture[up].mean()), float(texture[down].mean())
        busy = (t_down - t_up) / (t_down + t_up + 4.0)
        sky = 0.0
        if sky_mask is not None:
            sky = float(np.clip(2.0 * (sky_mask[up].mean() - sky_mask[down].mean()), -1.5, 1.5))
        out.append(W_LIGHT * float(light) + W_TEXTURE * busy + W_SKY * sky)
    return out[0], out[1]
