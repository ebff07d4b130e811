"""Handwritten signature next to a signature label (签字 / 签名 / 法定代表人).

The check looks only where a signature belongs: right of and below the label
line. Printed text (the OCR boxes), seal print and printed underlines are
removed first; what is left and large enough is handwriting. Seal print is red
ink, or where the colour test leaves it (a greyscale copy, a pale seal, a dark
one on a dim photo) the print zones of the page's seals (ring and its text,
centre star and the line under it; a square name seal whole), except strokes
that run across the bands of a round seal's radius: a signature written over
the seal; and, where the copy shows the seal's own hue (red to brown, however pale),
ink of a pen's hue (black, blue), whatever its shape. A dark-red, brown or blurred seal's
ring letters and star tips, past the colour test, still keep its
hue on its ring band or centre, judged against the paper's own colour, where a pen is blue or black. Ink
no pen lays down (a star, the block of a greyscale name seal the seal stage missed) is left out
before the strokes are judged. A label whose bracketed note the
OCR read cut short ("法定代表人（多") still has the rest of its note in print. Ink is what
is darker than the paper by a share of the label's own print, so a faded scan's pale
strokes count. Off the label's row only ink taller than a row of print is handwriting: a row
of print the OCR missed (a name line under a seal) is not. Where the OCR lost the label (a dim
scan, a line the handwriting crossed), the rows round the sign-off are searched instead: blue
ink, or ink taller than a row of print, is the signature there.
"""
from __future__ import annotations

import math
import re
from typing import Optional, Sequence

import cv2
import numpy as np

from extractors.geometry import int_percentiles, normalise_background, to_grey
from extractors.seals import SealCandidate, red_mask
from extractors.seals.greyscale import find_shapes
from intake.ocr.base import OcrLine

# The last alternatives are tails whose head a seal hid: of "（签字）：" ("名）：") and of "代表人" ("表人").
_LABEL = re.compile(r"(签\s*字|签\s*名|签\s*章|代\s*表\s*人|法人代表|负责人|授权代表|^\s*[字名]\s*[)）]\s*[:：]?\s*$|^\s*表\s*人)")
# Strong labels name the act of signing; the others are roles that usually precede one.
_STRONG = re.compile(r"(签\s*字|签\s*名)")
_NO_LABEL = (False, None, 0.3)

BBox = tuple[float, float, float, float]


def _px_per_mm(shape: tuple[int, ...]) -> float:
    h, w = shape[:2]
    return float(np.clip(min(h, w) / 210.0, 72 / 25.4, 600 / 25.4))


def _label_end_x(line: OcrLine, print_size: Optional[tuple[float, float]] = None) -> float:
    """x where the label keyword (and a following bracketed note, bracket or colon) ends in the line.

    OCR often returns '法定代表人（签字）：张三' as one line whose box covers the
    signature, so only the label part of the box is treated as print. A box
    taller than the page's print swallowed handwriting the recogniser dropped
    ('法人代表（签字）：' over a box twice a line high): there the label ends
    after its characters at the page's character pitch, not at the box's end.
    """
    text = line.text
    last = None
    for m in _LABEL.finditer(text):
        last = m
    if last is None:
        return line.box[2]
    end = last.end()
    # The role's bracketed note whose words the OCR misread ("法定代表人（荟字）"): print all the same.
    note = _NOTE.match(text, end)
    end = note.end() if note else end
    while end < len(text) and text[end] in "）)】]:：\u3000 ．.、":
        end += 1
    x_end = _x_at(line, end, print_size)
    # A bracketed note opened and never closed ("法定代表人（多" for "法定代表人（签字）："): a seal over
    # the note cut the reading short, and the note's print goes on past what was read.
    opened = max(text.rfind("（"), text.rfind("("))
    if opened >= 0 and opened >= last.start() - 1 and not re.search(r"[）)]", text[opened:]):
        pitch = print_size[0] if print_size else (line.box[2] - line.box[0]) / max(1.0, _units(text))
        x_end = max(x_end, _x_at(line, opened, print_size) + NOTE_UNITS * pitch)
    return x_end


_NOTE = re.compile(r"\s*[（(][^（()）]{1,3}[)）]")
NOTE_UNITS = 5.0  # a signature label's bracketed note with its colon, "（签字）：", in character widths


def _x_at(line: OcrLine, i: int, print_size: Optional[tuple[float, float]]) -> float:
    """x where the line's i-th character starts, by its share of the text; in a box taller than
    the page's print, at the page's character pitch (the box swallowed handwriting)."""
    text = line.text
    x0, y0, x1, y1 = line.box
    by_share = x0 + (x1 - x0) * i / max(1, len(text))
    if print_size is None or y1 - y0 <= SWOLLEN * print_size[1]:
        return by_share
    return min(by_share, x0 + 1.15 * _units(text[:i]) * print_size[0])


