"""营业执照 fields on the 2016+ landscape licence: two columns of label/value boxes."""
import re
from pathlib import Path

import pytest

from extractors.fields import extract_fields
from extractors.fields.business_licence import issue_date_unread
from extractors.text import page_from_rows as page

# As PP-OCR reads a landscape licence copied onto A4 (boxes from a generated page).
LANDSCAPE = [
    [("统一社会信用代码91430423186221871E", 180, 680)],
    [("营业执照", 600, 1080)],
    [("企业名称", 220, 340), ("衡山县新力食品有限责任公司", 390, 750), ("成立日期", 850, 970), ("2009年07月24日", 1040, 1235)],
    [("企业类型", 220, 340), ("有限责任公司 (自然人投资或控股)", 390, 810), ("营业期限", 850, 970), ("自2009年07月24日至", 1040, 1290)],
    [("法定代表人", 220, 365), ("唐志芳", 390, 480), ("长期", 1040, 1100)],
    [("注册资本", 220, 340), ("8000万元人民币", 390, 590), ("营业场所", 850, 970), ("湖南省衡阳市衡山县产业园c栋", 1040, 1410)],
    [("经营范围", 200, 320), ("食品生产、销售；农产品收购与加工；预包装食品批发；货物或技术进出口（国家禁止或涉及行", 390, 1530)],
    [("政审批的货物和技术进出口除外）", 390, 800), ("。（依法须经批准的项目，经相关部门批准后方可开展经营活", 810, 1530)],
    [("动)", 390, 440)],
    [("登记机关", 1020, 1250)],
    [("常宁贸市场监督管理局", 1000, 1300)],
    [("2019年03月07日", 1090, 1300)],
    [("国家市场监督管理总局监制", 180, 400)],
]


def fields():
    return {k: f.value for k, f in extract_fields("business_licence", [page(LANDSCAPE)]).items()}


def test_each_column_pairs_its_own_labels_and_values():
    f = fields()
    assert f["company_name"] == "衡山县新力食品有限责任公司"
    assert f["established_date"] == "2009-07-24"
    assert f["legal_representative"] == "唐志芳"
    assert f["registered_capital"] == 80000000
    assert f["company_type"] == "有限责任公司（自然人投资或控股）"


def test_uscc_whose_4s_the_ocr_split_into_slant_and_stem_is_read():
    rows = [[("社会信用代码91-130.100MA.1RJJ91X7", 180, 680)]] + LANDSCAPE[1:]
    f = extract_fields("business_licence", [page(rows)])
    assert f["uscc"].value == "91430400MA4RJJ91X7"


def test_term_wrapped_in_its_narrow_column_is_completed():
    assert fields()["business_term"] == "2009-07-24至长期"


def test_term_whose_last_digit_of_the_day_wrapped_is_completed():
    rows = [row if row[0][0] != "企业类型" else
            [("企业类型", 220, 340), ("有限责任公司 (自然人投资或控股)", 390, 810), ("营业期限", 850, 970),
             ("自2013年01月27日至2033年1月2", 1040, 1400)] for row in LANDSCAPE]
    rows[4] = [("法定代表人", 220, 365), ("唐志芳", 390, 480), ("6日", 1040, 1080)]
    term = extract_fields("business_licence", [page(rows)])["business_term"].value
    assert term == "2013-01-27至2033-01-26"


def test_scope_line_cut_in_two_boxes_by_the_ocr_is_kept_whole():
    assert fields()["business_scope"].endswith("货物和技术进出口除外）。（依法须经批准的项目，经相关部门批准后方可开展经营活动）")


def test_misread_authority_is_snapped_to_a_real_one():
    assert fields()["registration_authority"] == "常宁市市场监督管理局"
    assert fields()["issue_date"] == "2019-03-07"


def test_company_type_with_its_comma_misread_is_the_registered_type():
    rows = [[(text.replace("有限责任公司 (自然人投资或控股)", "股份有限公司（非上市·自然人投资或控股）"), x0, x1)
             for text, x0, x1 in row] for row in LANDSCAPE]
    f = extract_fields("business_licence", [page(rows)])
    assert f["company_type"].value == "股份有限公司（非上市、自然人投资或控股）"


