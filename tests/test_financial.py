"""Financial statements and audit reports: the right column, unit, sign, scope, firm, number, opinion."""
from __future__ import annotations

import pytest

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


@pytest.mark.parametrize("heading, sentence, opinion", [
    ("三、强调亭项", "贵公司2018年度主要客户集中度较高。本段内容不影响已发表的审计意见。", "带强调事项段的无保留意见"),  # misread
    ("三、", "我们提醒财务报表使用者关注，贵公司主要客户集中度较高。", "带强调事项段的无保留意见"),  # heading lost
    ("三、与持续经营相关的重大不确定性", "我们提醒财务报表使用者关注，贵公司连续亏损。", None),  # no emphasis of matter
])
def test_an_emphasis_of_matter_misread_is_still_its_own_opinion(heading, sentence, opinion) -> None:
    page = _report_page("审计报告", "大信审字[2020]第27-00012号", heading, sentence)
    found = financial.extract([page], "audit_report").get("opinion")
    assert (found and found.value) == opinion


def test_a_seal_over_the_row_and_a_lost_enumeration_comma_do_not_hide_the_figure() -> None:
    page = statement("利润表", ["本期金额", "上期金额"], [("四·净利润", "4,689,572.26", "6,249,694.62")])
    page.lines.append(OcrLine("曲子科技", (450, 220 + ROW_H, 620, 250 + ROW_H), 0.9))  # 财务专用章 text
    assert financial.extract([page])["net_profit"].value == 4689572.26


def test_the_prior_year_alone_on_the_assets_row_is_not_taken_for_the_current_one() -> None:
    page = statement("资产负债表", ["期末余额", "上年年末余额"], [("资产总计", "", "395,050,088.10"),
                                                              ("负债和所有者权益总计", "294,498,085.97", "395,050,088.10")])
    page.lines[:] = [line for line in page.lines if line.text]
    assert financial.extract([page])["total_assets"].value == 294498085.97  # the balance sheet's identity


def _askew(page: PageText, slope: float) -> PageText:
    """The page as a scan left slightly turned: each box rises by `slope` pixels a pixel to the right."""
    lines = [OcrLine(l.text, (l.box[0], l.box[1] - slope * l.box[0], l.box[2], l.box[3] - slope * l.box[0]), l.confidence)
             for l in page.lines]
    return PageText(page.index, lines, page.width, page.height, doc_type=page.doc_type, fiscal_year=page.fiscal_year)


def test_a_row_of_a_slightly_turned_scan_keeps_its_figures() -> None:
    rows = [("货币资金", "37,843,271.23", "40,370,531.85"), ("应收账款", "38,789,282.97", "53,212,993.33"),
            ("存货", "31,866,873.55", "49,583,460.61"), ("资产总计", "254,347,975.58", "256,946,114.74"),
            ("负债合计", "100,543,019.76", "107,262,447.47")]
    page = _askew(statement("资产负债表", ["期末余额", "年初余额"], rows), slope=0.03)  # under two degrees
    fields = financial.extract([page])
    assert fields["total_assets"].value == 254347975.58
    assert fields["total_liabilities"].value == 100543019.76


def test_amounts_ocr_misread_are_mended_and_the_unit_after_a_comma_applies() -> None:
    rows = [("一、营业总收入", "298,337334.59", "227,186,220.01"), ("研完开发费", "1.076", "972.19"),
            ("·利网总额（亏损总额以“一”号填列", "1,133.51", "3,844.61"), ("四、净利洞", "914.22", "758.44")]  # 润 misread, a bracket not closed
    page = statement("利润表", ["本期发生额", "上期发生额"], rows, unit="千元")
    page.lines = [l for l in page.lines if l.text != "单位：千元"] + [OcrLine("货币单位，千元", (1050, 160, 1200, 190), 0.9)]
    x0, y0, x1, y1 = next(l.box for l in page.lines if l.text == "1.076")
    page.lines.append(OcrLine(".21", (x1 - 5, y0, x1 + 45, y1), 0.88))  # the cents cut off into a box of their own
    fields = financial.extract([page])
    assert fields["operating_revenue"].value == 298337334590
    assert fields["rd_expense"].value == 1076210
    assert fields["total_profit"].value == 1133510
    assert fields["net_profit"].value == 914220


def test_a_label_ocr_garbled_is_known_by_the_note_only_its_row_carries() -> None:
    rows = [("一、营业收入", "234,682,311.64", "189,921,864.25"),
            ("四、机间总额（亏损总额以“-”号填列）", "51,082,652.45", "-1,516,266.67")]
    fields = financial.extract([statement("利润表", ["本年金额", "上年金额"], rows)])
    assert fields["total_profit"].value == 51082652.45


