"""附件1 基本情况表: label and value cells paired by geometry in every table layout."""
import pytest

from extractors.fields import extract_fields
from extractors.text import PageText, page_from_rows as page
from intake.ocr.base import OcrLine


def fields(rows):
    return {k: f.value for k, f in extract_fields("application_form", [page(rows)]).items()}


# Labels in one row, their values in the row below (boxes as PP-OCR gives them).
STACKED = [
    [("填报单位（盖章）：", 170, 420), ("金额单位：元", 1290, 1500)],
    [("申报单位", 180, 310), ("衡阳市拓源科技股份有限公司", 510, 900)],
    [("联系电话", 177, 309), ("职工人数(人)", 506, 696), ("上年度销售收入", 839, 1129), ("联系人", 1159, 1292)],
    [("18611260498", 177, 353), ("211", 504, 561), ("239,786,100.00", 835, 1061), ("徐敏", 1159, 1235)],
    [("是否上云", 179, 309), ("法定代表人", 508, 667), ("研发费用", 839, 1000), ("授权发明专利（项）", 1162, 1426)],
    [("是（√）否（ ）", 177, 398), ("谢辉", 506, 579), ("12,875,700.00", 837, 1050), ("2", 1161, 1184)],
]


def test_stacked_labels_take_the_value_under_them_not_the_neighbours():
    f = fields(STACKED)
    assert (f["contact_phone"], f["employees"], f["contact_person"]) == ("18611260498", 211, "徐敏")
    assert (f["legal_representative"], f["invention_patents"]) == ("谢辉", 2)


def test_an_empty_cell_does_not_take_the_unit_note_beside_it():
    assert fields(STACKED)["company_name"] == "衡阳市拓源科技股份有限公司"


def test_unit_note_over_the_table_applies_to_bare_amounts():
    f = fields(STACKED)
    assert (f["operating_revenue"], f["rd_expense"]) == (239786100, 12875700)


def test_tick_in_brackets_marks_the_answer():
    assert fields(STACKED)["cloud_platform"] is True
    rows = [[("是否“上云上平台”企业", 100, 400), ("是（ ）否（√）", 500, 700)]]
    assert fields(rows)["cloud_platform"] is False


def test_label_and_unit_wrapped_over_two_lines_in_its_cell():
    rows = [
        [("上年度研发经费投入（", 839, 1131)],
        [("万元）", 837, 921)],
        [("1287.57", 837, 950)],
    ]
    assert fields(rows)["rd_expense"] == 12875700


def test_phone_wrapped_inside_a_narrow_cell_is_joined():
    rows = [[("联系电话", 1064, 1181), ("0734-893365", 1340, 1504)], [("97", 1338, 1384)]]
    p = page(rows, row_h=37, gap=-2)
    f = {k: v.value for k, v in extract_fields("application_form", [p]).items()}
    assert f["contact_phone"] == "0734-89336597"


def test_longer_wordings_leave_no_label_tail_behind_as_the_value():
    rows = [[("所属行业领域", 100, 300), ("非金属矿物制品业", 500, 800)],
            [("法定代表人姓名", 100, 330), ("赵明", 500, 560)],
            [("企业联系人", 100, 280), ("何伟勇", 500, 600)]]
    f = fields(rows)
    assert (f["industry"], f["legal_representative"], f["contact_person"]) == ("非金属矿物制品业", "赵明", "何伟勇")


def test_narrow_cell_wraps_the_label_unit_and_the_decimals():
    rows = [
        [("上年度销售收入", 638, 848), ("176613800", 886, 1025)],
        [("元）", 634, 678), ("00", 885, 923)],
    ]
    p = page(rows, row_h=40, gap=-8)
    f = {k: v.value for k, v in extract_fields("application_form", [p]).items()}
    assert f["operating_revenue"] == 176613800


def test_the_last_digit_of_an_amounts_cents_wrapped_under_it_is_joined():
    rows = [[("联系电话", 647, 779), ("18945070", 890, 1031)],
            [("299", 888, 949)],  # the phone's own wrapped tail, tight above
            [("上年度销售收入", 648, 872), ("10，569.6", 885, 1010), ("研发费用支出（万元）", 1042, 1257), ("616.00", 1282, 1396)],
            [("（万元）", 645, 750), ("1", 891, 915)]]
    p = page(rows, row_h=46, gap=-6)
    f = {k: v.value for k, v in extract_fields("application_form", [p]).items()}
    assert (f["operating_revenue"], f["rd_expense"], f["contact_phone"]) == (105696100, 6160000, "18945070299")


