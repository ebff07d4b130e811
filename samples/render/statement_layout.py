"""Varied statement pages (hard-case sets): wording, column order, units, negatives, layouts.

Real statements differ by preparer and by accounting software: 期末余额/年初余额 or
期末数/期初数 or dated columns, 本月数 before 本年累计数, a 附注 column, 元/千元/万元,
(1,234.00) or -1,234.00, with or without thousands separators, one or two-sided
balance sheets, 营业总收入 over 其中：营业收入, the appended rows of a consolidated
income statement (归属于母公司…的净利润, 少数股东损益, 综合收益总额 …), and 合并 next to
母公司 statements. Values always come from the company's YearFinancials, so the truth
(in yuan) does not depend on the layout drawn.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from ..company import Company, YearFinancials
from ..draw import center, cn_date, right_text, table
from ..page import Ctx

UNIT_DIVISORS = {"元": 1, "千元": 1000, "万元": 10000}


def shown(v: float, unit: str) -> float:
    """The yuan value a reader recovers from the figure printed in `unit` (2 decimals)."""
    d = UNIT_DIVISORS[unit]
    return round(round(v / d, 2) * d, 2)


def parent_factor(c: Company, year: int) -> float:
    """The parent company's share of every consolidated figure (one factor keeps subtotals adding up)."""
    return random.Random(f"{c.uscc}:{year}:parent").uniform(0.55, 0.9)


@dataclass
class Fmt:
    unit: str
    separators: bool = True
    parentheses: bool = False   # negatives as (1,234.00) instead of -1,234.00
    minus: str = "-"

    def __call__(self, v: float | None) -> str:
        if v is None:
            return ""
        x = round(v / UNIT_DIVISORS[self.unit], 2)
        body = f"{abs(x):,.2f}" if self.separators else f"{abs(x):.2f}"
        if x < 0:
            return f"({body})" if self.parentheses else f"{self.minus}{body}"
        return body


def income_rows(y: YearFinancials, r: random.Random, consolidated: bool) -> list[tuple[str, float | None]]:
    """Income statement rows (label, yuan); numbering follows the chosen revenue layout."""
    total_cost = y.cost + y.taxes + y.selling + y.admin + y.rd + y.finance
    rows: list[tuple[str, float | None]] = []
    if r.random() < 0.4:  # 营业总收入 / 营业总成本 layout (consolidated statements since 2018)
        rows += [("一、营业总收入", y.revenue), ("其中：营业收入", y.revenue), ("二、营业总成本", total_cost),
                 ("其中：营业成本", y.cost)]
        nums = "三四五六七"
    else:
        rows += [(r.choice(["一、营业收入", "营业收入", "一、营业收入"]), y.revenue), ("减：营业成本", y.cost)]
        nums = "二三四五六"
    rd_label = r.choice(["研发费用", "研发费用", "研究开发费"])
    rows += [("税金及附加", y.taxes), ("销售费用", y.selling), ("管理费用", y.admin), (rd_label, y.rd),
             ("财务费用", y.finance), ("其中：利息费用", round(abs(y.finance) * 1.2, 2)),
             ("加：其他收益", y.other_income)]
    loss = r.choice(["“－”", "“-”", "\"-\""])
    rows += [(f"{nums[0]}、营业利润" + r.choice(["", f"（亏损以{loss}号填列）"]), y.operating_profit),
             ("加：营业外收入", y.nonop_in), ("减：营业外支出", y.nonop_out),
             (f"{nums[1]}、利润总额" + r.choice(["", f"（亏损总额以{loss}号填列）"]), y.total_profit),
             ("减：所得税费用", y.income_tax),
             (f"{nums[2]}、净利润" + r.choice(["", f"（净亏损以{loss}号填列）"]), y.net_profit)]
    if r.random() < 0.6:  # the appended rows that repeat 净利润 in other words
        rows += [("（一）按经营持续性分类", None), ("1.持续经营净利润", y.net_profit), ("2.终止经营净利润", 0.0)]
        if consolidated:
            owners = round(y.net_profit * 0.96, 2)
            rows += [("（二）按所有权归属分类", None), ("1.归属于母公司股东的净利润", owners),
                     ("2.少数股东损益", round(y.net_profit - owners, 2))]
        rows += [(f"{nums[3]}、其他综合收益的税后净额", 0.0), (f"{nums[4]}、综合收益总额", y.net_profit)]
    return rows