def test_the_prior_year_column_of_the_next_years_statement_gives_a_year_its_figures() -> None:
    rows = [("资产总计", "253,690,077.95", "217,425,256.24"), ("负债合计", "74,237,896.86", "80,069,819.31")]
    later = statement("资产负债表", ["期末余额", "年初余额"], rows)  # the 2019 balance sheet
    fields = financial.extract_figures([later], 2018, prior=True)
    assert (fields["total_assets"].value, fields["total_liabilities"].value) == (217425256.24, 80069819.31)
    assert fields["total_assets"].confidence < 0.9  # a comparative, not the year's own statement


def test_this_years_month_column_is_no_prior_year() -> None:
    rows = [("一、营业总收入", "9,824,426.82", "126,406,332.97")]
    later = statement("利润表", ["本月数", "本年累计数"], rows)
    assert financial.extract_figures([later], 2018, prior=True) == {}


def test_the_unqualified_opinion_is_known_by_its_sentence_when_a_seal_hides_the_framework() -> None:
    page = _report_page("审计报告", "衡职审审字【2020】第653号", "一、审计意见",
                        "我们认为，后附的财务报表在所有重大方面按照介", "则的规定编制，公允反映了贵公司")
    assert financial.extract([page], "audit_report")["opinion"].value == "标准无保留意见"


def test_the_unqualified_opinion_is_known_by_its_heading_when_blur_garbled_its_sentence() -> None:
    page = _report_page("审计报告", "湘正德审字〔2019〕0960号", "一、审计意见",
                        "我们认为，是后的财务报表在所育木方面接照企业会计准则的规定综制，公充反献了贵", "二、形成审计意见的基础")
    assert financial.extract([page], "audit_report")["opinion"].value == "标准无保留意见"
    page = _report_page("审计报告", "湘正德审字〔2019〕0960号", "一、保留意见", "我们认为，除…的影响外", "二、形成保留意见的基础")
    assert financial.extract([page], "audit_report")["opinion"].value == "保留意见"


def test_the_unqualified_opinion_is_known_by_its_two_headings_when_its_sentence_was_not_read() -> None:
    page = _report_page("审计报告", "审计意见", "月31日的财务状况以及201", "二、形成审计意见的基础", "我们按照中国注")
    assert financial.extract([page], "audit_report")["opinion"].value == "标准无保留意见"


@pytest.mark.parametrize("section", ["三、与持续经营相关的重大不确定性", "三、其他事项", "三、强调事项"])
def test_an_opinion_heading_with_sections_added_to_it_is_not_taken_for_a_standard_opinion(section) -> None:
    page = _report_page("审计报告", "湘正德审字〔2019〕0960号", "一、审计意见",
                        "我们认为，是后的财务报表在所育木方面接照企业会计准则的规定综制，公充反献了贵", "二、形成审计意见的基础",
                        section, "我们提醒财务报表使用者关注")
    opinion = financial.extract([page], "audit_report").get("opinion")
    assert opinion is None or opinion.value != "标准无保留意见"


def test_an_amount_whose_decimal_point_the_ocr_lost_after_its_last_group_keeps_its_cents() -> None:
    rows = [("一、营业总收入", "38,60743", "32.194.91")]
    page = statement("利润表", ["本期发生额", "上期发生额"], rows, unit="万元")
    assert financial.extract([page])["operating_revenue"].value == 386074300


def test_a_statement_whose_unit_line_ocr_lost_is_read_in_the_unit_of_its_companions() -> None:
    sheet = statement("资产负债表", ["期末余额", "年初余额"], [("资产总计", "51,666.04", "27,769.64")], unit="千元")
    income = statement("利润表", ["本期金额", "上期金额"], [("四、净利润", "8,501.98", "6,249.62")], unit="千元", index=2)
    income.lines[:] = [line for line in income.lines if not line.text.startswith("单位")]
    assert financial.extract([sheet, income])["net_profit"].value == 8501980


def _cut(page: PageText, cell: str, head: str, tail: str, overlap: float) -> None:
    """`cell` as OCR reads it now and then: two boxes, the second starting `overlap` pixels inside the first."""
    line = next(line for line in page.lines if line.text == cell)
    x0, y0, x1, y1 = line.box
    page.lines.remove(line)
    page.lines += [OcrLine(head, line.box, 0.9), OcrLine(tail, (x1 - overlap, y0, x1 - overlap + 40, y1), 0.9)]


def test_an_amount_cut_into_two_boxes_at_its_decimal_point_is_read_whole() -> None:
    rows = [("一、营业收入", "8501.98", "7,000.00"), ("四、净利润", "914.22", "700.00")]
    page = statement("利润表", ["本期金额", "上期金额"], rows)
    _cut(page, "8501.98", "8501", "98", overlap=0)  # the decimal point lost between boxes that meet
    _cut(page, "914.22", "914.3", ".22", overlap=6)  # the first box ran into the cents the second reads whole
    fields = financial.extract([page])
    assert (fields["operating_revenue"].value, fields["net_profit"].value) == (8501.98, 914.22)


