"""A year's figures against the next year's statements, which print them again as comparatives."""
from datetime import datetime, timezone

import numpy as np
import pytest

from intake.assemble import assemble_record
from intake.ingest import SourcePage
from intake.ocr.base import OcrLine
from intake.pipeline import PageContext
from models import Legibility


def _income_statement(index: int, year: int, revenue: tuple[str, float], comparative: str, title: str = "利润表",
                      prior_header: str = "上期金额") -> PageContext:
    """An income statement page: this year's revenue cell read with `revenue`'s confidence, and the
    year before's; its other rows print their cents."""
    text, confidence = revenue
    lines = [OcrLine(title, (600, 100, 900, 150), 0.99), OcrLine(f"{year}年度", (600, 170, 800, 210), 0.99),
             OcrLine("单位：元", (1200, 170, 1350, 210), 0.99), OcrLine("项目", (150, 250, 250, 290), 0.99),
             OcrLine("本期金额", (900, 250, 1050, 290), 0.99), OcrLine(prior_header, (1200, 250, 1350, 290), 0.99),
             OcrLine("一、营业收入", (150, 310, 350, 350), 0.99), OcrLine(text, (880, 310, 1080, 350), confidence),
             OcrLine(comparative, (1180, 310, 1380, 350), 0.99)]
    for row, label in enumerate(["营业成本", "销售费用", "管理费用"], start=1):
        y = 310 + 60 * row
        lines += [OcrLine(label, (150, y, 350, y + 40), 0.99), OcrLine("1,000,000.00", (880, y, 1080, y + 40), 0.99),
                  OcrLine("900,000.00", (1180, y, 1380, y + 40), 0.99)]
    return PageContext(source=SourcePage(f"{index:02d}.jpg", 1, np.zeros((1, 1, 3), np.uint8), 200.0), index=index,
                       image=None, width=1654, height=2339, text_source="ocr", lines=lines, doc_type="financial_statement",
                       confidence=0.9, legibility=Legibility(score=0.9, legible=True), fiscal_year=year)


def _revenue_of_2018(programme, own: tuple[str, float], next_title: str = "利润表", next_prior: str = "上期金额") -> float:
    pages = [_income_statement(1, 2018, own, "200,000,000.00"),
             _income_statement(2, 2019, ("350,000,000.00", 0.99), "321,949,100.00", next_title, next_prior)]
    record = assemble_record(dossier_id="d", source="/in/d", contexts=pages, findings=[], programme=programme,
                             processed_at=datetime(2020, 10, 1, tzinfo=timezone.utc))
    return next(d for d in record.documents if d.fiscal_year == 2018).fields["operating_revenue"].value


@pytest.mark.parametrize("confidence", [0.6, 0.75, 0.79])
def test_a_figure_read_with_no_sign_of_damage_stands_against_the_next_years_comparative(programme, confidence):
    # A comparative may be another scope or restated: it only fills a figure OCR lost.
    assert _revenue_of_2018(programme, ("221,049,100.00", confidence)) == 221049100


def test_a_figure_read_surely_stands_against_the_next_years_comparative(programme):
    assert _revenue_of_2018(programme, ("221,049,100.00", 0.98)) == 221049100


def test_a_figure_the_ocr_lost_is_the_next_years_comparative(programme):
    assert _revenue_of_2018(programme, ("", 0.98)) == 321949100


def test_a_figure_put_right_takes_the_surer_comparative_of_the_next_years_statements(programme):
    # Its decimal point lost ('22104910000' on a page printing cents): read back as 221,049,100.00, less surely.
    assert _revenue_of_2018(programme, ("22104910000", 0.9)) == 321949100


@pytest.mark.parametrize("next_title, next_prior", [("利润表（母公司）", "上期金额"), ("利润表", "上期金额（重述后）")])
def test_a_figure_put_right_stands_against_a_comparative_of_another_scope_or_restated(programme, next_title, next_prior):
    own_title = "合并利润表" if "母公司" in next_title else "利润表"
    pages = [_income_statement(1, 2018, ("22104910000", 0.9), "200,000,000.00", own_title),
             _income_statement(2, 2019, ("350,000,000.00", 0.99), "321,949,100.00", next_title, next_prior)]
    record = assemble_record(dossier_id="d", source="/in/d", contexts=pages, findings=[], programme=programme,
                             processed_at=datetime(2020, 10, 1, tzinfo=timezone.utc))
    assert next(d for d in record.documents if d.fiscal_year == 2018).fields["operating_revenue"].value == 221049100
