"""Synthetic photos (no text): factory site, equipment, product."""
from __future__ import annotations

import random

import cv2
import numpy as np
from PIL import Image, ImageDraw

from ..page import Ctx


def _gradient(h: int, w: int, top, bottom) -> np.ndarray:
    t = np.linspace(0, 1, h)[:, None, None]
    return (np.array(top) * (1 - t) + np.array(bottom) * t).repeat(w, axis=1)


def _site(rng: random.Random, w: int, h: int) -> Image.Image:
    arr = _gradient(h, w, (rng.randrange(120, 180), rng.randrange(160, 200), 235), (220, 225, 235))
    im = Image.fromarray(arr.astype(np.uint8))
    d = ImageDraw.Draw(im)
    ground = int(h * rng.uniform(0.6, 0.75))
    d.rectangle([0, ground, w, h], fill=(rng.randrange(90, 130), rng.randrange(100, 130), 100))
    x = rng.randrange(-40, 40)
    while x < w:
        bw, bh = rng.randrange(w // 8, w // 3), rng.randrange(h // 6, h // 2)
        col = tuple(rng.randrange(150, 235) for _ in range(3))
        d.rectangle([x, ground - bh, x + bw, ground], fill=col, outline=(80, 80, 80))
        if rng.random() < 0.5:  # shed roof
            d.polygon([(x, ground - bh), (x + bw / 2, ground - bh - bh * 0.2), (x + bw, ground - bh)], fill=(70, 90, 140))
        for wy in range(ground - bh + 12, ground - 14, 22):
            for wx in range(x + 8, x + bw - 14, 20):
                d.rectangle([wx, wy, wx + 10, wy + 10], fill=(60, 80, 110))
        x += bw + rng.randrange(5, 40)
    for _ in range(rng.randrange(3, 9)):  # trees
        tx, r = rng.randrange(w), rng.randrange(15, 40)
        d.ellipse([tx - r, ground - 2 * r, tx + r, ground], fill=(40, rng.randrange(100, 140), 50))
    return im


def _equipment(rng: random.Random, w: int, h: int) -> Image.Image:
    arr = _gradient(h, w, (rng.randrange(150, 200),) * 3, (rng.randrange(90, 130), rng.randrange(100, 130), 110))
    im = Image.fromarray(arr.astype(np.uint8))
    d = ImageDraw.Draw(im)
    floor = int(h * rng.uniform(0.7, 0.85))
    d.rectangle([0, floor, w, h], fill=(110, 120, 100))
    for _ in range(rng.randrange(2, 5)):
        x0 = rng.randrange(0, w - w // 4)
        bw, bh = rng.randrange(w // 6, w // 2), rng.randrange(h // 5, h // 2)
        body = rng.choice([(220, 220, 215), (60, 110, 170), (230, 180, 40), (90, 150, 90)])
        d.rectangle([x0, floor - bh, x0 + bw, floor], fill=body, outline=(40, 40, 40), width=3)
        d.rectangle([x0 + bw * 0.1, floor - bh * 0.8, x0 + bw * 0.45, floor - bh * 0.4], fill=(40, 50, 60))
        for _ in range(rng.randrange(1, 4)):  # wheels, gauges
            r = rng.randrange(8, 30)
            cx, cy = x0 + rng.randrange(r, max(r + 1, bw - r)), floor - rng.randrange(r, max(r + 1, bh - r))
            d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(150, 150, 150), outline=(30, 30, 30), width=2)
        d.line([(x0 + bw, floor - bh * 0.7), (x0 + bw + rng.randrange(20, 80), floor - bh * 0.9)], fill=(120, 120, 120), width=12)
    return im


def _product(rng: random.Random, w: int, h: int) -> Image.Image:
    bg = tuple(rng.randrange(200, 250) for _ in range(3))
    arr = _gradient(h, w, bg, tuple(max(0, v - 60) for v in bg))
    im = Image.fromarray(arr.astype(np.uint8))
    d = ImageDraw.Draw(im)
    for _ in range(rng.randrange(1, 4)):
        cx, cy = rng.randrange(w // 4, 3 * w // 4), rng.randrange(h // 3, 3 * h // 4)
        s = rng.randrange(min(w, h) // 8, min(w, h) // 3)
        col = tuple(rng.randrange(30, 220) for _ in range(3))
        shape = rng.choice(["box", "cyl", "disc"])
        if shape == "box":
            d.polygon([(cx - s, cy - s / 2), (cx, cy - s), (cx + s, cy - s / 2), (cx, cy)], fill=tuple(min(255, v + 40) for v in col))
            d.polygon([(cx - s, cy - s / 2), (cx, cy), (cx, cy + s), (cx - s, cy + s / 2)], fill=col)
            d.polygon([(cx, cy), (cx + s, cy - s / 2), (cx + s, cy + s / 2), (cx, cy + s)], fill=tuple(max(0, v - 40) for v in col))
        elif shape == "cyl":
            d.rectangle([cx - s / 2, cy - s, cx + s / 2, cy + s], fill=col)
            d.ellipse([cx - s / 2, cy - s - s / 5, cx + s / 2, cy - s + s / 5], fill=tuple(min(255, v + 50) for v in col))
            d.ellipse([cx - s / 2, cy + s - s / 5, cx + s / 2, cy + s + s / 5], fill=col)
        else:
            d.ellipse([cx - s, cy - s, cx + s, cy + s], fill=col, outline=(40, 40, 40), width=3)
            d.ellipse([cx - s / 3, cy - s / 3, cx + s / 3, cy + s / 3], fill=bg)
    return im


MAKERS = {"site": _site, "equipment": _equipment, "product": _product}


def photo_image(rng: random.Random, kind: str, w: int, h: int) -> Image.Image:
    im = MAKERS[kind](rng, w, h)
    arr = np.asarray(im).astype(np.float32)
    nrng = np.random.default_rng(rng.randrange(2**32))
    arr += nrng.normal(0, rng.uniform(3, 9), arr.shape[:2])[..., None]  # sensor grain
    arr = cv2.GaussianBlur(arr, (0, 0), rng.uniform(0.6, 1.6))
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


def draw(ctx: Ctx, kind: str) -> None:
    """One or two photos pasted on the page, no captions."""
    r, s = ctx.rng, ctx.surface
    n = 1 if r.random() < 0.6 else 2
    m = r.uniform(12, 25)
    slot = (297 - 2 * m) / n
    for i in range(n):
        w = 210 - 2 * m
        h = min(slot - 8, w * r.uniform(0.6, 0.8))
        y0 = m + i * slot + (slot - h) / 2
        k = s.px(1)
        im = photo_image(r, kind, max(64, int(w * k)), max(64, int(h * k)))
        s.image(im, m, y0, m + w, y0 + h, multiply=False)