SWOLLEN = 1.4  # a line box this much taller than the page's print holds more than print


def _units(text: str) -> float:
    """Width of `text` in CJK character widths (Latin letters, digits and spaces are half)."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)


def _print_size(lines: list[OcrLine]) -> Optional[tuple[float, float]]:
    """(character pitch, line height) of the page's print, from its confident lines of some length."""
    sized = [l for l in lines if l.confidence >= 0.9 and _units(l.text) >= 6]
    if not sized:
        return None
    pitch = float(np.median([(l.box[2] - l.box[0]) / _units(l.text) for l in sized]))
    return pitch, float(np.median([l.box[3] - l.box[1] for l in sized]))


PEN_DARKNESS = (0.7, 0.9)  # ink-to-paper ratio under which a stroke counts as ink, bounds


def _blue_ink(region_bgr: np.ndarray) -> np.ndarray:
    hsv = cv2.cvtColor(region_bgr, cv2.COLOR_BGR2HSV)
    return ((hsv[..., 0] >= 95) & (hsv[..., 0] <= 135) & (hsv[..., 1] >= 60) & (hsv[..., 2] >= 40)).astype(np.uint8) * 255


def _handwriting_mask(region_bgr: np.ndarray, label_box: tuple[int, int, int, int]) -> np.ndarray:
    """Dark or blue ink, minus red ink. "Dark" is judged against the label's own print: on a
    faded or washed-out scan a pen stroke is as pale as the print round it."""
    norm = normalise_background(to_grey(region_bgr))
    x0, y0, x1, y1 = label_box
    print_ink = norm[y0:y1, x0:x1]
    level = float(np.percentile(print_ink, 10)) / 255 if print_ink.size else 0.0
    darkness = float(np.clip(level + 0.6 * (1 - level), *PEN_DARKNESS))
    dark = (norm < 255 * darkness).astype(np.uint8) * 255
    # Ballpoint/gel blue is often not dark enough for the grey test.
    mask = cv2.bitwise_or(dark, _blue_ink(region_bgr))
    red = cv2.dilate(red_mask(region_bgr, loose=True), np.ones((3, 3), np.uint8))
    mask[red > 0] = 0
    return mask


def _remove_rules(mask: np.ndarray, ppm: float) -> np.ndarray:
    """Drop printed underlines/table rules: long, thin, straight runs."""
    n = max(15, int(12 * ppm))
    horiz = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (n, 1)))
    vert = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, n)))
    rules = cv2.dilate(cv2.bitwise_or(horiz, vert), np.ones((3, 3), np.uint8))
    return cv2.bitwise_and(mask, cv2.bitwise_not(rules))


SEAL_SEARCH_PPM = 5.0  # px/mm of the copy the seals are looked for in: rings need no finer detail
SEAL_PAD_MM = 25.0  # around the search box, so a seal reaching into it is seen whole
RED_SEAL_MM2 = 20.0  # red ink of a seal's worth: the colour test removes that seal itself
PALE_SEAL = 0.6  # the seal stage's confidence cap for a pale seal: too faded for the colour test to take out
RED_LEAD = 10  # red over green and blue: ink with a colour, however dark or faded the scan


def _red_lead(img: np.ndarray) -> np.ndarray:
    return img[..., 2].astype(np.int16) - np.maximum(img[..., 1], img[..., 0]).astype(np.int16)


def _seals_left(img: np.ndarray, box: tuple[int, int, int, int], ppm: float,
                found: Optional[Sequence[SealCandidate]], mask: np.ndarray) -> list[tuple]:
    """Seals round the search box whose print the colour test left in `mask` (the ink of the
    search box), as (centre, semi-axes, angle, shape) in page px: seals of a greyscale copy, pale
    ones, dark ones on an underexposed photo. `found`: the page's seals from the seal stage; without
    them, the seals of a greyscale copy (no red ink round the box) are looked for here."""
    h, w = img.shape[:2]
    pad = int(SEAL_PAD_MM * ppm)
    x0, y0, x1, y1 = max(0, box[0] - pad), max(0, box[1] - pad), min(w, box[2] + pad), min(h, box[3] + pad)
    if found is not None:
        near = [s for s in found if s.bbox[0] < x1 and s.bbox[2] > x0 and s.bbox[1] < y1 and s.bbox[3] > y0]
        return [(s.centre, s.axes, s.angle, s.shape) for s in near
                if s.source == "shape" or s.confidence <= PALE_SEAL
                or _print_left(mask, box[:2], (s.centre, s.axes, s.angle, s.shape))]
    crop = img[y0:y1, x0:x1]
    if crop.size == 0 or np.count_nonzero(_red_lead(crop) >= RED_LEAD) >= RED_SEAL_MM2 * ppm * ppm:
        return []
    k = SEAL_SEARCH_PPM / ppm
    small = cv2.resize(crop, None, fx=k, fy=k, interpolation=cv2.INTER_AREA) if k < 1 else crop
    k = min(k, 1.0)
    return [((c[0] / k + x0, c[1] / k + y0), (a / k, b / k), angle, shape)
            for ((c, (a, b), angle), shape, _, _) in find_shapes(small, ppm * k)]