def test_building_letter_read_lower_case_is_a_capital():
    assert fields()["address"] == "湖南省衡阳市衡山县产业园C栋"


def test_true_copy_note_over_the_scope_is_not_part_of_it():
    rows = LANDSCAPE[:9] + [[("复印件与原件相符", 390, 700)]] + LANDSCAPE[9:]
    scope = {k: f.value for k, f in extract_fields("business_licence", [page(rows)]).items()}["business_scope"]
    assert scope.endswith("经营活动）")


def test_seal_text_read_in_the_scopes_column_under_its_closing_clause_is_not_part_of_it():
    clause = [("政审批的货物和技术进出口除外）", 390, 800), ("。（依法须经批准的项目，经相关部门批准后方可升展经营活动）", 810, 1530)]
    rows = LANDSCAPE[:7] + [clause, [("机械制", 400, 520)], [("有限公司", 390, 560)]] + LANDSCAPE[9:]
    scope = {k: f.value for k, f in extract_fields("business_licence", [page(rows)]).items()}["business_scope"]
    assert scope.endswith("技术进出口除外）。（依法须经批准的项目，经相关部门批准后方可开展经营活动）")


def test_enumeration_comma_lost_at_a_wrap_between_items_with_one_head_word_is_put_back():
    rows = [[("经营范围", 118, 203), ("系统集成：信息技术开发、技术咨询", 259, 590)],
            [("技术服务：计算机软硬件销售：货物或", 258, 597)],
            [("技术进出口（国家禁止或涉及行政审批", 258, 597)],  # a wrap inside an item: nothing lost
            [("的货物和技术进出口除外）。（依法须经批准的项目，经相关部门批准后方可开展经营活动）", 258, 597)]]
    scope = extract_fields("business_licence", [page(rows)])["business_scope"].value
    assert scope.startswith("系统集成；信息技术开发、技术咨询、技术服务；计算机软硬件销售；货物或技术进出口（国家禁止")


def test_labels_whose_first_character_the_ocr_lost_are_still_labels():
    rows = [[("名", 232, 258), ("称：", 322, 372), ("耒阳市创丰生物科技股份有限公司", 394, 745)],
            [("体类型：", 272, 371), ("股份有限公司（非上市）", 386, 647), ("册日期：2003年3月11日", 932, 1203)],
            [("注‧册资本 叁仟万元整", 100, 500)]]  # and a spaced label's gap read as a dot
    f = {k: v.value for k, v in extract_fields("business_licence", [page(rows)]).items()}
    assert (f["established_date"], f["company_type"], f["registered_capital"]) == ("2003-03-11", "股份有限公司（非上市）", 30000000)


def _with_date_rows(*date_rows):
    """The landscape licence with its date line replaced by `date_rows` as the OCR read them."""
    i = LANDSCAPE.index([("2019年03月07日", 1090, 1300)])
    rows = LANDSCAPE[:i] + list(date_rows) + LANDSCAPE[i + 1:]
    return {k: f.value for k, f in extract_fields("business_licence", [page(rows)]).items()}


def test_issue_date_cut_in_pieces_by_the_seal_is_read_whole():
    assert _with_date_rows([("2019年0", 1090, 1150), ("3月07日", 1190, 1300)])["issue_date"] == "2019-03-07"


def test_issue_date_garbled_under_the_seal_is_read_leniently():
    assert _with_date_rows([("2O19午03月07曰", 1090, 1300)])["issue_date"] == "2019-03-07"


def test_issue_date_whose_years_zero_the_seal_made_a_nine_is_read():
    assert _with_date_rows([("2919年03月07日", 1090, 1300)])["issue_date"] == "2019-03-07"


def test_issue_date_before_the_company_existed_is_not_taken():
    assert "issue_date" not in _with_date_rows([("2001年03月07日", 1090, 1300)])


def test_restriction_whose_bracket_the_ocr_lost_gets_it_back():
    rows = [[("经营范围", 200, 320), ("货物或技术进出口", 390, 800)],
            [("国家禁止或涉及行政审批的货物和技术进出口除外）。", 390, 1200)]]
    scope = extract_fields("business_licence", [page(rows)])["business_scope"].value
    assert scope == "货物或技术进出口（国家禁止或涉及行政审批的货物和技术进出口除外）。"


