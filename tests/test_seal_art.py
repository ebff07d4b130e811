"""Drawing kit for the seal tests: synthetic seals unlike the sample generator's.

Round / oval seals with curved text laid on the ellipse itself, a horizontal
centre text (财务专用章), square personal seals in column order, uneven and
patchy ink with gaps in the ring, dark-red / brownish ink, handwritten
signatures, greyscale copies, and the things that must not be seals (table
grids, QR codes, circled numbers, round logos in photos). All sizes in mm on
an A4 page at 200 dpi (PPM px per mm).
"""
from __future__ import annotations

import math

import cv2
import numpy as np
from conftest import A4, FONT, text_page
from PIL import Image, ImageDraw, ImageFont

PPM = A4[0] / 210.0  # 200 dpi
FONT_MING = "/usr/share/fonts/truetype/arphic/uming.ttc"
RED, DARK_RED, BROWN = (215, 35, 40), (150, 25, 30), (150, 70, 45)


def mm(v: float) -> int:
    return int(round(v * PPM))


def seal_layer(name: str, shape: str = "round", w_mm: float = 42, h_mm: float | None = None, *,
               centre_text: str = "", rgb=RED, font: str = FONT, rotate: float = 0.0, ring_mm: float = 1.1,
               star: bool = True, seed: int = 0) -> Image.Image:
    """RGBA seal, ink alpha 1, on a canvas 1.2x its size. Characters of a round /
    oval seal sit on the ellipse, each turned to face outward."""
    h_mm = h_mm or w_mm
    W, H = mm(w_mm * 1.2), mm(h_mm * 1.2)
    lay = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    d = ImageDraw.Draw(lay)
    col = (*rgb, 255)
    cx, cy, rx, ry = W / 2, H / 2, mm(w_mm) / 2, mm(h_mm) / 2
    lw = max(2, mm(ring_mm))
    if shape == "square":
        d.rectangle((cx - rx, cy - ry, cx + rx, cy + ry), outline=col, width=lw)
        n = len(name)
        cols = 2 if n <= 4 else 3
        rows = math.ceil(n / cols)
        cs = int((2 * rx - 2 * lw) / max(cols, rows) * 0.88)
        f = ImageFont.truetype(font, cs)
        for i, ch in enumerate(name):  # right column first, top to bottom
            c, r = divmod(i, rows)
            x = cx + rx - lw - (c + 0.5) * (2 * rx - 2 * lw) / cols
            y = cy - ry + lw + (r + 0.5) * (2 * ry - 2 * lw) / rows
            d.text((x, y), ch, fill=col, font=f, anchor="mm")
    else:
        d.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), outline=col, width=lw)
        n = len(name)
        size = int(min(rx, ry) * (0.3 if n <= 10 else 0.26 if n <= 14 else 0.23))
        f = ImageFont.truetype(font, size)
        span = min(250.0, 120 + n * 9)
        for i, ch in enumerate(name):
            a = math.radians(-90 - span / 2 + span * i / max(n - 1, 1))
            inset = lw + size * 0.62
            x, y = cx + (rx - inset) * math.cos(a), cy + (ry - inset) * math.sin(a)
            # Normal of the ellipse at this point: characters face outward along it.
            nx, ny = math.cos(a) / max(rx - inset, 1), math.sin(a) / max(ry - inset, 1)
            tilt = math.degrees(math.atan2(ny, nx)) + 90
            tile = Image.new("L", (size * 2, size * 2), 0)
            ImageDraw.Draw(tile).text((size, size), ch, fill=255, font=f, anchor="mm")
            tile = tile.rotate(-tilt, resample=Image.BICUBIC)
            lay.paste(Image.new("RGBA", tile.size, col), (int(x - size), int(y - size)), tile)
        if star:
            rs = min(rx, ry) * 0.3
            pts = [(cx + (rs if k % 2 == 0 else rs * 0.4) * math.cos(math.radians(k * 36 - 90)),
                    cy - min(rx, ry) * 0.05 + (rs if k % 2 == 0 else rs * 0.4) * math.sin(math.radians(k * 36 - 90)))
                   for k in range(10)]
            d.polygon(pts, fill=col)
        if centre_text:
            fs = int(min(rx, ry) * 0.24)
            d.text((cx, cy + ry * 0.55), centre_text, fill=col, font=ImageFont.truetype(font, fs), anchor="mm")
    if rotate:
        lay = lay.rotate(rotate, resample=Image.BICUBIC)
    return lay


