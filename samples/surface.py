"""Drawing surfaces in millimetres: one raster (PIL) and one vector (PyMuPDF) backend.

Page renderers draw through this interface only, so the same renderer yields either a
scanned-looking image or a born-digital PDF page with a real text layer.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np
from PIL import Image, ImageDraw, ImageFont

A4 = (210.0, 297.0)
FONT_FILES = {
    "microhei": "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "zenhei": "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "uming": "/usr/share/fonts/truetype/arphic/uming.ttc",
    "ukai": "/usr/share/fonts/truetype/arphic/ukai.ttc",
}
FONTS = tuple(FONT_FILES)
MEASURE_PX_PER_MM = 8.0  # font metrics are taken from PIL at this scale for both backends

Color = tuple[int, int, int]
BLACK: Color = (20, 20, 20)


@dataclass(frozen=True)
class Style:
    font: str = "uming"
    size: float = 4.0        # em size in mm
    color: Color = BLACK
    bold: bool = False
    spacing: float = 0.0     # extra mm between characters (spaced-out titles/labels)


@lru_cache(maxsize=256)
def pil_font(name: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_FILES[name], max(px, 4), index=0)


def text_width(s: str, st: Style) -> float:
    """Advance width in mm (same for both backends, measured once with PIL)."""
    f = pil_font(st.font, int(st.size * MEASURE_PX_PER_MM))
    return f.getlength(s) / MEASURE_PX_PER_MM + st.spacing * max(len(s) - 1, 0)


class Surface(Protocol):
    width: float
    height: float

    def text(self, x: float, baseline: float, s: str, st: Style) -> None: ...
    def line(self, x0: float, y0: float, x1: float, y1: float, w: float = 0.3, color: Color = BLACK) -> None: ...
    def rect(self, x0: float, y0: float, x1: float, y1: float, w: float = 0.3,
             color: Color | None = BLACK, fill: Color | None = None) -> None: ...
    def image(self, rgba: Image.Image, x0: float, y0: float, x1: float, y1: float, multiply: bool = True) -> None: ...
    def px(self, mm: float) -> float: ...


class RasterSurface:
    """A4 page as an RGB PIL image at a given dpi."""

    def __init__(self, dpi: int, size: tuple[float, float] = A4, paper: Color = (255, 255, 255)):
        self.dpi = dpi
        self.width, self.height = size
        self.k = dpi / 25.4
        self.img = Image.new("RGB", (round(self.width * self.k), round(self.height * self.k)), paper)
        self.draw = ImageDraw.Draw(self.img)

    def px(self, mm: float) -> float:
        return mm * self.k

    def text(self, x: float, baseline: float, s: str, st: Style) -> None:
        f = pil_font(st.font, round(st.size * self.k))
        stroke = max(1, round(st.size * self.k / 28)) if st.bold else 0
        if st.spacing:
            for ch in s:  # per-character placement keeps spaced labels aligned
                self.draw.text((x * self.k, baseline * self.k), ch, font=f, fill=st.color, anchor="ls",
                               stroke_width=stroke, stroke_fill=st.color)
                x += text_width(ch, Style(st.font, st.size)) + st.spacing
        else:
            self.draw.text((x * self.k, baseline * self.k), s, font=f, fill=st.color, anchor="ls",
                           stroke_width=stroke, stroke_fill=st.color)

    def line(self, x0, y0, x1, y1, w=0.3, color=BLACK):
        self.draw.line([(x0 * self.k, y0 * self.k), (x1 * self.k, y1 * self.k)], fill=color,
                       width=max(1, round(w * self.k)))

    def rect(self, x0, y0, x1, y1, w=0.3, color=BLACK, fill=None):
        self.draw.rectangle([x0 * self.k, y0 * self.k, x1 * self.k, y1 * self.k], fill=fill,
                            outline=color, width=max(1, round(w * self.k)) if color else 0)

    def image(self, rgba, x0, y0, x1, y1, multiply=True):
        box = (round(x0 * self.k), round(y0 * self.k), round(x1 * self.k), round(y1 * self.k))
        im = rgba.resize((max(1, box[2] - box[0]), max(1, box[3] - box[1])), Image.LANCZOS)
        if not multiply:
            self.img.paste(im, box[:2], im if im.mode == "RGBA" else None)
            return
        # Multiply blend: ink darkens the paper and any text under the seal stays visible.
        base = np.asarray(self.img.crop(box), dtype=np.float32)
        src = np.asarray(im.convert("RGBA"), dtype=np.float32)
        a = src[..., 3:4] / 255.0
        out = base * (1 - a + a * src[..., :3] / 255.0)
        self.img.paste(Image.fromarray(out.clip(0, 255).astype(np.uint8)), box[:2])


class PdfSurface:
    """A PyMuPDF page; text goes into a real, extractable text layer."""

    def __init__(self, page, dpi: int):
        self.page = page
        self.dpi = dpi
        self.width, self.height = A4
        self.pt = 72 / 25.4
        self._fonts: set[str] = set()

    def px(self, mm: float) -> float:
        return mm * self.dpi / 25.4

    def _font(self, name: str) -> str:
        if name not in self._fonts:
            self.page.insert_font(fontname=name, fontfile=FONT_FILES[name])
            self._fonts.add(name)
        return name

    def text(self, x, baseline, s, st):
        fn = self._font(st.font)
        color = tuple(c / 255 for c in st.color)
        size = st.size * self.pt
        if st.spacing:
            for ch in s:
                self.page.insert_text((x * self.pt, baseline * self.pt), ch, fontname=fn, fontsize=size, color=color)
                x += text_width(ch, Style(st.font, st.size)) + st.spacing
        else:
            self.page.insert_text((x * self.pt, baseline * self.pt), s, fontname=fn, fontsize=size, color=color)

    def line(self, x0, y0, x1, y1, w=0.3, color=BLACK):
        self.page.draw_line((x0 * self.pt, y0 * self.pt), (x1 * self.pt, y1 * self.pt),
                            color=tuple(c / 255 for c in color), width=w * self.pt)

    def rect(self, x0, y0, x1, y1, w=0.3, color=BLACK, fill=None):
        self.page.draw_rect((x0 * self.pt, y0 * self.pt, x1 * self.pt, y1 * self.pt),
                            color=tuple(c / 255 for c in color) if color else None,
                            fill=tuple(c / 255 for c in fill) if fill else None, width=w * self.pt)

    def image(self, rgba, x0, y0, x1, y1, multiply=True):
        import io
        buf = io.BytesIO()
        rgba.save(buf, "PNG")
        self.page.insert_image((x0 * self.pt, y0 * self.pt, x1 * self.pt, y1 * self.pt), stream=buf.getvalue())
