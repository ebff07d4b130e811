"""Varied certificate layouts for the hard-case sets (ctx.hard set): the real CNIPA patent
certificates of the three kinds in their older and newer styles, high-tech-enterprise
certificates of the 3- and 4-authority eras, and honour certificates of many issuers.

Label wording, field order, spacing, colons, date styles and value placement (inline,
column-aligned or ruled table) are drawn per page, so no extractor can rely on one template.
"""
from __future__ import annotations

import datetime as dt
import random

from ..company import Company, add_years
from ..draw import CN_DIGITS, center, cn_date, paragraph, right_text, spaced, table
from ..ids import format_patent_number, make_patent_number
from ..page import Ctx
from ..seal import stamp
from ..signature import sign
from ..surface import Style, text_width
from .certificate import HONORS, frame

Item = tuple[str, str]


def varied_date(d: dt.date, ctx: Ctx, hanzi: float = 0.0) -> str:
    """Printed date styles of certificates: 2019年09月05日, 2019年9月5日, 2019.09.05, 二〇一九年九月五日."""
    r = ctx.rng
    if r.random() < hanzi:
        return cn_date(d, r, allow_hanzi=True) if r.random() < 0.3 else _hanzi_date(d)
    return r.choice([f"{d.year}年{d.month:02d}月{d.day:02d}日", f"{d.year}年{d.month}月{d.day}日",
                     f"{d.year}年{d.month:02d}月{d.day:02d}日", f"{d.year}.{d.month:02d}.{d.day:02d}"])


