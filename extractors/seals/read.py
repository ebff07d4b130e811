"""Read a seal's text: unwarp the curved text and recognise it; square seals in grid order.

Round and oval seals: the seal's ink strength (darkness against the local
paper, weighted by how much of it is red: sharp even where JPEG blurred the
colour into blocks; black print under the seal left out) is unrolled along
the ellipse with columns equally spaced in arc length and rows along the
inward normal, so characters keep their shape round an oval. The strip
starts in the middle of the widest gap in the angular ink profile of the
text band (the foot of an upright seal), is trimmed to the text run and
contrast-normalised locally (faded stretches and bold overprints alike),
cut below a ring line clear of the text, then read by recognition only
(`engine.read_regions`, one batch with the centre text): no text detection
pass. Only a poor first reading tries the alternative ink images (redness
alone; on a colour seal also the darkness at the seal's own level, which
keeps a faded seal's text that JPEG colour drowned; plain darkness on a
copy) and the main ink over narrower bands (a band a little too deep
leaves the characters small in the recogniser's line height); the most
confident of the longer readings is kept, never the one most like a name.
A reading that wraps round (…有限公司衡南县: the strip began inside the
name; a place after the legal form, not a branch's name such as
…有限公司衡阳分行) is read once more from the end of its legal form, and the
re-read kept only if it ends in a legal form. The
horizontal centre text (财务专用章, 合同专用章) is read separately and only
appended when it is such a seal-type word, which the match ignores.
Square seals: characters cut by ink projections, laid out right column
first, top to bottom, in one line and recognised once; intaglio (阴文)
blocks are inverted first.
"""
from __future__ import annotations

import math
import re
from typing import Optional

import cv2
import numpy as np

from extractors.geometry import normalise_background, to_grey
from extractors.normalize.places import GAZETTEER
from intake.ocr.base import OcrEngine, OcrLine

from .colour import as_bgr, redness_image
from .model import SealCandidate

_RING_TEXT_OK = 0.8  # OCR confidence above which the first reading is kept


# ---------------------------------------------------------------- OCR helpers


def _pad(img: np.ndarray, frac: float = 0.25) -> np.ndarray:
    p = int(max(8, frac * img.shape[0]))
    return cv2.copyMakeBorder(img, p, p, p, p, cv2.BORDER_CONSTANT, value=255)


def _joined(lines: list[OcrLine]) -> tuple[str, float]:
    lines = [l for l in lines if l.text.strip()]
    if not lines:
        return "", 0.0
    text = "".join(l.text.strip() for l in lines)
    n = sum(len(l.text.strip()) for l in lines)
    conf = sum(l.confidence * len(l.text.strip()) for l in lines) / max(n, 1)
    return text, float(conf)


def _ocr(engine: OcrEngine, grey: np.ndarray) -> tuple[str, float]:
    img = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR) if grey.ndim == 2 else grey
    return _joined(engine.read(img))