def _wrap(page: PageText, text: str, upper: str, lower: str, up: int = 15) -> None:
    """The cell `text` printed over two lines of its narrow, right-aligned cell, the upper one
    `up` pixels above the row's label."""
    i = next(i for i, line in enumerate(page.lines) if line.text == text)
    x0, y0, x1, y1 = page.lines[i].box
    page.lines[i:i + 1] = [OcrLine(upper, (x0, y0 - up, x1, y1 - up), 0.96),
                           OcrLine(lower, (x1 - 20 * len(lower), y0 + 34 - up, x1, y1 + 34 - up), 0.99)]


def test_an_amount_wrapped_in_its_narrow_cell_is_read_whole() -> None:
    rows = [("资产总计", "115,384,636.84", "92,728,312.98"), ("负债合计", "280390434.19", "7,000.00")]
    page = statement("资产负债表", ["期末余额", "年初余额"], rows)
    _wrap(page, "115,384,636.84", "115,384,63", "6.84")  # cut inside a group, the label between its lines
    _wrap(page, "280390434.19", "280390434.", "19", up=0)  # cut after the point, the label level with its head
    fields = financial.extract([page])
    assert (fields["total_assets"].value, fields["total_liabilities"].value) == (115384636.84, 280390434.19)


def _profits(total: str, tax: str, net: str) -> tuple[float, float]:
    rows = [("三、利润总额", total, "29,666,663.21"), ("减：所得税费用", tax, "3,701,568.73"),
            ("四、净利润", net, "25,965,094.48")]
    page = statement("利润表", ["本年累计", "上年同期"], rows)
    page.lines[:] = [line for line in page.lines if line.text]
    fields = financial.extract([page])
    return fields["total_profit"].value, fields["net_profit"].value


def test_a_minus_sign_ocr_lost_is_given_back_by_profit_less_tax_is_net_profit() -> None:
    assert _profits("1,516,266.67", "", "-1,516,266.67") == (-1516266.67, -1516266.67)  # no tax on a loss
    assert _profits("500,000.00", "20,000.00", "-520,000.00") == (-500000, -520000)
    assert _profits("-500,000.00", "20,000.00", "520,000.00") == (-500000, -520000)
    assert _profits("500,000.00", "20,000.00", "480,000.00") == (500000, 480000)  # a profit stays one


def test_a_net_profit_cell_garbled_past_reading_is_profit_less_tax_where_its_digits_agree() -> None:
    rows = [("三、利润总额", "20,145,009.07", "9,880,607.13"), ("减：所得税费用", "4,813,483.39", "1,299,718.15"),
            ("四、净利润", "15,331,25.68", "8,580,888.98")]  # the 5 of 525 lost
    assert financial.extract([statement("利润表", ["本期金额", "上期金额"], rows)])["net_profit"].value == 15331525.68
    rows[2] = ("四、净利润", "15,391,25.68", "8,580,888.98")  # a digit misread: no evidence for the figure
    assert "net_profit" not in financial.extract([statement("利润表", ["本期金额", "上期金额"], rows)])


def test_a_net_loss_whose_last_digit_a_seal_hid_is_profit_less_tax() -> None:
    rows = [("三、利润总额", "(235.69)", "2,791.09"), ("减：所得税费用", "0.00", "365.10"), ("四、净利润", "(235.6", "2,425.99")]
    assert financial.extract([statement("利润表", ["本年金额", "上年金额"], rows, unit="万元")])["net_profit"].value == -2356900
    rows[2] = ("四、净利润", "(235.60)", "2,425.99")  # read whole: the statement's own figure stands
    assert financial.extract([statement("利润表", ["本年金额", "上年金额"], rows, unit="万元")])["net_profit"].value == -2356000


def test_a_net_profit_whose_cents_the_ocr_lost_after_the_point_is_profit_less_tax() -> None:
    rows = [("三、利润总额", "791.09", "1,099.66"), ("减：所得税费用", "94.63", "145.76"), ("四、净利润", "696.", "953.90")]
    assert financial.extract([statement("利润表", ["本年累计", "上年同期"], rows, unit="万元")])["net_profit"].value == 6964600
    rows[2] = ("四、净利润", "691.", "953.90")  # another head: no evidence for the figure
    assert financial.extract([statement("利润表", ["本年累计", "上年同期"], rows, unit="万元")])["net_profit"].value == 6910000


