"""Realistic seal impressions for the hard-case generator (not used by the committed corpus).

A seal is drawn as an ink-coverage mask at PX_PER_MM, then inked the way a rubber
stamp prints: uneven pressure (one side lighter), pad grain and voids, ink blobs and
bleed, gaps in the ring, an off-round impression, sometimes a second (double)
impression. Shapes and sizes follow Chinese practice:

- round official seals 38-45 mm: company name curved along the top, star or not,
  optional inner ring, optional centre line (合同专用章) and a serial number along
  the bottom arc;
- oval seals 40x30 mm (财务专用章 and other special seals): name curved along the
  upper ellipse, the purpose (财务专用章) straight across the centre;
- square personal seals 15-22 mm: 2-4 characters of the legal representative's name
  (张伟之印, 李明印), red characters (朱文) or white characters on red (白文).

`render` returns the RGBA impression and the seal's geometry; the caller stamps it
and records the truth.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

from .surface import pil_font

PX_PER_MM = 12
SEAL_FONTS = ("microhei", "zenhei", "uming", "ukai")
PERSONAL_FONTS = ("ukai", "uming", "zenhei")
INKS = {  # name -> RGB range (lo, hi) per channel
    "red": ((200, 236), (18, 60), (25, 62)),
    "orange_red": ((222, 240), (60, 92), (45, 70)),
    "dark_red": ((140, 178), (16, 40), (26, 52)),
    "brown": ((128, 165), (52, 82), (38, 62)),
    "magenta": ((190, 220), (25, 55), (70, 105)),
}


@dataclass
class SealSpec:
    shape: str                      # round / oval / square
    text: str                       # curved text (round/oval) or the characters (square)
    width_mm: float                 # outer size of the impression, unrotated
    height_mm: float
    centre_text: str = ""           # straight text in the middle (财务专用章, 合同专用章)
    star: bool = True
    inner_ring: bool = False
    serial: str = ""                # digits along the bottom arc
    negative: bool = False          # square: white characters on red (白文)
    font: str = "uming"
    ink: str = "red"
    fade: int = 0                   # 0 normal, 1 light/patchy, 2 heavily faded (text not readable)
    rotation: float = 0.0           # degrees, counter-clockwise as seen on the page
    double: float = 0.0             # offset in mm of a second impression (0 = none)

    @property
    def legible(self) -> bool:
        return self.fade < 2 and self.double < 1.2


def random_spec(rng: random.Random, shape: str, text: str, *, size: float | None = None, centre_text: str = "",
                star: bool | None = None, fade_prob: float = 0.15, heavy_share: float = 0.3,
                dark_prob: float = 0.2, double_prob: float = 0.05) -> SealSpec:
    """A seal as real dossiers show them: sizes, fonts, inks and wear vary."""
    if shape == "round":
        d = size or rng.uniform(38, 45)
        w = h = d
    elif shape == "oval":
        w = size or rng.choice([40.0, 40.0, 42.0, 45.0, 38.0])
        h = w * rng.uniform(0.7, 0.78)
    else:
        w = h = size or rng.uniform(15, 22)
    fade = 0
    if rng.random() < fade_prob:
        fade = 2 if rng.random() < heavy_share else 1
    ink = rng.choice(["dark_red", "dark_red", "brown"]) if rng.random() < dark_prob else rng.choice(
        ["red"] * 6 + ["orange_red"] * 2 + ["magenta"])
    serial = ""
    if shape in ("round", "oval") and rng.random() < 0.35:
        serial = "".join(str(rng.randrange(10)) for _ in range(13))
    rot = rng.uniform(-12, 12) if shape == "square" else rng.uniform(-35, 35)
    return SealSpec(shape=shape, text=text, width_mm=w, height_mm=h, centre_text=centre_text,
                    star=(rng.random() < 0.8) if star is None else star,
                    inner_ring=shape != "square" and rng.random() < 0.25, serial=serial,
                    negative=shape == "square" and rng.random() < 0.35,
                    font=rng.choice(PERSONAL_FONTS if shape == "square" else SEAL_FONTS), ink=ink, fade=fade,
                    rotation=rot, double=rng.uniform(0.4, 2.0) if rng.random() < double_prob else 0.0)


# ---------------------------------------------------------------- drawing


def _glyph(ch: str, font: str, px: int, squeeze: float) -> Image.Image:
    """One character as an L image, narrowed horizontally by `squeeze` (seal letters are tall)."""
    f = pil_font(font, px)
    g = Image.new("L", (px * 2, px * 2), 0)
    ImageDraw.Draw(g).text((px, px), ch, font=f, fill=255, anchor="mm")
    box = g.getbbox() or (0, 0, 1, 1)
    g = g.crop(box)
    return g.resize((max(1, round(g.width * squeeze)), max(1, g.height)), Image.LANCZOS)


def _paste_rotated(canvas: Image.Image, glyph: Image.Image, x: float, y: float, deg: float) -> None:
    """Paste a glyph centred at (x, y), rotated `deg` degrees clockwise."""
    pad = max(glyph.size)
    big = Image.new("L", (pad * 2, pad * 2), 0)
    big.paste(glyph, (pad - glyph.width // 2, pad - glyph.height // 2))
    big = big.rotate(-deg, resample=Image.BICUBIC)
    canvas.paste(255, (round(x - pad), round(y - pad)), big)


def _ellipse_arc_points(a: float, b: float, t0: float, t1: float, n: int) -> list[float]:
    """n parameters between t0 and t1 at equal arc length on an ellipse (radians)."""
    ts = np.linspace(t0, t1, 2000)
    seg = np.hypot(np.diff(a * np.cos(ts)), np.diff(b * np.sin(ts)))
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    if n == 1:
        return [float((t0 + t1) / 2)]
    targets = np.linspace(0, cum[-1], n)
    return [float(np.interp(s, cum, ts)) for s in targets]


def _curved_text(canvas: Image.Image, text: str, cx: float, cy: float, a: float, b: float, char_h: float,
                 font: str, span_deg: float, top: bool = True, squeeze: float = 0.75) -> None:
    """Characters along the ellipse (a, b) centred on its top (or bottom), tops facing outward
    (bottom arc: upright, reading left to right)."""
    n = len(text)
    if not n:
        return
    half = math.radians(span_deg) / 2
    centre_t = -math.pi / 2 if top else math.pi / 2
    ts = _ellipse_arc_points(a, b, centre_t - half, centre_t + half, n)
    if not top:
        ts = ts[::-1]
    px = max(6, round(char_h))
    for ch, t in zip(text, ts):
        x, y = cx + a * math.cos(t), cy + b * math.sin(t)
        nx, ny = math.cos(t) / a, math.sin(t) / b  # outward normal
        ang = math.degrees(math.atan2(ny, nx)) + 90  # glyph "up" along the normal
        if not top:
            ang += 180
        _paste_rotated(canvas, _glyph(ch, font, px, squeeze), x, y, ang)


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * 0.382
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return pts


def _mask(spec: SealSpec, rng: random.Random) -> np.ndarray:
    """Ink-coverage mask (float32 0..1) of the unrotated seal, canvas 1.3x the seal."""
    k = PX_PER_MM
    W, H = round(spec.width_mm * k * 1.3), round(spec.height_mm * k * 1.3)
    S = max(W, H)
    img = Image.new("L", (S, S), 0)
    dr = ImageDraw.Draw(img)
    cx = cy = S / 2
    a, b = spec.width_mm * k / 2, spec.height_mm * k / 2
    if spec.shape == "square":
        lw = round(k * rng.uniform(0.7, 1.4))
        box = [cx - a, cy - b, cx + a, cy + b]
        chars = list(spec.text)
        inner = [box[0] + lw * 1.6, box[1] + lw * 1.6, box[2] - lw * 1.6, box[3] - lw * 1.6]
        if spec.negative:
            dr.rectangle(box, fill=255)
        else:
            dr.rectangle(box, outline=255, width=lw)
        fill = 0 if spec.negative else 255
        iw, ih = inner[2] - inner[0], inner[3] - inner[1]
        n = len(chars)
        # columns right to left, each top to bottom (traditional reading order)
        if n == 4:
            cols = [chars[0:2], chars[2:4]]
        elif n == 3:
            cols = [chars[0:1], chars[1:3]]   # surname alone on the right, stretched
        elif n == 2:
            cols = [chars[0:1], chars[1:2]] if rng.random() < 0.6 else [chars]
        else:
            cols = [chars]
        ncol = len(cols)
        for ci, col in enumerate(cols):
            x1 = inner[2] - ci * iw / ncol
            x0 = x1 - iw / ncol
            for ri, ch in enumerate(col):
                y0 = inner[1] + ri * ih / len(col)
                y1 = y0 + ih / len(col)
                g = _glyph(ch, spec.font, round(min(iw / ncol, ih / len(col)) * 1.1), 1.0)
                g = g.resize((max(1, round((x1 - x0) * 0.92)), max(1, round((y1 - y0) * 0.92))), Image.LANCZOS)
                if fill == 255:
                    img.paste(255, (round(x0 + (x1 - x0) * 0.04), round(y0 + (y1 - y0) * 0.04)), g)
                else:
                    img.paste(0, (round(x0 + (x1 - x0) * 0.04), round(y0 + (y1 - y0) * 0.04)), g)
    else:
        lw = max(3, round(min(a, b) * 2 * rng.uniform(0.026, 0.036)))
        dr.ellipse([cx - a, cy - b, cx + a, cy + b], outline=255, width=lw)
        ra, rb = a - lw, b - lw
        if spec.inner_ring:
            g = lw * 0.9
            dr.ellipse([cx - ra + g, cy - rb + g, cx + ra - g, cy + rb - g], outline=255, width=max(2, lw // 3))
            ra, rb = ra - g - lw / 3, rb - g - lw / 3
        n = len(spec.text)
        dmin = 2 * min(a, b)
        if spec.shape == "round":
            ch_h = dmin * (0.17 if n <= 10 else 0.15 if n <= 14 else 0.13)
        else:  # ovals: the short axis sets the size, the letters stay about as tall as on a round seal
            ch_h = dmin * (0.21 if n <= 10 else 0.19 if n <= 14 else 0.17)
        span = min(270.0, 150 + n * 8.5) if spec.shape == "round" else min(250.0, 140 + n * 8)
        off = ch_h * 0.62
        _curved_text(img, spec.text, cx, cy, ra - off, rb - off, ch_h, spec.font, span, squeeze=rng.uniform(0.62, 0.85))
        if spec.serial:
            sh = dmin * 0.055
            _curved_text(img, spec.serial, cx, cy, ra - sh * 0.8, rb - sh * 0.8, sh, "microhei", 70 + len(spec.serial) * 3,
                         top=False, squeeze=0.8)
        if spec.shape == "round" and spec.star:
            dr.polygon(_star(cx, cy - dmin * 0.02, dmin * rng.uniform(0.14, 0.18)), fill=255)
        if spec.centre_text:
            size = dmin * (0.11 if spec.shape == "round" else 0.14)
            y = cy + (dmin * 0.26 if spec.shape == "round" and spec.star else 0.0)
            f = pil_font(spec.font, round(size))
            tw = f.getlength(spec.centre_text)
            maxw = 2 * ra * (0.7 if spec.shape == "round" else 0.72)
            line = Image.new("L", (max(1, round(tw)) + 4, round(size * 1.6)), 0)
            ImageDraw.Draw(line).text((2, size * 0.8), spec.centre_text, font=f, fill=255, anchor="lm")
            if tw > maxw:
                line = line.resize((max(1, round(maxw)), line.height), Image.LANCZOS)
            img.paste(255, (round(cx - line.width / 2), round(y - line.height / 2)), line)
    m = np.asarray(img, np.float32) / 255.0
    return m


def _noise(nrng: np.random.Generator, shape: tuple[int, int], cells: int) -> np.ndarray:
    h, w = shape
    low = nrng.random((cells, cells)).astype(np.float32)
    return cv2.resize(low, (w, h), interpolation=cv2.INTER_CUBIC)


def _ink(mask: np.ndarray, spec: SealSpec, rng: random.Random) -> np.ndarray:
    """Coverage -> ink alpha: pressure, pad grain, voids, bleed, blobs and ring gaps."""
    h, w = mask.shape
    nrng = np.random.default_rng(rng.randrange(2**32))
    k = PX_PER_MM
    # bleed: ink spreads into the paper fibres by ~0.1 mm
    m = cv2.GaussianBlur(mask, (0, 0), k * rng.uniform(0.05, 0.12))
    m = np.clip(m * 1.25, 0, 1)
    # pressure: the stamp is never pressed evenly, one side prints lighter
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    ang = rng.uniform(0, 2 * math.pi)
    ramp = ((xx - w / 2) * math.cos(ang) + (yy - h / 2) * math.sin(ang)) / (max(h, w) / 2)
    tilt = rng.uniform(0.05, 0.3) + 0.25 * spec.fade
    pressure = 1.0 - tilt * (ramp + 1) / 2
    patch = _noise(nrng, (h, w), rng.randrange(4, 9))
    pressure *= 1.0 - (0.2 + 0.25 * spec.fade) * patch
    # pad grain: small voids where the paper did not take ink
    grain = cv2.GaussianBlur(nrng.random((h, w)).astype(np.float32), (0, 0), k * rng.uniform(0.06, 0.12))
    grain = (grain - grain.mean()) / (grain.std() + 1e-6)
    void_level = [-1.4, -0.5, -0.1][spec.fade] + rng.uniform(-0.3, 0.3)
    voids = np.clip((grain - void_level) * 1.5, 0, 1)
    dens = pressure * (0.35 + 0.65 * voids)
    if spec.fade:
        dens *= [1.0, rng.uniform(0.5, 0.72), rng.uniform(0.38, 0.5)][spec.fade]
        # partly missing ring: angular sectors that did not print
        theta = np.arctan2(yy - h / 2, xx - w / 2)
        for _ in range(rng.randrange(1, 3 + 2 * spec.fade)):
            c = rng.uniform(-math.pi, math.pi)
            width = rng.uniform(0.15, 0.45) * (1 + spec.fade)
            d = np.abs((theta - c + math.pi) % (2 * math.pi) - math.pi)
            dens *= np.clip(0.15 + d / width, 0, 1) if rng.random() < 0.8 else 1.0
    alpha = m * np.clip(dens, 0, 1)
    # ink blobs: a few spots of excess ink on or next to the strokes
    if rng.random() < 0.6:
        ys, xs = np.nonzero(mask > 0.5)
        for _ in range(rng.randrange(1, 6)):
            if not len(xs):
                break
            i = nrng.integers(len(xs))
            r = k * rng.uniform(0.2, 0.9)
            cv2.ellipse(alpha, (int(xs[i]), int(ys[i])), (max(1, int(r)), max(1, int(r * rng.uniform(0.5, 1)))),
                        rng.uniform(0, 180), 0, 360, float(rng.uniform(0.6, 0.95)), -1)
    return np.clip(alpha, 0, 1)


def _warp_off_round(a: np.ndarray, rng: random.Random, amount_mm: float) -> np.ndarray:
    """A rubber stamp is not a perfect ellipse: a smooth displacement of ~0.2-0.5 mm."""
    h, w = a.shape
    nrng = np.random.default_rng(rng.randrange(2**32))
    dx = (_noise(nrng, (h, w), 4) - 0.5) * 2 * amount_mm * PX_PER_MM
    dy = (_noise(nrng, (h, w), 4) - 0.5) * 2 * amount_mm * PX_PER_MM
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    return cv2.remap(a, xx + dx, yy + dy, cv2.INTER_LINEAR, borderValue=0)


def render(spec: SealSpec, rng: random.Random) -> tuple[Image.Image, tuple[float, float, float, float]]:
    """RGBA impression (PX_PER_MM) and the seal's bbox in mm relative to the image centre."""
    mask = _mask(spec, rng)
    alpha = _ink(mask, spec, rng)
    alpha = _warp_off_round(alpha, rng, rng.uniform(0.1, 0.45))
    squash = rng.uniform(0.96, 1.0)  # stamping pressure flattens one axis a little
    h, w = alpha.shape
    if squash < 0.995:
        alpha = cv2.resize(alpha, (w, max(1, round(h * squash))), interpolation=cv2.INTER_AREA)
        pad = h - alpha.shape[0]
        alpha = np.pad(alpha, ((pad // 2, pad - pad // 2), (0, 0)))
    if spec.double:
        ang = rng.uniform(0, 2 * math.pi)
        dx, dy = spec.double * PX_PER_MM * math.cos(ang), spec.double * PX_PER_MM * math.sin(ang)
        mat = np.float32([[1, 0, dx], [0, 1, dy]])
        ghost = cv2.warpAffine(alpha, mat, (alpha.shape[1], alpha.shape[0])) * rng.uniform(0.35, 0.7)
        alpha = 1 - (1 - alpha) * (1 - ghost)
    strength = rng.uniform(0.8, 0.97)
    lo_hi = INKS[spec.ink]
    col = tuple(rng.randrange(lo, hi) for lo, hi in lo_hi)
    rgba = np.zeros(alpha.shape + (4,), np.uint8)
    rgba[..., :3] = col
    rgba[..., 3] = (alpha * strength * 255).astype(np.uint8)
    im = Image.fromarray(rgba, "RGBA").rotate(spec.rotation, resample=Image.BICUBIC, expand=False)
    # bbox of the rotated outline (analytic), mm from the centre
    t = math.radians(spec.rotation)
    a, b = spec.width_mm / 2, spec.height_mm / 2
    if spec.shape == "square":
        hw = a * abs(math.cos(t)) + b * abs(math.sin(t))
        hh = a * abs(math.sin(t)) + b * abs(math.cos(t))
    else:
        hw = math.sqrt((a * math.cos(t)) ** 2 + (b * math.sin(t)) ** 2)
        hh = math.sqrt((a * math.sin(t)) ** 2 + (b * math.cos(t)) ** 2)
    g = spec.double
    return im, (-hw - g, -hh - g, hw + g, hh + g)


def personal_seal_text(name: str, rng: random.Random) -> str:
    """张伟 -> 张伟之印 / 张伟印 / 张伟; 王建华 -> 王建华印 / 王建华."""
    if len(name) == 2:
        return rng.choice([name + "之印", name + "印", name, name + "之印"])
    if len(name) == 3:
        return rng.choice([name + "印", name, name + "印"])
    return name[:4]
