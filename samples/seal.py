"""Red ink seals (round / oval / square) drawn as RGBA with uneven ink, then stamped."""
from __future__ import annotations

import math
import random

import cv2
import numpy as np
from PIL import Image, ImageDraw

from .page import Ctx, SealMark
from .surface import FONT_FILES, pil_font

SEAL_FONTS = ("microhei", "zenhei", "uming")
PX_PER_MM = 12  # seals are drawn at a fixed resolution and resampled onto the page


def _star(cx: float, cy: float, r: float, rot: float = -math.pi / 2) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * 0.382
        a = rot + i * math.pi / 5
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return pts


def _arc_text(img: Image.Image, text: str, cx: float, cy: float, r: float, size: int, font: str,
              span_deg: float) -> None:
    """Characters along the upper arc, each rotated to face outward."""
    n = len(text)
    f = pil_font(font, size)
    step = span_deg / max(n - 1, 1)
    start = -90 - span_deg / 2
    for i, ch in enumerate(text):
        ang = math.radians(start + i * step)
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size, size), ch, font=f, fill=255, anchor="mm")
        glyph = glyph.rotate(-(math.degrees(ang) + 90), resample=Image.BICUBIC)
        x, y = cx + r * math.cos(ang), cy + r * math.sin(ang)
        img.paste(255, (round(x - size), round(y - size)), glyph)