def test_a_net_profit_whose_cents_the_ocr_lost_is_the_sum_of_its_parts_where_the_tax_was_not_read() -> None:
    rows = [("三、利润总额", "791.09", "1,099.66"), ("减：所得税费用", "", ""), ("四、净利润", "696.", "953.90"),
            ("（一）按经营持续性分类", "", ""), ("1.持续经营净利润", "696.46", "953.90"), ("2.终止经营净利润", "0.00", "0.00")]
    page = statement("利润表", ["本年累计", "上年同期"], rows, unit="万元")
    page.lines[:] = [line for line in page.lines if line.text]
    assert financial.extract([page])["net_profit"].value == 6964600
    page.lines[:] = [line for line in page.lines if "终止经营" not in line.text]  # a part unread: no sum to go by
    assert financial.extract([page])["net_profit"].value == 6960000


def test_a_discontinued_operations_row_left_blank_adds_nothing_to_the_sum_of_the_parts() -> None:
    rows = [("三、利润总额", "791.09", "1,099.66"), ("减：所得税费用", "", ""), ("四、净利润", "696.", "953.90"),
            ("（一）按经营持续性分类", "", ""), ("1.持续经营净利润", "696.46", "953.90"), ("2.终止经营净利润", "", "")]
    page = statement("利润表", ["本年累计", "上年同期"], rows, unit="万元")
    page.lines[:] = [line for line in page.lines if line.text]
    assert financial.extract([page])["net_profit"].value == 6964600


def test_total_assets_misread_is_the_other_sides_total_where_liabilities_and_equity_add_up_to_it() -> None:
    rows = [("资产总计", "15,955,229.01", "41,662,022.95"), ("负债合计", "19,253,572.92", "17,912,258.82"),
            ("所有者权益合计", "26,701,656.09", "23,749,764.13"), ("负债和所有者权益总计", "45,955,229.01", "41,662,022.95")]
    page = statement("资产负债表", ["期末余额", "年初余额"], rows)
    assert financial.extract([page])["total_assets"].value == 45955229.01
    rows[2] = ("所有者权益合计", "26,701,656.90", "23,749,764.13")  # the sum does not say which total is right
    assert financial.extract([statement("资产负债表", ["期末余额", "年初余额"], rows)])["total_assets"].value == 15955229.01


def test_an_amount_ocr_ran_into_the_next_label_leaves_that_row_readable() -> None:
    """A two-sided balance sheet: the assets' prior-year cell merged with 负债合计 on its right."""
    header = [("资产", 320), ("期末金额", 541), ("期初金额", 732), ("负债和所有者权益", 935), ("期末金额", 1235), ("期初金额", 1432)]
    lines = [OcrLine("资产负债表", (500, 40, 800, 80), 0.99), OcrLine("单位：人民币千元", (1331, 160, 1600, 190), 0.99)]
    lines += [OcrLine(text, (x, 220, x + 130, 250), 0.99) for text, x in header]
    lines += [OcrLine(text, (x0, 300, x1, 330), 0.97) for text, x0, x1 in [
        ("非流动资产合计", 205, 412), ("40,101.87", 555, 701), ("30,439.55负债合计", 746, 1026),
        ("35,330.82", 1250, 1398), ("23,803.26", 1443, 1591)]]
    page = PageText(1, lines, 1782, 2520, doc_type="financial_statement", fiscal_year=2019)
    assert financial.extract([page])["total_liabilities"].value == 35330820


@pytest.mark.parametrize("header, current", [
    (["新京余额", "上年年水余部"], "69,197,085.11"),  # 期末余额 garbled past knowing: the column not the comparative's
    (["上年年水余部", "新京余额"], "62,459,641.31"),
])
def test_the_years_own_column_is_the_one_away_from_the_only_header_read(header, current) -> None:
    rows = [("资产总计", "69,197,085.11", "62,459,641.31")]
    fields = financial.extract([statement("资产负债表", header, rows)])
    assert fields["total_assets"].value == float(current.replace(",", ""))


def test_a_dated_column_whose_year_ocr_misread_is_still_the_years_own() -> None:
    # "2010年12月31日" for 2019年12月31日 beside 2018年12月31日: the column not the year before is the year's.
    rows = [("资产总计", "13,724.56", "6,919.71")]
    page = statement("资产负债表", ["2010年12月31日", "2018年12月31日"], rows, unit="万元")
    assert financial.extract([page])["total_assets"].value == 137245600


def test_a_notes_opening_bracket_read_as_a_one_is_no_figure() -> None:
    rows = [("四、利润总额", "6,778.47", "1,659.30"), ("五净利润1净亏损以-填列）", "5.915.70", "1.401.25")]
    fields = financial.extract([statement("利润表", ["本年金额", "上年金额"], rows, unit="万元")])
    assert fields["net_profit"].value == 59157000