def test_a_lone_zero_read_as_a_full_stop_is_still_no_patents():
    rows = [[("拥有发明专利数（件）", 638, 884), ("。", 921, 956)]]
    assert fields(rows)["invention_patents"] == 0


def test_an_amount_wrapped_in_its_cell_is_joined_and_the_unit_under_a_wrapped_label_applies():
    rows = [
        [("上年度销售收入", 1353, 1639), ("24,100,80", 1676, 1867)],
        [("（元）", 1366, 1461), ("0.00", 1671, 1772)],
        None,
        [("上年度研发经费", 823, 1102), ("745,000.0", 1141, 1334)],
        [("投入（元）", 817, 996), ("0", 1141, 1179)],
    ]
    p = page(rows, width=2153, row_h=50, gap=2)
    f = {k: v.value for k, v in extract_fields("application_form", [p]).items()}
    assert (f["operating_revenue"], f["rd_expense"]) == (24100800, 745000)


def test_a_cell_rule_read_as_a_bar_parts_the_cells_it_joined():
    rows = [[("主营业务收入", 229, 434), ("300,952,300.00|联系人", 622, 978), ("何建", 1262, 1342)],
            [("金额单位：元", 1309, 1497)]]
    f = fields(rows)
    assert (f["operating_revenue"], f["contact_person"]) == (300952300, "何建")


def test_every_separator_read_as_a_point_and_a_dotted_industry_are_mended():
    rows = [[("上年度销售收入（万元）", 248, 548), ("9.797.51", 682, 813)],
            [("所属行业", 242, 373), ("计算机·通信和其他电子设备制造业", 684, 1163)]]
    f = fields(rows)
    assert (f["operating_revenue"], f["industry"]) == (97975100, "计算机、通信和其他电子设备制造业")


def test_a_label_cut_in_two_overlapping_boxes_is_one_label_and_neighbours_stay_apart():
    rows = [[("从业人员", 243, 378), ("员（人）", 358, 441), ("576人", 597, 689)],
            [("上年度营业收入（元）380592700.00", 715, 1054), ("法定代表人姓名", 1044, 1205), ("罗英建", 1242, 1316)]]
    f = fields(rows)
    assert (f["employees"], f["legal_representative"], f["operating_revenue"]) == (576, "罗英建", 380592700)


def test_a_ticked_answer_read_together_with_the_next_label_is_parted_from_it():
    # The cloud label wrapped in its cell, its closing quote read the other way round; the
    # ticked answer and the next cell's label read as one box.
    rows = [[("是否”上云上平", 476, 637), ("■是□否法定代表人姓名", 656, 941), ("曾建刚", 942, 1030)],
            [("台”企业", 474, 571)]]
    f = fields(rows)
    assert (f["cloud_platform"], f["legal_representative"]) == (True, "曾建刚")
    assert fields([[("是否上云上平台", 100, 300), ("否", 500, 540)]])["cloud_platform"] is False


def test_an_amount_read_together_with_the_next_label_is_parted_from_it():
    rows = [[("研发投入（元）", 657, 869), ("9393400.00法人代表", 896, 1223), ("邓丽", 1323, 1405)]]
    f = fields(rows)
    assert (f["rd_expense"], f["legal_representative"]) == (9393400, "邓丽")


def test_an_empty_applicant_line_does_not_take_the_wrapped_label_under_it():
    rows = [[("填报单位（盖章）：", 220, 490)],
            [("统一社会信用代", 226, 467), ("91430406550045035Y", 474, 765)],
            [("码", 229, 273)],
            [("企业名称", 231, 370), ("湖南中天汽车零部件股份有限公司", 480, 951)]]
    assert fields(rows)["company_name"] == "湖南中天汽车零部件股份有限公司"


def test_a_label_wrapped_in_its_cell_finds_its_answer_under_the_neighbours_label():
    # "是否“上云上平台”企" over "业"; the next cell's label on the wrapped line's row.
    rows = [[("是否“上云上平台\"企", 921, 1244), ("联系人", 1262, 1390)],
            [("主营业务收入（万元）", 569, 888), ("业", 919, 967)],
            None,
            [("是(V)否()", 911, 1167), ("胡军东", 1262, 1390)]]
    p = page(rows, width=1600, row_h=48, gap=-4)
    assert extract_fields("application_form", [p])["cloud_platform"].value is True