def test_standard_import_export_item_with_its_tail_lost_is_written_out_less_sure():
    rows = [[("经营范围", 200, 320), ("系统集成；货物或技术进出口（国家禁止或涉及行政审批的货物和技术进", 390, 1500)]]
    scope = extract_fields("business_licence", [page(rows)])["business_scope"]
    assert scope.value == "系统集成；货物或技术进出口（国家禁止或涉及行政审批的货物和技术进出口除外）"
    whole = [[("经营范围", 200, 320), ("系统集成；货物或技术进出口（国家禁止或涉及行政审批的货物和技术进出口除外）", 390, 1500)]]
    assert scope.confidence < extract_fields("business_licence", [page(whole)])["business_scope"].confidence


@pytest.mark.parametrize("item", [
    "货物进出口（国家禁止或涉及行政审批的货物进出口除外）",
    "技术进出口（国家禁止或涉及行政审批的技术进出口除外）",
    "货物或技术进出口（国家禁止的货物和技术进出口除外）",
])
def test_a_narrower_import_export_wording_stays_as_read(item):
    rows = [[("经营范围", 200, 320), (f"系统集成；{item}", 390, 1500)]]
    assert extract_fields("business_licence", [page(rows)])["business_scope"].value == f"系统集成；{item}"


def test_issue_date_with_its_century_and_label_under_the_seal_is_read():
    i = LANDSCAPE.index([("登记机关", 1020, 1250)])
    rows = LANDSCAPE[:i] + [None] + LANDSCAPE[i + 1:]  # 登记机关 not read at all
    rows[rows.index([("2019年03月07日", 1090, 1300)])] = [("19年3月7日", 1090, 1250)]
    assert {k: f.value for k, f in extract_fields("business_licence", [page(rows)]).items()}["issue_date"] == "2019-03-07"


def test_licence_under_an_unread_seal_gets_its_date_and_the_authority_its_uscc_names(engine, programme):
    """A scanned licence, read by the real OCR: the seal over 登记机关 and the date carries no
    legible text, so the authority is the one the USCC's division (430481, 耒阳市) names."""
    from datetime import datetime, timezone

    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    from intake.assemble import assemble_record
    from intake.ingest import SourcePage
    from intake.pipeline import PageContext, Pipeline

    font = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
    sheet = Image.new("RGB", (1654, 2339), (250, 246, 244))
    draw = ImageDraw.Draw(sheet)
    body = ImageFont.truetype(font, 36)
    draw.text((640, 250), "营业执照", font=ImageFont.truetype(font, 90), fill=(20, 20, 20))
    for i, text in enumerate(["统一社会信用代码：91430481MA4UK5A16Y", "名称：耒阳市恒通机械制造有限公司",
                              "类型：有限责任公司（自然人投资或控股）", "法定代表人：王建国", "成立日期：2012年03月15日",
                              "营业期限：2012年03月15日至长期", "经营范围：机械设备制造、销售。"]):
        draw.text((200, 520 + 80 * i), text, font=body, fill=(20, 20, 20))
    draw.text((1080, 1560), "登 记 机 关", font=body, fill=(20, 20, 20))
    draw.text((1040, 1720), "2019年06月17日", font=body, fill=(20, 20, 20))
    seal = Image.new("RGBA", sheet.size, (0, 0, 0, 0))
    ink = ImageDraw.Draw(seal)
    ink.ellipse((960, 1440, 1360, 1840), outline=(205, 40, 45, 235), width=14)
    ink.polygon([(1160, 1560), (1185, 1635), (1260, 1635), (1200, 1680), (1220, 1755), (1160, 1710),
                 (1100, 1755), (1120, 1680), (1060, 1635), (1135, 1635)], fill=(205, 40, 45, 235))
    image = np.asarray(Image.alpha_composite(sheet.convert("RGBA"), seal).convert("RGB"))[:, :, ::-1].copy()
    ctx = PageContext(source=SourcePage("licence.jpg", 1, image, 200.0), index=1, image=image)
    Pipeline(engine, programme)._run_page(ctx)

    record = assemble_record(dossier_id="d", source="d", contexts=[ctx], findings=[], programme=programme,
                             processed_at=datetime.now(timezone.utc))
    licence = next(d for d in record.documents if d.doc_type == "business_licence")
    assert licence.fields["issue_date"].value == "2019-06-17"
    assert licence.fields["registration_authority"].value == "耒阳市市场监督管理局"
    assert licence.fields["registration_authority"].confidence < 0.5  # a prior, not a reading