PRINT_LEFT = 0.12  # share of a round seal's ring band still ink: its letters and border, not a signature's strokes


def _print_left(mask: np.ndarray, origin: tuple[int, int], seal: tuple) -> bool:
    """The colour test left a round seal's print in `mask`: much of its ring band is still ink."""
    if seal[3] == "square":
        return False
    r = _radius(mask.shape, origin, seal)
    band = (r >= 0.6) & (r <= 1.05)
    return bool(band.any()) and float((mask[band] > 0).mean()) >= PRINT_LEFT


def _radius(shape: tuple[int, ...], origin: tuple[int, int], seal: tuple) -> np.ndarray:
    """Each pixel's distance from a round seal's centre, in its semi-axes (1 on the ring)."""
    (cx, cy), (a, b), angle, _ = seal
    ys, xs = np.mgrid[:shape[0], :shape[1]].astype(np.float32)
    dx, dy = xs + origin[0] - cx, ys + origin[1] - cy
    t = math.radians(angle)
    u, v = dx * math.cos(t) + dy * math.sin(t), -dx * math.sin(t) + dy * math.cos(t)
    return np.sqrt((u / max(a, 1.0)) ** 2 + (v / max(b, 1.0)) ** 2)


RING_TEXT_INNER = 0.5  # of the radius, where a ring's letters may reach in (large letters of a long name)


def _seal_zones(shape: tuple[int, ...], origin: tuple[int, int], seals: list[tuple]) -> np.ndarray:
    """Where `seals` print, in a region of `shape` whose top-left is `origin`: the ring and the
    text inside it, the centre star and the line under it; a square (name) seal whole. Between
    the star and the ring text a round seal prints nothing."""
    ox, oy = origin
    zones = np.zeros(shape[:2], np.uint8)
    for (cx, cy), (a, b), angle, shape_name in seals:
        centre = (int(cx - ox), int(cy - oy))
        if shape_name == "square":
            cv2.ellipse(zones, centre, (int(a * 1.5), int(b * 1.5)), angle, 0, 360, 255, -1)
            continue
        ring = np.zeros_like(zones)
        cv2.ellipse(ring, centre, (int(a * 1.12), int(b * 1.12)), angle, 0, 360, 255, -1)
        cv2.ellipse(ring, centre, (int(a * RING_TEXT_INNER), int(b * RING_TEXT_INNER)), angle, 0, 360, 0, -1)
        cv2.ellipse(ring, centre, (int(a * 0.4), int(b * 0.4)), angle, 0, 360, 255, -1)
        cv2.rectangle(ring, (int(centre[0] - 0.5 * a), centre[1]), (int(centre[0] + 0.5 * a), int(centre[1] + 0.65 * b)),
                      255, -1)
        zones |= ring
    return zones


RING_LINE = (0.92, 1.08)  # a round seal's border, in its radius
RING_SEARCH = (0.74, 1.16)  # where else a seal prints a line all round: an inner ring, a border the fit missed
RING_BIN = 0.02  # of the radius
RING_SHARE = 0.35  # ink share of a band that is a line run all round: a ring of letters leaves gaps