def test_the_comparative_figure_alone_under_the_only_header_read_is_not_the_years() -> None:
    rows = [("资产总计", "", "62,459,641.31")]  # the year's cell blank, its header garbled
    fields = financial.extract([statement("资产负债表", ["新京余额", "上年年末余额"], rows)])
    assert "total_assets" not in fields or fields["total_assets"].value is None


def test_a_note_with_neither_bracket_read_ends_where_the_figures_begin() -> None:
    rows = [("四、利润总额", "6,778.47", "1,659.30"), ("五、净利润1净亏损以-号填列 5,915.70 1,401.25",)]
    fields = financial.extract([statement("利润表", ["本年金额", "上年金额"], rows, unit="万元", merged=True)])
    assert fields["net_profit"].value == 59157000


def test_a_decimal_point_read_as_a_colon_is_a_point() -> None:
    rows = [("资产总计", "13,961:25", "8,092.18"), ("负债合计", "3,960.87", "2:330:06")]
    page = statement("资产负债表", ["期末余额", "年初余额"], rows, unit="万元")
    assert financial.extract([page])["total_assets"].value == 139612500
    second_read = statement("资产负债表", ["年初余额", "期末余额"], rows, unit="万元")  # the other column read
    assert financial.extract([second_read])["total_liabilities"].value == 23300600  # "2:330:06": a comma, then a point


def test_a_thousands_comma_read_as_a_colon_is_a_comma() -> None:
    rows = [("资产总计", "45,955:229", "38,092,180")]  # a statement in whole yuan
    page = statement("资产负债表", ["期末余额", "年初余额"], rows)
    assert financial.extract([page])["total_assets"].value == 45955229


def test_a_total_label_with_one_character_misread_is_read_not_the_parent_company_statements_exact_one() -> None:
    consolidated = statement("合并资产负债表", ["期末数", "期初数"],
                             [("资产总计", "1,845.24", "1,820.78"), ("负值合计", "601.58", "576.73")], unit="万元")
    parent = statement("资产负债表（母公司）", ["期末余额", "年初余额"],
                       [("资产总计", "1374.00", "1548.75"), ("负债合计", "447.95", "490.56")], unit="万元", index=2)
    assert financial.extract([consolidated, parent])["total_liabilities"].value == 6015800


def test_a_longer_label_holding_the_total_is_not_one_character_off_it() -> None:
    page = statement("资产负债表", ["期末余额", "年初余额"], [("流动负债合计", "3,243.78", "2,330.06")], unit="万元")
    assert "total_liabilities" not in financial.extract([page])


def test_profit_before_tax_whose_label_is_garbled_is_the_net_profit_plus_the_tax_on_its_own_page() -> None:
    consolidated = statement("合并利润表", ["本期发生额", "上期发生额"],
                             [("三·利总", "(1.379.66)", "1,533.24"), ("减：所得现费用", "0.00", "376.90"),
                              ("四·净利润", "(1,379.66)", "1,156.33")], unit="万元")
    parent = statement("利润表（母公司）", ["本期金额", "上期金额"],
                       [("三、利润总额", "(1,125.61)", "900.00"), ("四、净利润", "(1,125.61)", "800.00")], unit="万元", index=2)
    fields = financial.extract([consolidated, parent])
    assert fields["total_profit"].value == -13796600
    assert fields["total_profit"].confidence < fields["net_profit"].confidence  # for a reviewer to look at


def test_a_garbled_profit_before_tax_is_rebuilt_from_the_net_profit_its_parts_sign() -> None:
    rows = [("三·利总", "(800.00)", "900.00"), ("所得税费用", "200.00", "100.00"), ("四、净利润", "1,000.00", "800.00"),
            ("持续经营净利润", "(1,000.00)", "800.00"), ("终止经营净利润", "0.00", "0.00")]  # the net's minus lost
    fields = financial.extract([statement("利润表", ["本期金额", "上期金额"], rows, unit="万元")])
    assert fields["net_profit"].value == -10000000
    assert fields["total_profit"].value == -8000000


def test_a_loss_whose_minus_signs_the_ocr_lost_takes_the_sign_its_parts_carry() -> None:
    rows = [("三、利润总额（亏损总额以号填列）", "11355.66", "18356.39"), ("减：所得税费用", "0.00", "2748.06"),
            ("四、净利润（净亏损以““号填列）", "11355.66", "15608.32"), ("1.持续经营净利润", "-11355.66", "15608.32"),
            ("2.终止经营净利润", "0.00", "0.00")]
    fields = financial.extract([statement("损益表", ["本年金额", "上年金额"], rows, unit="千元")])
    assert (fields["total_profit"].value, fields["net_profit"].value) == (-11355660, -11355660)