def test_address_ends_where_the_scope_wrapped_under_its_cell_begins():
    rows = [
        [("营业执照", 586, 1149)],
        [("统一社会信用代码91430426MA4CXN3N5N", 275, 900)],
        [("名", 332, 373), ("称祁东县华辉食品有限公司", 450, 851)],
        [("成立日期2009年10月20日", 326, 751)],
        [("住", 332, 375), ("所湖南省衡阳市祁东县长丰大道142号", 454, 999)],
        [("经营范围预包装食品批发；农产品收购与加工；食品生产、销售；货物或技术", 328, 1440)],
        [("进出口（国家禁止或涉及行政审批的货物和技术进出口除外）。（依", 502, 1442)],
        [("法须经批准的项目，经相关部门批准后方可开展经营活动）", 502, 1298)],
    ]
    f = extract_fields("business_licence", [page(rows, row_h=44, gap=8)])
    assert f["address"].value == "湖南省衡阳市祁东县长丰大道142号"
    assert f["business_scope"].value.endswith("货物或技术进出口（国家禁止或涉及行政审批的货物和技术进出口除外）。"
                                              "（依法须经批准的项目，经相关部门批准后方可开展经营活动）")


def test_scope_label_with_its_enclosure_read_as_guo_still_ends_the_address():
    rows = [[("住所", 220, 300), ("湖南省衡阳市珠晖区科技园A栋", 390, 800)],
            [("经营范国", 200, 320), ("农产品深加工；保健食品生产、销售。（依法须经批准的项目，经相关部门批准后方可开展经营活动）", 390, 1530)]]
    f = extract_fields("business_licence", [page(rows)])
    assert f["address"].value == "湖南省衡阳市珠晖区科技园A栋"
    assert f["business_scope"].value.startswith("农产品深加工；")


def test_issue_date_in_two_pieces_overlapping_at_the_seals_cut_is_read_once():
    assert _with_date_rows([("20", 1090, 1112), ("019年03月07日", 1110, 1300)])["issue_date"] == "2019-03-07"


def test_spaced_label_whose_gap_the_ocr_read_as_a_dot_is_still_a_label():
    rows = [[("营业执照", 730, 1257)], [("统一社会信用代码91430408669169473L", 191, 789)],
            [("名．称湖南程联科技股份有限公司", 205, 821), ("成立日期", 1044, 1223), ("2003年3月23日", 1262, 1496)],
            [("住·所", 1047, 1216), ("湖南省衡阳市蒸湘区黄白路163号", 1267, 1747)]]
    f = extract_fields("business_licence", [page(rows)])
    assert (f["company_name"].value, f["address"].value) == ("湖南程联科技股份有限公司", "湖南省衡阳市蒸湘区黄白路163号")


def test_type_whose_label_the_ocr_lost_is_known_by_its_wording():
    rows = [r if not (isinstance(r, list) and r[0][0] == "企业类型") else [r[1], r[2], r[3]] for r in LANDSCAPE]
    f = extract_fields("business_licence", [page(rows)])
    assert f["company_type"].value == "有限责任公司（自然人投资或控股）" and f["company_type"].confidence < 0.9


def test_type_whose_label_the_ocr_lost_is_known_by_its_wording_wrapped_onto_the_next_line():
    rows = [r if not (isinstance(r, list) and r[0][0] == "企业类型") else
            [("股份有限公司（非上市、自然人投", 390, 740), r[2], r[3]] for r in LANDSCAPE]
    rows[4] = [("法定代表人", 220, 365), ("唐志芳", 390, 480), ("长期", 1040, 1100)]
    rows.insert(4, [("资或控股", 392, 480)])
    f = extract_fields("business_licence", [page(rows)])
    assert f["company_type"].value == "股份有限公司（非上市、自然人投资或控股）"