def test_a_label_wrapped_mid_word_in_its_cell_still_takes_the_value_beside_it():
    rows = [[("2019年营业收", 477, 630), ("20134.82", 654, 760), ("员工人数", 792, 887)],
            [("入（万元）", 480, 587)]]
    p = page(rows, width=1240, row_h=36, gap=-7)
    assert extract_fields("application_form", [p])["operating_revenue"].value == 201348200


def test_a_blurred_form_with_its_stamp_note_and_label_tail_misread_is_still_paired():
    # 盖章 read 监章, 领域 read 锁城: the notes and tails are not the values beside them.
    rows = [[("填握单位（监章）", 246, 574)],
            [("企业名称（监章）", 266, 556), ("衡南县湘博新材料有限责任公司", 586, 1122)],
            [("所属行业锁城", 266, 509), ("非金属矿物制品业", 589, 899)]]
    f = fields(rows)
    assert (f["company_name"], f["industry"]) == ("衡南县湘博新材料有限责任公司", "非金属矿物制品业")


def test_an_amount_whose_cell_wrapped_after_a_whole_reading_is_joined_in_the_unit_its_label_wrapped_to():
    # "上年度营业收入（" over "元" and "10251970" over "0.00": both pieces read as numbers of their own.
    rows = [
        [("上年度营业收入（", 171, 412), ("10251970", 434, 593), ("上年度研发经费", 616, 854), ("3986000.0", 885, 1057)],
        [("元", 167, 220), ("0.00", 428, 510), ("投入（元）", 612, 746), ("0", 883, 913)],
    ]
    f = {k: v.value for k, v in extract_fields("application_form", [page(rows, row_h=44, gap=-4)]).items()}
    assert (f["operating_revenue"], f["rd_expense"]) == (102519700, 3986000)


def test_the_uscc_and_a_dash_stacked_tight_over_the_name_are_not_part_of_it():
    # Rows of a generated form as read: the 信用代码 row, a dash the rule left, then the name's row.
    rows = [[("信用代码", 264, 398), ("91430424798075182A", 670, 988)],
            [("—", 652, 678)],
            [("企业名称（盖章）", 265, 513), ("衡东县旋新新材料有限责任公司", 667, 1111)]]
    f = {k: v.value for k, v in extract_fields("application_form", [page(rows, row_h=44, gap=2)]).items()}
    assert (f["company_name"], f["uscc"]) == ("衡东县旋新新材料有限责任公司", "91430424798075182A")


def test_a_landline_whose_hyphen_the_ocr_dropped_is_written_with_its_area_code_apart():
    assert fields([[("联系电话", 100, 240), ("073482511362", 300, 520)]])["contact_phone"] == "0734-82511362"


def test_two_clean_amounts_in_adjacent_rows_of_one_column_are_read_apart():
    # Revenue "1200" over R&D "85" (万元), each beside its own label, rows close together.
    rows = [[("上年度营业收入（万元）", 100, 420), ("1200", 460, 540)],
            [("研发投入（万元）", 100, 340), ("85", 460, 500)]]
    f = {k: v.value for k, v in extract_fields("application_form", [page(rows, row_h=40, gap=2)]).items()}
    assert (f["operating_revenue"], f["rd_expense"]) == (12000000, 850000)


def test_an_industry_with_a_look_alike_misread_is_the_classifications_division_less_sure():
    rows = [[("所属行业", 242, 373), ("通用设各制造业", 684, 900)]]
    industry = extract_fields("application_form", [page(rows)])["industry"]
    clean = extract_fields("application_form", [page([[("所属行业", 242, 373), ("通用设备制造业", 684, 900)]])])["industry"]
    assert industry.value == "通用设备制造业" and industry.confidence < clean.confidence


@pytest.mark.parametrize("written", ["模具制造业", "农药制造业", "铁路运输业", "通信设备制造业"])
def test_an_industry_one_glyph_off_a_division_but_no_look_alike_is_kept(written):
    assert fields([[("所属行业", 242, 373), (written, 684, 900)]])["industry"] == written


def test_an_industry_in_the_applicants_own_words_is_kept():
    rows = [[("所属行业", 242, 373), ("新能源汽车零部件制造", 684, 1000)]]
    assert fields(rows)["industry"] == "新能源汽车零部件制造"


def _rd_expense_over_two_lines(upper: str, lower: str) -> object:
    """研发费用 of a cell read as two lines, its label centred nearer the lower one (the value found there)."""
    lines = [OcrLine(text, tuple(map(float, box)), 0.99) for text, box in [
        ("金额单位：元", (956, 296, 1100, 330)), ("研发费用", (476, 752, 583, 786)), (upper, (652, 724, 780, 759)),
        (lower, (655, 766, 680, 787)), ("主导产品", (159, 854, 270, 892))]]
    found = extract_fields("application_form", [PageText(index=1, lines=lines, width=1259, height=1767)])
    return found["rd_expense"].value if "rd_expense" in found else None


