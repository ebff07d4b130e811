"""A born-digital annual report (年度报告): cover, narrative sections, 主要会计数据和财务指标
for three years, and the 合并 / 母公司 statements of the report year.

Drawn on a PdfSurface (the writer makes these pages a PDF with a real text layer), so a
reader can take every figure from the text layer. Each page carries the running header
"<company> <year>年年度报告", as real reports do.
"""
from __future__ import annotations

import datetime as dt
import random
from functools import partial
from typing import Callable

import pymupdf

from ..company import Company
from ..draw import center, cn_date, paragraph, right_text, table
from ..page import Ctx, Theme
from ..surface import A4, PdfSurface
from . import statement_layout
from .statement_layout import Fmt


def _running_header(ctx: Ctx, c: Company, year: int) -> None:
    t, s = ctx.theme, ctx.surface
    st = t.body(0.7)
    s.text(ctx.left, 12, c.name, st)
    right_text(ctx, ctx.left + ctx.width, 12, f"{year}年年度报告", st)
    s.line(ctx.left, 13.5, ctx.left + ctx.width, 13.5, 0.2)


def draw_cover(ctx: Ctx, c: Company, year: int) -> None:
    r, t = ctx.rng, ctx.theme
    y = 70 + r.uniform(0, 20)
    center(ctx, y, c.name, t.title(0.9))
    y += t.title_size * 2.5
    center(ctx, y, r.choice([f"{year}年年度报告", f"{year}年度报告"]), t.title(1.3))
    y += t.title_size * 1.6
    if r.random() < 0.5:
        center(ctx, y, f"ANNUAL REPORT {year}", t.body(1.0))
    center(ctx, 240, cn_date(dt.date(year + 1, r.randrange(3, 5), r.randrange(1, 28)), r), t.body(1.0))


def draw_notice(ctx: Ctx, c: Company, year: int) -> None:
    r, t, s = ctx.rng, ctx.theme, ctx.surface
    _running_header(ctx, c, year)
    y = t.top + 6
    center(ctx, y, "第一节　重要提示、目录和释义", t.title(0.8))
    y += t.title_size * 1.8
    st = t.body(0.95)
    y = paragraph(ctx, ctx.left, y, ctx.width,
                  "公司董事会、监事会及董事、监事、高级管理人员保证年度报告内容的真实、准确、完整，不存在虚假记载、"
                  "误导性陈述或重大遗漏，并承担个别和连带的法律责任。", st, leading=1.8)
    y = paragraph(ctx, ctx.left, y + 2, ctx.width,
                  f"公司负责人{c.legal_rep}、主管会计工作负责人及会计机构负责人（会计主管人员）声明：保证年度报告中财务报告的真实、"
                  "准确、完整。", st, leading=1.8)
    y += 6
    center(ctx, y, "目　录", t.body(1.1, bold=True))
    y += t.size * 2.2
    for i, (head, page) in enumerate([("重要提示、目录和释义", 2), ("公司简介和主要财务指标", 3),
                                      ("经营情况讨论与分析", 4), ("财务报告", 5)], 1):
        s.text(ctx.left + 10, y, f"第{'一二三四'[i - 1]}节　{head}", st)
        right_text(ctx, ctx.left + ctx.width - 10, y, str(page + r.randrange(0, 3)), st)
        y += t.size * 1.9


# (label, truth attribute or a derived figure) of the key-data table; later rows repeat words as traps
KEY_INCOME = [("营业收入", "revenue"), ("利润总额", "total_profit"), ("净利润", "net_profit"),
              ("归属于母公司股东的净利润", "owners_profit"), ("研发费用", "rd")]
KEY_BALANCE = [("资产总额", "total_assets"), ("负债总额", "total_liabilities"), ("所有者权益合计", "equity")]


def _key_value(c: Company, year: int, key: str) -> float:
    y = c.years[year]
    return round(y.net_profit * 0.96, 2) if key == "owners_profit" else getattr(y, key)


