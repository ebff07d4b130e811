"""summary.xlsx in the bureau's form: 推荐汇总表 and 缺项清单, Chinese headers.

Every string is stored as a text cell, never a formula: a company name that
starts with '=' stays text (CSV/Excel formula injection).
"""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from intake.labels import REASON_LABELS, SEVERITY_LABELS
from intake.programme import Programme
from models import DossierRecord

SUMMARY_SHEET = "推荐汇总表"
MISSING_SHEET = "缺项清单"
FINDINGS_SHEET = "问题提示"
WAN = 10_000
MAX_WIDTH = 60


def write_summary(path: Path, records: list[DossierRecord], programme: Programme) -> Path:
    book = Workbook()
    summary = book.active
    summary.title = SUMMARY_SHEET
    years = programme.fiscal_years
    _fill(summary, _summary_header(years), (_summary_row(n, r, programme) for n, r in enumerate(records, 1)))
    _fill(book.create_sheet(MISSING_SHEET), ["序号", "档案编号", "企业名称", "缺项编号", "缺项名称", "原因", "说明"],
          _missing_rows(records, programme))
    _fill(book.create_sheet(FINDINGS_SHEET), ["序号", "档案编号", "企业名称", "级别", "问题", "文件", "页码"], _finding_rows(records))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    book.save(tmp)
    tmp.replace(path)
    return path


def _summary_header(years: list[int]) -> list[str]:
    return [
        "序号", "档案编号", "企业名称", "统一社会信用代码", "法定代表人", "注册资本（万元）", "成立日期",
        *[f"{y}年营业收入（万元）" for y in years],
        f"{years[-1]}年净利润（万元）", f"{years[-1]}年研发费用（万元）",
        "发明专利（件）", "高新技术企业", "上云上平台", "页数", "材料是否齐全", "缺项数", "缺项及原因", "问题提示数",
    ]


def _summary_row(number: int, record: DossierRecord, programme: Programme) -> list:
    years = programme.fiscal_years
    licence = _fields(record, "business_licence")
    form = _fields(record, "application_form")
    revenue = {y: _fields(record, ("audit_report", "financial_statement"), y).get("operating_revenue") for y in years}
    latest = _fields(record, ("audit_report", "financial_statement"), years[-1])
    patents = sum(1 for d in record.documents if d.doc_type == "patent_certificate")
    return [
        number,
        record.dossier_id,
        _value(record.company.company_name),
        _value(record.company.uscc),
        _value(licence.get("legal_representative") or form.get("legal_representative")),
        _wan(licence.get("registered_capital")),
        _value(licence.get("established_date")),
        *[_wan(revenue[y]) for y in years],
        _wan(latest.get("net_profit")),
        _wan(latest.get("rd_expense")),
        _value(form.get("invention_patents")) or patents,
        "是" if any(d.doc_type == "high_tech_certificate" for d in record.documents) else "否",
        "是" if any(d.doc_type == "cloud_platform_proof" for d in record.documents) else "否",
        len(record.pages),
        "是" if record.complete else "否",
        len(record.missing_items),
        "；".join(f"{programme.item_label(m.item)}（{REASON_LABELS.get(m.reason, m.reason)}）" for m in record.missing_items),
        len(record.findings),
    ]


def _missing_rows(records: list[DossierRecord], programme: Programme) -> Iterable[list]:
    number = 0
    for record in records:
        for item in record.missing_items:
            number += 1
            yield [number, record.dossier_id, _value(record.company.company_name), item.item,
                   programme.item_label(item.item), REASON_LABELS.get(item.reason, item.reason), item.detail]


def _finding_rows(records: list[DossierRecord]) -> Iterable[list]:
    number = 0
    for record in records:
        for finding in record.findings:
            number += 1
            yield [number, record.dossier_id, _value(record.company.company_name),
                   SEVERITY_LABELS.get(finding.severity, finding.severity), finding.message,
                   finding.file or "", finding.page or ""]


def _fields(record: DossierRecord, doc_types, year: int | None = None) -> dict:
    """Fields of the first document of the given type(s) (and fiscal year)."""
    doc_types = (doc_types,) if isinstance(doc_types, str) else doc_types
    for doc_type in doc_types:
        for doc in record.documents:
            if doc.doc_type == doc_type and (year is None or doc.fiscal_year == year):
                return doc.fields
    return {}


def _value(field):
    return None if field is None else field.value


def _wan(field) -> float | None:
    value = _value(field)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return round(value / WAN, 2)
    return None


def _fill(sheet: Worksheet, header: list[str], rows: Iterable[list]) -> None:
    sheet.append(header)
    for row in rows:
        sheet.append([None if v is None else v for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(_display_width(c.value) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(MAX_WIDTH, width + 2)


def _display_width(value) -> int:
    """CJK characters take two columns."""
    if value is None:
        return 4
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))
