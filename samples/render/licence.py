"""营业执照（副本） copy: emblem, QR, USCC, labelled fields, authority seal."""
from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw

from ..company import Company
from ..draw import capital_text, center, cn_date, spaced, wrap
from ..page import Ctx
from ..seal import stamp
from ..surface import Style


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