def _ring_lines(mask: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Where a round seal's concentric lines lie: its border, and every thin band near it that
    the ink covers all round (an inner ring; the border where the fitted ellipse is off). Left in,
    a line joins the ring's letters into one stroke that reaches across the radius."""
    lines = (r >= RING_LINE[0]) & (r <= RING_LINE[1])
    for lo in np.arange(*RING_SEARCH, RING_BIN):
        band = (r >= lo) & (r < lo + RING_BIN)
        if band.any() and float((mask[band] > 0).mean()) >= RING_SHARE:
            lines |= (r >= lo - RING_BIN) & (r < lo + 2 * RING_BIN)  # with its soft edges
    return lines


SEAL_HUE = 0.9  # a stroke's red loss over its least green or blue loss, against the paper: a seal's ink (red to
# brown, dark or faded) stays under ~0.85, a pen's black is 1, its blue more
HUE_FLOOR = 0.05  # mean green/blue loss under which a stroke's hue is not measured
RING_LETTERS = 0.5  # share of a stroke on a seal's ring band or star: with the seal's hue, the seal's print, not a pen's
PAPER_STEP = 4  # every this many pixels: the paper's colour needs no more


def _red_share(region_bgr: np.ndarray, ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For the `ink` pixels: how much of the paper's red each takes away, and how much of the least
    of its green and blue. Against the paper's own colour: a tinted sheet or a grey photo shifts
    every ink alike."""
    sample = region_bgr[::PAPER_STEP, ::PAPER_STEP]
    grey = to_grey(sample)
    (light,) = int_percentiles(grey, (60,))
    sheet = sample[grey >= light]
    paper = np.array([int_percentiles(sheet[:, c], (50,))[0] for c in range(3)], np.float32)
    loss = np.clip(1 - region_bgr[ink].astype(np.float32) / np.maximum(paper, 1), 0, 1)
    return loss[:, 2], np.minimum(loss[:, 0], loss[:, 1])


def _drop_ring_letters(mask: np.ndarray, region_bgr: np.ndarray, origin: tuple[int, int],
                       seals: Sequence[SealCandidate]) -> None:
    """Zero the strokes a round seal's ring letters or star left in `mask`: a dark-red, brown or blurred
    seal's print passes no colour test (a blurred star's tips outlive the solid-ink test), yet it lies
    on its ring band or in its centre and keeps its hue, where a pen stroke over the seal is blue or black."""
    h, w = mask.shape
    on_band = np.zeros(mask.shape, bool)
    for s in seals:
        if s.shape == "square" or s.bbox[0] >= origin[0] + w or s.bbox[2] <= origin[0] \
                or s.bbox[1] >= origin[1] + h or s.bbox[3] <= origin[1]:
            continue
        r = _radius(mask.shape, origin, (s.centre, s.axes, s.angle, s.shape))
        on_band |= ((r >= RING_TEXT_INNER) & (r <= RING_LINE[1])) | (r < STAR_ZONE)
    if not on_band.any():
        return
    n, labels = cv2.connectedComponents(mask, connectivity=8)
    ink = mask > 0
    red, other = _red_share(region_bgr, ink)
    band_px = np.bincount(labels[ink & on_band], minlength=n)
    all_px = np.bincount(labels[ink], minlength=n)
    red_sum = np.bincount(labels[ink], weights=red, minlength=n)
    other_sum = np.bincount(labels[ink], weights=other, minlength=n)
    # A stroke that takes no colour from the paper (a pale one in a lit patch) shows no hue at all.
    tinted = other_sum > HUE_FLOOR * all_px
    letters = (band_px >= RING_LETTERS * np.maximum(all_px, 1)) & tinted & (red_sum < SEAL_HUE * other_sum)
    letters[0] = False
    mask[letters[labels]] = 0


STROKE_GAP_MM = 1.0  # pieces of one pen line this close are joined
CROSSING = 0.4  # radial reach of a stroke: a seal's letters (~0.3), star (~0.3) and border stay within less


SEAL_SHOWS_HUE = 0.75  # lower quartile of the hue (as SEAL_HUE) of the ink over a seal under which the copy shows
# the seal's colour: red to brown print stays under ~0.7 however pale, a greyscale copy's is 1 everywhere; a
# near-black ink between is too close to a pen's for its pixels to be told apart
SEAL_DISC = 1.05  # of a seal's radius: its border's outer edge


def _pen_hued(mask: np.ndarray, region_bgr: np.ndarray, origin: tuple[int, int], seals: list[tuple], ppm: float
              ) -> np.ndarray:
    """The ink of `mask` with a pen's hue (black, blue), where the copy shows the seals' own hue (red
    to brown, a pale seal too): there a stroke over a seal is told from its print by colour. On a
    greyscale copy every ink has a pen's hue: none is told apart."""
    pen = np.zeros(mask.shape, bool)
    over = np.zeros(mask.shape, bool)
    for seal in seals:
        over |= _radius(mask.shape, origin, seal) <= SEAL_DISC
    red, other = _red_share(region_bgr, over)
    tinted = other > HUE_FLOOR
    if np.count_nonzero(tinted) == 0 or \
            np.percentile(red[tinted] / other[tinted], 25) >= SEAL_SHOWS_HUE:
        return pen
    # Each pixel's hue is its stroke's round it: a seal letter's soft edge, its colour smeared into the
    # paper by the scan, is no pen's.
    ink = mask > 0
    red, other = np.zeros(mask.shape, np.float32), np.zeros(mask.shape, np.float32)
    red[ink], other[ink] = _red_share(region_bgr, ink)
    k = (round(STROKE_GAP_MM * ppm) // 2 * 2 + 1,) * 2
    return ink & (cv2.blur(red, k) >= SEAL_HUE * cv2.blur(other, k))


def _drop_seal_print(mask: np.ndarray, region_bgr: np.ndarray, origin: tuple[int, int], seals: list[tuple],
                     ppm: float) -> None:
    """Zero the seals' print in `mask`, but not a pen's stroke over a seal.

    Where the copy shows the seals' colour, ink of a pen's hue is no seal's print. Elsewhere (a
    greyscale copy) geometry tells: every mark a round seal prints keeps to one band of its radius:
    the border, the ring of letters, the star. A signature written over the seal runs across the
    bands (on its left or right it runs along the radius), so once the border and any inner ring
    are taken out, strokes that reach across more than a letter's band of the radius are
    handwriting and are kept whole. Strokes a millimetre apart count as one: the seal's ink cuts a
    pen line into pieces."""
    zones = _seal_zones(mask.shape, origin, seals)
    pen = _pen_hued(mask, region_bgr, origin, seals, ppm)
    rounds = [_radius(mask.shape, origin, seal) for seal in seals if seal[3] != "square"]
    for r in rounds:
        mask[_ring_lines(mask, r)] = 0
    joined = cv2.dilate(mask, np.ones((max(1, round(STROKE_GAP_MM * ppm)),) * 2, np.uint8))
    n, labels = cv2.connectedComponents(joined, connectivity=8)
    crossing = np.zeros(n, bool)
    for r in rounds:
        on_seal = (mask > 0) & (r < 1.0)
        ids, radii = labels[on_seal], r[on_seal]
        low, high = np.full(n, np.inf, np.float32), np.full(n, -np.inf, np.float32)
        np.minimum.at(low, ids, radii)
        np.maximum.at(high, ids, radii)
        crossing |= high - low >= CROSSING
    crossing[0] = False
    mask[(zones > 0) & ~crossing[labels] & ~pen] = 0


def _search_box(line: OcrLine, shape: tuple[int, ...], print_size: Optional[tuple[float, float]] = None
                ) -> tuple[int, int, int, int]:
    """Right of the label (same row, generous height) and the band below it."""
    h, w = shape[:2]
    x0, y0, x1, y1 = line.box
    lh = max(8.0, y1 - y0)
    start = _label_end_x(line, print_size)
    rx0 = int(max(0, min(x0, start - lh)))
    rx1 = int(min(w, start + 0.45 * w))
    ry0 = int(max(0, y0 - 1.5 * lh))
    ry1 = int(min(h, y1 + 3.5 * lh))
    return rx0, ry0, rx1, ry1


SPECK_MM = 0.8  # specks and dust are below this size...
SPECK_MM2 = 0.3  # ...or this area


def _speck(stat: np.ndarray, ppm: float) -> bool:
    """A component (its connectedComponentsWithStats row) too small to be a pen's stroke."""
    side = max(stat[cv2.CC_STAT_WIDTH], stat[cv2.CC_STAT_HEIGHT])
    return bool(side < SPECK_MM * ppm or stat[cv2.CC_STAT_AREA] < SPECK_MM2 * ppm * ppm)


def _score_ink(comp_mask: np.ndarray, region_bgr: np.ndarray, ppm: float) -> tuple[float, Optional[tuple[int, int, int, int]]]:
    """Confidence that the ink in `comp_mask` is a signature, and its bbox (region px)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(comp_mask, connectivity=8)
    if n <= 1:
        return 0.0, None
    keep = [i for i in range(1, n) if not _speck(stats[i], ppm)]
    if not keep:
        return 0.0, None
    xs0 = min(stats[i, cv2.CC_STAT_LEFT] for i in keep)
    ys0 = min(stats[i, cv2.CC_STAT_TOP] for i in keep)
    xs1 = max(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH] for i in keep)
    ys1 = max(stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT] for i in keep)
    bw, bh = (xs1 - xs0) / ppm, (ys1 - ys0) / ppm
    if bw < 5 or bh < 2.5:  # a name signature is at least ~5 mm wide
        return 0.0, None
    sel = np.isin(labels, keep)
    area = float(sel.sum())
    fill = area / max(1.0, float((xs1 - xs0) * (ys1 - ys0)))
    dist = cv2.distanceTransform(sel.astype(np.uint8) * 255, cv2.DIST_L2, 3)
    stroke_mm = 2.0 * float(np.median(dist[sel])) / ppm
    blue_share = float((_blue_ink(region_bgr) > 0)[sel].mean())
    conf = 0.55
    if blue_share > 0.4:
        conf += 0.25  # blue pen: almost certainly handwriting
    if stroke_mm <= 0.9:
        conf += 0.1  # pen strokes are thin
    elif stroke_mm > 1.6:
        conf -= 0.25  # thick blobs: stamps, black boxes, shadows
    if fill > 0.45:
        conf -= 0.2  # solid marks, not strokes
    return float(np.clip(conf, 0.0, 0.95)), (int(xs0), int(ys0), int(xs1), int(ys1))


SOLID_MM = 1.6  # a disc this wide fits inside no pen's line, but where a thick one crosses or doubles back
SOLID_GAP_MM = 3.0  # white this narrow between solid pieces: the letters cut into a name seal's block
SOLID_MM2 = 20.0  # solid ink of at least this area (mm²) is a seal's star or a name seal's block...
SOLID_FILL = 0.5  # ...if it fills this much of its bounding box...
SOLID_SIDE_MM = 25.0  # ...and no side is longer: a thick pen's signature runs on, its crossings in a row
STAR_ZONE = 0.4  # of a round seal's radius: solid ink all within it is the seal's star, whatever its size


def _solid(ink: np.ndarray, ppm: float, seal_radii: Sequence[np.ndarray] = ()) -> np.ndarray:
    """Ink no pen lays down: where a disc wider than any pen stroke fits, in pieces that together
    (the white letters of a name seal's block between them) make a large and compact blob (a
    seal's star, a greyscale name seal's block), or all within a round seal's centre (its star, worn
    or blurred smaller). A thick pen's crossings elsewhere stay, as do the strokes beside a blob.
    `seal_radii`: each pixel's distance from a round seal's centre, in its radius."""
    def disc(mm: float) -> np.ndarray:
        k = max(3, round(mm * ppm)) // 2 * 2 + 1
        return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    opened = cv2.morphologyEx(ink.astype(np.uint8) * 255, cv2.MORPH_OPEN, disc(SOLID_MM))
    if not opened.any():
        return opened
    grouped = cv2.morphologyEx(opened, cv2.MORPH_CLOSE, disc(SOLID_GAP_MM))
    solid = np.zeros_like(opened)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(grouped, connectivity=8)
    for i in range(1, n):
        area, w, h = stats[i, cv2.CC_STAT_AREA], stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]
        piece = labels == i
        blob = area >= SOLID_MM2 * ppm * ppm and area >= SOLID_FILL * w * h and max(w, h) <= SOLID_SIDE_MM * ppm
        if blob or any(float(r[piece].max()) < STAR_ZONE for r in seal_radii):
            solid[piece] = 255
    # The rim, and a blurred star's arms: the opening keeps no more than the blob's core.
    return cv2.dilate(solid, disc(SOLID_MM / 2)) if solid.any() else solid


def _is_print(line: OcrLine) -> bool:
    """A line read as print: a short or unsure reading may be the handwriting itself."""
    units = _units(line.text.strip())
    return units >= 6 or (units > 4 and line.confidence >= 0.85)


INSIDE = 0.8  # share of a line box within a seal's: the OCR box of a seal's characters sticks out a pixel or two


def _inside(box: BBox, outer: BBox) -> bool:
    w = min(box[2], outer[2]) - max(box[0], outer[0])
    h = min(box[3], outer[3]) - max(box[1], outer[1])
    return w > 0 and h > 0 and w * h >= INSIDE * (box[2] - box[0]) * (box[3] - box[1])


def _same_row(a: BBox, b: BBox) -> bool:
    return min(a[3], b[3]) - max(a[1], b[1]) >= 0.5 * min(a[3] - a[1], b[3] - b[1])


def _line_height(lines: list[OcrLine], print_size: Optional[tuple[float, float]]) -> float:
    """The height of a row of print: the page's print, else the median line box."""
    if print_size:
        return print_size[1]
    return float(np.median([l.box[3] - l.box[1] for l in lines])) if lines else 0.0


def _print_boxes(label: Optional[OcrLine], lines: list[OcrLine], print_size: Optional[tuple[float, float]],
                 seals: Sequence[SealCandidate] = ()) -> list[BBox]:
    """Where print is near the label: its keyword part, the lines read as print, and the whole
    band of every other row of print (a long reading, or a print-sized box of more than one
    character). A seal makes the OCR drop parts of the rows
    round the sign-off ("承诺企" of a name line, "二〇二〇" of a date); a signature is taller
    than a row of print, so it still shows outside the bands, on the label's own row. What the
    OCR read inside a square name seal is no row: the seal's characters ("庆杨" of 杨辉庆印) or a
    typed name under it, print whose own box goes and no more, so a signature beside it stays.
    Without a `label` (the OCR lost it) every row of print is banded: the signature still shows
    on the unread label's row."""
    boxes: list[BBox] = []
    if label is not None:
        x0, y0, _, y1 = label.box
        boxes.append((x0, y0, _label_end_x(label, print_size), y1))
    row_height = SWOLLEN * _line_height(lines, print_size)
    name_seals = [s.bbox for s in seals if s.shape == "square"]
    for line in lines:
        if line is label:
            continue
        if any(_inside(line.box, seal) for seal in name_seals):
            boxes.append(line.box)
            continue
        _, by0, _, by1 = line.box
        units = _units(line.text.strip())
        # A lone character is often a seal's ring letter or a stroke read as one: not a row.
        own_row = label is not None and _same_row(line.box, label.box)
        if not own_row and (units >= 6 or (units >= 2 and by1 - by0 <= row_height)):
            boxes.append((-math.inf, by0, math.inf, by1))
        elif _is_print(line):
            boxes.append(line.box)
    return boxes


# The sign-off line: its stamp note, or the company it names where the OCR lost the note under the seal.
_STAMP_NOTE = re.compile(r"盖\s*章|公\s*章")
_SIGN_OFF = re.compile(_STAMP_NOTE.pattern + r"|公司$")
SIGN_OFF_ROWS = 4.5  # line heights either side of the sign-off line: the next row, and a signature overshooting it
SIGN_OFF_SURE = 0.6  # confidence of a verdict from the sign-off rows, their label unread
TALL = 1.1  # of the print's line height (its OCR box; glyphs are ~0.75 of it): a handwritten name is taller
_DATE_ROW = re.compile(r"日\s*期|年.{0,3}月|\d{4}\s*[.\-/]\s*\d{1,2}\s*[.\-/]\s*\d{1,2}")
BLOCK_LEFT = 0.15  # of the page width left of the sign-off line's box: the head of the line the OCR lost
PAGE_EDGE = 0.05  # of the page width at either side: the sheet's edge and the scanner's shadow, never a signature


def _sign_off_rows(h: int, lines: list[OcrLine], sign_off: OcrLine) -> tuple[int, int]:
    """The rows round the sign-off where the signature is, short of the date row (a date filled
    in by pen is handwriting too)."""
    _, y0, _, y1 = sign_off.box
    lh = max(8.0, y1 - y0)
    top, bottom = y0 - SIGN_OFF_ROWS * lh, y1 + SIGN_OFF_ROWS * lh
    for line in lines:
        if line is not sign_off and _DATE_ROW.search(line.text) and top < line.box[3] and line.box[1] < bottom:
            if line.box[1] >= y1:
                bottom = min(bottom, line.box[1])
            elif line.box[3] <= y0:
                top = max(top, line.box[3])
    return int(max(0, top)), int(min(h, bottom))


def _handwritten(mask: np.ndarray, line_height: float, ppm: float, row: Optional[tuple[int, int]] = None
                 ) -> np.ndarray:
    """The strokes of `mask` that stand taller than a row of print, or touch the label's `row`
    (region px): a handwritten name does, the characters of a printed row the OCR did not read do
    not. Pieces of one pen line a seal's ink cut apart count as one stroke; specks (a seal's print
    the cleaning left, dust) join nothing."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    specks = np.array([i > 0 and _speck(stats[i], ppm) for i in range(n)])
    mask = np.where(specks[labels], 0, mask).astype(np.uint8)
    joined = cv2.dilate(mask, np.ones((max(1, round(STROKE_GAP_MM * ppm)),) * 2, np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    top, height = stats[:, cv2.CC_STAT_TOP], stats[:, cv2.CC_STAT_HEIGHT]
    keep = height >= TALL * line_height
    if row is not None:
        keep |= (top < row[1]) & (top + height > row[0])
    keep[0] = False
    return np.where(keep[labels], mask, 0).astype(np.uint8)


def _ink_by_the_sign_off(img: np.ndarray, lines: list[OcrLine], seals: Optional[Sequence[SealCandidate]],
                         ppm: float, print_size: Optional[tuple[float, float]]) -> tuple[bool, Optional[BBox], float]:
    """The signature label was not read (a dim or faded scan, a line the handwriting crossed): the
    signature is still in the rows round the sign-off ("企业名称（盖章）：…有限公司"). There the
    unread label's print is as dark as a pen, so only blue ink and ink taller than a row of print
    count; what the OCR read as print is not a signature, whatever its ink (a company name filled
    in by pen)."""
    h, w = img.shape[:2]
    anchors = [l for l in lines if l.box[1] >= h / 2 and _SIGN_OFF.search(l.text)]
    dates = [l for l in lines if l.box[1] >= h / 2 and _DATE_ROW.search(l.text)]
    if anchors:
        sign_off = anchors[-1]
        top, bottom = _sign_off_rows(h, lines, sign_off)
    elif dates:  # the name line lost as well: the signature is in the rows over the date
        sign_off = dates[-1]
        _, y0, _, y1 = sign_off.box
        # The date row itself is in (read, it is banded as print): its ink is the darkness reference.
        top, bottom = int(max(0, y0 - 2 * SIGN_OFF_ROWS * (y1 - y0))), int(y1)
    else:
        return _NO_LABEL
    if bottom - top < 10:
        return _NO_LABEL
    # The rows right of the block's column (less what the OCR lost of a line's head): the label's
    # place on them is unknown, but it starts in that column and its signature follows it.
    box = (int(max(PAGE_EDGE * w, sign_off.box[0] - BLOCK_LEFT * w)), top, int((1 - PAGE_EDGE) * w), bottom)
    boxes = _print_boxes(None, lines, print_size, seals or ())
    sx0, sy0, sx1, sy1 = sign_off.box
    reference = (int(sx0) - box[0], int(sy0 - top), int(sx1) - box[0], int(sy1 - top))
    mask, region, uncoloured = _pen_ink(img, box, reference, boxes, seals, ppm)
    pen = _handwritten(mask, _line_height(lines, print_size), ppm) | (mask & _blue_ink(region))  # no print is blue
    conf, found = _score_ink(pen, region, ppm)
    if found is None or conf < 0.5:
        # A seal the colour test left (a greyscale copy) takes the strokes over it with its print, and
        # where the label is unread no row says where the rest would be: no signature seen is no verdict.
        # Nor is it where only a line ending in 公司 or a date placed the rows (a body line, another page).
        stamp_note = _STAMP_NOTE.search(sign_off.text)
        return _NO_LABEL if uncoloured or not stamp_note else (False, None, SIGN_OFF_SURE)
    x0 = box[0]
    return True, (float(found[0] + x0), float(found[1] + top), float(found[2] + x0), float(found[3] + top)), \
        SIGN_OFF_SURE


def _pen_ink(img: np.ndarray, box: tuple[int, int, int, int], reference: tuple[int, int, int, int],
             print_boxes: list[BBox], seals: Optional[Sequence[SealCandidate]], ppm: float
             ) -> tuple[np.ndarray, np.ndarray, list[tuple]]:
    """(mask of the pen ink in `box`, the region's pixels, the seals whose print the colour test
    left): dark or blue ink, less the print (`print_boxes`, page px), printed rules and the seals'
    print. `reference`: a box of print in the region, the darkness the pen's ink is judged against."""
    x0, y0, x1, y1 = box
    region = img[y0:y1, x0:x1]
    mask = _handwriting_mask(region, tuple(max(0, v) for v in reference))
    for bx0, by0, bx1, by1 in print_boxes:
        ix0, iy0 = int(max(bx0 - 2, x0)) - x0, int(max(by0 - 2, y0)) - y0
        ix1, iy1 = int(min(bx1 + 2, x1)) - x0, int(min(by1 + 2, y1)) - y0
        if ix1 > ix0 and iy1 > iy0:
            mask[iy0:iy1, ix0:ix1] = 0
    ink = mask > 0  # before the rules go: a block's edges are no rules
    mask = _remove_rules(mask, ppm)
    left = _seals_left(img, box, ppm, seals, mask)
    solid = _solid(ink, ppm, [_radius(mask.shape, (x0, y0), seal) for seal in left if seal[3] != "square"])
    _drop_seal_print(mask, region, (x0, y0), left, ppm)
    mask[solid > 0] = 0
    if seals is not None:
        _drop_ring_letters(mask, region, (x0, y0), seals)
    return mask, region, left


def find_signature(image_bgr: np.ndarray, lines: list[OcrLine], seals: Optional[Sequence[SealCandidate]] = None
                   ) -> tuple[bool, Optional[BBox], float]:
    """(present, bbox in page px, confidence).

    `seals`: the page's seals as the seal stage found them; without them (None) the seals of a
    greyscale copy are looked for here, by shape.

    Without a signature label on the page: the verdict of the ink round the sign-off (confidence
    0.6; 'unsigned' only where its stamp note was read), else (False, None, 0.3) -- the check
    cannot say. With a label and no handwriting next to it:
    (False, None, ~0.7).
    """
    labels = [l for l in lines if _LABEL.search(l.text)]
    img = image_bgr if image_bgr.ndim == 3 else cv2.cvtColor(image_bgr, cv2.COLOR_GRAY2BGR)
    ppm = _px_per_mm(img.shape)
    print_size = _print_size(lines)
    if not labels:
        return _ink_by_the_sign_off(img, lines, seals, ppm, print_size)
    line_height = _line_height(lines, print_size)
    best: tuple[float, Optional[BBox]] = (0.0, None)
    # Strong labels first: a signature next to "签字" beats one next to "负责人".
    labels.sort(key=lambda l: 0 if _STRONG.search(l.text) else 1)
    for label in labels:
        x0, y0, x1, y1 = _search_box(label, img.shape, print_size)
        if x1 - x0 < 10 or y1 - y0 < 10:
            continue
        lx0, ly0, lx1, ly1 = label.box
        keyword = (int(lx0) - x0, int(ly0) - y0, int(_label_end_x(label, print_size)) - x0, int(ly1) - y0)
        # Printed text is not a signature: the label's own keyword part, other lines
        # read as more than a short name, and the rows of print round the label.
        mask, region, _ = _pen_ink(img, (x0, y0, x1, y1), keyword, _print_boxes(label, lines, print_size, seals or ()),
                                   seals, ppm)
        # Off the label's row, a row of print the OCR missed (a name line under a seal) is no signature.
        mask = _handwritten(mask, line_height, ppm, (keyword[1], keyword[3]))
        conf, box = _score_ink(mask, region, ppm)
        if box is not None and conf > best[0]:
            best = (conf, (float(box[0] + x0), float(box[1] + y0), float(box[2] + x0), float(box[3] + y0)))
    if best[1] is None or best[0] < 0.5:
        return False, None, 0.7
    return True, best[1], round(best[0], 3)