def balance_sides(y: YearFinancials, consolidated: bool) -> tuple[list, list]:
    assets = [("流动资产：", None), ("货币资金", y.cash), ("应收账款", y.receivables), ("存货", y.inventory),
              ("流动资产合计", y.current_assets), ("非流动资产：", None), ("固定资产", y.fixed_assets),
              ("无形资产", y.intangibles), ("非流动资产合计", y.noncurrent_assets), ("资产总计", y.total_assets)]
    claims = [("流动负债：", None), ("短期借款", y.short_loans), ("应付账款", y.payables), ("应付职工薪酬", y.payroll),
              ("应交税费", y.tax_payable), ("流动负债合计", y.current_liabilities), ("长期借款", y.long_loans),
              ("非流动负债合计", y.noncurrent_liabilities), ("负债合计", y.total_liabilities),
              ("实收资本（或股本）", y.paid_in), ("资本公积", y.capital_reserve), ("盈余公积", y.surplus_reserve),
              ("未分配利润", y.retained)]
    if consolidated:
        minority = round(y.equity * 0.03, 2)
        claims += [("归属于母公司所有者权益合计", round(y.equity - minority, 2)), ("少数股东权益", minority)]
    claims += [("所有者权益（或股东权益）合计", y.equity),
               ("负债和所有者权益（或股东权益）总计", round(y.total_liabilities + y.equity, 2))]
    return assets, claims


def _short(side: list) -> list:
    """Two-sided sheets have narrow label cells: the short forms of the long equity labels."""
    return [(label.replace("（或股本）", "").replace("（或股东权益）", ""), v) for label, v in side]


def scaled(y: YearFinancials, k: float) -> YearFinancials:
    """A parent-company version of the figures: every amount times k."""
    vals = {f: (round(v * k, 2) if isinstance(v, float) else v) for f, v in vars(y).items()}
    return YearFinancials(**vals)


def column_heads(r: random.Random, statement: str, year: int) -> tuple[str, str, bool]:
    """(current, prior, current_first)."""
    if statement == "balance_sheet":
        pairs = [("期末余额", "年初余额"), ("期末数", "期初数"), ("期末余额", "上年年末余额"), ("年末数", "年初数"),
                 (f"{year}年12月31日", f"{year - 1}年12月31日"), ("期末金额", "期初金额")]
    elif statement == "income_statement":
        pairs = [("本期金额", "上期金额"), ("本年累计", "上年同期"), ("本年金额", "上年金额"),
                 ("本期发生额", "上期发生额"), (f"{year}年度", f"{year - 1}年度"), ("本年累计数", "本月数")]
    else:
        pairs = [("本期金额", "上期金额"), ("本年金额", "上年金额"), (f"{year}年度", f"{year - 1}年度")]
    cur, pri = r.choice(pairs)
    first = pri != "本月数" and r.random() < 0.85  # the monthly column comes first
    return cur, pri, first


TITLES = {"balance_sheet": ["资产负债表", "资 产 负 债 表"], "income_statement": ["利润表", "利 润 表", "损益表"],
          "cash_flow": ["现金流量表"]}
CODES = {"balance_sheet": "会企01表", "income_statement": "会企02表", "cash_flow": "会企03表"}


def title(r: random.Random, statement: str, scope: str | None) -> str:
    base = r.choice(TITLES[statement]).replace(" ", "")
    if scope == "parent":
        return r.choice([f"母公司{base}", f"{base}（母公司）"])
    if scope == "consolidated":
        return r.choice([f"合并{base}", f"{base}（合并）", f"合并{base}"])
    return r.choice(TITLES[statement])


def cash_rows(y: YearFinancials) -> list[tuple[str, float | None]]:
    sales_in = round(y.revenue * 1.08, 2)
    paid = round((y.cost + y.selling + y.admin) * 0.95, 2)
    op = round(sales_in - paid - y.income_tax, 2)
    inv = round(-y.fixed_assets * 0.12, 2)
    return [("一、经营活动产生的现金流量：", None), ("销售商品、提供劳务收到的现金", sales_in),
            ("购买商品、接受劳务支付的现金", paid), ("支付的各项税费", y.income_tax),
            ("经营活动产生的现金流量净额", op), ("二、投资活动产生的现金流量：", None),
            ("购建固定资产、无形资产和其他长期资产支付的现金", -inv), ("投资活动产生的现金流量净额", inv),
            ("三、筹资活动产生的现金流量：", None), ("取得借款收到的现金", y.short_loans),
            ("筹资活动产生的现金流量净额", round(y.short_loans * 0.1, 2)),
            ("四、现金及现金等价物净增加额", round(op + inv + y.short_loans * 0.1, 2)),
            ("补充资料：将净利润调节为经营活动现金流量", None), ("净利润", y.net_profit)]