def uneven(layer: Image.Image, seed: int, patchy: float = 0.5, gaps: int = 0, low: float = 0.3) -> Image.Image:
    """Uneven stamp-pad ink: low-frequency density, speckle holes, and `gaps`
    sectors of the seal where the ink did not take at all (broken ring)."""
    rng = np.random.default_rng(seed)
    a = np.asarray(layer).copy()
    h, w = a.shape[:2]
    field = cv2.resize(rng.random((5, 5)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    speck = cv2.GaussianBlur(rng.random((h, w)).astype(np.float32), (0, 0), 2.0)
    dens = np.clip(1.1 - patchy * (0.8 * field + 0.9 * (speck < 0.45)), low, 1.0)
    yy, xx = np.mgrid[0:h, 0:w]
    ang = (np.degrees(np.arctan2(yy - h / 2, xx - w / 2)) + 360) % 360
    for _ in range(gaps):
        g0 = rng.uniform(0, 360)
        dens[((ang - g0) % 360) < rng.uniform(12, 28)] = 0.0
    a[..., 3] = (a[..., 3].astype(np.float32) * dens).astype(np.uint8)
    return Image.fromarray(a, "RGBA")


def stamp(page: np.ndarray, layer: Image.Image, cx: float, cy: float, strength: float = 0.9) -> np.ndarray:
    """Multiply the seal ink over a BGR page centred at (cx, cy) mm: text under it stays dark."""
    out = page.astype(np.float32)
    lay = np.asarray(layer).astype(np.float32)
    h, w = lay.shape[:2]
    x0, y0 = mm(cx) - w // 2, mm(cy) - h // 2
    a = lay[..., 3:4] / 255.0 * strength
    ink = lay[..., 2::-1] / 255.0
    region = out[y0:y0 + h, x0:x0 + w]
    region *= (1 - a + a * ink)
    return out.clip(0, 255).astype(np.uint8)


def truth_box(cx: float, cy: float, w_mm: float, h_mm: float | None = None) -> tuple[float, float, float, float]:
    h_mm = h_mm or w_mm
    return (mm(cx - w_mm / 2), mm(cy - h_mm / 2), mm(cx + w_mm / 2), mm(cy + h_mm / 2))


def signature(page: np.ndarray, x_mm: float, y_mm: float, w_mm: float = 40, seed: int = 0,
              bgr=(90, 30, 20)) -> np.ndarray:
    """A handwritten-looking scrawl: a few smooth random strokes, 0.5 mm pen."""
    rng = np.random.default_rng(seed)
    out = page.copy()
    for s in range(3):
        t = np.linspace(0, 1, 60)
        x = x_mm + w_mm * (s / 3 + t / 2.5) + 3 * np.sin(t * rng.uniform(6, 14))
        y = y_mm + 6 * np.sin(t * rng.uniform(4, 9) + rng.uniform(0, 6)) + 4 * np.cos(t * rng.uniform(3, 7))
        pts = np.stack([x * PPM, y * PPM], 1).astype(np.int32)
        cv2.polylines(out, [pts], False, bgr, max(2, mm(0.5)), cv2.LINE_AA)
    return out


def grey_copy(page: np.ndarray, contrast: float = 1.0) -> np.ndarray:
    """A black-and-white photocopy: luminance only (3 equal channels), optional contrast boost."""
    g = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY).astype(np.float32)
    g = np.clip((g - 255) * contrast + 255, 0, 255).astype(np.uint8)
    return cv2.cvtColor(g, cv2.COLOR_GRAY2BGR)


def table_page(cell_mm=(24, 18), rows: int = 12, cols: int = 6) -> np.ndarray:
    """A form with a ruled table, a short label in every cell."""
    img = Image.fromarray(cv2.cvtColor(text_page(rows=3), cv2.COLOR_BGR2RGB))
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(FONT, mm(3.5))
    x0, y0 = 20, 70
    for r in range(rows + 1):
        d.line((mm(x0), mm(y0 + r * cell_mm[1]), mm(x0 + cols * cell_mm[0]), mm(y0 + r * cell_mm[1])),
               fill=(0, 0, 0), width=3)
    for c in range(cols + 1):
        d.line((mm(x0 + c * cell_mm[0]), mm(y0), mm(x0 + c * cell_mm[0]), mm(y0 + rows * cell_mm[1])),
               fill=(0, 0, 0), width=3)
    for r in range(rows):
        for c in range(cols):
            d.text((mm(x0 + c * cell_mm[0] + 3), mm(y0 + r * cell_mm[1] + 6)), "营业收入"[: 2 + (r + c) % 3],
                   fill=(0, 0, 0), font=f)
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


def test_drawing_kit_draws_ink_where_asked():
    page = stamp(text_page(rows=0), seal_layer("衡阳市恒通机械制造有限公司"), 100, 150)
    x0, y0, x1, y1 = truth_box(100, 150, 42)
    assert (page[y0:y1, x0:x1, 1] < 150).mean() > 0.05
    assert (page[:y0 - 20, :, 1] < 150).mean() == 0
