"""Spec §6: summary.xlsx with 推荐汇总表 and 缺项清单 in Chinese."""
from conftest import make_record
from openpyxl import load_workbook

from intake.emit.excel import MISSING_SHEET, SUMMARY_SHEET, write_summary
from models import MissingItem


def test_summary_has_one_row_per_dossier_with_chinese_headers(tmp_path, programme):
    path = write_summary(tmp_path / "summary.xlsx", [make_record("a"), make_record("b")], programme)
    sheet = load_workbook(path)[SUMMARY_SHEET]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["序号", "档案编号", "企业名称", "统一社会信用代码"]
    assert "2019年营业收入（万元）" in header
    assert sheet.max_row == 3
    assert sheet.freeze_panes == "A2"
    row = {h: c.value for h, c in zip(header, sheet[2])}
    assert row["统一社会信用代码"] == "91430400MA4L1234X5"
    assert row["2019年营业收入（万元）"] == 1800.0
    assert row["材料是否齐全"] == "是"


def test_missing_item_list_has_one_row_per_missing_item(tmp_path, programme):
    missing = [
        MissingItem(item="financials_2018", reason="missing", detail="2018年度财务报表：未找到该材料"),
        MissingItem(item="commitment_letter", reason="unstamped", detail="未检测到印章"),
    ]
    path = write_summary(tmp_path / "summary.xlsx", [make_record("a", missing_items=missing)], programme)
    sheet = load_workbook(path)[MISSING_SHEET]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert [r[3] for r in rows] == ["financials_2018", "commitment_letter"]
    assert [r[4] for r in rows] == ["2018年度财务报表或审计报告", "申报材料真实性承诺（附件2）"]
    assert [r[5] for r in rows] == ["缺失", "未盖章"]


def test_company_name_starting_with_equals_stays_text(tmp_path, programme):
    evil = '=HYPERLINK("http://x","点我")'
    path = write_summary(tmp_path / "summary.xlsx", [make_record("a", company_name=evil)], programme)
    cell = load_workbook(path)[SUMMARY_SHEET]["C2"]
    assert cell.value == evil
    assert cell.data_type == "s"


def test_columns_are_sized_to_their_content(tmp_path, programme):
    path = write_summary(tmp_path / "summary.xlsx", [make_record("a")], programme)
    sheet = load_workbook(path)[SUMMARY_SHEET]
    assert sheet.column_dimensions["C"].width >= 26  # 13 CJK characters
