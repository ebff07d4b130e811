"""Hard-case page effects: photocopies (greyscale), phone photos (perspective), blank paper.

Each effect works on an upright RGB page and, where it moves pixels, returns a point
mapper (upright page px -> stored image px) so seal boxes and page corners can be put
in the truth file.
"""
from __future__ import annotations

import math
import random

import cv2
import numpy as np
from PIL import Image

from .surface import pil_font


# ---------------------------------------------------------------- photocopy


def photocopy(img: Image.Image, rng: random.Random) -> Image.Image:
    """A greyscale photocopy: no colour at all, seals grey, darker blacks, a toner-grey background,
    speckle and sometimes a streak. Returned as RGB with R == G == B."""
    a = np.asarray(img).astype(np.float32)
    g = a[..., 0] * 0.299 + a[..., 1] * 0.587 + a[..., 2] * 0.114
    t = g / 255.0
    t = t ** rng.uniform(1.1, 1.7)  # copiers darken mid-tones: red seals come out mid/dark grey
    black, white = rng.uniform(10, 45), rng.uniform(222, 252)
    g = black + (white - black) * t
    h, w = g.shape
    nrng = np.random.default_rng(rng.randrange(2**32))
    # toner speckle and a faint drum streak now and then
    n_spk = int(h * w * rng.uniform(2e-5, 2e-4))
    ys, xs = nrng.integers(0, h, n_spk), nrng.integers(0, w, n_spk)
    g[ys, xs] = np.minimum(g[ys, xs], nrng.uniform(40, 160, n_spk))
    if rng.random() < 0.3:
        x = rng.randrange(w)
        g[:, x:x + rng.randrange(1, 4)] *= rng.uniform(0.85, 0.95)
    # copier edge shadow (lid not closed) on one side
    if rng.random() < 0.35:
        side = rng.choice(["l", "r", "t", "b"])
        depth = int(rng.uniform(0.01, 0.03) * (w if side in "lr" else h))
        ramp = np.linspace(rng.uniform(0.3, 0.6), 1.0, depth, dtype=np.float32)
        if side == "l":
            g[:, :depth] *= ramp[None, :]
        elif side == "r":
            g[:, w - depth:] *= ramp[::-1][None, :]
        elif side == "t":
            g[:depth, :] *= ramp[:, None]
        else:
            g[h - depth:, :] *= ramp[::-1][:, None]
    g = cv2.GaussianBlur(g, (0, 0), rng.uniform(0.4, 0.9))
    g8 = g.clip(0, 255).astype(np.uint8)
    return Image.fromarray(np.dstack([g8, g8, g8]))


# ---------------------------------------------------------------- phone photo