def test_capital_in_capital_numerals_with_a_look_alike_misread_is_read():
    rows = [r if not (isinstance(r, list) and r[0][0] == "注册资本") else
            [r[0], ("人民币壶仟贰佰万元整", 390, 640), r[2], r[3]] for r in LANDSCAPE]
    assert extract_fields("business_licence", [page(rows)])["registered_capital"].value == 12000000


@pytest.mark.parametrize("label", ["注册请本：", "册资本"])  # a glyph misread; the spaced label's head lost
def test_capital_label_with_a_glyph_misread_or_lost_still_labels_the_capital(label):
    rows = ["营业执照", "统一社会信用代码914304217933717087", "企业名称：衡阳县鑫雁食品股份有限公司",
            [(label, 303, 384), ("1200万元人民币", 423, 700)], "成立日期：2007年12月06日"]
    assert extract_fields("business_licence", [page(rows)])["registered_capital"].value == 12000000


def test_name_line_whose_label_the_ocr_lost_is_still_the_name():
    rows = ["营业执照", "统一社会信用代码91430482MA48HCXR8A", [("常宁市拓衡电子科技有限责任公", 487, 863)],
            [("类型", 324, 389), ("有限责任公司（自然人投资或控股）", 478, 900)], "法定代表人刘静"]
    name = extract_fields("business_licence", [page(rows)])["company_name"]
    assert name.value == "常宁市拓衡电子科技有限责任公司" and name.confidence < 0.9


def test_address_label_with_its_first_glyph_misread_in_a_box_of_its_own_is_still_a_label():
    rows = ["营业执照", "名称：常宁市拓衡电子科技有限责任公司", [("生所", 336, 382), ("湖南省衡阳市常宁市雁城路198号", 457, 895)],
            [("经营范围", 342, 440), ("电子产品技术开发。", 479, 900)]]
    assert extract_fields("business_licence", [page(rows)])["address"].value == "湖南省衡阳市常宁市雁城路198号"


def test_term_label_that_lost_its_first_character_is_still_a_label():
    rows = [[(t.replace("营业期限", "业期限"), x0, x1) for t, x0, x1 in row] if isinstance(row, list) else row for row in LANDSCAPE]
    assert extract_fields("business_licence", [page(rows)])["business_term"].value == "2009-07-24至长期"


def test_an_old_format_scope_goes_on_after_its_first_blocks_clause():
    # 一般经营项目 … its clause, then 许可经营项目: the scope is not cut at the first clause.
    rows = LANDSCAPE[:6] + [
        [("经营范围", 200, 320), ("一般经营项目：食品销售；农产品收购与加工（依法须经批准的项目，经相关部门批准后方可开", 390, 1530)],
        [("展经营活动）", 390, 560)], [("许可经营项目：预包装食品批发", 390, 800)]] + LANDSCAPE[9:]
    scope = {k: f.value for k, f in extract_fields("business_licence", [page(rows)]).items()}["business_scope"]
    assert "许可经营项目" in scope and scope.endswith("预包装食品批发")


def test_a_gap_dot_read_after_a_spaced_label_is_not_part_of_its_value():
    rows = [[("营业执照", 730, 1257)], [("名．称·湖南程联科技股份有限公司", 205, 821)],
            [("住·所·湖南省衡阳市蒸湘区黄白路163号", 205, 900)]]
    f = extract_fields("business_licence", [page(rows)])
    assert (f["company_name"].value, f["address"].value) == ("湖南程联科技股份有限公司", "湖南省衡阳市蒸湘区黄白路163号")


@pytest.mark.parametrize("date_rows, unread", [
    ([("2019年03月07日", 1090, 1300)], False),
    ([("2019年03月", 1090, 1250)], True),    # the day lost under the seal
    ([("2019年03月0", 1090, 1250)], True),   # the day cut short: 0 of 07
    ([("2018年12月8", 1090, 1250)], True),   # 8 of 28
    ([("二〇一九年三月七", 1090, 1250)], True),  # 七 of 十七, in Chinese numerals
    ([("二〇一九年三月十七日", 1090, 1300)], False),
    ([("国家", 1090, 1150)], True),          # no date at all
])
def test_issue_date_read_again_only_where_it_came_out_empty_or_cut(date_rows, unread):
    i = LANDSCAPE.index([("2019年03月07日", 1090, 1300)])
    assert issue_date_unread(page(LANDSCAPE[:i] + [date_rows] + LANDSCAPE[i + 1:])) is unread


