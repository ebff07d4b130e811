"""Audit report cover and opinion pages (statement pages come from render.financial)."""
from __future__ import annotations

import datetime as dt

from ..company import Company
from ..draw import center, cn_date, paragraph, right_text, table
from ..page import Ctx
from ..seal import stamp
from ..signature import sign
from .statement_layout import Fmt


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


def draw_opinion(ctx: Ctx, c: Company, year: int, firm: str, number: str, date: dt.date,
                 opinion: str = "标准无保留意见") -> None:
    r, t, s = ctx.rng, ctx.theme, ctx.surface
    y = t.top
    center(ctx, y, "审计报告", t.title(0.95))
    y += t.title_size * 1.3
    right_text(ctx, ctx.left + ctx.width, y, number, t.body(0.9))
    y += t.size * 2.2
    s.text(ctx.left, y, f"{c.name}全体股东：", t.body())
    y += t.size * 2
    st = t.body(0.95)
    sec = (_sections(r, c, year, opinion) if ctx.hard is not None else [
           ("一、审计意见",
            f"我们审计了{c.name}（以下简称“贵公司”）财务报表，包括{year}年12月31日的资产负债表，{year}年度的利润表、"
            f"现金流量表、所有者权益变动表以及相关财务报表附注。"),
           (None, f"我们认为，后附的财务报表在所有重大方面按照企业会计准则的规定编制，公允反映了贵公司{year}年12月31日的"
                  f"财务状况以及{year}年度的经营成果和现金流量。"),
           ("二、形成审计意见的基础", _BASIS),
           ("三、管理层和治理层对财务报表的责任", _MANAGEMENT)])
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


_BASIS = ("我们按照中国注册会计师审计准则的规定执行了审计工作。审计报告的“注册会计师对财务报表审计的责任”部分进一步阐述了"
          "我们在这些准则下的责任。按照中国注册会计师职业道德守则，我们独立于贵公司，并履行了职业道德方面的其他责任。"
          "我们相信，我们获取的审计证据是充分、适当的，为发表审计意见提供了基础。")
_MANAGEMENT = ("贵公司管理层负责按照企业会计准则的规定编制财务报表，使其实现公允反映，并设计、执行和维护必要的内部控制，"
               "以使财务报表不存在由于舞弊或错误导致的重大错报。")
QUALIFIED_REASONS = ["贵公司{y}年12月31日的存货账面价值中，有部分存货未能实施监盘程序，我们无法获取充分、适当的审计证据。",
                     "贵公司未对账龄三年以上的应收账款计提坏账准备，该事项对财务报表的影响金额无法合理确定。"]
EMPHASIS = ["我们提醒财务报表使用者关注，如财务报表附注所述，贵公司{y}年度主要客户集中度较高。本段内容不影响已发表的审计意见。",
            "我们提醒财务报表使用者关注，贵公司涉及一项尚未判决的合同纠纷诉讼。本段内容不影响已发表的审计意见。"]


def _sections(r, c: Company, year: int, opinion: str) -> list[tuple[str | None, str]]:
    """The opinion page of the modern report format, worded for the opinion given."""
    scope = r.choice([f"{year}年12月31日的资产负债表，{year}年度的利润表、现金流量表、所有者权益变动表",
                      f"{year}年12月31日的合并及母公司资产负债表，{year}年度的合并及母公司利润表、合并及母公司现金流量表"])
    audited = f"我们审计了{c.name}（以下简称“贵公司”）财务报表，包括{scope}以及相关财务报表附注。"
    fair = (f"后附的财务报表在所有重大方面按照企业会计准则的规定编制，公允反映了贵公司{year}年12月31日的"
            f"财务状况以及{year}年度的经营成果和现金流量。")
    if opinion == "保留意见":
        return [("一、保留意见", audited),
                (None, f"我们认为，除“形成保留意见的基础”部分所述事项可能产生的影响外，{fair}"),
                ("二、形成保留意见的基础", r.choice(QUALIFIED_REASONS).format(y=year) + _BASIS),
                ("三、管理层和治理层对财务报表的责任", _MANAGEMENT)]
    sections = [(r.choice(["一、审计意见", "一、审计意见"]), audited), (None, f"我们认为，{fair}"),
                ("二、形成审计意见的基础", _BASIS)]
    if opinion == "带强调事项段的无保留意见":
        sections.append(("三、强调事项", r.choice(EMPHASIS).format(y=year)))
    else:
        sections.append(("三、管理层和治理层对财务报表的责任", _MANAGEMENT))
    return sections


