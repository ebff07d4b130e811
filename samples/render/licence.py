"""营业执照（副本） copy: emblem, QR, USCC, labelled fields, authority seal."""
from __future__ import annotations

import math
import random

import cn2an
import numpy as np
from PIL import Image, ImageDraw

from ..company import Company
from ..draw import capital_text, center, cn_date, spaced, wrap
from ..page import Ctx
from ..seal import stamp
from ..surface import Style, text_width


def emblem_image(rng, px: int = 300) -> Image.Image:
    """National-emblem placeholder: red disc, gold rim, stars and a gate shape."""
    im = Image.new("RGBA", (px, px), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    gold, red = (214, 170, 40, 255), (200, 30, 30, 255)
    d.ellipse([4, 4, px - 4, px - 4], fill=gold)
    d.ellipse([px * 0.12, px * 0.12, px * 0.88, px * 0.88], fill=red)
    cx = px / 2
    for i, (dx, dy, rr) in enumerate([(0, -0.2, 0.09), (-0.16, -0.27, 0.035), (-0.06, -0.32, 0.035),
                                      (0.06, -0.32, 0.035), (0.16, -0.27, 0.035)]):
        pts = [(cx + dx * px + rr * px * (1 if k % 2 == 0 else 0.4) * math.cos(-math.pi / 2 + k * math.pi / 5),
                cx + dy * px + rr * px * (1 if k % 2 == 0 else 0.4) * math.sin(-math.pi / 2 + k * math.pi / 5))
               for k in range(10)]
        d.polygon(pts, fill=gold)
    d.rectangle([px * 0.3, px * 0.5, px * 0.7, px * 0.62], fill=gold)
    d.polygon([(px * 0.26, px * 0.5), (px * 0.74, px * 0.5), (cx, px * 0.42)], fill=gold)
    for k in range(12):  # wheat ring
        a = math.pi * (0.15 + 0.7 * k / 11)
        d.ellipse([cx + px * 0.4 * math.cos(a) - 6, cx + px * 0.4 * math.sin(a) - 6,
                   cx + px * 0.4 * math.cos(a) + 6, cx + px * 0.4 * math.sin(a) + 6], fill=gold)
    return im


def qr_image(rng, modules: int = 29, px_per: int = 8) -> Image.Image:
    """QR-code-like square: random modules and three finder patterns."""
    nrng = np.random.default_rng(rng.randrange(2**32))
    m = nrng.random((modules, modules)) < 0.5
    for (r0, c0) in [(0, 0), (0, modules - 7), (modules - 7, 0)]:
        m[r0:r0 + 7, c0:c0 + 7] = False
        m[r0:r0 + 7, c0] = m[r0:r0 + 7, c0 + 6] = m[r0, c0:c0 + 7] = m[r0 + 6, c0:c0 + 7] = True
        m[r0 + 2:r0 + 5, c0 + 2:c0 + 5] = True
    arr = np.where(m, 0, 255).astype(np.uint8)
    arr = np.pad(arr, 2, constant_values=255)
    return Image.fromarray(arr).resize(((modules + 4) * px_per,) * 2, Image.NEAREST).convert("RGBA")


def draw(ctx: Ctx, c: Company, copy_stamp: bool) -> None:
    if ctx.hard is not None:  # fresh sets: real layouts and wordings (own stream, the committed look stays)
        v = random.Random(ctx.rng.random())
        layout = v.choice(["landscape", "landscape", "portrait", "inline", "legacy"])
        if layout == "landscape":
            draw_landscape(ctx, v, c, copy_stamp)
            return
        if layout != "legacy":
            draw_portrait(ctx, v, c, copy_stamp, inline=layout == "inline")
            return
    _draw_legacy(ctx, c, copy_stamp)


def _draw_legacy(ctx: Ctx, c: Company, copy_stamp: bool) -> None:
    r, t, s = ctx.rng, ctx.theme, ctx.surface
    # The licence sits on the page like a photocopy: an inner frame with its own margins.
    x0, y0 = r.uniform(12, 22), r.uniform(12, 24)
    x1, y1 = 210 - r.uniform(12, 22), 297 - r.uniform(14, 30)
    frame = r.choice([(150, 110, 40), (60, 60, 60), (120, 40, 40)])
    s.rect(x0, y0, x1, y1, 1.2, frame)
    s.rect(x0 + 3, y0 + 3, x1 - 3, y1 - 3, 0.4, frame)
    cx = (x0 + x1) / 2
    e = r.uniform(22, 28)
    s.image(emblem_image(r), cx - e / 2, y0 + 8, cx + e / 2, y0 + 8 + e, multiply=False)
    q = r.uniform(22, 28)
    qx = x1 - 8 - q if r.random() < 0.7 else x0 + 8
    s.image(qr_image(r), qx, y0 + 30, qx + q, y0 + 30 + q, multiply=False)
    tf = r.choice(["zenhei", "uming", "microhei"])
    title = Style(tf, r.uniform(14, 17), (20, 20, 20), bold=True, spacing=r.uniform(2, 6))
    yt = y0 + 8 + e + title.size * 1.1
    center(ctx, yt, "营业执照", title, cx)
    center(ctx, yt + 9, "（副　本）" if r.random() < 0.5 else "（副本）", Style(tf, 5.0), cx)
    st = Style(t.body_font, r.uniform(3.4, 4.0))
    code_lab = r.choice(["统一社会信用代码", "社会信用代码"])
    yc = y0 + 16 if r.random() < 0.5 else yt + 18
    cx0 = x0 + 10 if qx > cx else cx + 5
    if yc < yt:
        s.text(cx0 if qx > cx else x0 + 10, yc, code_lab, Style(st.font, st.size * 0.9))
        s.text(cx0 if qx > cx else x0 + 10, yc + st.size * 1.5, c.uscc, Style("microhei", st.size * 1.05))
        s.text(cx0 if qx > cx else x0 + 10, yc + st.size * 3, f"证照编号：{c.licence_serial}", Style(st.font, st.size * 0.8))
    else:
        s.text(x0 + 10, yc, f"{code_lab}  {c.uscc}", st)
        s.text(x0 + 10, yc + st.size * 1.6, f"证照编号：{c.licence_serial}", Style(st.font, st.size * 0.8))
    y = max(yt + 30, yc + st.size * 4) + 4
    spacedl = r.random() < 0.6
    term = (f"{cn_date(c.established, r)}至{cn_date(c.term_end, r) if c.term_end else '长期'}")
    fields = [("名称", c.name), ("类型", c.company_type), ("法定代表人", c.legal_rep),
              ("注册资本", capital_text(c.capital, r)), ("成立日期", cn_date(c.established, r)),
              ("营业期限", term), ("住所", c.address), ("经营范围", c.scope)]
    lx = x0 + r.uniform(12, 22)
    vx = lx + st.size * 5.5
    vw = x1 - 12 - vx
    lh = st.size * r.uniform(1.6, 1.9)
    for lab, val in fields:
        label = spaced(lab, 5) if spacedl else lab
        s.text(lx, y, label, Style(st.font, st.size, bold=r.random() < 0.3))
        for line in wrap(val, st, vw)[:7]:
            s.text(vx, y, line, st)
            y += lh
        y += lh * 0.35
    yb = y1 - r.uniform(28, 40)
    ax = x1 - r.uniform(60, 75)
    s.text(ax, yb, "登记机关", Style(st.font, st.size * 1.05, spacing=2))
    s.text(ax + 5, yb + 14, cn_date(c.licence_issue, r), st)
    stamp(ctx, ax + r.uniform(10, 25), yb + r.uniform(-2, 6), c.authority, diameter=r.uniform(36, 42))
    foot = Style(st.font, 2.8)
    center(ctx, y1 - 9, "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn", foot, cx)
    center(ctx, y1 - 5.5, "国家市场监督管理总局监制", foot, cx)
    if copy_stamp:  # "true copy" endorsement, often with the company seal
        tx, ty = x0 + r.uniform(15, 60), yb - r.uniform(20, 50)
        red = (190, 40, 40)
        s.text(tx, ty, r.choice(["与原件一致", "此复印件与原件一致", "复印件与原件相符"]), Style(r.choice(["zenhei", "ukai"]), 6, red, bold=True))
        if r.random() < 0.6:
            stamp(ctx, tx + r.uniform(15, 30), ty + r.uniform(-5, 10), c.name, diameter=r.uniform(38, 42))


# ---- fresh-set layouts: the 2016+ 五证合一 licence and the portrait 副本 ----------------

# Wordings seen on real licences (2014 副本, 2016+ licences, electronic prints, 个体/分支 forms).
LABELS = {
    "name": ["名称", "名称", "企业名称"],
    "type": ["类型", "类型", "主体类型", "企业类型"],
    "rep": ["法定代表人"],
    "capital": ["注册资本"],
    "established": ["成立日期", "成立日期", "注册日期"],
    "term": ["营业期限", "营业期限", "经营期限"],
    "address": ["住所", "住所", "经营场所", "营业场所"],
    "scope": ["经营范围"],
}
# Two-column splits of the landscape licence: (left, right, full-width rows below).
SPLITS = [
    (["name", "type", "rep", "scope"], ["capital", "established", "term", "address"], []),
    (["name", "type", "address", "rep"], ["capital", "established", "term"], ["scope"]),
    (["name", "type", "rep", "capital"], ["established", "term", "address"], ["scope"]),
]
FOOTNOTES = ["市场主体应当于每年1月1日至6月30日通过国家企业信用信息公示系统报送公示年度报告。",
             "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn", "国家市场监督管理总局监制"]


def _capital(v: random.Random, yuan: int) -> str:
    wan = yuan // 10000
    up = cn2an.an2cn(wan, "up")
    return v.choice([f"人民币{up}万元整", f"{up}万元整", f"{wan}万元人民币", f"人民币{wan}万元",
                     f"{wan}.000000万人民币", f"{wan}万元"])


def _values(v: random.Random, c: Company) -> dict[str, str]:
    est = cn_date(c.established, v)
    end = cn_date(c.term_end, v) if c.term_end else "长期"
    term = v.choice([f"{est}至{end}", f"{est} 至 {end}", f"自{est}至{end}"])
    return {"name": c.name, "type": c.company_type, "rep": c.legal_rep, "capital": _capital(v, c.capital),
            "established": est, "term": term, "address": c.address, "scope": c.scope}


def _label(v: random.Random, key: str, spaced_to: int, colon: bool) -> str:
    lab = v.choice(LABELS[key])
    return (spaced(lab, spaced_to) if spaced_to else lab) + ("：" if colon else "")


def _fields(ctx: Ctx, v: random.Random, keys: list[str], vals: dict[str, str], x: float, y: float,
            right: float, st: Style, lh: float, spaced_to: int, colon: bool, inline: bool) -> float:
    """Label and value per row; long values wrap under the value column (or the label, inline)."""
    s = ctx.surface
    lab_w = text_width("法定代表人：", st) + st.size * v.uniform(0.5, 1.5)
    for key in keys:
        label = _label(v, key, spaced_to, colon)
        s.text(x, y, label, st)
        vx = x + (text_width(label, st) + st.size * 0.3 if inline else lab_w)
        first = wrap(vals[key], st, right - vx)
        lines = first[:1] + (wrap(vals[key][len(first[0]):], st, right - (x if inline else vx)) if len(first) > 1 else [])
        for i, line in enumerate(lines):
            s.text(vx if i == 0 or not inline else x, y, line, st)
            y += lh
        y += lh * v.uniform(0.2, 0.6)
    return y


def _authority_block(ctx: Ctx, v: random.Random, c: Company, ax: float, yb: float, st: Style) -> None:
    """登记机关 with the authority's seal over it and the issue date under it (the name is only in the seal)."""
    ctx.surface.text(ax, yb, v.choice(["登记机关", "登 记 机 关", "登记机关："]), Style(st.font, st.size * 1.1, spacing=v.uniform(0, 2)))
    ctx.surface.text(ax + v.uniform(0, 8), yb + v.uniform(11, 15), cn_date(c.licence_issue, v, allow_hanzi=v.random() < 0.2), st)
    stamp(ctx, ax + v.uniform(10, 22), yb + v.uniform(-2, 6), c.authority, diameter=v.uniform(34, 42))


def _copy_endorsement(ctx: Ctx, v: random.Random, c: Company, x: float, y: float) -> None:
    """The applicant's "true copy" note, often with its own seal."""
    red = (190, 40, 40)
    ctx.surface.text(x, y, v.choice(["与原件一致", "此复印件与原件一致", "复印件与原件相符", "仅供申报使用"]),
                     Style(v.choice(["zenhei", "ukai"]), 6, red, bold=True))
    if v.random() < 0.6:
        stamp(ctx, x + v.uniform(15, 30), y + v.uniform(-5, 10), c.name, diameter=v.uniform(38, 42))


def _frame(ctx: Ctx, v: random.Random, x0: float, y0: float, x1: float, y1: float) -> None:
    colour = v.choice([(150, 110, 40), (60, 60, 60), (120, 40, 40), (170, 130, 60)])
    ctx.surface.rect(x0, y0, x1, y1, v.uniform(0.8, 1.6), colour)
    if v.random() < 0.7:
        ctx.surface.rect(x0 + 2.5, y0 + 2.5, x1 - 2.5, y1 - 2.5, 0.4, colour)


def draw_landscape(ctx: Ctx, v: random.Random, c: Company, copy_stamp: bool) -> None:
    """The 2016+ licence, copied landscape onto the A4 sheet: code top left, QR top right,
    fields in two columns, 登记机关 bottom right."""
    s, t = ctx.surface, ctx.theme
    x0, x1 = v.uniform(8, 16), 210 - v.uniform(8, 16)
    y0 = v.uniform(10, 40)
    y1 = y0 + (x1 - x0) * v.uniform(0.68, 0.74)
    _frame(ctx, v, x0, y0, x1, y1)
    cx = (x0 + x1) / 2
    e = v.uniform(15, 19)
    s.image(emblem_image(v), cx - e / 2, y0 + 5, cx + e / 2, y0 + 5 + e, multiply=False)
    q = v.uniform(17, 21)
    s.image(qr_image(v), x1 - 9 - q, y0 + 6, x1 - 9, y0 + 6 + q, multiply=False)
    tiny = Style(t.body_font, 1.9)
    for i, line in enumerate(wrap("扫描二维码登录“国家企业信用信息公示系统”了解更多登记、备案、许可、监管信息", tiny, q + 6)):
        s.text(x1 - 11 - q, y0 + 9 + q + i * 2.6, line, tiny)
    st = Style(t.body_font, v.uniform(2.9, 3.4))
    code_lab = v.choice(["统一社会信用代码", "统一社会信用代码", "社会信用代码"])
    if v.random() < 0.5:
        s.text(x0 + 9, y0 + 10, code_lab, st)
        s.text(x0 + 9, y0 + 10 + st.size * 1.6, c.uscc, Style("microhei", st.size * 1.05))
    else:
        s.text(x0 + 9, y0 + 12, f"{code_lab}  {c.uscc}", st)
    if v.random() < 0.6:
        s.text(x0 + 9, y0 + 12 + st.size * 3.4, v.choice([f"证照编号：{c.licence_serial}", "（1-1）"]), Style(st.font, st.size * 0.85))
    title = Style(v.choice(["zenhei", "uming", "microhei"]), v.uniform(10, 13), (20, 20, 20), bold=True, spacing=v.uniform(3, 8))
    yt = y0 + 7 + e + title.size
    center(ctx, yt, "营业执照", title, cx)
    center(ctx, yt + 6, "（副　本）" if v.random() < 0.5 else "（副本）", Style(title.font, 3.6), cx)
    left, right, full = v.choice(SPLITS)
    vals = _values(v, c)
    lh = st.size * v.uniform(1.45, 1.7)
    spaced_to, colon = v.choice([0, 5]), v.random() < 0.3
    ytop = yt + 14
    mid = cx + v.uniform(-6, 4)
    yl = _fields(ctx, v, left, vals, x0 + v.uniform(10, 16), ytop, mid - 5, st, lh, spaced_to, colon, False)
    yr = _fields(ctx, v, right, vals, mid + v.uniform(3, 8), ytop, x1 - 10, st, lh, spaced_to, colon, False)
    _fields(ctx, v, full, vals, x0 + v.uniform(10, 16), max(yl, yr) + lh * 0.3, x1 - 10, st, lh, spaced_to, colon, False)
    _authority_block(ctx, v, c, x1 - v.uniform(55, 68), y1 - v.uniform(24, 30), st)
    foot = Style(st.font, 2.2)
    for i, note in enumerate(v.sample(FOOTNOTES, v.randint(1, 3))):
        s.text(x0 + 9, y1 - 5 - 3.2 * i, note, foot)
    if copy_stamp:
        _copy_endorsement(ctx, v, c, x0 + v.uniform(15, 70), min(y1 + v.uniform(15, 40), 280))


def draw_portrait(ctx: Ctx, v: random.Random, c: Company, copy_stamp: bool, inline: bool = False) -> None:
    """The portrait 副本 (and its electronic print, `inline`: "名称：…" runs on one line)."""
    s, t = ctx.surface, ctx.theme
    x0, y0 = v.uniform(10, 22), v.uniform(10, 24)
    x1, y1 = 210 - v.uniform(10, 22), 297 - v.uniform(12, 30)
    _frame(ctx, v, x0, y0, x1, y1)
    cx = (x0 + x1) / 2
    e = v.uniform(20, 27)
    s.image(emblem_image(v), cx - e / 2, y0 + 8, cx + e / 2, y0 + 8 + e, multiply=False)
    q = v.uniform(20, 26)
    qx = x1 - 9 - q if v.random() < 0.7 else x0 + 9
    s.image(qr_image(v), qx, y0 + 9, qx + q, y0 + 9 + q, multiply=False)
    st = Style(t.body_font, v.uniform(3.3, 4.0))
    title = Style(v.choice(["zenhei", "uming", "microhei"]), v.uniform(13, 16), (20, 20, 20), bold=True, spacing=v.uniform(2, 6))
    yt = y0 + 8 + e + title.size * 1.1
    center(ctx, yt, "营业执照", title, cx)
    center(ctx, yt + 8, "（副　本）" if v.random() < 0.5 else "（副本）", Style(title.font, 4.6), cx)
    y = yt + 18
    code_lab = v.choice(["统一社会信用代码", "统一社会信用代码", "社会信用代码"])
    s.text(x0 + 12, y, f"{code_lab}{'：' if v.random() < 0.5 else '  '}{c.uscc}", st)
    y += st.size * 2.2
    keys = ["name", "type", "address", "rep", "capital", "established", "term", "scope"]
    if v.random() < 0.5:  # the 2016+ order
        keys = ["name", "type", "rep", "capital", "established", "term", "address", "scope"]
    lh = st.size * v.uniform(1.55, 1.85)
    y = _fields(ctx, v, keys, _values(v, c), x0 + v.uniform(12, 20), y + 4, x1 - 12, st, lh,
                0 if inline else v.choice([0, 4, 5]), inline or v.random() < 0.3, inline)
    _authority_block(ctx, v, c, x1 - v.uniform(60, 75), max(y + 14, y1 - v.uniform(32, 42)), st)
    foot = Style(st.font, 2.6)
    for i, note in enumerate(v.sample(FOOTNOTES, v.randint(1, 3))):
        center(ctx, y1 - 5 - 3.6 * i, note, foot, cx)
    if copy_stamp:
        _copy_endorsement(ctx, v, c, x0 + v.uniform(15, 60), min(y + v.uniform(2, 10), y1 - 60))