def test_the_parent_companys_figure_never_stands_in_for_a_consolidated_statement_too_dark_to_read() -> None:
    dark = PageText(1, [OcrLine("资产负债表（合并）", (234, 222, 673, 294), 0.9)], 1300, 1800,
                    doc_type="financial_statement", fiscal_year=2019)
    parent = statement("资产负债表（母公司）", ["期末余额", "年初余额"],
                       [("资产总计", "7,956.15", "11,441.84"), ("负债合计", "2,531.20", "2,871.89")], unit="万元", index=2)
    fields = financial.extract([dark, parent])
    assert "total_assets" not in fields and "total_liabilities" not in fields
    assert financial.extract([parent])["total_assets"].value == 79561500  # the only statement there is


def test_a_title_sharing_its_row_with_small_boxes_still_names_its_scope() -> None:
    dark = PageText(1, [OcrLine("会企01表", (60, 236, 200, 280), 0.9), OcrLine("资产负债表（合并）", (234, 222, 673, 294), 0.9),
                        OcrLine("金额单位：人民币元", (900, 236, 1240, 280), 0.9)], 1300, 1800,
                    doc_type="financial_statement", fiscal_year=2019)
    parent = statement("资产负债表（母公司）", ["期末余额", "年初余额"],
                       [("资产总计", "7,956.15", "11,441.84"), ("负债合计", "2,531.20", "2,871.89")], unit="万元", index=2)
    assert "total_assets" not in financial.extract([dark, parent])



def test_a_decimal_point_read_as_a_comma_before_the_cents_is_a_point() -> None:
    rows = [("资产总计", "75658,95", "51573,17"), ("负债合计", "32811.94", "24477.36")]  # the point read as a comma
    fields = financial.extract([statement("资产负债表", ["期末数", "期初数"], rows, unit="千元")])
    assert fields["total_assets"].value == 75658950 and fields["total_assets"].raw == "资产总计"


def test_a_notes_reference_beside_a_lost_figure_is_no_amount() -> None:
    def cells(y: int, row: tuple[str, ...]) -> list[OcrLine]:
        return [OcrLine(c, (x, y, x + 20 * len(c) + 40, y + 30), 0.97) for x, c in zip((100, 560, 760, 1000), row) if c]
    lines = [OcrLine("资产负债表", (500, 40, 800, 80), 0.99), OcrLine("2019年12月31日", (500, 160, 700, 190), 0.99)]
    for r, row in enumerate([("项目", "附注", "期末余额", "年初余额"), ("资产总计", "5,12", "", "51,573.17"),
                             ("负债合计", "5,13", "32,811.94", "24,477.36")]):  # the current year's total lost
        lines += cells(220 + ROW_H * r, row)
    fields = financial.extract([PageText(1, lines, 1300, 1800, doc_type="financial_statement", fiscal_year=2019)])
    assert "total_assets" not in fields and fields["total_liabilities"].value == 32811.94


def test_a_total_whose_label_is_misread_is_read_where_the_rightly_labelled_row_has_no_figure() -> None:
    rows = [("资产总计",), ("资户总计", "75,658.95", "51,573.17"), ("负债合计", "32,811.94", "24,477.36")]
    fields = financial.extract([statement("资产负债表", ["期末数", "期初数"], rows, unit="千元")])
    assert fields["total_assets"].value == 75658950 and fields["total_assets"].raw == "资户总计"


def test_a_title_the_ocr_cut_in_two_still_names_the_consolidated_statement() -> None:
    consolidated = statement("合并资产", ["年末数", "年初数"],
                             [("资产总计", "84,298,116.43", "81,504,460.10"), ("负债合计", "26,896,281.21", "30,907,955.59")])
    consolidated.lines.insert(1, OcrLine("产负债表", (795, 40, 1000, 80), 0.99))  # '合并资产' | '产负债表', 产 read twice
    parent = statement("母公司资产负债表", ["期末余额", "年初余额"],
                       [("资产总计", "68,417,472.23", "62,000,000.00"), ("负债合计", "21,829,379.48", "20,000,000.00")], index=2)
    fields = financial.extract([consolidated, parent])
    assert (fields["total_assets"].value, fields["total_liabilities"].value) == (84298116.43, 26896281.21)


def test_a_title_cut_under_a_seal_whose_text_reads_as_a_tall_box_still_names_its_scope() -> None:
    rows = [("一、营业总收入", "152,891.89", "140,000.00"), ("四、利润总额", "32,834.82", "30,000.00")]
    consolidated = statement("合并利", ["2019年度", "2018年度"], rows, unit="千元")
    consolidated.lines[1:1] = [OcrLine("润表", (795, 40, 1000, 80), 0.99),  # '合并利' | '润表'
                               OcrLine("岳汽车条", (380, 30, 470, 150), 0.78)]  # the seal's ring text over two rows
    parent = statement("利润表 (母公司)", ["本期发生额", "上期发生额"],
                       [("一、营业总收入", "110,118.42", "113,441.27"), ("四、利润总额", "23,648.86", "20,000.00")],
                       unit="千元", index=2)
    assert financial.extract([consolidated, parent])["operating_revenue"].value == 152891890


