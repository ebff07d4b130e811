"""A born-digital annual report: three years' figures read exactly from its text layer, no OCR."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from extractors.fields.annual_report import PdfPage, _column_years, extract_years
from intake.pipeline import Pipeline
from samples.company import make_company
from samples.financials_plan import make_loss
from samples.render.annual_report import page_plan, pdf_bytes

YEAR = 2019
FIELDS = {"operating_revenue": "revenue", "total_profit": "total_profit", "net_profit": "net_profit",
          "total_assets": "total_assets", "total_liabilities": "total_liabilities", "rd_expense": "rd"}


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, object]:
    company = make_company(random.Random(7))
    make_loss(company.years[2018], 0.03)  # negative figures too
    folder = tmp_path_factory.mktemp("dossier") / "hy-annual"
    folder.mkdir()
    (folder / "2019年年度报告.pdf").write_bytes(pdf_bytes(company, YEAR, "t"))
    return folder, company


def _expected(company, year: int) -> dict[str, float]:
    y = company.years[year]
    return {name: round(getattr(y, attr), 2) for name, attr in FIELDS.items()}


def test_every_figure_of_the_three_years_is_read_exactly_from_the_tables(report) -> None:
    folder, company = report
    pages = [PdfPage(i, folder / "2019年年度报告.pdf", i, 1654) for i in range(1, len(page_plan()) + 1)]
    years = extract_years(pages, YEAR)
    assert sorted(years) == [2017, 2018, 2019]
    for year, fields in years.items():
        assert {name: fields[name].value for name in FIELDS} == _expected(company, year)
        assert fields["fiscal_year"].value == year


def test_parent_company_figures_when_the_programme_asks_for_them(report) -> None:
    folder, company = report
    pages = [PdfPage(i, folder / "2019年年度报告.pdf", i, 1654) for i in range(1, len(page_plan()) + 1)]
    consolidated = extract_years(pages, YEAR)[YEAR]["total_assets"].value
    parent = extract_years(pages, YEAR, scope="parent")[YEAR]["total_assets"].value
    assert parent < consolidated == round(company.years[YEAR].total_assets, 2)


def test_column_headers_name_their_years_and_a_month_column_none() -> None:
    heads = ["项目", "上年年末余额", "期末余额", "本年比上年增减", "本月数", "本年累计数", "2017年末"]
    assert _column_years(heads, YEAR) == [None, 2018, 2019, None, None, 2019, 2017]


class CountingEngine:
    """The real engine, counting the recognition calls made."""

    def __init__(self, engine) -> None:
        self._engine = engine
        self.calls = 0

    def read(self, image):
        self.calls += 1
        return self._engine.read(image)

    def read_regions(self, image, quads):
        self.calls += 1
        return self._engine.read_regions(image, quads)

    def __getattr__(self, name):
        return getattr(self._engine, name)


def test_the_pipeline_reads_the_report_without_ocr_one_document_per_year(report, engine, programme) -> None:
    folder, company = report
    counting = CountingEngine(engine)
    record = Pipeline(counting, programme).process(folder)
    assert counting.calls == 0
    assert all(p.text_source == "pdf_text" and p.doc_type == "financial_statement" for p in record.pages)
    docs = {d.fiscal_year: d for d in record.documents if d.doc_type == "financial_statement"}
    assert sorted(docs) == [2017, 2018, 2019]
    for year, doc in docs.items():
        assert {name: doc.fields[name].value for name in FIELDS} == _expected(company, year)
        for name in FIELDS:  # provenance: the page and the cell's box on it
            field = doc.fields[name]
            assert field.page in doc.pages and field.bbox and field.bbox[2] > field.bbox[0]
    assert not [m for m in record.missing_items if m.item.startswith("financials")]
