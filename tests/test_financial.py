"""Financial statements and audit reports: the right column, unit, sign, scope, firm, number, opinion."""
from __future__ import annotations

from extractors.fields import financial
from extractors.text import PageText
from intake.ocr.base import OcrLine

ROW_H = 40


def statement(title: str, header: list[str], rows: list[tuple[str, ...]], unit: str = "元", index: int = 1,
              merged: bool = False) -> PageText:
    """A statement page as OCR (one line a cell) or a text layer (merged=True: one line a row) gives it."""
    xs = [100, 700, 1000]
    lines = [OcrLine(title, (500, 40, 800, 80), 0.99), OcrLine("编制单位：衡阳市恒通机械制造有限公司", (100, 120, 600, 150), 0.99),
             OcrLine("2019年12月31日" if "资产" in title else "2019年度", (500, 160, 700, 190), 0.99),
             OcrLine(f"单位：{unit}", (1050, 160, 1200, 190), 0.99)]
    for r, row in enumerate([("项目", *header), *rows]):
        y = 220 + r * ROW_H
        if merged:
            lines.append(OcrLine(" ".join(row), (xs[0], y, 1250, y + 30), 1.0))
        else:
            lines += [OcrLine(cell, (x, y, x + 20 * len(cell) + 40, y + 30), 0.97) for x, cell in zip(xs, row)]
    return PageText(index, lines, 1300, 1800, doc_type="financial_statement", fiscal_year=2019)


INCOME = [("一、营业收入", "12,345,678.90", "11,000,000.00"), ("研究开发费", "600,000.00", "500,000.00"),
          ("三、利润总额（亏损总额以“－”号填列）", "(1,234.50)", "800,000.00"),
          ("四、净利润（净亏损以“－”号填列）", "-1,234.50", "700,000.00"), ("1.持续经营净利润", "999.00", "700,000.00"),
          ("1.归属于母公司股东的净利润", "888.00", "680,000.00")]


def test_negative_in_parentheses_or_with_a_minus_is_read_as_negative() -> None:
    fields = financial.extract([statement("利润表", ["本期金额", "上期金额"], INCOME)])
    assert fields["total_profit"].value == -1234.5
    assert fields["net_profit"].value == -1234.5  # not the 持续经营 / 归属于母公司 rows below it


def test_current_column_is_taken_when_the_prior_year_comes_first() -> None:
    swapped = [(label, b, a) for label, a, b in INCOME]
    fields = financial.extract([statement("利润表", ["上年同期", "本年累计"], swapped)])
    assert fields["operating_revenue"].value == 12345678.9
    assert fields["rd_expense"].value == 600000  # 研究开发费: a label pattern with an optional character


def test_thousands_of_yuan_are_converted_to_yuan() -> None:
    rows = [("资产总计", "51,666.04", "27,769.64"), ("负债合计", "18,498.00", "10,382.31")]
    fields = financial.extract([statement("资产负债表", ["期末余额", "年初余额"], rows, unit="千元")])
    assert fields["total_assets"].value == 51666040
    assert fields["total_liabilities"].value == 18498000


def test_dated_column_headers_in_one_text_layer_line_name_the_current_year() -> None:
    rows = [("一、营业总收入", "1", "41,742.13", "55,935.96")]
    page = statement("利润表", ["行次", "2018年度", "2019年度"], rows, merged=True)
    assert financial.extract([page])["operating_revenue"].value == 55935.96


def test_a_misread_column_header_still_names_its_period() -> None:
    rows = [("一、营业收入", "20,774.67", "17,109.21")]
    fields = financial.extract([statement("利润表", ["上年全部", "本年全部"], rows)])
    assert fields["operating_revenue"].value == 17109.21


def test_consolidated_statements_win_unless_the_programme_asks_for_the_parent_company() -> None:
    parent = statement("母公司资产负债表", ["期末余额", "年初余额"], [("资产总计", "800.00", "700.00")], index=1)
    group = statement("合并资产负债表", ["期末余额", "年初余额"], [("资产总计", "1,000.00", "900.00")], index=2)
    assert financial.extract([parent, group])["total_assets"].value == 1000
    assert financial.extract([parent, group], scope="parent")["total_assets"].value == 800


def _report_page(*texts: str) -> PageText:
    lines = [OcrLine(t, (100, 100 + 50 * i, 1200, 140 + 50 * i), 0.98) for i, t in enumerate(texts)]
    return PageText(1, lines, 1300, 1800, doc_type="audit_report", fiscal_year=2019)


def test_firm_with_a_branch_and_report_numbers_of_other_styles() -> None:
    page = _report_page("审计报告", "天健湘审【2020】318号", "天健会计师事务所（特殊普通合伙）湖南分所", "一、保留意见",
                        "我们认为，除“形成保留意见的基础”部分所述事项可能产生的影响外，后附的财务报表在所有重大方面按照企业会计准则的规定编制，公允反映了贵公司的财务状况。")
    fields = financial.extract([page], "audit_report")
    assert fields["audit_firm"].value == "天健会计师事务所（特殊普通合伙）湖南分所"
    assert fields["report_number"].value == "天健湘审〔2020〕318号"
    assert fields["opinion"].value == "保留意见"


def test_an_emphasis_of_matter_paragraph_is_its_own_opinion() -> None:
    page = _report_page("审计报告", "大信审字[2020]第27-00012号", "三、强调事项",
                        "我们提醒财务报表使用者关注，贵公司涉及一项尚未判决的合同纠纷诉讼。本段内容不影响已发表的审计意见。")
    fields = financial.extract([page], "audit_report")
    assert fields["opinion"].value == "带强调事项段的无保留意见"
    assert fields["report_number"].value == "大信审字〔2020〕第27-00012号"


def test_a_seal_over_the_row_and_a_lost_enumeration_comma_do_not_hide_the_figure() -> None:
    page = statement("利润表", ["本期金额", "上期金额"], [("四·净利润", "4,689,572.26", "6,249,694.62")])
    page.lines.append(OcrLine("曲子科技", (450, 220 + ROW_H, 620, 250 + ROW_H), 0.9))  # 财务专用章 text
    assert financial.extract([page])["net_profit"].value == 4689572.26


def test_the_prior_year_alone_on_the_assets_row_is_not_taken_for_the_current_one() -> None:
    page = statement("资产负债表", ["期末余额", "上年年末余额"], [("资产总计", "", "395,050,088.10"),
                                                              ("负债和所有者权益总计", "294,498,085.97", "395,050,088.10")])
    page.lines[:] = [line for line in page.lines if line.text]
    assert financial.extract([page])["total_assets"].value == 294498085.97  # the balance sheet's identity
