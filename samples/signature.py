"""Handwritten-looking signatures: chained Bezier strokes in dark ink (not a font)."""
from __future__ import annotations

import random

import numpy as np
from PIL import Image, ImageDraw

from .page import Ctx

PX_PER_MM = 10


def _bezier(p0, p1, p2, p3, n: int = 24) -> np.ndarray:
    t = np.linspace(0, 1, n)[:, None]
    return ((1 - t) ** 3) * p0 + 3 * ((1 - t) ** 2) * t * p1 + 3 * (1 - t) * t ** 2 * p2 + t ** 3 * p3


def signature_image(rng: random.Random, w_mm: float, h_mm: float) -> Image.Image:
    W, H = round(w_mm * PX_PER_MM), round(h_mm * PX_PER_MM)
    img = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    dr = ImageDraw.Draw(img)
    ink = rng.choice([(20, 30, 90, 255), (15, 15, 25, 255), (30, 40, 120, 255)])
    glyphs = rng.randrange(2, 4)  # one scribble per Chinese character of the name
    gw = W / glyphs
    width = max(2, round(PX_PER_MM * rng.uniform(0.35, 0.6)))
    for g in range(glyphs):
        x = g * gw + gw * 0.1
        strokes = rng.randrange(2, 5)
        pt = np.array([x + rng.uniform(0, gw * 0.3), rng.uniform(H * 0.2, H * 0.8)])
        for _ in range(strokes):
            pts = [pt]
            for _ in range(3):
                pts.append(np.array([x + rng.uniform(0, gw * 0.95), rng.uniform(H * 0.05, H * 0.95)]))
            curve = _bezier(*pts)
            # pressure: thinner at the stroke ends
            for i in range(len(curve) - 1):
                t = i / (len(curve) - 1)
                wd = max(1, round(width * (0.5 + 0.7 * (1 - abs(2 * t - 1)))))
                dr.line([tuple(curve[i]), tuple(curve[i + 1])], fill=ink, width=wd)
            pt = pts[-1] if rng.random() < 0.6 else np.array([x + rng.uniform(0, gw), rng.uniform(H * 0.2, H * 0.8)])
    if rng.random() < 0.5:  # trailing flourish under the name
        p = [np.array([W * 0.05, H * 0.85]), np.array([W * 0.4, H * rng.uniform(0.7, 1.0)]),
             np.array([W * 0.7, H * rng.uniform(0.5, 0.9)]), np.array([W * 0.98, H * 0.6])]
        dr.line([tuple(q) for q in _bezier(*p, n=40)], fill=ink, width=max(1, width - 1))
    return img


def sign(ctx: Ctx, x: float, y: float, w: float = 32.0, h: float = 12.0) -> None:
    ctx.surface.image(signature_image(ctx.rng, w, h), x, y, x + w, y + h, multiply=False)
    ctx.signed = True
    ctx.signatures.append((x, y, x + w, y + h))
