"""Shared certificate furniture (ornamental frame, title, labelled lines) and the
patent, high-tech and honour certificates built on it."""
from __future__ import annotations

import datetime as dt

from ..company import Company
from ..draw import center, cn_date, paragraph, right_text
from ..ids import format_patent_number
from ..page import Ctx
from ..seal import stamp
from ..signature import sign
from ..surface import Style


def frame(ctx: Ctx) -> tuple[float, float, float, float]:
    r, s = ctx.rng, ctx.surface
    m = r.uniform(10, 18)
    col = r.choice([(180, 140, 50), (150, 40, 40), (40, 80, 140), (90, 90, 90)])
    x0, y0, x1, y1 = m, m, 210 - m, 297 - m
    s.rect(x0, y0, x1, y1, r.uniform(1.5, 3.0), col)
    s.rect(x0 + 3, y0 + 3, x1 - 3, y1 - 3, 0.5, col)
    step = r.uniform(6, 10)
    k = 0.0
    while x0 + 6 + k < x1 - 6:  # dotted ornament band between the two frame lines
        s.rect(x0 + 5 + k, y0 + 1.2, x0 + 5 + k + 1.2, y0 + 2.4, 0.1, col, col)
        s.rect(x0 + 5 + k, y1 - 2.4, x0 + 5 + k + 1.2, y1 - 1.2, 0.1, col, col)
        k += step
    return x0, y0, x1, y1


def lines(ctx: Ctx, x: float, y: float, items: list[tuple[str, str]], st: Style, lh: float) -> float:
    for lab, val in items:
        ctx.surface.text(x, y, f"{lab}：{val}", st)
        y += lh
    return y


def draw_patent(ctx: Ctx, c: Company, kind: str, number: str, title: str, inventors: str,
                app_date: dt.date, grant_date: dt.date, cert_no: int) -> None:
    if ctx.hard is not None:
        from .certificate_layouts import draw_patent_varied

        draw_patent_varied(ctx, c, kind, number, title, inventors, app_date, grant_date, cert_no)
        return
    r, t = ctx.rng, ctx.theme
    x0, y0, x1, y1 = frame(ctx)
    y = y0 + r.uniform(30, 45)
    center(ctx, y, f"{kind}专利证书", t.title(1.2, spacing=r.uniform(0, 3)))
    y += t.title_size * 1.8
    right_text(ctx, x1 - 15, y, f"证书号第{cert_no}号", t.body())
    y += t.size * 3
    st = t.body(1.05)
    lh = st.size * r.uniform(2.0, 2.6)
    name_lab = "发明名称" if kind == "发明" else "实用新型名称"
    y = lines(ctx, x0 + 18, y, [(name_lab, title), ("发明人" if kind == "发明" else "设计人", inventors),
                                ("专利号", format_patent_number(number) if r.random() < 0.7 else number),
                                ("专利申请日", cn_date(app_date, r)), ("专利权人", c.name),
                                ("地址", c.address[:22]), ("授权公告日", cn_date(grant_date, r))], st, lh)
    y += t.size * 2
    body = (f"本{kind}经过本局依照中华人民共和国专利法进行{'审查' if kind == '发明' else '初步审查'}，决定授予专利权，"
            f"颁发{'发明' if kind == '发明' else '实用新型'}专利证书并在专利登记簿上予以登记。专利权自授权公告之日起生效。"
            f"专利权期限为{'二十' if kind == '发明' else '十'}年，自申请日起算。")
    y = paragraph(ctx, x0 + 18, y, x1 - x0 - 36, body, t.body(0.9))
    yb = y1 - r.uniform(35, 50)
    ctx.surface.text(x1 - 80, yb, "局长", t.body())
    sign(ctx, x1 - 68, yb - 8, 30, 11)
    stamp(ctx, x1 - 55, yb - 2, "国家知识产权局", diameter=r.uniform(40, 44), star=True)


