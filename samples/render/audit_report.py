"""Audit report cover and opinion pages (statement pages come from render.financial)."""
from __future__ import annotations

import datetime as dt

from ..company import Company
from ..draw import center, cn_date, paragraph, right_text
from ..page import Ctx
from ..seal import stamp
from ..signature import sign


def draw_cover(ctx: Ctx, c: Company, year: int, firm: str, number: str, date: dt.date) -> None:
    r, t = ctx.rng, ctx.theme
    y = t.top + r.uniform(30, 70)
    center(ctx, y, c.name, t.title(0.75))
    y += t.title_size * 2.4
    center(ctx, y, r.choice(["审计报告", "审 计 报 告", "审  计  报  告"]), t.title(1.3, spacing=r.uniform(0, 6)))
    y += t.title_size * 2
    center(ctx, y, number, t.body(1.05))
    y += t.size * 2.5
    center(ctx, y, r.choice([f"{year}年度", f"{year}年1月1日至{year}年12月31日", f"截至{year}年12月31日止年度"]), t.body())
    y = 230 + r.uniform(0, 20)
    center(ctx, y, firm, t.body(1.15, bold=True))
    center(ctx, y + t.size * 2.2, r.choice(["中国·衡阳", "中国·长沙", "二〇二〇年"]) if r.random() < 0.6 else cn_date(date, r), t.body())


def draw_opinion(ctx: Ctx, c: Company, year: int, firm: str, number: str, date: dt.date) -> None:
    r, t, s = ctx.rng, ctx.theme, ctx.surface
    y = t.top
    center(ctx, y, "审计报告", t.title(0.95))
    y += t.title_size * 1.3
    right_text(ctx, ctx.left + ctx.width, y, number, t.body(0.9))
    y += t.size * 2.2
    s.text(ctx.left, y, f"{c.name}全体股东：", t.body())
    y += t.size * 2
    st = t.body(0.95)
    sec = [("一、审计意见",
            f"我们审计了{c.name}（以下简称“贵公司”）财务报表，包括{year}年12月31日的资产负债表，{year}年度的利润表、"
            f"现金流量表、所有者权益变动表以及相关财务报表附注。"),
           (None, f"我们认为，后附的财务报表在所有重大方面按照企业会计准则的规定编制，公允反映了贵公司{year}年12月31日的"
                  f"财务状况以及{year}年度的经营成果和现金流量。"),
           ("二、形成审计意见的基础",
            "我们按照中国注册会计师审计准则的规定执行了审计工作。审计报告的“注册会计师对财务报表审计的责任”部分进一步阐述了"
            "我们在这些准则下的责任。按照中国注册会计师职业道德守则，我们独立于贵公司，并履行了职业道德方面的其他责任。"
            "我们相信，我们获取的审计证据是充分、适当的，为发表审计意见提供了基础。"),
           ("三、管理层和治理层对财务报表的责任",
            "贵公司管理层负责按照企业会计准则的规定编制财务报表，使其实现公允反映，并设计、执行和维护必要的内部控制，"
            "以使财务报表不存在由于舞弊或错误导致的重大错报。")]
    for head, body in sec:
        if head:
            s.text(ctx.left, y, head, t.body(bold=True))
            y += t.size * 1.8
        y = paragraph(ctx, ctx.left, y, ctx.width, body, st, leading=r.uniform(1.6, 1.9)) + t.size * 0.5
    y = max(y + 10, 215)
    s.text(ctx.left, y, firm, t.body())
    s.text(ctx.left + ctx.width * 0.55, y, "中国注册会计师：", t.body())
    sign(ctx, ctx.left + ctx.width * 0.55 + 30, y - 9, 28, 11)
    s.text(ctx.left, y + t.size * 2.5, "中国·衡阳", t.body())
    s.text(ctx.left + ctx.width * 0.55, y + t.size * 2.5, "中国注册会计师：", t.body())
    sign(ctx, ctx.left + ctx.width * 0.55 + 30, y + t.size * 2.5 - 9, 28, 11)
    right_text(ctx, ctx.left + ctx.width, y + t.size * 5, cn_date(date, r, allow_hanzi=True), t.body())
    stamp(ctx, ctx.left + r.uniform(20, 40), y - r.uniform(0, 6), firm, diameter=r.uniform(40, 42))