def _ink(mask: np.ndarray, rng: random.Random, strength: float) -> np.ndarray:
    """Uneven ink: low-frequency density field plus speckle erosion."""
    h, w = mask.shape
    nrng = np.random.default_rng(rng.randrange(2**32))
    low = cv2.resize(nrng.random((6, 6)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    speck = cv2.GaussianBlur(nrng.random((h, w)).astype(np.float32), (0, 0), 1.2)
    dens = np.clip(1.15 - strength * (0.6 * low + 0.8 * (speck < 0.42)), 0.15, 1.0)
    return (mask.astype(np.float32) / 255.0) * dens


def seal_image(rng: random.Random, text: str, diameter_mm: float, shape: str = "round",
               center_text: str = "", star: bool = True, color: tuple[int, int, int] | None = None) -> Image.Image:
    """RGBA seal image; ink alpha is uneven and the whole seal slightly rotated."""
    k = PX_PER_MM
    d = round(diameter_mm * k)
    W = round(d * 1.15)
    c = W / 2
    mask = Image.new("L", (W, W), 0)
    dr = ImageDraw.Draw(mask)
    font = rng.choice(SEAL_FONTS)
    if shape == "square":
        lw = round(d * 0.06)
        dr.rectangle([c - d / 2, c - d / 2, c + d / 2, c + d / 2], outline=255, width=lw)
        chars = list(text)
        cols = 2 if len(chars) <= 4 else 3
        rows = math.ceil(len(chars) / cols)
        cs = int((d - 2 * lw) / max(cols, rows) * 0.9)
        f = pil_font(font, cs)
        # traditional order: right column first, top to bottom
        for i, ch in enumerate(chars):
            col, row = divmod(i, rows)
            x = c + d / 2 - lw - (col + 0.5) * (d - 2 * lw) / cols
            y = c - d / 2 + lw + (row + 0.5) * (d - 2 * lw) / rows
            dr.text((x, y), ch, font=f, fill=255, anchor="mm")
    else:
        lw = max(3, round(d * rng.uniform(0.028, 0.04)))
        dr.ellipse([c - d / 2, c - d / 2, c + d / 2, c + d / 2], outline=255, width=lw)
        n = len(text)
        size = round(d * (0.15 if n <= 10 else 0.13 if n <= 14 else 0.11))
        _arc_text(mask, text, c, c, d / 2 - lw - size * 0.62, size, font,
                  span_deg=min(250, 120 + n * 9))
        if star:
            dr.polygon(_star(c, c, d * rng.uniform(0.15, 0.19)), fill=255)
        if center_text:
            f = pil_font(font, round(d * 0.1))
            dr.text((c, c + d * 0.3), center_text, font=f, fill=255, anchor="mm")
    arr = np.asarray(mask)
    if shape == "oval" or rng.random() < 0.5:  # ellipticity from stamping pressure / oval seals
        sx = 0.72 if shape == "oval" else rng.uniform(0.94, 1.0)
        arr = cv2.resize(arr, (max(1, round(W * sx)), W), interpolation=cv2.INTER_AREA)
    alpha = _ink(arr, rng, rng.uniform(0.2, 0.7))
    col = color or (rng.randrange(200, 236), rng.randrange(20, 60), rng.randrange(25, 60))
    rgba = np.zeros(arr.shape + (4,), np.uint8)
    rgba[..., :3] = col
    rgba[..., 3] = (alpha * rng.uniform(0.75, 0.95) * 255).astype(np.uint8)
    return Image.fromarray(rgba, "RGBA").rotate(rng.uniform(-25, 25), resample=Image.BICUBIC, expand=False)


def stamp(ctx: Ctx, cx: float, cy: float, text: str, diameter: float = 40.0, shape: str = "round",
          center_text: str = "", star: bool = True, owner: str = "") -> SealMark:
    """Stamp a seal centred at (cx, cy) mm and record it for the truth file."""
    if ctx.hard is not None:
        if center_text == "财务专用章":
            return stamp_finance(ctx, cx, cy, text)
        if center_text and shape == "round" and ctx.rng.random() < 0.3:
            shape = "oval"  # 合同专用章 and other special seals are often oval
        return stamp_real(ctx, cx, cy, text, shape, centre_text=center_text,
                          star=(None if shape == "round" else False) if star else False,
                          size=diameter if shape == "round" and ctx.rng.random() < 0.5 else None, owner=owner)
    img = seal_image(ctx.rng, text, diameter, shape, center_text, star)
    w, h = img.width / PX_PER_MM, img.height / PX_PER_MM
    ctx.surface.image(img, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, multiply=True)
    # bbox of the ink ring, not of the padded canvas
    bw = diameter * (0.72 if shape == "oval" else 1.0)
    mark = SealMark(shape, text, (cx - bw / 2, cy - diameter / 2, cx + bw / 2, cy + diameter / 2))
    ctx.seals.append(mark)
    return mark


def _ink_share_under(ctx: Ctx, box: tuple[float, float, float, float]) -> float:
    """Share of dark (printed) pixels under a box of the raster page, before stamping."""
    img = getattr(ctx.surface, "img", None)
    if img is None:
        return 0.0
    k = ctx.surface.k
    x0, y0, x1, y1 = (max(0, round(v * k)) for v in box)
    crop = np.asarray(img.crop((x0, y0, max(x0 + 1, x1), max(y0 + 1, y1))).convert("L"))
    return float((crop < 110).mean()) if crop.size else 0.0


def _overlaps(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def stamp_real(ctx: Ctx, cx: float, cy: float, text: str, shape: str = "round", *, centre_text: str = "",
               star: bool | None = None, size: float | None = None, owner: str = "") -> SealMark:
    """A realistic impression (samples.sealart) with the hard-case truth; ctx.hard sets wear and ink."""
    from . import sealart
    st = ctx.hard
    spec = sealart.random_spec(ctx.rng, shape, text, size=size, centre_text=centre_text, star=star,
                               fade_prob=st.fade_prob, heavy_share=st.heavy_share, dark_prob=st.dark_prob,
                               double_prob=st.double_prob)
    img, (bx0, by0, bx1, by1) = sealart.render(spec, ctx.rng)
    box = (cx + bx0, cy + by0, cx + bx1, cy + by1)
    under = _ink_share_under(ctx, box)
    w, h = img.width / sealart.PX_PER_MM, img.height / sealart.PX_PER_MM
    ctx.surface.image(img, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, multiply=True)
    mark = SealMark(shape, text, box, centre_text=centre_text, faded=spec.fade > 0, legible=spec.legible,
                    owner=owner, ink=spec.ink, over_text=under > 0.015,
                    over_signature=any(_overlaps(box, s) for s in ctx.signatures), double=spec.double > 0,
                    size_mm=(round(spec.width_mm, 1), round(spec.height_mm, 1)), angle=spec.rotation)
    ctx.seals.append(mark)
    return mark


def stamp_finance(ctx: Ctx, cx: float, cy: float, company: str) -> SealMark:
    """财务专用章: oval (sometimes round), the name curved, the purpose across the centre."""
    shape = "oval" if ctx.rng.random() < 0.8 else "round"
    return stamp_real(ctx, cx, cy, company, shape, centre_text="财务专用章", star=False if shape == "oval" else None,
                      owner="company")


def stamp_personal(ctx: Ctx, cx: float, cy: float, name: str) -> SealMark:
    """The legal representative's square name seal (张伟之印)."""
    from .sealart import personal_seal_text
    return stamp_real(ctx, cx, cy, personal_seal_text(name, ctx.rng), "square", owner="person")


__all__ = ["seal_image", "stamp", "stamp_real", "stamp_finance", "stamp_personal", "FONT_FILES"]
