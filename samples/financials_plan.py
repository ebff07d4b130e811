"""Variety in the financial section of generated (non-committed) dossiers.

Its own random stream, seeded from the dossier, so the plan's other draws (and the
committed corpus) stay exactly as they were: units 元/千元/万元, loss years, audit firms
and report-number styles of several firms, qualified and emphasis-of-matter opinions,
合并 and 母公司 statements, cash-flow statements and notes pages, and a born-digital
annual report in place of the per-year documents.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from .company import Company, YearFinancials

# (firm, how its report numbers look; {y} the report year, {n} the serial)
FIRMS = [
    ("湖南{b}会计师事务所有限公司", "湘{b}审字{o}{y}{c}第{n:04d}号"),
    ("湖南{b}会计师事务所（普通合伙）", "湘{b}审字{o}{y}{c}第{n:04d}号"),
    ("衡阳{b}有限责任会计师事务所", "衡{b}审字{o}{y}{c}第{n:03d}号"),
    ("天健会计师事务所（特殊普通合伙）湖南分所", "天健湘审{o}{y}{c}{n}号"),
    ("大信会计师事务所（特殊普通合伙）", "大信审字{o}{y}{c}第27-{n:05d}号"),
    ("中审华会计师事务所（特殊普通合伙）", "CAC审字{o}{y}{c}第{n:04d}号"),
    ("天职国际会计师事务所（特殊普通合伙）", "天职业字{o}{y}{c}{n}号"),
    ("致同会计师事务所（特殊普通合伙）长沙分所", "致同审字{o}{y}{c}第110ZA{n:04d}号"),
    ("湖南{b}联合会计师事务所", "湘{b}审字{o}{y}{c}{n}号"),
]
BRACKETS = [("〔", "〕"), ("[", "]"), ("（", "）"), ("【", "】")]
OPINIONS = ["标准无保留意见"] * 6 + ["保留意见", "带强调事项段的无保留意见"]


def make_loss(y: YearFinancials, share: float) -> None:
    """Turn the year into a loss of `share` of revenue: costs rise, no income tax is due."""
    shift = round(y.operating_profit + y.revenue * share, 2)
    y.cost = round(y.cost + shift, 2)
    y.operating_profit = round(y.operating_profit - shift, 2)
    y.total_profit = round(y.total_profit - shift, 2)
    y.income_tax = 0.0
    y.net_profit = y.total_profit


@dataclass
class AuditStyle:
    firm: str
    number: str          # canonical: the year in 六角括号 (GB/T 9704)
    printed_number: str  # as printed on the report
    opinion: str
    pages: list[tuple[str, str | None]]  # (statement, scope) in page order
    notes: int           # 财务报表附注 pages after the statements


class FinancialVariety:
    def __init__(self, c: Company, dossier_id: str) -> None:
        self.r = random.Random(f"{dossier_id}:{c.uscc}:financials")

    def unit(self) -> str:
        return self.r.choice(["元", "元", "元", "千元", "万元", "万元"])

    def annual_report(self) -> bool:
        """One born-digital annual report holds the three years."""
        return self.r.random() < 0.3

    def make_losses(self, c: Company, years: tuple[int, ...]) -> None:
        """Now and then a loss year, so negative figures appear (the form's revenue and R&D stay)."""
        if self.r.random() < 0.35:
            make_loss(c.years[self.r.choice(years)], self.r.uniform(0.01, 0.05))

    def audit(self, year: int, brand: str) -> AuditStyle:
        r = self.r
        firm_t, number_t = r.choice(FIRMS)
        o, c = r.choice(BRACKETS)
        n = r.randrange(1, 999)
        fill = dict(b=brand, y=year + 1, n=n)
        number = number_t.format(o="〔", c="〕", **fill)
        printed = number_t.format(o=o, c=c, **fill)
        scopes: list[str | None] = ["consolidated", "parent"] if r.random() < 0.45 else [None]
        kinds = ["balance_sheet", "income_statement"] + (["cash_flow"] if r.random() < 0.4 else [])
        pages = [(k, s) for k in kinds for s in scopes]
        return AuditStyle(firm_t.format(**fill), number, printed, r.choice(OPINIONS), pages, r.choice([0, 0, 1, 2]))

    def statement_scope(self) -> str | None:
        """Stand-alone statements: usually the company's own, sometimes titled 合并."""
        return self.r.choice([None, None, None, "consolidated"])