def draw_high_tech(ctx: Ctx, c: Company, number: str, issue: dt.date) -> None:
    if ctx.hard is not None:
        from .certificate_layouts import draw_high_tech_varied

        draw_high_tech_varied(ctx, c, number, issue)
        return
    r, t = ctx.rng, ctx.theme
    x0, y0, x1, y1 = frame(ctx)
    y = y0 + r.uniform(40, 60)
    center(ctx, y, "高新技术企业证书", t.title(1.2, spacing=r.uniform(0, 4)))
    y += t.title_size * 3
    st = t.body(1.1)
    lh = st.size * r.uniform(2.4, 3.0)
    lines(ctx, x0 + 22, y, [("企业名称", c.name), ("证书编号", number),
                            ("发证时间", cn_date(issue, r)), ("有效期", r.choice(["三年", "3年"]))], st, lh)
    yb = y1 - r.uniform(45, 60)
    issuers = ["湖南省科学技术厅", "湖南省财政厅", "国家税务总局湖南省税务局"]
    for i, name in enumerate(issuers):
        cx = x0 + (x1 - x0) * (i + 0.5) / 3
        center(ctx, yb + 20, name, t.body(0.8), cx)
        stamp(ctx, cx + r.uniform(-4, 4), yb + r.uniform(8, 14), name, diameter=r.uniform(38, 42))
    center(ctx, yb + 28, cn_date(issue, r), t.body(0.9))


HONORS = {
    "famous_trademark": ("湖南省著名商标", "湖南省工商行政管理局", "的“{brand}”商标被认定为湖南省著名商标。"),
    "brand_product": ("湖南名牌产品", "湖南省质量技术监督局", "生产的{product}被评为湖南名牌产品。"),
    "dual_integration": ("两化融合管理体系评定证书", "两化融合服务联盟", "建立的两化融合管理体系符合GB/T 23001-2017《信息化和工业化融合管理体系 要求》。"),
    "agri_leader": ("省级农业产业化龙头企业", "湖南省农业农村厅", "被认定为湖南省农业产业化龙头企业。"),
    "tech_center": ("衡阳市企业技术中心", "衡阳市工业和信息化局", "被认定为衡阳市企业技术中心。"),
    "specialized_sme": ("湖南省“专精特新”小巨人企业", "湖南省工业和信息化厅", "被认定为湖南省“专精特新”小巨人企业。"),
    "contract_credit": ("湖南省守合同重信用企业", "湖南省市场监督管理局", "被公示为湖南省“守合同重信用”企业。"),
    "ip_enterprise": ("湖南省知识产权优势企业", "湖南省知识产权局", "被认定为湖南省知识产权优势企业。"),
}


def draw_honor(ctx: Ctx, c: Company, kind: str, issue: dt.date) -> None:
    if ctx.hard is not None:
        from .certificate_layouts import draw_honor_varied

        draw_honor_varied(ctx, c, kind, issue)
        return
    r, t = ctx.rng, ctx.theme
    title, issuer, tmpl = HONORS[kind]
    x0, y0, x1, y1 = frame(ctx)
    y = y0 + r.uniform(40, 70)
    if r.random() < 0.5:
        center(ctx, y, "荣誉证书", t.title(1.3, spacing=4, color=(180, 30, 30)))
        y += t.title_size * 2.2
        center(ctx, y, title, t.title(0.8))
    else:
        center(ctx, y, title, t.title(1.1))
    y += t.title_size * 2.5
    ctx.surface.text(x0 + 22, y, f"{c.name}：", t.body(1.1))
    y += t.size * 2.8
    y = paragraph(ctx, x0 + 22, y, x1 - x0 - 44, "贵单位" + tmpl.format(brand=c.short, product=c.products[0])
                  + r.choice(["特发此证。", "特颁此证，以资鼓励。", ""]), t.body(1.1), leading=2.0)
    if kind == "dual_integration":
        y += 8
        ctx.surface.text(x0 + 22, y, f"证书编号：AIITRE-{r.randrange(10000, 99999)}IIIMS{r.randrange(1000, 9999)}", t.body())
    yb = y1 - r.uniform(50, 70)
    center(ctx, yb + 15, issuer, t.body(), x1 - 60)
    center(ctx, yb + 23, cn_date(issue, r, allow_hanzi=True), t.body(), x1 - 60)
    stamp(ctx, x1 - 60 + r.uniform(-5, 5), yb + 12, issuer, diameter=r.uniform(38, 42))