def _ocr_line(engine: OcrEngine, grey: np.ndarray) -> tuple[str, float]:
    """One known text line: recognition only when the engine offers it (~5x
    cheaper than detection + recognition), else a full read."""
    ys, xs = np.nonzero(grey < 160)
    if len(xs) < 10:
        return "", 0.0
    h = grey.shape[0]
    x0, x1 = max(0, xs.min() - h // 4), min(grey.shape[1], xs.max() + h // 4 + 1)
    line = _pad(grey[:, x0:x1], 0.15)
    if hasattr(engine, "read_regions"):
        H, W = line.shape[:2]
        quad = np.array([[[0, 0], [W - 1, 0], [W - 1, H - 1], [0, H - 1]]], np.float32)
        text, conf = _joined(engine.read_regions(cv2.cvtColor(line, cv2.COLOR_GRAY2BGR), quad))
        if text:
            return text, conf
    return _ocr(engine, line)


def _ink_image(crop_bgr: np.ndarray, colour: bool, ring: Optional[tuple] = None) -> np.ndarray:
    """The seal's ink dark on white: by redness for a red seal, by darkness for a
    seal found by shape on a greyscale copy.

    On a copy, red seal ink turns mid-grey and printed text stays black: when
    the ring's own grey level (`ring` = ellipse in crop pixels) is clearly
    lighter than black, only ink of about that grey is kept, so the text
    under the seal does not mix into its reading.
    """
    if colour:
        return redness_image(crop_bgr)
    k = max(15, (min(crop_bgr.shape[:2]) // 6) | 1)
    norm = normalise_background(to_grey(crop_bgr), kernel=k)
    if ring is None:
        return norm
    from .rings import rho_map

    rho, _ = rho_map(norm.shape, ring)
    band = norm[(rho > 0.9) & (rho < 1.02)]
    band = band[band < 200]
    if band.size < 30:
        return norm
    seal_level = float(np.median(band))
    black = float(np.percentile(norm, 1))
    if seal_level - black < 45:
        return norm
    cut = (seal_level + black) / 2  # darker than this is printed text (or text under the seal)
    out = norm.copy()
    # The print's anti-aliased edge is as grey as the seal: it goes with the print.
    print_px = cv2.dilate((norm < cut).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    out[print_px] = 255
    return out


# ---------------------------------------------------------------- round / oval


def ink_strength(crop_bgr: np.ndarray, colour: bool, ring: Optional[tuple] = None) -> list[np.ndarray]:
    """Seal-ink strength images (float32, 0 = paper, larger = more ink), best guess first.

    Colour: the darkness of a pixel against the local paper (the luminance
    keeps the strokes sharp even where JPEG blurred the colour into 8-16 px
    blocks) weighted by how red its neighbourhood is, so black print away from
    the seal's strokes drops out; then the red-channel difference alone (sharp
    on clean scans, blind to black text under the seal) as the alternative.
    Greyscale: the darkness restricted to the seal's own grey level (see
    `_ink_image`), then the plain darkness.
    """
    if colour:
        k = max(15, (min(crop_bgr.shape[:2]) // 6) | 1)
        dark = 255.0 - normalise_background(to_grey(crop_bgr), kernel=k).astype(np.float32)
        b, g, r = (crop_bgr[..., i].astype(np.float32) for i in range(3))
        red = np.clip(r - np.maximum(g, b), 0, None)
        sigma = max(1.0, min(crop_bgr.shape[:2]) / 150.0)
        gate = cv2.GaussianBlur(red, (0, 0), sigma)
        top = float(np.percentile(gate, 99)) if gate.size else 0.0
        if top < 6:
            return [255.0 - redness_image(crop_bgr).astype(np.float32)]
        # How much of the local darkness is red: ~the seal's own ratio where
        # only seal ink is, ~0 where black print is (both averaged over the
        # JPEG colour blocks, so the blocky colour only weights sharp strokes).
        wide = max(2.0, 2.5 * sigma)
        red_b = cv2.GaussianBlur(red, (0, 0), wide)
        dark_b = cv2.GaussianBlur(dark, (0, 0), wide)
        ratio = red_b / (dark_b + 8.0)
        inked = dark_b > 15
        r0 = float(np.percentile(ratio[inked], 90)) if np.count_nonzero(inked) > 50 else 0.0
        if r0 > 0.05:
            gate = np.clip(ratio / (0.6 * r0), 0, 1) * np.clip(gate / (0.3 * top), 0, 1)
        else:
            gate = np.clip(gate / (0.5 * top), 0, 1)
        ink = dark * gate
        # Black print under the seal: JPEG colour is too coarse to tell it from
        # the seal's strokes, but it is much darker than seal ink. Above the
        # midpoint between the seal's ink level and black, a pixel is print.
        seal_px = dark[(gate > 0.6) & (dark > 25)]
        if seal_px.size > 50:
            seal_level = float(np.percentile(seal_px, 60))
            black = float(np.percentile(dark, 99.5))
            if black > 1.35 * seal_level:
                cut = (seal_level + black) / 2
                ink = np.where(dark > cut, 0.0, ink)
        return [ink.astype(np.float32), red]
    grey = [255.0 - _ink_image(crop_bgr, False, ring).astype(np.float32)]
    if ring is not None:
        grey.append(255.0 - _ink_image(crop_bgr, False, None).astype(np.float32))
    return grey


def _to_grey_strip(ink: np.ndarray) -> np.ndarray:
    """Contrast-normalise an ink-strength strip: its ink black, its noise floor white.

    The scale is local (the strongest ink within about a character's width),
    so a faded stretch of the ring reads as well as a fresh one and a bold
    overprint (a red 与原件一致 stamp) does not wash the rest out; it never
    drops below half the strip's typical level, so empty stretches stay white.
    """
    if ink.size == 0 or float(ink.max()) <= 0:
        return np.full(ink.shape, 255, np.uint8)
    h = ink.shape[0]
    # A light blur (~1.5% of the strip's height): the colour gate, JPEG blocks
    # and the grey-level cut leave ragged, speckled strokes the recogniser reads worse.
    ink = cv2.GaussianBlur(ink, (0, 0), max(0.5, 0.015 * h))
    col = np.percentile(ink, 90, axis=0).astype(np.float32)
    k = max(3, h) | 1
    col = cv2.dilate(col[None, :], np.ones((1, k), np.uint8)).ravel()
    col = cv2.blur(col[None, :], (k, 1)).ravel()
    inked = col[col > 0]
    if inked.size < 5:
        return np.full(ink.shape, 255, np.uint8)
    ref = float(np.percentile(inked, 60))
    top = np.maximum(col, 0.5 * ref)[None, :]
    floor = 0.2 * top
    out = np.clip((ink - floor) / np.maximum(0.8 * top - floor, 1.0), 0, 1)
    return (255 - out * 255).astype(np.uint8)


def _column_angles(axes, start_deg: float, depth: float, step: float = 1.0) -> np.ndarray:
    """Parametric angles (radians) of a strip's columns: clockwise from `start_deg`,
    equally spaced in arc length `depth` px inside the ellipse, `step` px apart."""
    a, b = max(axes[0], 1.0), max(axes[1], 1.0)
    th = np.radians(start_deg) + np.linspace(0, 2 * math.pi, 2049)
    speed = np.hypot(a * np.sin(th), b * np.cos(th))
    arc = np.concatenate([[0.0], np.cumsum((speed[1:] + speed[:-1]) / 2 * np.diff(th))])
    r_mid = max(1.0, min(a, b) - depth)
    n_cols = int(max(60, arc[-1] * r_mid / min(a, b) / step))
    return np.interp(np.linspace(0, arc[-1], n_cols, endpoint=False), arc, th)


def _unroll(ink: np.ndarray, centre, axes, angle: float, d_out: float, d_in: float, start_deg: float,
            n_rows: int, step: float = 1.0) -> np.ndarray:
    """Unroll the band between d_out and d_in pixels inside the ellipse into a strip.

    Columns are equally spaced in arc length (so characters keep their width
    round an oval), running clockwise from the parametric angle `start_deg`;
    rows are sampled along the inward normal from the outer edge inwards, so
    the outward-facing character tops end up at the top.
    """
    a, b = max(axes[0], 1.0), max(axes[1], 1.0)
    tu = _column_angles(axes, start_deg, (d_out + d_in) / 2, step)
    px, py = a * np.cos(tu), b * np.sin(tu)
    nx, ny = b * np.cos(tu), a * np.sin(tu)
    nn = np.maximum(np.hypot(nx, ny), 1e-6)
    nx, ny = nx / nn, ny / nn
    depth = np.linspace(d_out, d_in, n_rows)[:, None]
    u = px[None, :] - depth * nx[None, :]
    v = py[None, :] - depth * ny[None, :]
    t = math.radians(angle)
    c, s = math.cos(t), math.sin(t)
    mx = (centre[0] + u * c - v * s).astype(np.float32)
    my = (centre[1] + u * s + v * c).astype(np.float32)
    return cv2.remap(ink, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def _text_depths(ink: np.ndarray, centre, axes, angle) -> tuple[float, float]:
    """(outer, inner) depth in px of the curved text: from the ring's inner edge inwards."""
    r = min(axes)
    n = 48
    prof = _unroll(ink, centre, axes, angle, -0.06 * r, 0.6 * r, 0.0, n, step=4.0).mean(axis=1)
    depth = np.linspace(-0.06 * r, 0.6 * r, n)
    ring_zone = depth <= 0.2 * r
    if prof.max() <= 0:
        return 0.1 * r, 0.45 * r
    peak = int(np.argmax(np.where(ring_zone, prof, -1)))
    i = peak
    while i < n - 1 and depth[i] < 0.2 * r and prof[i] > 0.5 * prof[peak]:
        i += 1
    d_out = float(min(max(depth[i], 0.04 * r), 0.2 * r))
    # Text height: where the ink after the ring falls to a low level, 0.24-0.42 r.
    rest = prof[i:]
    level = 0.25 * float(np.percentile(rest, 90)) if rest.size else 0.0
    j = i + int(0.24 * r / (depth[1] - depth[0]))
    while j < n - 1 and depth[j] < d_out + 0.42 * r and prof[j] > level:
        j += 1
    return d_out - 0.02 * r, float(max(depth[min(j, n - 1)], d_out + 0.24 * r))


def _gap_and_run(strip: np.ndarray) -> tuple[float, tuple[int, int]]:
    """(middle of the widest empty angular run in degrees from the strip's start,
    (first, last) column of the text run opposite it).

    The name leaves a gap on the ring (at the foot of an upright seal). A
    column holds the name where the outer rows carry ink (the star's points
    or the top of the centre text reach only the inner rows) and the ink
    spans much of the band's height (the small digits of a security code
    along the ring at the foot span only a part of it).
    """
    n = strip.shape[1]
    k = max(3, n // 72)
    outer = strip[: max(3, int(strip.shape[0] * 0.4))].mean(axis=0)
    outer = np.convolve(np.concatenate([outer[-k:], outer, outer[:k]]), np.ones(k) / k, mode="same")[k:-k]
    top = float(np.percentile(strip, 99))
    inked = (strip > 0.3 * top).astype(np.uint8)
    # Share of the rows inked within about a quarter character's width of each column.
    near = cv2.dilate(np.concatenate([inked[:, -k:], inked, inked[:, :k]], axis=1), np.ones((1, k), np.uint8))[:, k:-k]
    extent = near.mean(axis=0)
    empty = _low(outer, 0.3) | _low(extent, 0.45)
    if empty.all() or not empty.any():
        return 90.0, (0, n - 1)
    doubled = np.concatenate([empty, empty])
    best_len, best_end, run = 0, 0, 0
    for i, e in enumerate(doubled):
        run = run + 1 if e else 0
        if run > best_len and run <= n:
            best_len, best_end = run, i
    if best_len < n * 0.04:
        return None, (0, n - 1)
    mid = (best_end - best_len / 2.0) % n
    return float(mid) / n * 360.0, (int(best_len / 2), int(n - best_len / 2))


def _low(prof: np.ndarray, share: float) -> np.ndarray:
    """Where a profile is low relative to the strip's own floor: print under the
    seal leaves some ink strength everywhere, the gap is where the ring's text is not."""
    ref, floor = float(np.percentile(prof, 75)), float(np.percentile(prof, 5))
    return prof < max(1e-3, floor + share * (ref - floor))


def _read_strips(engine: OcrEngine, strips: list[np.ndarray]) -> list[tuple[str, float]]:
    """Recognise text lines (grey strips) in one batch: recognition only when the
    engine offers it, else a full read of each."""
    out: list[tuple[str, float]] = [("", 0.0)] * len(strips)
    if not strips:
        return out
    if not hasattr(engine, "read_regions"):
        return [_ocr(engine, _pad(s)) for s in strips]
    pads = [_pad(s, 0.15) for s in strips]
    W = max(p.shape[1] for p in pads)
    canvas = np.full((sum(p.shape[0] for p in pads), W), 255, np.uint8)
    quads, y = [], 0
    spans = []
    for p in pads:
        h, w = p.shape
        canvas[y:y + h, :w] = p
        quads.append([[0, y], [w - 1, y], [w - 1, y + h - 1], [0, y + h - 1]])
        spans.append((y, y + h))
        y += h
    lines = engine.read_regions(cv2.cvtColor(canvas, cv2.COLOR_GRAY2BGR), np.array(quads, np.float32))
    for line in lines:
        cy = (line.box[1] + line.box[3]) / 2
        for i, (y0, y1) in enumerate(spans):
            if y0 <= cy < y1:
                out[i] = (line.text.strip(), float(line.confidence))
    return out


def _crop_run(strip: np.ndarray, run: tuple[int, int], margin: int) -> np.ndarray:
    x0, x1 = run
    return strip[:, max(0, x0 - margin): min(strip.shape[1], x1 + margin + 1)]


def _text_rows(strip: np.ndarray) -> np.ndarray:
    """A grey strip without the ring's lines above the text.

    The band may take in the ring, or a thin inner ring, above the name (a
    ring fitted a little off, a double-lined seal). A run of rows inked across
    most of the strip, clear of the text below it by paper, is such a line
    (text rows always break between characters); cut below the lowest one,
    the characters fill more of the recogniser's line height. A line that
    touches the text is left: cutting there would take the characters' tops.
    """
    h = strip.shape[0]
    share = (strip < 128).mean(axis=1)
    top = 0
    for i in range(1, int(0.45 * h)):
        if share[i - 1] > 0.45 and share[i: i + 2].max() < 0.05:
            top = i
    if top == 0:
        return strip
    inked = np.nonzero(share[top:] >= 0.02)[0]
    if inked.size == 0 or h - (top + inked[0]) < 0.4 * h:
        return strip
    return strip[max(top, top + inked[0] - 2):]


_CENTRE_WORDS = re.compile(r"^(财务|合同|发票|业务|行政|人事|报关|税务|质量|检验|技术)专用章$")


def _centre_view(ink: np.ndarray, seal_geom, gap_deg: float) -> Optional[np.ndarray]:
    """The horizontal text below the star (财务专用章 …) in the seal's upright frame."""
    (cx, cy), (a, b), angle = seal_geom
    size = int(2 * max(a, b) * 0.8)
    if size < 16:
        return None
    down = np.array([math.cos(math.radians(gap_deg)), math.sin(math.radians(gap_deg))], np.float32)
    right = np.array([down[1], -down[0]], np.float32)
    rows = np.linspace(-0.35, 0.75, max(12, int(size * 0.55)), dtype=np.float32)[:, None]
    cols = np.linspace(-0.75, 0.75, int(size * 1.25), dtype=np.float32)[None, :]
    u = (cols * right[0] + rows * down[0]) * a
    v = (cols * right[1] + rows * down[1]) * b
    t = math.radians(angle)
    mx = (cx + u * math.cos(t) - v * math.sin(t)).astype(np.float32)
    my = (cy + u * math.sin(t) + v * math.cos(t)).astype(np.float32)
    view = cv2.remap(ink, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    grey = _to_grey_strip(view)
    dark = grey < 128
    # Runs of rows with ink: the star (tall, one blob) and the text line (a
    # row of separate characters); the text line is the run whose columns
    # switch between ink and paper most often.
    rowp = dark.mean(axis=1)
    on = rowp > 0.02
    best, best_score = None, -9.0
    i, n = 0, len(on)
    row_mm = 1.1 / max(1, n - 1)  # unit radius per row
    while i < n:
        if not on[i]:
            i += 1
            continue
        j = i
        while j < n and on[j]:
            j += 1
        height = (j - i) * row_mm
        if 0.1 <= height <= 0.45:
            colp = dark[i:j].any(axis=0)
            switches = int(np.count_nonzero(colp[1:] != colp[:-1]))
            # The centre text sits in the middle (oval) or below the star
            # (round); a line of print crossing the seal may be anywhere.
            score = -abs(-0.35 + (i + j) / 2 * row_mm - 0.15)
            if switches >= 6 and (best is None or score > best_score):
                best, best_score = (i, j), score
        i = j
    if best is None:
        return None
    i, j = best
    cols_on = np.nonzero(dark[i:j].any(axis=0))[0]
    m = max(2, (j - i) // 4)
    return grey[max(0, i - m): j + m, max(0, cols_on[0] - m): cols_on[-1] + m + 1]


def _band(ink: np.ndarray, probe: np.ndarray, seal_geom) -> tuple:
    """Where to unroll the ring's text: (depths and rows, start angle, text run,
    whether a gap was found), the depths from `ink`, the gap from `probe`."""
    centre, axes, angle = seal_geom
    d_out, d_in = _text_depths(ink, centre, axes, angle)
    n_rows = int(max(20, d_in - d_out))
    gap, _ = _gap_and_run(_unroll(probe, centre, axes, angle, d_out, d_in, 0.0, n_rows))
    start = 90.0 if gap is None else gap
    _, run = _gap_and_run(_unroll(probe, centre, axes, angle, d_out, d_in, start, n_rows))
    return (d_out, d_in, n_rows), start, run, gap is not None


def _strip(ink: np.ndarray, seal_geom, band: tuple) -> np.ndarray:
    """The ring's text of one ink image as a grey strip, cut to the text run."""
    (d_out, d_in, n_rows), start, run, _ = band
    centre, axes, angle = seal_geom
    grey = _to_grey_strip(_unroll(ink, centre, axes, angle, d_out, d_in, start, n_rows))
    return _text_rows(_crop_run(grey, run, n_rows // 3))


# Shares of the text band's depth cut at its (outer, inner) side for the retries of a poor
# reading: evenly, and off the inner side only (where the star or the centre text reaches).
_NARROW_CUTS = ((0.12, 0.12), (0.0, 0.2))


def _narrowed(band: tuple, cut: tuple[float, float]) -> tuple:
    """The band less a share of its depth at the outer and inner side.

    A band fitted a little too deep (an oval's ellipse a little off, a ring line,
    the star's points, print crossing it) leaves the characters small in the
    recogniser's line height, and it reads them as nothing or garbles them. The
    rows shrink with the depth (the characters keep their shape); the mid-depth,
    and so the strip's columns and text run, stay as they were."""
    (d_out, d_in, n_rows), start, run, found = band
    depth = d_in - d_out
    rows = max(12, int(n_rows * (1 - cut[0] - cut[1])))
    return (d_out + cut[0] * depth, d_in - cut[1] * depth, rows), start, run, found


def _read_round(engine: OcrEngine, crop: np.ndarray, inks: list[np.ndarray], seal_geom, centre_text: bool,
                colour: bool = True) -> tuple[str, float, str]:
    ink = inks[0]
    # The gap is looked for in the redness alone on a colour seal: black print
    # crossing the ring is cut out of the main ink image and would leave
    # false gaps there; it has no redness at all.
    band = _band(ink, inks[1] if colour and len(inks) > 1 else ink, seal_geom)
    tries = [(ink, band)]  # (ink image, band) of each strip read
    strips = [_strip(ink, seal_geom, band)]
    view = _centre_view(ink, seal_geom, band[1]) if centre_text else None
    res = _read_strips(engine, strips + ([view] if view is not None else []))
    text, conf = res[0]
    ctext, cconf = res[1] if view is not None else ("", 0.0)
    best = 0
    if conf < _RING_TEXT_OK or len(text) < 4:
        # A poor first reading: the other ink images, and the strip started at the
        # other side (no clear gap: the seal may be stamped upside down).
        tries += [(im, band) for im in inks[1:]]
        if colour:
            # A faded seal's text is too pale for the colour gate (its redness is
            # lost in the JPEG's noise, and so is its gap) but still plain in the
            # brightness: the darkness at the seal's own level, as on a copy.
            level = 255.0 - _ink_image(crop, False, seal_geom).astype(np.float32)
            tries.append((level, _band(level, level, seal_geom)))
        # The main ink again over a narrower band (see `_narrowed`).
        tries += [(ink, _narrowed(band, cut)) for cut in _NARROW_CUTS]
        strips += [_strip(im, seal_geom, b) for im, b in tries[1:]]
        turned = [] if band[3] else [cv2.rotate(strips[0], cv2.ROTATE_180)]
        for k, (t2, c2) in enumerate(_read_strips(engine, strips[1:] + turned), start=1):
            if (c2 * min(len(t2), 12), c2) > (conf * min(len(text), 12), conf):
                text, conf, best = t2, c2, k
    again = _restarted(text, strips[best], seal_geom, tries[best][1]) if best < len(tries) else None
    if again is not None:
        # A reading that wraps round (…有限公司衡南县): the strip began inside the name (a
        # faint character taken for the gap, the real gap filled by a security code).
        (t2, c2), = _read_strips(engine, [_strip(tries[best][0], seal_geom, again)])
        if len(t2) >= len(text) - 1 and c2 >= conf - 0.1 and _ENDS_NAME.search(t2):
            text, conf = t2, c2
    centre_out = ""
    if ctext and cconf >= 0.7:
        ctext = "".join(_CJK.findall(ctext))
        if _CENTRE_WORDS.match(ctext):
            centre_out = ctext
    return text, conf, centre_out


# What may follow a legal form round the ring and still be the same seal's name: a
# branch or body of the company (…股份有限公司衡阳分行, …有限公司营业部).
_BRANCH = re.compile("分行|支行|分公司|分厂|分店|营业部|办事处|经营部|项目部|工会|委员会|支部")
# A name's head: a known place (or its first two characters, 衡南 of 衡南县), or any
# place word (a misread place: 街阳市).
_HEAD = re.compile("|".join(sorted({*GAZETTEER, *(p[:2] for p in GAZETTEER)}, key=len, reverse=True))
                   + r"|[^\W\d_]{1,3}[省市州县区]")
# A re-read must end in a legal form (its 司 may be lost in the gap; seal-type words may
# follow), not in a security code's digits or in the head of the name again.
_ENDS_NAME = re.compile(r"(公司?|厂|合作社|事务所|研究院|研究所|中心)([\u4e00-\u9fff]{0,4}专用章)?$")


def _wrap_at(text: str) -> Optional[int]:
    """Where a reading that wraps round the ring starts its name: after a legal form
    (公司) followed by a name's head (…有限公司衡南县), not by a seal-type word or a
    branch's name (…股份有限公司衡阳分行, …有限公司营业部)."""
    i = text.rfind("公司")
    tail = "".join(_CJK.findall(text[i + 2:])) if i >= 0 else ""
    if len(tail) < 2 or "专用" in tail or tail.endswith("章") or "公" in tail or _BRANCH.search(tail):
        return None
    return i + 2 if _HEAD.match(tail) else None


def _restarted(text: str, strip: np.ndarray, seal_geom, band: tuple) -> Optional[tuple]:
    """The band started again at the paper between the legal form and the name's head
    of a wrapped reading, over the whole ring."""
    k = _wrap_at(text)
    if k is None:
        return None
    cols = np.nonzero((strip < 128).any(axis=0))[0]
    if cols.size < 2:
        return None
    (d_out, d_in, n_rows), start, run, found = band
    # Characters are about evenly spread over the text: the boundary's column,
    # then the emptiest column within about a character (the strip's height) of it.
    est = int(cols[0] + (cols[-1] - cols[0]) * k / len(text))
    h = strip.shape[0]
    lo, hi = max(0, est - h), min(strip.shape[1], est + h + 1)
    col = lo + int(np.argmin((255 - strip[:, lo:hi].astype(np.float32)).sum(axis=0)))
    angles = _column_angles(seal_geom[1], start, (d_out + d_in) / 2)
    at = min(len(angles) - 1, max(0, run[0] - n_rows // 3) + col)
    return (d_out, d_in, n_rows), math.degrees(angles[at]), (0, len(angles) - 1), found


# ---------------------------------------------------------------- square


def _split(profile: np.ndarray, parts: int) -> list[tuple[int, int]]:
    """Cut a projection into `parts` runs at its emptiest points near the even cuts."""
    n = len(profile)
    cuts = [0]
    for k in range(1, parts):
        lo, hi = int(n * (k - 0.35) / parts), int(n * (k + 0.35) / parts)
        cuts.append(lo + int(np.argmin(profile[lo:hi])) if hi > lo else n * k // parts)
    cuts.append(n)
    return [(cuts[i], cuts[i + 1]) for i in range(parts)]


def _grid_line(inside: np.ndarray) -> Optional[np.ndarray]:
    """The characters of a square seal laid in one line: right column first, top to bottom."""
    dark = (inside < 150).astype(np.float32)
    if dark.mean() < 0.03:
        return None
    h, w = dark.shape
    colp = dark.mean(axis=0)
    # 2 columns unless the middle thirds are emptier than the middle (3 columns).
    two = _split(colp, 2)
    three = _split(colp, 3)
    gap2 = colp[two[0][1] - 1: two[0][1] + 1].mean()
    gap3 = (colp[three[0][1] - 1: three[0][1] + 1].mean() + colp[three[1][1] - 1: three[1][1] + 1].mean()) / 2
    columns = three if gap3 < gap2 * 0.7 else two
    cell = int(h / 2)
    chars = []
    for x0, x1 in reversed(columns):
        col = dark[:, x0:x1]
        rowp = col.mean(axis=1)
        ys = np.nonzero(rowp > 0.02)[0]
        if len(ys) == 0:
            continue
        span = ys[-1] - ys[0] + 1
        n_rows = max(1, min(3, int(round(span / max(1, (x1 - x0) * 0.9)))))
        for y0, y1 in _split(rowp[ys[0]: ys[-1] + 1], n_rows):
            piece = inside[ys[0] + y0: ys[0] + y1, x0:x1]
            if (piece < 150).mean() < 0.02:
                continue
            chars.append(cv2.resize(piece, (cell, cell), interpolation=cv2.INTER_AREA))
    if not chars:
        return None
    gap = np.full((cell, max(2, cell // 8)), 255, np.uint8)
    parts = []
    for c in chars:
        parts += [c, gap]
    return np.hstack(parts[:-1])


def _read_square(engine: OcrEngine, ink: np.ndarray, seal: SealCandidate, offset: tuple[int, int]) -> tuple[str, float]:
    (cx, cy), (ax, ay) = seal.centre, seal.axes
    cx, cy = cx - offset[0], cy - offset[1]
    ang = seal.angle
    # minAreaRect's angle is only known modulo 90: take the turn closest to upright.
    ang = ((ang + 45) % 90) - 45
    if ax <= 0 or ay <= 0:
        half = min(ink.shape) / 2
        ax = ay = half
    half = max(ax, ay)
    rot = cv2.getRotationMatrix2D((cx, cy), ang, 1.0)
    upright = cv2.warpAffine(ink, rot, (ink.shape[1], ink.shape[0]), borderValue=255)
    inset = 0.1 * half  # the frame
    x0, x1 = int(cx - half + inset), int(cx + half - inset)
    y0, y1 = int(cy - half + inset), int(cy + half - inset)
    inside = upright[max(0, y0):y1, max(0, x0):x1]
    if inside.size and (inside < 150).mean() > 0.5:
        # Intaglio (阴文): white characters cut out of a solid block.
        inside = 255 - inside
    tries = []
    if inside.size:
        line = _grid_line(inside)
        if line is not None:
            tries.append(_ocr_line(engine, line))
    if not tries or tries[-1][1] < 0.8 or len(tries[-1][0]) < 2:
        tries.append(_ocr(engine, _pad(upright)))
    return max(tries, key=lambda tc: (tc[1] * min(len(tc[0]), 6), tc[1]))


# ---------------------------------------------------------------- entry point


def read_seal_text(image_bgr: np.ndarray, seal: SealCandidate, engine: OcrEngine,
                   centre_text: bool = True) -> tuple[Optional[str], float]:
    """OCR the text of a seal: (text or None, mean confidence 0-1).

    Round / oval: the curved name, plus the centre text when one is read
    clearly (e.g. "…有限公司财务专用章"). Square: the characters in grid order.
    """
    img = as_bgr(image_bgr)
    x0, y0, x1, y1 = (int(round(v)) for v in seal.bbox)
    m = int(0.08 * max(x1 - x0, y1 - y0)) + 2
    x0, y0 = max(0, x0 - m), max(0, y0 - m)
    x1, y1 = min(img.shape[1], x1 + m), min(img.shape[0], y1 + m)
    crop = img[y0:y1, x0:x1]
    if crop.size == 0:
        return None, 0.0
    ring = None
    if seal.source == "shape" and seal.shape != "square" and min(seal.axes) > 0:
        ring = ((seal.centre[0] - x0, seal.centre[1] - y0), seal.axes, seal.angle)
    if seal.shape == "square":
        if seal.source != "shape":
            # Brightness-led ink (sharp even where JPEG blurred the colour).
            strength = ink_strength(crop, True)[0]
            top = float(np.percentile(strength, 99)) if strength.size else 0.0
            if top > 10:
                ink = (255 - np.clip((strength - 0.2 * top) / (0.6 * top), 0, 1) * 255).astype(np.uint8)
            else:
                ink = _ink_image(crop, True)
        else:
            ink = _ink_image(crop, False, ring)
        text, conf = _read_square(engine, ink, seal, (x0, y0))
    else:
        ax, ay = seal.axes
        if ax <= 0 or ay <= 0:
            ax = ay = (x1 - x0) / 2 - m
        geom = ((seal.centre[0] - x0, seal.centre[1] - y0), (ax, ay), seal.angle)
        inks = ink_strength(crop, seal.source != "shape", ring)
        text, conf, centre = _read_round(engine, crop, inks, geom, centre_text, seal.source != "shape")
        if centre and centre not in text:
            text = text + centre
    text = _tidy(text, square=seal.shape == "square")
    if not text:
        return None, 0.0
    return text, round(conf, 3)


_CJK = re.compile(r"[\u3400-\u9fff]")
_EDGE_JUNK = re.compile(r"^[\W_]+|[\W_]+$")


def _tidy(text: str, square: bool) -> str:
    """Drop bits of the ring or frame read as strokes (|, 一 at the ends are kept:
    only non-word symbols go); a personal seal is characters only."""
    text = text.strip().replace("\u3000", "")
    if square and _CJK.search(text):
        return "".join(_CJK.findall(text))
    return _EDGE_JUNK.sub("", text)
