"""Shared layout helpers: centred titles, wrapped Chinese paragraphs, ruled tables, formats."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from typing import Sequence

import cn2an

from .page import Ctx
from .surface import Style, text_width

NO_LINE_START = set("，。；：、）》”！？,.;:%")


def center(ctx: Ctx, y: float, s: str, st: Style, cx: float | None = None) -> None:
    cx = ctx.surface.width / 2 if cx is None else cx
    ctx.surface.text(cx - text_width(s, st) / 2, y, s, st)


def right_text(ctx: Ctx, x_right: float, y: float, s: str, st: Style) -> None:
    ctx.surface.text(x_right - text_width(s, st), y, s, st)


def wrap(s: str, st: Style, width: float, first_indent: float = 0.0) -> list[str]:
    """Greedy per-character wrap; keeps closing punctuation off the line start."""
    lines, cur, avail = [], "", width - first_indent
    for ch in s:
        if ch == "\n":
            lines.append(cur)
            cur, avail = "", width
            continue
        if cur and text_width(cur + ch, st) > avail and ch not in NO_LINE_START:
            lines.append(cur)
            cur, avail = "", width
        cur += ch
    if cur:
        lines.append(cur)
    return lines


def paragraph(ctx: Ctx, x: float, y: float, width: float, s: str, st: Style,
              leading: float = 1.7, indent_chars: int = 2) -> float:
    """Draw a paragraph whose first baseline is at y; return the baseline after it."""
    ind = indent_chars * st.size
    for i, line in enumerate(wrap(s, st, width, ind)):
        ctx.surface.text(x + (ind if i == 0 else 0), y, line, st)
        y += st.size * leading
    return y


def fit_style(s: str, st: Style, width: float) -> Style:
    """Shrink a style until the string fits in width (cells with long values)."""
    while text_width(s, st) > width and st.size > 2.0:
        st = replace(st, size=st.size * 0.92)
    return st


def cell(ctx: Ctx, x0: float, y0: float, x1: float, y1: float, s: str, st: Style, align: str = "l",
         pad: float = 1.5) -> None:
    """Text in a cell, vertically centred; wraps to two lines before shrinking."""
    if not s:
        return
    w = x1 - x0 - 2 * pad
    lines = s.split("\n")
    if len(lines) == 1 and text_width(s, st) > w and (y1 - y0) > st.size * 2.6:
        lines = wrap(s, st, w)[:3]
    st = fit_style(max(lines, key=lambda t: text_width(t, st) if t else 0), st, w)
    lh = st.size * 1.25
    top = (y0 + y1) / 2 - lh * len(lines) / 2
    for i, line in enumerate(lines):
        base = top + lh * i + st.size * 0.95
        if align == "r":
            right_text(ctx, x1 - pad, base, line, st)
        elif align == "c":
            center(ctx, base, line, st, cx=(x0 + x1) / 2)
        else:
            ctx.surface.text(x0 + pad, base, line, st)


def table(ctx: Ctx, x: float, y: float, widths: Sequence[float], rows: Sequence[Sequence[str]],
          row_h: float | Sequence[float], st: Style, aligns: Sequence[str] | None = None,
          header_style: Style | None = None, line_w: float = 0.25, outer_w: float | None = None,
          spans: dict[tuple[int, int], int] | None = None) -> float:
    """Ruled table; spans maps (row, col) -> number of columns merged. Returns bottom y."""
    aligns = aligns or ["l"] * len(widths)
    hs = row_h if isinstance(row_h, (list, tuple)) else [row_h] * len(rows)
    xs = [x]
    for w in widths:
        xs.append(xs[-1] + w)
    spans = spans or {}
    yy = y
    for r, row in enumerate(rows):
        h = hs[r]
        c = 0
        while c < len(widths):
            n = spans.get((r, c), 1)
            text = row[c] if c < len(row) else ""
            sty = header_style if (r == 0 and header_style) else st
            cell(ctx, xs[c], yy, xs[c + n], yy + h, text, sty, aligns[c] if r or not header_style else "c")
            if c > 0:
                ctx.surface.line(xs[c], yy, xs[c], yy + h, line_w)
            c += n
        ctx.surface.line(x, yy + h, xs[-1], yy + h, line_w)
        yy += h
    ow = outer_w if outer_w is not None else line_w * 2
    ctx.surface.rect(x, y, xs[-1], yy, ow)
    return yy


# ---- value formats -------------------------------------------------------

CN_DIGITS = "〇一二三四五六七八九"


def cn_date(d: dt.date, rng: random.Random, allow_hanzi: bool = False) -> str:
    """One of the printed date styles seen on dossiers."""
    styles = ["pad", "plain"] + (["hanzi"] if allow_hanzi else [])
    s = rng.choice(styles)
    if s == "pad":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    if s == "plain":
        return f"{d.year}年{d.month}月{d.day}日"
    year = "".join(CN_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{cn2an.an2cn(d.month)}月{cn2an.an2cn(d.day)}日"


def money(v: float, unit: str = "元") -> str:
    """Thousands-separated with 2 decimals; unit 万元 divides by 10^4."""
    if unit == "万元":
        v = v / 10000
    return f"{v:,.2f}"


def shown_yuan(v: float, unit: str) -> float:
    """The yuan value a reader recovers from the printed figure (rounding in 万元)."""
    return round(round(v / 10000, 2) * 10000, 2) if unit == "万元" else round(v, 2)


def capital_text(yuan: int, rng: random.Random) -> str:
    wan = yuan // 10000
    return rng.choice([f"人民币{cn2an.an2cn(wan, 'up')}万元整", f"{cn2an.an2cn(wan, 'up')}万元整", f"{wan}万元人民币"])


def spaced(label: str, width_chars: int = 4) -> str:
    """'名称' -> '名　　称' style padding to a fixed label width."""
    if len(label) >= width_chars or len(label) < 2:
        return label
    gaps = len(label) - 1
    total = width_chars - len(label)
    out = ""
    for i, ch in enumerate(label):
        out += ch
        if i < gaps:
            out += "　" * (total // gaps + (1 if i < total % gaps else 0))
    return out