def draw(ctx: Ctx, c: Company, year: int, statement: str, unit: str, scope: str | None) -> float:
    """One statement page; returns the y of the table's foot (for the seal)."""
    r, t, s = ctx.rng, ctx.theme, ctx.surface
    consolidated = scope == "consolidated" and r.random() < 0.7  # some groups print no minority rows
    cur, pri = c.years[year], c.years.get(year - 1) or c.years[year]
    if scope == "parent":
        cur, pri = scaled(cur, parent_factor(c, year)), scaled(pri, parent_factor(c, year - 1))
    fmt = Fmt(unit, separators=r.random() < 0.8, parentheses=r.random() < 0.5, minus=r.choice(["-", "-", "－"]))
    y = t.top
    head = title(r, statement, scope)
    (center(ctx, y, head, t.title(0.9)) if r.random() < 0.75 else s.text(ctx.left, y, head, t.title(0.9)))
    y += t.title_size * 1.3
    if r.random() < 0.6:
        right_text(ctx, ctx.left + ctx.width, y, CODES[statement], t.body(0.8))
        y += t.size * 1.6
    when = (cn_date(dt.date(year, 12, 31), r) if statement == "balance_sheet"
            else r.choice([f"{year}年度", f"{year}年1-12月", f"{year}年1月1日至12月31日"]))
    st = t.body(0.85)
    unit_text = r.choice([f"单位：{unit}", f"金额单位：人民币{unit}", f"单位：人民币{unit}", f"货币单位：{unit}"])
    s.text(ctx.left, y, r.choice(["编制单位：", "编制单位：", "企业名称："]) + c.name, st)
    if r.random() < 0.5:
        center(ctx, y + t.size * 1.4, when, st)
        right_text(ctx, ctx.left + ctx.width, y + t.size * 1.4, unit_text, st)
        y += t.size * 2.4
    else:
        y += t.size * 1.5
        s.text(ctx.left, y, when, st)
        right_text(ctx, ctx.left + ctx.width, y, unit_text, st)
        y += t.size
    cur_head, pri_head, current_first = column_heads(r, statement, year)
    if statement == "balance_sheet" and r.random() < 0.3:
        return _two_sided(ctx, y, cur, pri, consolidated, fmt, cur_head, pri_head, current_first)
    if statement == "balance_sheet":
        a, b = balance_sides(cur, consolidated)
        pa, pb = balance_sides(pri, consolidated)
        rows, prior = a + b, pa + pb
    elif statement == "income_statement":
        layout_seed = r.random()
        rows = income_rows(cur, random.Random(layout_seed), consolidated)
        prior = income_rows(pri, random.Random(layout_seed), consolidated)
    else:
        rows, prior = cash_rows(cur), cash_rows(pri)
    extra = r.choice([None, None, "行次", "附注"])
    head_cells = ["项目"] + ([extra] if extra else []) + ([cur_head, pri_head] if current_first else [pri_head, cur_head])
    table_rows = [head_cells]
    n = 0
    for (label, v), (_, pv) in zip(rows, prior):
        if v is not None:
            n += 1
        a_text, b_text = fmt(v), fmt(pv)
        if pri_head == "本月数" and pv is not None:  # December alone, not the prior year
            b_text = fmt(round(v / 12 * r.uniform(0.7, 1.3), 2))
        mark = "" if v is None else (str(n) if extra == "行次" else (f"五、{n}" if extra == "附注" and r.random() < 0.3 else ""))
        ind = "" if label[:1] in "一二三四五六七（" or label.endswith(("：", "合计", "总计")) else "　"
        cells = [ind + label] + ([mark] if extra else []) + ([a_text, b_text] if current_first else [b_text, a_text])
        table_rows.append(cells)
    w = ctx.width
    widths = ([w * 0.44, w * 0.08, w * 0.24, w * 0.24] if extra else [w * 0.48, w * 0.26, w * 0.26])
    aligns = ["l", "c", "r", "r"] if extra else ["l", "r", "r"]
    rh = min(r.uniform(7.0, 10.0), (262 - y) / len(table_rows))
    return table(ctx, ctx.left, y + 1, widths, table_rows, rh, t.body(0.8), aligns, header_style=t.body(0.85, bold=True))


def _two_sided(ctx: Ctx, y: float, cur: YearFinancials, pri: YearFinancials, consolidated: bool, fmt: Fmt,
               cur_head: str, pri_head: str, current_first: bool) -> float:
    """资产 on the left, 负债和所有者权益 on the right, each with its two amount columns."""
    r, t = ctx.rng, ctx.theme
    a, b = (_short(side) for side in balance_sides(cur, consolidated))
    pa, pb = (_short(side) for side in balance_sides(pri, consolidated))
    # The totals share the last row (资产总计 | 负债和所有者权益总计): pad the shorter side above it.
    pad = [("", None)] * (len(b) - len(a))
    a, pa = a[:-1] + pad + a[-1:], pa[:-1] + pad + pa[-1:]
    cols = (lambda v, pv: [fmt(v), fmt(pv)]) if current_first else (lambda v, pv: [fmt(pv), fmt(v)])
    heads = [cur_head, pri_head] if current_first else [pri_head, cur_head]
    rows = [["资产"] + heads + [r.choice(["负债和所有者权益", "负债及股东权益"])] + heads]
    for (la, va), (_, pva), (lb, vb), (_, pvb) in zip(a, pa, b, pb):
        rows.append([la] + (cols(va, pva) if la else ["", ""]) + [lb] + cols(vb, pvb))
    w = ctx.width
    widths = [w * 0.22, w * 0.14, w * 0.14, w * 0.22, w * 0.14, w * 0.14]
    rh = min(r.uniform(7.0, 9.0), (262 - y) / len(rows))
    return table(ctx, ctx.left, y + 1, widths, rows, rh, t.body(0.72), ["l", "r", "r", "l", "r", "r"],
                 header_style=t.body(0.75, bold=True))