def _hanzi_date(d: dt.date) -> str:
    tens = lambda n: ("" if n < 20 else CN_DIGITS[n // 10]) + ("十" if n >= 10 else "") + (CN_DIGITS[n % 10] if n % 10 else "")
    return "".join(CN_DIGITS[int(ch)] for ch in str(d.year)) + f"年{tens(d.month)}月{tens(d.day)}日"


def labelled(ctx: Ctx, x: float, y: float, width: float, items: list[Item], st: Style, lh: float) -> float:
    """Label/value pairs in one of three placements: 'label：value' inline, labels in a
    spaced-out column with values aligned after it, or a ruled two-column table."""
    r, s = ctx.rng, ctx.surface
    mode = r.choice(["inline", "column", "column", "table"])
    colon = r.choice(["：", "：", ":", ""]) if mode != "table" else ""
    if mode == "table":
        rows = [[lab, val] for lab, val in items]
        w0 = max(text_width(lab, st) for lab, _ in items) + 6
        return table(ctx, x, y - st.size, [w0, width - w0], rows, lh, st, ["c", "l"]) + st.size * 2
    pad = r.choice([0, 4, 5]) if mode == "column" else 0
    labels = [(spaced(lab, pad) if pad else lab) + (colon or ("" if mode == "column" else "  ")) for lab, _ in items]
    col = x + max(text_width(lab, st) for lab in labels) + r.uniform(2, 8)
    for lab, (_, val) in zip(labels, items):
        if mode == "inline":
            s.text(x, y, lab + val, st)
        else:
            s.text(x, y, lab, st)
            s.text(col, y, val, st)
        y += lh
    return y


# ---- patents --------------------------------------------------------------

PATENT_TERM = {"发明": "二十", "实用新型": "十", "外观设计": "十"}
PATENT_NAME_LABEL = {"发明": "发明名称", "实用新型": "实用新型名称", "外观设计": "外观设计名称"}
PATENT_PUB_SUFFIX = {"发明": "B", "实用新型": "U", "外观设计": "S"}


def draw_patent_varied(ctx: Ctx, c: Company, kind: str, number: str, title: str, inventors: str,
                       app_date: dt.date, grant_date: dt.date, cert_no: int) -> None:
    r, t = ctx.rng, ctx.theme
    x0, y0, x1, y1 = frame(ctx)
    y = y0 + r.uniform(22, 42)
    center(ctx, y, f"{kind}专利证书", t.title(r.uniform(1.0, 1.3), spacing=r.uniform(0, 3)))
    y += t.title_size * r.uniform(1.5, 2.2)
    cert = r.choice([f"证书号第{cert_no}号", f"证书号：第{cert_no}号", f"第{cert_no}号"])
    if r.random() < 0.6:
        right_text(ctx, x1 - 15, y, cert, t.body())
    else:
        ctx.surface.text(x0 + 15, y, cert, t.body())
    y += t.size * r.uniform(2.5, 4)
    printed = r.choice([format_patent_number(number), number, "ZL " + number[2:]])
    inventor_label = "设计人" if kind == "外观设计" else "发明人"
    items: list[Item] = [
        (PATENT_NAME_LABEL[kind], title), (inventor_label, inventors),
        ("专利号", printed), (r.choice(["专利申请日", "专利申请日", "申请日"]), varied_date(app_date, ctx)),
        (r.choice(["专利权人", "专利权人", "权利人"]), c.name)]
    if r.random() < 0.6:
        items.append(("地址", c.address[:24]))
    granted = ("授权公告日", varied_date(grant_date, ctx))
    pub = ("授权公告号", f"CN {r.randrange(100000000, 113000000) if kind != '外观设计' else r.randrange(303000000, 306000000)} "
                        f"{PATENT_PUB_SUFFIX[kind]}")
    items += [granted, pub] if r.random() < 0.6 else [granted]
    if r.random() < 0.35:  # the older certificates put the number first
        items.insert(0, items.pop(2))
    st = t.body(r.uniform(0.95, 1.1))
    y = labelled(ctx, x0 + r.uniform(14, 24), y, x1 - x0 - 36, items, st, st.size * r.uniform(1.9, 2.6))
    y += t.size * 1.5
    exam = "初步审查" if kind != "发明" else "审查"
    body = r.choice([
        f"国家知识产权局依照中华人民共和国专利法经过{exam}，决定授予专利权，颁发{kind}专利证书并在专利登记簿上予以登记。"
        f"专利权自授权公告之日起生效。专利权期限为{PATENT_TERM[kind]}年，自申请日起算。",
        f"本{kind}经过本局依照中华人民共和国专利法进行{exam}，决定授予专利权，颁发本证书并在专利登记簿上予以登记。"
        "专利权自授权公告之日起生效。",
    ])
    y = paragraph(ctx, x0 + 18, y, x1 - x0 - 36, body, t.body(0.85))
    if r.random() < 0.5:
        paragraph(ctx, x0 + 18, y + 2, x1 - x0 - 36, "专利证书记载专利权登记时的法律状况。专利权的转移、质押、无效、终止、"
                  "恢复和专利权人的姓名或名称、国籍、地址变更等事项记载在专利登记簿上。", t.body(0.8))
    yb = y1 - r.uniform(30, 48)
    ctx.surface.text(x1 - 85, yb, r.choice(["局长", "局长", "局　长"]), t.body())
    ctx.surface.text(x1 - 70, yb, r.choice(["申长雨", "", ""]), t.body())
    sign(ctx, x1 - 68, yb - 8, 30, 11)
    stamp(ctx, x1 - 55, yb - 2, "国家知识产权局", diameter=r.uniform(40, 44), star=True)


# ---- high-tech enterprise -------------------------------------------------

def draw_high_tech_varied(ctx: Ctx, c: Company, number: str, issue: dt.date) -> None:
    """Since 2018 three authorities sign (科技厅, 财政厅, 税务局); before, four (国税 and 地税)."""
    r, t = ctx.rng, ctx.theme
    x0, y0, x1, y1 = frame(ctx)
    y = y0 + r.uniform(30, 60)
    center(ctx, y, "高新技术企业证书", t.title(r.uniform(1.0, 1.3), spacing=r.uniform(0, 4)))
    y += t.title_size * r.uniform(2.0, 3.2)
    number_top = r.random() < 0.3
    if number_top:
        right_text(ctx, x1 - 15, y - t.title_size, f"{r.choice(['编号', '证书编号'])}：{number}", t.body(0.9))
    until = add_years(issue, 3) - dt.timedelta(days=1)
    validity = r.choice(["三年", "3年", "叁年", f"至{varied_date(until, ctx)}"])
    items: list[Item] = [(r.choice(["企业名称", "企业名称", "名称"]), c.name)]
    if not number_top:
        items.append((r.choice(["证书编号", "证书编号", "编号"]), number))
    dated = r.random() < 0.8
    if dated:
        items.append((r.choice(["发证时间", "发证日期", "颁发日期", "认定时间"]), varied_date(issue, ctx)))
    items.append(("有效期", validity))
    if r.random() < 0.3:
        items.insert(0, items.pop(1 if not number_top else 0))
    st = t.body(r.uniform(1.0, 1.15))
    labelled(ctx, x0 + r.uniform(16, 28), y, x1 - x0 - 44, items, st, st.size * r.uniform(2.2, 3.0))
    yb = y1 - r.uniform(45, 60)
    issuers = ["湖南省科学技术厅", "湖南省财政厅"]
    issuers += ["国家税务总局湖南省税务局"] if issue >= dt.date(2018, 7, 1) else ["湖南省国家税务局", "湖南省地方税务局"]
    for i, name in enumerate(issuers):
        cx = x0 + (x1 - x0) * (i + 0.5) / len(issuers)
        center(ctx, yb + 20, name, t.body(0.8 if len(issuers) == 3 else 0.65), cx)
        stamp(ctx, cx + r.uniform(-4, 4), yb + r.uniform(8, 14), name, diameter=r.uniform(34, 42))
    center(ctx, yb + 28, varied_date(issue, ctx, hanzi=0.0 if dated else 0.5), t.body(0.9))


# ---- honours ---------------------------------------------------------------

def draw_honor_varied(ctx: Ctx, c: Company, kind: str, issue: dt.date) -> None:
    r, t = ctx.rng, ctx.theme
    title, issuer, tmpl = HONORS[kind]
    x0, y0, x1, y1 = frame(ctx)
    y = y0 + r.uniform(35, 70)
    style = r.choice(["banner", "title", "award"])
    if style == "banner":
        center(ctx, y, r.choice(["荣誉证书", "荣 誉 证 书", "证　书"]), t.title(1.3, spacing=4, color=(180, 30, 30)))
        y += t.title_size * 2.2
        center(ctx, y, title, t.title(0.8))
    else:
        center(ctx, y, title if style == "title" else "荣誉证书", t.title(1.1))
    y += t.title_size * 2.5
    body = "贵单位" + tmpl.format(brand=c.short, product=c.products[0])
    if style == "award":
        ctx.surface.text(x0 + 22, y, f"授予{c.name}", t.body(1.1))
        y += t.size * 2.8
        y = paragraph(ctx, x0 + 22, y, x1 - x0 - 44, f"“{title}”称号。", t.body(1.1), leading=2.0)
    else:
        ctx.surface.text(x0 + 22, y, f"{c.name}{r.choice(['：', ':', ''])}", t.body(1.1))
        y += t.size * 2.8
        y = paragraph(ctx, x0 + 22, y, x1 - x0 - 44, body + r.choice(["特发此证。", "特颁此证，以资鼓励。", ""]),
                      t.body(1.1), leading=2.0)
    if r.random() < 0.5:
        y += 8
        until = add_years(issue, r.choice([2, 3, 5]))
        ctx.surface.text(x0 + 22, y, f"证书编号：{r.choice(['HN', 'HY', 'XM'])}{issue.year}{r.randrange(1000, 9999)}", t.body())
        ctx.surface.text(x0 + 22, y + t.size * 2, f"有效期至：{varied_date(until, ctx)}", t.body())
    yb = y1 - r.uniform(50, 70)
    center(ctx, yb + 15, issuer, t.body(), x1 - 60)
    center(ctx, yb + 23, varied_date(issue, ctx, hanzi=0.4), t.body(), x1 - 60)
    stamp(ctx, x1 - 60 + r.uniform(-5, 5), yb + 12, issuer, diameter=r.uniform(38, 42))


DESIGN_OBJECTS = ["包装盒", "控制面板", "外壳", "手柄", "标签", "展示架", "灯具", "连接件"]


def design_patent(rng: random.Random, c: Company, app: dt.date) -> dict:
    """Plan facts of a 外观设计 patent: type digit 3, a product name as title, quick grant."""
    obj = rng.choice(DESIGN_OBJECTS)
    title = rng.choice([f"{c.products[0]}{obj}", f"{obj}（{rng.choice('ABCDE')}{rng.randrange(1, 20)}型）", f"{c.short}{obj}"])
    return dict(kind="外观设计", number=make_patent_number(rng, app.year, "3"), title=title,
                grant_date=app + dt.timedelta(days=rng.randrange(90, 300)))
