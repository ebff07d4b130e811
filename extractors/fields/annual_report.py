"""Born-digital annual reports (年度报告): every fiscal year's figures from the PDF itself.

A report for year Y holds Y and Y-1 in its statements (本期/上期, 期末/期初 or dated
columns) and Y, Y-1, Y-2 in 主要会计数据和财务指标. The tables are read with pdfplumber
from the file's text layer, so figures are exact and no page goes through OCR. Each
amount's column is given a year by its header cell; a row is found by the same label
vocabulary as scanned statements (`financial.ROWS`). Where several tables give a
figure, statements of the preferred scope (合并 by default, 母公司 when the programme
asks) win over the key-data table, which wins over the other scope.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Sequence

from extractors.fields.financial import CURRENT, PRIOR, ROWS, UNIT_PATTERN, find_label
from extractors.normalize.money import UNIT_FACTORS, parse_money
from extractors.normalize.text import compact_text
from extractors.text import PageText
from models.record import Field

log = logging.getLogger(__name__)

# The cover's title or the running header of every page: "2019年年度报告", "2019年度报告".
_REPORT_TITLE = re.compile(r"((?:19|20)\d{2})年(?:年度|度)报告(?:全文)?$")
_YEAR_HEAD = re.compile(r"((?:19|20)\d{2})年")
_MONTHLY = re.compile(r"本月")


def report_year(page: PageText) -> int | None:
    """The report's year when a line in the top tenth of the page is its title or running header."""
    limit = page.height * 0.12 if page.height else float("inf")
    for line in page.lines:
        if line.box[1] <= limit:
            m = _REPORT_TITLE.search(compact_text(line.text))
            if m:
                return int(m.group(1))
    # The cover puts the title lower down, alone on its line.
    for line in page.lines:
        m = _REPORT_TITLE.fullmatch(compact_text(line.text))
        if m:
            return int(m.group(1))
    return None


@dataclass
class PdfPage:
    """Where a page of the dossier lives in its PDF, and the width it was rasterised to."""
    index: int         # 1-based page index in the dossier
    path: Path
    number: int        # 1-based page number in the file
    width_px: int      # boxes are given in the raster's pixels, like OCR boxes
    year: int | None = None  # the page's own fiscal year, when it says (本期/上期 are relative to it)


def report_pages(pages: Sequence[PageText], text_layer: set[int]) -> tuple[int, list[PageText]] | None:
    """(report year, its pages): the text-layer pages titled or headed as the same year's annual report."""
    years = {p.index: report_year(p) for p in pages if p.index in text_layer}
    found = [y for y in years.values() if y]
    if not found:
        return None
    year = max(set(found), key=found.count)
    return year, [p for p in pages if years.get(p.index) == year]


@dataclass
class _Candidate:
    rank: tuple[int, int]
    field: Field


def _scope(text: str) -> str | None:
    head = compact_text(text)[:80]
    if "母公司" in head:
        return "parent"
    if "合并" in head:
        return "consolidated"
    return None


def _column_years(header: Sequence[str | None], year: int) -> list[int | None]:
    out: list[int | None] = []
    for cell in header:
        text = compact_text(cell or "")
        m = _YEAR_HEAD.search(text)
        if m:
            out.append(int(m.group(1)))
        elif _MONTHLY.search(text):
            out.append(None)  # one month's figures, not a year's
        elif PRIOR.search(text):  # first: 上年年末余额 holds the current column's 年末余额
            out.append(year - 1)
        elif CURRENT.search(text):
            out.append(year)
        else:
            out.append(None)
    return out


def _amount(text: str | None, unit: str) -> Decimal | None:
    if not text or re.search(r"[%％\u4e00-\u9fff]", text):
        return None
    value = parse_money(text)
    return None if value is None else value * UNIT_FACTORS.get(unit, Decimal(1))


def read_tables(pdf_page, page: PdfPage, year: int, scope_wanted: str) -> Iterable[tuple[str, int, Decimal, tuple, str, tuple]]:
    """(field, fiscal year, yuan, bbox in raster px, raw cell text, rank) for every figure on a pdfplumber page."""
    text = pdf_page.extract_text() or ""
    unit_match = UNIT_PATTERN.search(compact_text(text))
    unit = unit_match.group(1) if unit_match else "元"
    scope = _scope(text)
    statement = _statement(text)
    scope_rank = 0 if scope == scope_wanted else 1 if scope is None else 2
    for table in pdf_page.find_tables():
        rows = table.extract()
        years = _column_years(rows[0], year) if rows else []
        if not any(years):
            continue
        for r, row in enumerate(rows[1:], 1):
            cells = table.rows[r].cells
            for j, label in enumerate(row):
                name = find_label(label or "")
                if name is None:
                    continue
                kind_rank = 0 if statement in (None, ROWS[name][1]) else 1
                for k in range(j + 1, len(row)):
                    if row[k] and re.search(r"[\u4e00-\u9fff]{2,}", row[k]):
                        break  # the next label (two-sided balance sheets)
                    value = _amount(row[k], unit)
                    if value is None or years[k] is None or cells[k] is None:
                        continue
                    box = tuple(round(v * page.width_px / pdf_page.width, 1) for v in cells[k])
                    yield name, years[k], value, box, row[k], (scope_rank, kind_rank)


def _statement(text: str) -> str | None:
    head = compact_text(text)[:80]
    for name, rx in (("balance_sheet", "资产负债表"), ("income_statement", "利润表|损益表"), ("cash_flow", "现金流量表")):
        if re.search(rx, head):
            return name
    return None


def extract_years(pages: Sequence[PdfPage], year: int, scope: str = "consolidated") -> dict[int, dict[str, Field]]:
    """Fields per fiscal year; the best-ranked figure of each (year, field) wins, the first among equals."""
    import pdfplumber

    best: dict[tuple[int, str], _Candidate] = {}
    for path in dict.fromkeys(p.path for p in pages):
        try:
            with pdfplumber.open(path) as pdf:
                for page in (p for p in pages if p.path == path):
                    cells = read_tables(pdf.pages[page.number - 1], page, page.year or year, scope)
                    for name, fy, value, box, raw, rank in cells:
                        key = (fy, name)
                        if key not in best or rank < best[key].rank:
                            number = int(value) if value == value.to_integral() else float(value)
                            best[key] = _Candidate(rank, Field(value=number, confidence=1.0, page=page.index,
                                                                      bbox=box, raw=raw))
        except Exception as exc:  # moved or unreadable since ingest: the OCR-line figures stand
            log.warning("cannot read the tables of %s: %s", path, exc)
    out: dict[int, dict[str, Field]] = {}
    for (fy, name), cand in best.items():
        out.setdefault(fy, {})[name] = cand.field
    for fy, fields in out.items():
        first = min(f.page for f in fields.values())
        fields["fiscal_year"] = Field(value=fy, confidence=1.0, page=first, raw=f"{fy}年")
    return out