def test_total_liabilities_whose_leading_digits_a_seal_hid_is_the_total_less_the_equity() -> None:
    rows = [("资产总计", "9,801.78", "5,021.21"), ("负债合计", "128.92", "1,500.00"), ("所有者权益合计", "6,672.86", "3,521.21"),
            ("负债和所有者权益总", "9,801.78", "5,021.21")]  # its 计 cut off too
    fields = financial.extract([statement("资产负债表", ["期末数", "期初数"], rows, unit="万元")])
    assert fields["total_liabilities"].value == 31289200 and fields["total_liabilities"].confidence < 0.9
    rows[1] = ("负债合计", "2,128.92", "1,500.00")  # a digit misread, none lost: the sum does not say which cell is wrong
    assert financial.extract([statement("资产负债表", ["期末数", "期初数"], rows, unit="万元")])[
        "total_liabilities"].value == 21289200
    rows[:2] = [("负债合计", "128.92", "1,500.00")]  # the assets' row unread: nothing says the total is misread
    assert financial.extract([statement("资产负债表", ["期末数", "期初数"], rows, unit="万元")])[
        "total_liabilities"].value == 31289200


def test_unread_total_liabilities_is_the_total_less_the_equity_only_where_its_parts_agree() -> None:
    rows = [("资产总计", "69,197,085.11", "62,459,641.31"), ("流动负债合计", "21,148,175.04", "16,789,341.57"),
            ("非流动负债合计", "8,770,682.01", "831,055.26"), ("员值合计", "29,918,857.05", "17,620,396.83"),
            ("所有者权益合计", "39,278,228.06", "44,839,244.48"), ("负债和所有者权益总计", "69,197,085.11", "62,459,641.31")]
    fields = financial.extract([statement("资产负债表", ["期末余额", "上年年末余额"], rows)])
    assert fields["total_liabilities"].value == 29918857.05
    rows[4] = ("所有者权益合计", "29,278,228.06", "44,839,244.48")  # the equity misread: the two sums disagree
    assert "total_liabilities" not in financial.extract([statement("资产负债表", ["期末余额", "上年年末余额"], rows)])


@pytest.mark.parametrize("rows, why", [
    ([("资产总计", "9,801.78", "5,021.21"), ("负债合计", "128.92", "1,500.00"), ("所有者权益合计", "6,672.86", "3,521.21"),
      ("负债和所有者权益总计", "19,801.78", "5,021.21")], "the total disagrees with the assets read"),
    ([("资产总计", "9,801.78", "5,021.21"), ("流动负债合计", "2,000.00", "1,000.00"), ("非流动负债合计", "1,000.00", "500.00"),
      ("负债合计", "128.92", "1,500.00"), ("所有者权益合计", "6,672.86", "3,521.21"),
      ("负债和所有者权益总计", "9,801.78", "5,021.21")], "the parts disagree with the total less the equity"),
])
def test_total_liabilities_is_never_mended_against_the_sheets_other_figures(rows, why) -> None:
    fields = financial.extract([statement("资产负债表", ["期末数", "期初数"], rows, unit="万元")])
    assert fields["total_liabilities"].value == 1289200, why


def test_a_balance_sheet_over_two_pages_mends_its_liabilities_from_the_second() -> None:
    assets = statement("资产负债表", ["期末数", "期初数"], [("资产总计", "9,801.78", "5,021.21")], unit="万元")
    rest = [("流动负债合计", "2,128.92", "1,000.00"), ("非流动负债合计", "1,000.00", "500.00"),
            ("负值", "128.92", "1,500.00"), ("所有者权益合计", "6,672.86", "3,521.21"), ("负债和所有者权益总计", "9,801.78", "5,021.21")]
    owed = statement("资产负债表（续）", ["期末数", "期初数"], rest, unit="万元", index=2)
    assert financial.extract([assets, owed])["total_liabilities"].value == 31289200  # unread: derived
    f = financial.extract([assets, owed])["total_liabilities"]
    assert "和所有者权益" in f.raw and f.page == 2  # where the figure comes from: the total, not the equity row
    rest[2] = ("负债合计", "128.92", "1,500.00")  # read with its leading digits lost
    f = financial.extract([assets, statement("资产负债表（续）", ["期末数", "期初数"], rest, unit="万元", index=2)])["total_liabilities"]
    assert f.value == 31289200 and f.confidence < 0.9