@pytest.mark.parametrize("upper, lower", [("6303500.0", "0"), ("6303500.", "00")])
def test_an_amount_whose_cents_wrapped_under_a_label_centred_on_its_lower_line_is_read_whole(upper, lower):
    assert _rd_expense_over_two_lines(upper, lower) == 6303500


@pytest.mark.parametrize("upper, lower", [("6303500", "12"), ("2019", "85"), ("630350", "0")])
def test_digits_over_digits_in_one_column_are_never_joined_the_upper_is_the_amount(upper, lower):
    assert _rd_expense_over_two_lines(upper, lower) == int(upper)


@pytest.mark.parametrize("upper, lower, amount", [("176613800", "00", 176613800), ("10251970", "0.00", 102519700)])
def test_cents_wrapped_under_a_whole_amount_found_on_the_lower_line_are_joined(upper, lower, amount):
    assert _rd_expense_over_two_lines(upper, lower) == amount


def test_a_count_whose_unit_was_read_as_a_box_of_its_own_takes_the_box_after_it():
    rows = [[("从业人员", 212, 344), ("（人）", 343, 415), ("76人", 463, 534), ("联系人", 640, 776), ("曾衡伟", 898, 1003)],
            [("发明专利", 212, 344), ("（件）", 343, 415), ("2", 463, 490)]]
    f = fields(rows)
    assert (f["employees"], f["invention_patents"], f["contact_person"]) == (76, 2, "曾衡伟")


def test_thousands_separators_read_as_points_still_make_an_amount():
    rows = [[("主营业务收入（元）", 344, 653)], [("183,113.700.00", 379, 639)]]
    assert fields(rows)["operating_revenue"] == 183113700


@pytest.mark.parametrize("upper, lower, amount", [
    ("（万元）", "1098.20", 1098.2), ("合计", "6303500", 6303500), ("2019年", "85", 85),  # a unit, label or year
    ("12", "6303500.00", 6303500),  # a whole amount with its cents under a footnote's number
    ("6303500.0", "0", 6303500), ("10251970", "0.00", 102519700),  # the cents wrapped: one amount
])
def test_an_amount_on_its_cells_lower_line_takes_the_line_above_only_as_its_own_digits(upper, lower, amount):
    # The row's label sits nearer the cell's lower line, so the value is found there.
    lines = [OcrLine("金额单位：元", (1290, 40, 1500, 86), 0.95), OcrLine(upper, (891, 100, 1010, 146), 0.95),
             OcrLine("上年度销售收入", (648, 128, 872, 174), 0.95), OcrLine(lower, (891, 140, 1010, 186), 0.95)]
    found = extract_fields("application_form", [PageText(index=1, lines=lines, width=1654, height=2339)])
    assert found["operating_revenue"].value == amount


def test_two_label_cells_read_as_one_box_are_parted_and_each_takes_its_value():
    rows = [
        [("申报单位", 228, 343), ("湖南湘盛电气有限公司", 535, 802)],
        [("职工总数（人）", 226, 409), ("联系方式", 533, 654), ("法人代表", 840, 959), ("研发费用支出（元）", 1147, 1367)],
        [("205", 223, 278), ("18939893437", 534, 684), ("黄波文", 843, 931), ("2,557,900.00", 1148, 1315)],
        [("上年度销售收入（元）", 232, 470), ("是否“上云上平台”企业拥有发明专利数（件）", 535, 1099), ("企业联系人", 1151, 1289)],
        [("42,031,600.00", 226, 409), ("☑是□否", 533, 665), ("1件", 840, 893), ("阳红", 1147, 1211)],
    ]
    f = {k: v.value for k, v in extract_fields("application_form", [page(rows, width=1654, height=2339)]).items()}
    assert (f["invention_patents"], f["cloud_platform"], f["contact_person"]) == (1, True, "阳红")


def test_a_single_label_that_reads_as_two_over_one_value_is_not_parted():
    from extractors.fields.application_form import _two_labels

    label = OcrLine("法定代表人联系电话", (230, 100, 470, 140), 0.98)
    value = OcrLine("13511053888", (240, 170, 420, 205), 0.99)
    assert _two_labels(label, [label, value]) is None