def _background(rng: random.Random, h: int, w: int) -> np.ndarray:
    nrng = np.random.default_rng(rng.randrange(2**32))
    kind = rng.choice(["wood", "wood", "desk", "cloth", "dark"])
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if kind == "wood":
        base = np.array([rng.uniform(95, 160), rng.uniform(60, 105), rng.uniform(30, 65)], np.float32)
        freq = rng.uniform(0.01, 0.03)
        warp = cv2.resize(nrng.random((8, 8)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC) * 40
        ang = rng.uniform(-0.3, 0.3) + (math.pi / 2 if rng.random() < 0.5 else 0)
        u = xx * math.cos(ang) + yy * math.sin(ang)
        stripes = 0.5 + 0.5 * np.sin((u + warp) * freq * 2 * math.pi)
        grain = cv2.GaussianBlur(nrng.random((h, w)).astype(np.float32), (0, 0), 1.5)
        f = 0.75 + 0.2 * stripes + 0.1 * grain
        bg = base[None, None, :] * f[..., None]
    elif kind == "desk":
        v = rng.uniform(70, 130)
        base = np.array([v, v * rng.uniform(0.95, 1.05), v * rng.uniform(0.9, 1.1)], np.float32)
        bg = base[None, None, :] * (0.92 + 0.08 * nrng.random((h, w, 1)).astype(np.float32))
    elif kind == "cloth":
        base = np.array([rng.uniform(40, 120), rng.uniform(40, 120), rng.uniform(50, 140)], np.float32)
        p = rng.uniform(3, 7)
        weave = 0.5 + 0.25 * np.sin(xx / p * math.pi) + 0.25 * np.sin(yy / p * math.pi)
        bg = base[None, None, :] * (0.8 + 0.3 * weave[..., None])
    else:
        v = rng.uniform(25, 60)
        bg = np.full((h, w, 3), v, np.float32) + nrng.normal(0, 3, (h, w, 1)).astype(np.float32)
    return bg


def photograph(page: Image.Image, rng: random.Random, rotation: int = 0):
    """A phone photo of the page lying on a table: perspective, uneven light, a darker textured
    background. Returns (image, mapper upright->stored, corners [TL, TR, BR, BL] in stored px)."""
    a = np.asarray(page).astype(np.float32)
    h, w = a.shape[:2]
    scale = rng.uniform(0.85, 1.15)
    pw, ph = w * scale, h * scale
    W = int(pw * rng.uniform(1.12, 1.3))
    H = int(max(ph * rng.uniform(1.06, 1.18), W * rng.uniform(1.25, 1.4)))
    cx, cy = W / 2 + rng.uniform(-0.04, 0.04) * W, H / 2 + rng.uniform(-0.03, 0.03) * H
    rot = math.radians(rng.uniform(-8, 8))
    keystone = rng.uniform(0.0, 0.1)  # phone tilted: the far edge looks shorter
    far_top = rng.random() < 0.75
    base = [(-pw / 2, -ph / 2), (pw / 2, -ph / 2), (pw / 2, ph / 2), (-pw / 2, ph / 2)]
    dst = []
    for i, (x, y) in enumerate(base):
        far = (i < 2) == far_top
        if far:
            x *= 1 - keystone
            y *= 1 - keystone * 0.3
        x += rng.uniform(-0.02, 0.02) * pw
        y += rng.uniform(-0.015, 0.015) * ph
        xr = x * math.cos(rot) - y * math.sin(rot)
        yr = x * math.sin(rot) + y * math.cos(rot)
        dst.append((cx + xr, cy + yr))
    # keep the page inside the frame
    dst = np.float32(dst)
    lo, hi = dst.min(axis=0), dst.max(axis=0)
    shift = np.float32([max(0, 8 - lo[0]) - max(0, hi[0] - (W - 8)), max(0, 8 - lo[1]) - max(0, hi[1] - (H - 8))])
    dst += shift
    src = np.float32([(0, 0), (w, 0), (w, h), (0, h)])
    hm = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(a, hm, (W, H), flags=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), hm, (W, H), flags=cv2.INTER_LINEAR)
    bg = _background(rng, H, W)
    # shadow and light are smooth: compute them at 1/8 size
    sw, sh = max(8, W // 8), max(8, H // 8)
    small_mask = cv2.resize(mask, (sw, sh), interpolation=cv2.INTER_AREA)
    shadow = cv2.resize(cv2.GaussianBlur(small_mask, (0, 0), sw * 0.012), (W, H), interpolation=cv2.INTER_LINEAR)
    bg *= (1 - rng.uniform(0.2, 0.45) * shadow)[..., None]
    out = bg * (1 - mask[..., None]) + warped * mask[..., None]
    # light: brightness, gradient, vignette, sometimes the phone's shadow over part of the page
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    yy, xx = yy * H / sh, xx * W / sw
    gx, gy = rng.uniform(-1, 1), rng.uniform(-1, 1)
    grad = ((xx / W - 0.5) * gx + (yy / H - 0.5) * gy)
    light = rng.uniform(0.8, 1.0) * (1 + rng.uniform(0.1, 0.3) * grad)
    r2 = ((xx - W / 2) / (W / 2)) ** 2 + ((yy - H / 2) / (H / 2)) ** 2
    light *= 1 - rng.uniform(0.05, 0.2) * r2
    if rng.random() < 0.35:
        sx, sy = rng.uniform(0, W), rng.uniform(0, H)
        sr = rng.uniform(0.2, 0.45) * W
        blob = np.exp(-(((xx - sx) ** 2 + (yy - sy) ** 2) / (2 * sr ** 2)))
        light *= 1 - rng.uniform(0.15, 0.35) * blob
    light = cv2.resize(light.astype(np.float32), (W, H), interpolation=cv2.INTER_LINEAR)
    cast = np.array([rng.uniform(0.97, 1.05), 1.0, rng.uniform(0.88, 1.0)], np.float32)  # warm indoor light
    out = out * light[..., None] * cast[None, None, :]
    out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.5, 1.3))
    nrng = np.random.default_rng(rng.randrange(2**32))
    noise = nrng.standard_normal((H // 2 + 1, W // 2 + 1, 3), dtype=np.float32) * rng.uniform(2, 5)
    out += cv2.resize(noise, (W, H), interpolation=cv2.INTER_NEAREST)  # colour sensor noise (2x2 px grain)
    img = out.clip(0, 255).astype(np.uint8)
    k = (rotation // 90) % 4
    if k:
        img = np.ascontiguousarray(np.rot90(img, -k))

    def mapper(x: float, y: float) -> tuple[float, float]:
        v = hm @ np.array([x, y, 1.0])
        xs, ys = v[0] / v[2], v[1] / v[2]
        hh, ww = H, W
        for _ in range(k):
            xs, ys = hh - 1 - ys, xs
            hh, ww = ww, hh
        return float(xs), float(ys)

    corners = [[round(c, 1) for c in mapper(x, y)] for x, y in [(0, 0), (w, 0), (w, h), (0, h)]]
    return Image.fromarray(img), mapper, corners


# ---------------------------------------------------------------- blank pages

SHOW_THROUGH_TEXT = ("本公司坚持专业化精细化特色化新颖化发展道路，先后通过质量管理体系认证和环境管理体系认证。"
                     "近三年来公司营业收入保持稳定增长，研发投入逐年增加，与多所高校建立了长期产学研合作关系。") * 8


def show_through(img: Image.Image, rng: random.Random) -> Image.Image:
    """Faint mirrored text from the back of the sheet (10-15 % darker than the paper, soft)."""
    w, h = img.size
    k = w / 210.0
    layer = Image.new("L", (w, h), 0)
    from PIL import ImageDraw
    d = ImageDraw.Draw(layer)
    size = round(rng.uniform(3.6, 4.6) * k)
    f = pil_font(rng.choice(["uming", "microhei"]), size)
    top, left = rng.uniform(20, 40) * k, rng.uniform(18, 28) * k
    per = int((w - 2 * left) / size)
    lines = rng.randrange(8, 30)
    for i in range(lines):
        s = SHOW_THROUGH_TEXT[i * per % 200:][:per]
        d.text((left, top + i * size * 1.8), s, font=f, fill=255)
    if rng.random() < 0.4:  # a table on the back
        for i in range(rng.randrange(8, 20)):
            y = int(top + lines * size * 1.8 + i * 9 * k)
            if y < h - 20:
                d.line([(left, y), (w - left, y)], fill=255, width=max(1, round(k * 0.3)))
    m = np.asarray(layer.transpose(Image.FLIP_LEFT_RIGHT)).astype(np.float32) / 255.0
    m = cv2.GaussianBlur(m, (0, 0), k * rng.uniform(0.25, 0.5))
    depth = rng.uniform(0.06, 0.14)
    a = np.asarray(img).astype(np.float32) * (1 - depth * m)[..., None]
    return Image.fromarray(a.clip(0, 255).astype(np.uint8))