def test_a_seals_text_read_into_the_label_leaves_the_rows_figures_readable() -> None:
    rows = [("三、利润总额", "22,998,936.38", "9,003,766.22"), ("减：所得税费用", "2,273,646.43", "963,108.36"),
            ("四、净利润（净亏损以“-”号填列）复术激", "20,725,289.95", "8,040,657.86")]  # 财务专用章 over the label
    fields = financial.extract([statement("利润表", ["本期金额", "上期金额"], rows)])
    assert fields["net_profit"].value == 20725289.95


def test_a_total_whose_decimal_point_the_ocr_lost_is_read_in_yuan_on_a_page_printing_cents() -> None:
    rows = [("货币资金", "10,628,930.17", "9,260,815.70"), ("应收账款", "21,554,102.33", "18,002,410.05"),
            ("存货", "28,165,391.20", "25,004,117.81"), ("流动资产合计", "60,348,423.70", "52,267,343.56"),
            ("资产总计", "32210929608", "136396014.91")]  # 322,109,296.08: its point lost, the digits kept
    fields = financial.extract([statement("资产负债表", ["期末余额", "年初余额"], rows)])
    assert fields["total_assets"].value == 322109296.08
    assert fields["total_assets"].confidence < 0.9


def test_whole_amounts_without_cents_are_read_as_printed() -> None:
    rows = [("货币资金", "10628930", "9260815"), ("存货", "28165391", "25004117"), ("资产总计", "322109296", "136396014")]
    assert financial.extract([statement("资产负债表", ["期末余额", "年初余额"], rows)])["total_assets"].value == 322109296


def test_a_loss_whose_minus_signs_the_ocr_lost_takes_the_sign_the_operating_loss_gives() -> None:
    rows = [("营业利润", "5,304,417.14", "468,003.42"), ("加：营业外收入", "770,067.43", "78,424.43"),
            ("减：营业外支出", "266,078.95", "21,909.71"), ("三、利润总额（亏损总额以“－”号填列）", "4,800,428.66", "524,517.14"),
            ("减：所得税费用", "0.00", "0.00"), ("四、净利润（净亏损以“－”号填列）", "4,800,428.66", "524,517.14")]
    fields = financial.extract([statement("利润表", ["本年累计数", "上年同期"], rows)])
    assert (fields["total_profit"].value, fields["net_profit"].value) == (-4800428.66, -4800428.66)
    assert fields["total_profit"].confidence < 0.8  # the sign comes from the arithmetic, not the cell


def test_a_profit_whose_operating_part_sums_up_stays_a_profit() -> None:
    rows = [("营业利润", "5,304,417.14", "468,003.42"), ("加：营业外收入", "770,067.43", "78,424.43"),
            ("减：营业外支出", "266,078.95", "21,909.71"), ("三、利润总额", "5,808,405.62", "524,517.14")]
    assert financial.extract([statement("利润表", ["本期金额", "上期金额"], rows)])["total_profit"].value == 5808405.62


def test_rd_expense_label_misread_between_its_yan_and_fa_is_the_rd_row() -> None:
    rows = [("管理费用", "13,188,611.29", "10,442,475.04"), ("研宽升发费", "14,398,332.53", "9,558,465.07")]
    assert financial.extract([statement("利润表", ["本年累计", "上年同期"], rows)])["rd_expense"].value == 14398332.53


@pytest.mark.parametrize("firm, number, want_firm, want_number", [
    ("湖南德街会计师事务所有限公司", "湘德衡审字[2018]第0823号", "湖南德衡会计师事务所有限公司", "湘德衡审字〔2018〕第0823号"),
    ("湖南职衡联合会计师事务所", "湘职街审字(2018)450号", "湖南职衡联合会计师事务所", "湘职衡审字〔2018〕450号"),
    ("湖南街道联合会计师事务所", "湘街道审字[2020]第0483号", "湖南街道联合会计师事务所", "湘街道审字〔2020〕第0483号"),
])
def test_firm_and_report_number_put_each_others_misread_glyph_right(firm, number, want_firm, want_number) -> None:
    fields = financial.extract([_report_page("审计报告", number, firm)], "audit_report")
    assert (fields["audit_firm"].value, fields["report_number"].value) == (want_firm, want_number)


def test_an_opinion_section_whose_heading_has_a_misread_character_is_the_standard_one() -> None:
    page = _report_page("审计报告", "一、申计意见", "我们认为·后附的财务报表在所有重大方面按照全业会计准到的规定城制·公先区",
                        "二、形成申计意见的基础")
    assert financial.extract([page], "audit_report")["opinion"].value == "标准无保留意见"


@pytest.mark.parametrize("heading", ["一、审阅意见", "一、审核意见"])
def test_a_review_reports_conclusion_is_no_audit_opinion(heading) -> None:
    page = _report_page("审阅报告", heading, "我们认为，我们没有注意到任何事项使我们相信后附的财务报表未能反映贵公司的财务状况。")
    assert "opinion" not in financial.extract([page], "audit_report")