def draw_notes(ctx: Ctx, c: Company, year: int, unit: str, part: int) -> None:
    """A 财务报表附注 page: prose and note tables that repeat statement labels with other figures."""
    r, t, s = ctx.rng, ctx.theme, ctx.surface
    cur, pri = c.years[year], c.years.get(year - 1) or c.years[year]
    fmt = Fmt(unit, separators=r.random() < 0.85)
    y = t.top
    center(ctx, y, f"{c.name}", t.body(1.0, bold=True))
    y += t.size * 1.8
    center(ctx, y, r.choice(["财务报表附注", "财务报表附注", "会计报表附注"]), t.title(0.8))
    y += t.title_size * 1.2
    center(ctx, y, f"{year}年1月1日至{year}年12月31日", t.body(0.9))
    right_text(ctx, ctx.left + ctx.width, y + t.size * 1.6, f"金额单位：{unit}", t.body(0.85))
    y += t.size * 3.2
    st = t.body(0.95)
    if part == 0:
        s.text(ctx.left, y, "一、公司基本情况", t.body(bold=True))
        y = paragraph(ctx, ctx.left, y + t.size * 1.8, ctx.width,
                      f"{c.name}（以下简称“本公司”）成立于{c.established.year}年，注册资本{c.capital // 10000}万元，"
                      f"住所位于{c.address}。本公司属{c.industry}，主要产品为{'、'.join(c.products[:3])}。"
                      f"本财务报表业经本公司董事会于{year + 1}年3月批准报出。", st, leading=1.7)
        s.text(ctx.left, y + t.size, "二、财务报表的编制基础", t.body(bold=True))
        y = paragraph(ctx, ctx.left, y + t.size * 2.8, ctx.width,
                      "本公司以持续经营为基础，根据实际发生的交易和事项，按照财政部颁布的《企业会计准则——基本准则》"
                      "及各项具体会计准则的规定进行确认和计量，在此基础上编制财务报表。", st, leading=1.7)
        return
    s.text(ctx.left, y, r.choice(["五、财务报表项目注释", "六、合并财务报表项目注释"]), t.body(bold=True))
    y += t.size * 2
    main_share = r.uniform(0.85, 0.97)
    notes = [(f"{part}. 营业收入和营业成本",
              [["项目", "本期发生额", "上期发生额"], ["主营业务", fmt(cur.revenue * main_share), fmt(pri.revenue * main_share)],
               ["其他业务", fmt(cur.revenue * (1 - main_share)), fmt(pri.revenue * (1 - main_share))],
               ["合计", fmt(cur.revenue), fmt(pri.revenue)]]),
             (f"{part + 1}. 研发费用",
              [["项目", "本期发生额", "上期发生额"], ["职工薪酬", fmt(cur.rd * 0.6), fmt(pri.rd * 0.6)],
               ["材料费", fmt(cur.rd * 0.3), fmt(pri.rd * 0.3)], ["折旧与摊销", fmt(cur.rd * 0.1), fmt(pri.rd * 0.1)],
               ["合计", fmt(cur.rd), fmt(pri.rd)]])]
    w = ctx.width
    for head, rows in notes:
        s.text(ctx.left, y, head, t.body(0.95, bold=True))
        y = table(ctx, ctx.left, y + t.size, [w * 0.4, w * 0.3, w * 0.3], rows, t.size * 2.2, t.body(0.85),
                  ["l", "r", "r"], header_style=t.body(0.85, bold=True)) + t.size * 2.5