def draw_key_data(ctx: Ctx, c: Company, year: int) -> None:
    """第二节: 主要会计数据和财务指标, the report year and the two before it."""
    r, t, s = ctx.rng, ctx.theme, ctx.surface
    _running_header(ctx, c, year)
    y = t.top + 6
    center(ctx, y, "第二节　公司简介和主要财务指标", t.title(0.8))
    y += t.title_size * 1.6
    st = t.body(0.9)
    y = paragraph(ctx, ctx.left, y, ctx.width, f"公司名称：{c.name}；法定代表人：{c.legal_rep}；注册地址：{c.address}。",
                  st, leading=1.7)
    s.text(ctx.left, y + 2, "主要会计数据和财务指标", t.body(1.0, bold=True))
    right_text(ctx, ctx.left + ctx.width, y + 2, "单位：元", t.body(0.85))
    y += t.size * 1.4
    fmt = Fmt("元", separators=True, parentheses=r.random() < 0.4)
    w = ctx.width
    widths = [w * 0.28, w * 0.2, w * 0.2, w * 0.12, w * 0.2]
    for rows, suffix, change in ((KEY_INCOME, "年", "本年比上年增减"), (KEY_BALANCE, "年末", "本年末比上年末增减")):
        table_rows = [["项目", f"{year}{suffix}", f"{year - 1}{suffix}", change, f"{year - 2}{suffix}"]]
        for label, key in rows:
            a, b, z = (_key_value(c, v, key) for v in (year, year - 1, year - 2))
            pct = f"{(a - b) / abs(b) * 100:.2f}%" if b else "不适用"
            table_rows.append([label, fmt(a), fmt(b), pct, fmt(z)])
        y = table(ctx, ctx.left, y + 1, widths, table_rows, 8.0, t.body(0.75), ["l", "r", "r", "r", "r"],
                  header_style=t.body(0.78, bold=True)) + 6


def draw_discussion(ctx: Ctx, c: Company, year: int) -> None:
    t = ctx.theme
    _running_header(ctx, c, year)
    cur, pri = c.years[year], c.years[year - 1]
    y = t.top + 6
    center(ctx, y, "第三节　经营情况讨论与分析", t.title(0.8))
    y += t.title_size * 1.8
    growth = (cur.revenue - pri.revenue) / pri.revenue * 100
    text = (f"报告期内，公司围绕{c.products[0]}主业，持续加大研发投入，优化产品结构。全年实现营业收入{cur.revenue / 10000:,.2f}万元，"
            f"较上年{'增长' if growth >= 0 else '下降'}{abs(growth):.2f}%；研发投入{cur.rd / 10000:,.2f}万元，"
            f"占营业收入的{cur.rd / cur.revenue * 100:.2f}%。公司将继续推进“专精特新”发展战略，巩固细分市场地位。")
    paragraph(ctx, ctx.left, y, ctx.width, text, t.body(0.95), leading=1.8)


def draw_statement(ctx: Ctx, c: Company, year: int, statement: str, scope: str) -> None:
    _running_header(ctx, c, year)
    statement_layout.draw(ctx, c, year, statement, "元", scope)


def page_plan() -> list[tuple[Callable[..., None], str | None, int]]:
    """(draw(ctx, c, year), statement, which year's figures only this page holds: 0 the report year, 1 the one
    before, 2 the oldest) for every page, in order."""
    pages: list[tuple[Callable[..., None], str | None, int]] = [
        (draw_cover, None, 0), (draw_notice, None, 0), (draw_key_data, None, 2), (draw_discussion, None, 1)]
    for st, scopes in (("balance_sheet", ("consolidated", "parent")), ("income_statement", ("consolidated", "parent")),
                       ("cash_flow", ("consolidated",))):
        pages += [(partial(draw_statement, statement=st, scope=scope), st, 0) for scope in scopes]
    return pages


def pdf_bytes(c: Company, year: int, seed: str) -> bytes:
    """The whole report as one born-digital PDF (test fixtures; dossiers go through the writer)."""
    doc = pymupdf.open()
    theme = Theme.random(random.Random(f"{seed}:theme"))
    for i, (draw, _, _) in enumerate(page_plan()):
        page = doc.new_page(width=A4[0] * 72 / 25.4, height=A4[1] * 72 / 25.4)
        draw(Ctx(PdfSurface(page, 200), random.Random(f"{seed}:{i}"), theme), c=c, year=year)
    doc.subset_fonts()
    return doc.tobytes(garbage=3, deflate=True, no_new_id=True)