def _issue_date_under_a_seal():
    """The foot of a licence: 登记机关 and the issue date under the authority's red seal stamped
    over the day, as the generator prints them."""
    import random

    import cv2
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    from samples.seal import PX_PER_MM, seal_image

    img = Image.new("RGB", (1654, 1000), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 36)
    draw.text((1000, 580), "登记机关", fill=(0, 0, 0), font=font)
    text = "2020年02月17日"
    draw.text((1000, 700), text, fill=(0, 0, 0), font=font)
    end = 1000 + int(draw.textlength(text, font=font))
    seal = seal_image(random.Random(5), "衡阳市市场监督管理局", 42.0)
    k = (1654 / 210.0) / PX_PER_MM
    seal = seal.resize((int(seal.width * k), int(seal.height * k)))
    img.paste(seal, (end - 70 - seal.width // 2, 700 - seal.height // 2), seal)
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR), end


def _issue_date(lines) -> str | None:
    from extractors.text import PageText

    found = extract_fields("business_licence", [PageText(index=1, lines=lines, width=1654, height=1000)]).get("issue_date")
    return found.value if found else None


def test_issue_date_cut_short_by_the_seal_is_read_again_whole():
    from intake.ocr.base import OcrLine
    from intake.ocr.date_row import reread_issue_date_row
    from intake.ocr.rapid import RapidOcrEngine

    image, end = _issue_date_under_a_seal()
    label = OcrLine("登记机关", (1000.0, 580.0, 1150.0, 625.0), 0.99)
    cut = OcrLine("2020年02月", (1000.0, 700.0, end - 90.0, 745.0), 0.95)
    assert _issue_date([label, cut]) is None
    assert _issue_date(reread_issue_date_row(RapidOcrEngine(), image, [label, cut])) == "2020-02-17"


def test_issue_date_the_detector_missed_is_read_under_its_label():
    from intake.ocr.base import OcrLine
    from intake.ocr.date_row import reread_issue_date_row
    from intake.ocr.rapid import RapidOcrEngine

    image, _ = _issue_date_under_a_seal()
    label = OcrLine("登记机关", (1000.0, 580.0, 1150.0, 625.0), 0.99)
    assert _issue_date(reread_issue_date_row(RapidOcrEngine(), image, [label])) == "2020-02-17"


def test_issue_date_under_a_grey_seal_the_detector_missed_is_read_in_strips_under_its_label():
    # The foot of a generated licence: a grey seal's ring text and serial across the date row hide
    # it from the detector, on the page and in the band under 登记机关 alike.
    import cv2

    from intake.ocr.base import OcrLine
    from intake.ocr.date_row import reread_issue_date_row
    from intake.ocr.rapid import RapidOcrEngine

    image = cv2.imread(str(Path(__file__).parent / "data" / "grey_seal_over_issue_date.jpg"))
    read = [OcrLine("登记机关", (345.0, 275.0, 566.0, 330.0), 1.0), OcrLine("国家市场监督管理总局监制", (11.0, 595.0, 309.0, 621.0), 0.99)]
    assert _issue_date(read) is None
    assert _issue_date(reread_issue_date_row(RapidOcrEngine(), image, read)) == "2019-05-31"


def test_issue_date_cut_into_overlapping_boxes_keeps_the_shared_digit_once():
    i = LANDSCAPE.index([("2019年03月07日", 1090, 1300)])
    rows = LANDSCAPE[:i] + [[("2019年03月0", 1090, 1280), ("07日", 1262, 1330)]] + LANDSCAPE[i + 1:]
    assert extract_fields("business_licence", [page(rows)])["issue_date"].value == "2019-03-07"


@pytest.mark.parametrize("read", [
    "货物或技术进出口（国家禁止或涉及行政审批的货物和技术进出出口除外）",  # a glyph read twice
    "货物或技术进出口（国家禁止或涉及行政审批的货物和技术进出［除外）",  # a glyph read as a mark
    "货物或技术进出口（国家禁止或涉及行政审批的货",  # its end under the applicant's copy stamp
    "货物或技术进出口（国家禁止或涉及行政审批的货物和挂术进出口除外）",  # a glyph misread
])
def test_standard_scope_item_damaged_by_the_ocr_is_written_out(read):
    rows = [[("经营范围", 200, 320), ("模具设计与制造；" + read + "。", 390, 1500)],
            [("（依法须经批准的项目，经相关部门批准后方可开展经营活动）", 390, 1300)]]
    scope = extract_fields("business_licence", [page(rows)])["business_scope"].value
    assert scope == "模具设计与制造；货物或技术进出口（国家禁止或涉及行政审批的货物和技术进出口除外）。（依法须经批准的项目，经相关部门批准后方可开展经营活动）"


def test_closing_clause_with_a_glyph_of_its_head_misread_is_written_out_once():
    rows = [[("经营范围", 200, 320), ("模具设计与制造。", 390, 1500)],
            [("（依法须怪批准的项目，经相关部门批准后方可开展经营活动）", 390, 1300)]]
    scope = extract_fields("business_licence", [page(rows)])["business_scope"].value
    assert scope == "模具设计与制造。（依法须经批准的项目，经相关部门批准后方可开展经营活动）"


CLAUSE = "（依法须经批准的项目，经相关部门批准后方可开展经营活动）"
STANDARD = "货物或技术进出口（国家禁止或涉及行政审批的货物和技术进出口除外）"


def scope_of(read: str) -> str:
    rows = [[("经营范围", 200, 320), (read, 390, 1500)], [(CLAUSE, 390, 1300)]]
    return extract_fields("business_licence", [page(rows)])["business_scope"].value


def test_middle_dot_between_two_words_of_the_scope_is_its_enumeration_comma():
    assert scope_of("智能装备研发·制造及销售；" + STANDARD + "。") == f"智能装备研发、制造及销售；{STANDARD}。{CLAUSE}"


def test_speck_between_two_characters_of_a_standard_item_is_dropped():
    assert scope_of("化工技术咨询服务；货物或技，术进出口（国家禁止或涉及行政审批的货物和技术进出口除外）。") == \
        f"化工技术咨询服务；{STANDARD}。{CLAUSE}"


def test_comma_before_a_standard_item_is_its_semicolon():
    assert scope_of("电力工程施工，" + STANDARD + "。") == f"电力工程施工；{STANDARD}。{CLAUSE}"


def test_commas_between_other_items_are_kept_as_read():
    assert scope_of("软件开发，技术服务，货物及技术进出口。").startswith("软件开发，技术服务，货物及技术进出口。")


def test_scope_item_in_another_wording_is_kept_as_read():
    rows = [[("经营范围", 200, 320), ("货物及技术进出口（国家禁止或涉及行政审批的货物和技术进出口除外）。", 390, 1500)]]
    assert extract_fields("business_licence", [page(rows)])["business_scope"].value.startswith("货物及技术进出口")


class _PrintedPage:
    """An OCR engine that reads a crop of a fake page as printed: the page is an array of pixel
    positions (y * 10000 + x), so a crop tells where it was cut from."""

    def __init__(self, lines):
        self.lines, self.crops = lines, 0

    def image(self):
        import numpy as np

        ys, xs = np.mgrid[0:1400, 0:1654]
        return (ys * 10000 + xs).astype(np.int64)

    def read(self, crop):
        from intake.ocr.base import OcrLine

        self.crops += 1
        y0, x0 = divmod(int(crop[0, 0]), 10000)
        h, w = crop.shape[:2]
        inside = [l for l in self.lines if x0 <= (l.box[0] + l.box[2]) / 2 <= x0 + w and y0 <= (l.box[1] + l.box[3]) / 2 <= y0 + h]
        return [OcrLine(l.text, (l.box[0] - x0, l.box[1] - y0, l.box[2] - x0, l.box[3] - y0), l.confidence) for l in inside]


def _reread(printed_rows, read_rows, monkeypatch):
    """The fields of the licence read as `read_rows`, its issue-date row read again from `printed_rows`."""
    from extractors.text import PageText
    from intake.ocr.date_row import reread_issue_date_row

    monkeypatch.setattr("intake.ocr.date_row.remove_red", lambda crop: crop)  # no ink to remove on a fake page
    engine = _PrintedPage(page(printed_rows).lines)
    lines = reread_issue_date_row(engine, engine.image(), page(read_rows).lines)
    found = extract_fields("business_licence", [PageText(index=1, lines=lines, width=1654, height=1400)])
    return {k: f.value for k, f in found.items()}, engine


def test_issue_date_row_the_ocr_missed_is_not_taken_from_the_other_columns_dates(monkeypatch):
    rows = [r for r in LANDSCAPE if r != [("2019年03月07日", 1090, 1300)]]
    got, _ = _reread(rows, rows, monkeypatch)
    assert got["company_name"] == "衡山县新力食品有限责任公司"
    assert got["established_date"] == "2009-07-24"
    assert got.get("issue_date") != "2009-07-24"


def test_issue_date_of_a_licence_in_the_upper_half_of_a4_is_read_under_its_label(monkeypatch):
    dated = re.compile(r"\d{4}年")
    read = [[box for box in r if not dated.search(box[0])] or None for r in LANDSCAPE]
    got, engine = _reread(LANDSCAPE, read, monkeypatch)
    assert engine.crops and got["issue_date"] == "2019-03-07"


class _GreySealPage(_PrintedPage):
    """The band under 登记机关 shows the detector no date (a grey seal's ring across it); a strip
    that cuts the date row reads it wrong, and surer, than a strip it lies clear inside."""

    def read(self, crop):
        from intake.ocr.base import OcrLine

        if crop.shape[0] > 3 * 30:  # the whole band, three and a half rows high
            self.crops += 1
            return []
        lines = super().read(crop)
        cut = [l for l in lines if l.box[1] < 0 or l.box[3] > crop.shape[0]]
        return [OcrLine(l.text.replace("07日", "01日"), l.box, 0.99) if l in cut else OcrLine(l.text, l.box, 0.9)
                for l in lines]


def test_issue_date_read_in_strips_is_taken_from_a_strip_clear_of_its_row(monkeypatch):
    from extractors.text import PageText
    from intake.ocr.date_row import reread_issue_date_row

    monkeypatch.setattr("intake.ocr.date_row.remove_red", lambda crop: crop)
    read = [r for r in LANDSCAPE if r != [("2019年03月07日", 1090, 1300)]]
    engine = _GreySealPage(page(LANDSCAPE).lines)
    lines = reread_issue_date_row(engine, engine.image(), page(read).lines)
    found = extract_fields("business_licence", [PageText(index=1, lines=lines, width=1654, height=1400)])
    assert found["issue_date"].value == "2019-03-07"


def test_name_label_spread_to_the_width_of_a_five_character_label_is_still_a_label():
    rows = [[("名", 203, 225), ("称", 298, 325), ("耒阳市创衡电气有限公司", 362, 636)],  # three characters apart
            [("法定代表人", 198, 328), ("蒋华波", 364, 443)]]
    f = extract_fields("business_licence", [page(rows, row_h=24)])
    assert f["company_name"].value == "耒阳市创衡电气有限公司"


def test_name_label_whose_first_character_the_ocr_lost_is_still_a_label():
    rows = [[("称：", 270, 325), ("衡阳市嘉康新材料有限公司", 340, 625), ("注册资本：8000万元", 859, 1120)],
            [("主", 185, 208), ("体类型：", 205, 351), ("有限责任公司（自然人投资或控股）", 340, 705)]]
    f = extract_fields("business_licence", [page(rows)])
    assert f["company_name"].value == "衡阳市嘉康新材料有限公司"


def test_address_ends_at_the_next_spaced_label_whose_head_the_ocr_split_off():
    rows = ["住所：湖南省衡阳市衡南县长丰大道230号",
            [("经", 60, 85), ("营范围工业机器人系统集成；智能装备研发、制造及销售；货物或技术进出", 100, 900)],
            [("口（国家禁止或涉及行政审批的货物和技术进出口除外）。（依法须经批准的项目，经相关部门批准后方可开展经营活动）", 100, 1300)]]
    f = extract_fields("business_licence", [page(rows)])
    assert f["address"].value == "湖南省衡阳市衡南县长丰大道230号"
    assert f["business_scope"].value.startswith("工业机器人系统集成；")

