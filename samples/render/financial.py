"""资产负债表 / 利润表 pages (used alone or inside an audit report)."""
from __future__ import annotations

import datetime as dt

from ..company import Company, YearFinancials
from ..draw import center, cn_date, money, right_text, table
from ..page import Ctx
from ..seal import stamp, stamp_finance
from . import statement_layout

BALANCE = [
    ("流动资产：", None), ("货币资金", "cash"), ("应收账款", "receivables"), ("存货", "inventory"),
    ("流动资产合计", "current_assets"), ("非流动资产：", None), ("固定资产", "fixed_assets"),
    ("无形资产", "intangibles"), ("非流动资产合计", "noncurrent_assets"), ("资产总计", "total_assets"),
    ("流动负债：", None), ("短期借款", "short_loans"), ("应付账款", "payables"), ("应付职工薪酬", "payroll"),
    ("应交税费", "tax_payable"), ("流动负债合计", "current_liabilities"), ("长期借款", "long_loans"),
    ("非流动负债合计", "noncurrent_liabilities"), ("负债合计", "total_liabilities"),
    ("实收资本（或股本）", "paid_in"), ("资本公积", "capital_reserve"), ("盈余公积", "surplus_reserve"),
    ("未分配利润", "retained"), ("所有者权益（或股东权益）合计", "equity"),
]
INCOME = [
    ("一、营业收入", "revenue"), ("减：营业成本", "cost"), ("税金及附加", "taxes"), ("销售费用", "selling"),
    ("管理费用", "admin"), ("研发费用", "rd"), ("财务费用", "finance"), ("加：其他收益", "other_income"),
    ("二、营业利润（亏损以“－”号填列）", "operating_profit"), ("加：营业外收入", "nonop_in"),
    ("减：营业外支出", "nonop_out"), ("三、利润总额（亏损总额以“－”号填列）", "total_profit"),
    ("减：所得税费用", "income_tax"), ("四、净利润（净亏损以“－”号填列）", "net_profit"),
]
TITLES = {"balance_sheet": ["资产负债表", "资 产 负 债 表", "合并资产负债表"],
          "income_statement": ["利润表", "利 润 表", "合并利润表", "损益表"]}


def draw(ctx: Ctx, c: Company, year: int, statement: str, unit: str, stamped: bool,
         prev: YearFinancials | None, audit: bool = False, scope: str | None = None) -> None:
    if ctx.hard is not None:  # varied layouts; the committed corpus keeps the legacy look below
        y = statement_layout.draw(ctx, c, year, statement, unit, scope)
        _stamp(ctx, c, stamped, audit, y)
        return
    r, t, s = ctx.rng, ctx.theme, ctx.surface
    cur = c.years[year]
    prev = prev or c.years.get(year - 1)
    y = t.top
    title = r.choice(TITLES[statement])
    if r.random() < 0.7:
        center(ctx, y, title, t.title(0.9))
    else:
        s.text(ctx.left, y, title, t.title(0.9))
    y += t.title_size * 1.3
    code = "会企01表" if statement == "balance_sheet" else "会企02表"
    if r.random() < 0.6:
        right_text(ctx, ctx.left + ctx.width, y, code, t.body(0.8))
        y += t.size * 1.6
    when = (cn_date(dt.date(year, 12, 31), r) if statement == "balance_sheet"
            else r.choice([f"{year}年度", f"{year}年1-12月", f"{year}年"]))
    st = t.body(0.85)
    s.text(ctx.left, y, f"编制单位：{c.name}", st)
    if r.random() < 0.5:
        center(ctx, y + t.size * 1.4, when, st)
        right_text(ctx, ctx.left + ctx.width, y + t.size * 1.4, f"单位：{unit}", st)
        y += t.size * 2.4
    else:
        y += t.size * 1.5
        s.text(ctx.left, y, when, st)
        right_text(ctx, ctx.left + ctx.width, y, f"单位：{unit}", st)
        y += t.size
    if statement == "balance_sheet":
        header = ["项目", "行次", r.choice(["期末余额", "期末数"]), r.choice(["年初余额", "年初数", "上年年末余额"])]
        items = BALANCE
        other = prev
    else:
        header = ["项目", "行次", r.choice(["本期金额", "本年累计金额", "本年金额"]), r.choice(["上期金额", "上年金额"])]
        items = INCOME
        other = prev
    show_line_no = r.random() < 0.75
    rows = [header if show_line_no else [header[0], header[2], header[3]]]
    n = 0
    for label, key in items:
        if key:
            n += 1
            a = money(getattr(cur, key), unit)
            b = money(getattr(other, key), unit) if other else ""
        else:
            a = b = ""
        ind = "" if label.startswith(("一", "二", "三", "四")) or label.endswith(("：", "合计", "总计")) else "　"
        row = [ind + label, str(n) if key else "", a, b]
        rows.append(row if show_line_no else [row[0], row[2], row[3]])
    w = ctx.width
    widths = [w * 0.42, w * 0.08, w * 0.25, w * 0.25] if show_line_no else [w * 0.46, w * 0.27, w * 0.27]
    aligns = ["l", "c", "r", "r"] if show_line_no else ["l", "r", "r"]
    avail = 262 - y
    rh = min(r.uniform(7.5, 10.5), avail / len(rows))
    y = table(ctx, ctx.left, y + 1, widths, rows, rh, t.body(0.8), aligns, header_style=t.body(0.85, bold=True))
    foot = ["单位负责人：", "主管会计工作负责人：", "会计机构负责人："]
    fs = t.body(0.8)
    for i, f in enumerate(foot):
        s.text(ctx.left + i * w / 3, y + t.size * 2, f, fs)
    if stamped:
        stamp(ctx, ctx.left + r.uniform(30, 60), t.top + r.uniform(8, 20), c.name, diameter=r.uniform(38, 42))


def _stamp(ctx: Ctx, c: Company, stamped: bool, audit: bool, y: float) -> None:
    """Hard cases: the oval 财务专用章 over the 编制单位 line or the footer (y: the table's foot)."""
    r, t, hs = ctx.rng, ctx.theme, ctx.hard
    if (stamped and r.random() < hs.finance_seal) or (audit and r.random() < hs.audit_finance_seal):
        if r.random() < 0.6:
            stamp_finance(ctx, ctx.left + r.uniform(30, 60), t.top + r.uniform(8, 20), c.name)
        else:
            stamp_finance(ctx, ctx.left + r.uniform(25, ctx.width - 25), min(y + t.size * 2 + r.uniform(-4, 8), 280),
                          c.name)
    elif stamped:
        stamp(ctx, ctx.left + r.uniform(30, 60), t.top + r.uniform(8, 20), c.name, diameter=r.uniform(38, 42))
