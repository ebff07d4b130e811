"""申报材料真实性承诺: the company's name and the signing date in every wording."""
import pytest

from extractors.fields import extract_fields
from extractors.text import page_from_rows as page
from intake.ocr.base import OcrLine


def fields(rows):
    return {k: f.value for k, f in extract_fields("commitment_letter", [page(rows, height=2339)]).items()}


def test_name_in_the_opening_sentence_is_cut_at_its_place_name():
    rows = ["真实性承诺书", "我公司（衡阳市光康汽车零部件有限公司）郑重承诺：", "一、所提交的申报材料真实、准确、完整。",
            None, None, "法定代表人签字：", "日期：2020年10月09日"]
    assert fields(rows)["company_name"] == "衡阳市光康汽车零部件有限公司"


def test_name_whose_legal_form_has_a_glyph_misread_is_cut_at_its_place_name():
    rows = ["真实性承诺书", "我公司（祁东县博星机械制造有限遗任公司）郑重承诺：", "一、所提交的申报材料真实、准确、完整。",
            None, None, "法定代表人签字：", "日期：2020年10月09日"]
    assert fields(rows)["company_name"] == "祁东县博星机械制造有限责任公司"


def test_name_clipped_by_the_seal_is_completed_from_the_body():
    rows = ["衡山县新创智能装备有限公司就申报2020年衡阳市种子企业郑重承诺如下：所提交的材料真实。",
            None, None, None, None, None, "山县新创智能装备有限公司", "法定代表人签字：", "日期：2020年10月3日"]
    assert fields(rows)["company_name"] == "衡山县新创智能装备有限公司"


def test_name_with_characters_inside_it_hidden_by_the_seal_is_completed_from_the_body():
    rows = ["衡阳市新德食品有限公司就申报2020年衡阳市种子企业郑重承诺如下：所提交的材料真实。", None, None,
            [("承诺企业（盖章）", 60, 280), ("衡阳", 310, 370), ("德食品有限公司", 400, 600)], "法定代表人签字：", "2020年09月13日"]
    assert fields(rows)["company_name"] == "衡阳市新德食品有限公司"


def test_name_read_apart_from_its_label_after_the_labels_colon_is_the_company():
    rows = ["真实性承诺书", "本企业郑重承诺：所提交的材料真实。", None, None,
            [("承诺企业（盖章）：祁东县岳湘新", 60, 470), ("：祁东县岳湘新材料有限责任公司", 370, 800)], "法定代表人（签字）：",
            "日期：2020年9月17日"]
    assert fields(rows)["company_name"] == "祁东县岳湘新材料有限责任公司"


def test_the_company_naming_itself_wins_over_the_addressee_whose_colon_was_lost():
    rows = ["承诺函", "衡阳市中小企业服务中心", "我公司（祁东县博星机械制造有限责任公司）郑重承诺",
            "一、所提交的申报材料真实、准确、完整。", None, None, "申报单位（公章）：祁东县博星国造有限", "承诺日期：2020.10.9"]
    assert fields(rows)["company_name"] == "祁东县博星机械制造有限责任公司"


def test_the_seals_text_beside_the_sign_off_is_no_piece_of_it():
    rows = [None, None, None, None, None, None, None, None,
            [("企业名称（盖章）：衡阳市永光科技股", 600, 1100), ("有限公司", 1110, 1230)], "法定代表人（签字）：", "二〇二〇年十月五日"]
    p = page(rows, height=2339)
    p.lines.insert(0, OcrLine("永光科", (940.0, 330.0, 1100.0, 490.0), 0.9))  # read at the seal's size, its foot on the row
    assert extract_fields("commitment_letter", [p])["company_name"].value == "衡阳市永光科技股有限公司"


def test_a_piece_of_the_sign_off_padded_below_by_seal_ink_is_still_joined():
    p = page([None, None, None, None, None, None, None, None, "法定代表人（签字）：", "二〇二〇年十月五日"], height=2339)
    p.lines += [OcrLine("企业名称（盖章）：祁东县瑞", (100.0, 1500.0, 500.0, 1540.0), 0.95),
                OcrLine("程智能装备有限公", (505.0, 1500.0, 800.0, 1585.0), 0.9),  # the seal's ring under it
                OcrLine("司", (805.0, 1500.0, 840.0, 1540.0), 0.95)]
    assert extract_fields("commitment_letter", [p])["company_name"].value == "祁东县瑞程智能装备有限公司"


def test_another_company_named_in_the_body_does_not_complete_the_sign_off():
    rows = ["本企业系衡阳市恒通机械制造设备有限公司的供应商，郑重承诺：所提交的材料真实。", None, None,
            "承诺企业（盖章）：衡阳市恒通机械有限公司", "法定代表人签字：", "2020年09月13日"]
    assert fields(rows)["company_name"] == "衡阳市恒通机械有限公司"


@pytest.mark.parametrize("written", ["2020.10.16", "二〇二〇年十月十六日", "2020-10-16", "承诺日期：2020 年 10 月 16 日"])
def test_signing_date_in_any_style(written):
    rows = ["根据《关于做好2020年种子企业培育工作的通知》，本企业于2020年9月1日起准备材料。",
            "承诺单位（盖章）：衡阳市恒通机械有限公司", "法定代表人（签字）：", written]
    f = fields(rows)
    assert (f["company_name"], f["signed_date"]) == ("衡阳市恒通机械有限公司", "2020-10-16")


def test_date_cut_by_a_seal_into_overlapping_boxes_is_read_once():
    rows = ["承诺单位（盖章）：衡阳市恒通机械有限公司", "法定代表人（签字）：",
            [("2020", 300, 368), ("0年10月01日", 364, 546), ("南", 478, 548)]]
    assert fields(rows)["signed_date"] == "2020-10-01"


def test_date_with_a_letter_read_for_a_digit():
    rows = ["承诺单位（盖章）：衡阳市恒通机械有限公司", "法定代表人签字", "承诺日期2020年10月Q7日"]
    assert fields(rows)["signed_date"] == "2020-10-07"


def test_name_cut_into_overlapping_boxes_keeps_the_shared_character_once():
    rows = [[("企业名称（盖章）", 60, 247), ("衡阳县晟达生物科技有限责", 289, 579), ("责任公司", 577, 669)]]
    assert fields(rows)["company_name"] == "衡阳县晟达生物科技有限责任公司"


def test_the_addressee_is_not_the_company():
    rows = ["承诺书", "衡阳市中小企业服务中心：", "我公司（湖南创宏电子科技有限公司）郑重承诺：", "一、所提交的申报材料真实。",
            None, "法定代表人（签字）", "承诺企业（盖章）：湖南创宏电子科技有限", "日期：2020.09.15"]
    assert fields(rows)["company_name"] == "湖南创宏电子科技有限公司"


@pytest.mark.parametrize("sign_off", ["企业名称（盖章）：股份有限公司", [("企业名称（盖章）：", 60, 247), ("技股份有限公司", 420, 580)],
                                      "企业名称（盖章）：限责任公司"])
def test_a_legal_form_whose_trade_name_the_seal_hid_names_no_company(sign_off):
    rows = ["关于申报材料真实性的承诺", "一、所提交的申报材料真实、准确、完整。", None, sign_off, "法定代表人（签字）：",
            "日期：2020年10月06日"]
    assert "company_name" not in fields(rows)


@pytest.mark.parametrize("date_row, signed", [
    ("日期：42020年09月06日", "2020-09-06"),  # a stroke of the signature read as a digit
    ("020-09-28", "2020-09-28"),  # the year's 2 under the seal
    ("日期：二〇二（年九月九日", "2020-09-09"),  # a 〇 read as a bracket
    ("日期：二0二日年九月十四日", "2020-09-14"),  # or as 日
    ([("承诺日期：2020", 300, 558), ("09-21", 543, 642)], "2020-09-21"),  # cut where the separator was
    ("2020.131", "2020-01-31"),  # a separator lost: 1.31, as 13.1 is no date
    ("2020.103", None),  # 1.03 or 10.3: no date to report, the row is read again or left to a reviewer
    ("2020-10-1/", None),  # 10-11, a 1 under the seal's ring read as a slash, or 10-1 and a stray mark
])
def test_date_damaged_under_a_seal_is_read(date_row, signed):
    rows = ["承诺单位（盖章）：衡阳市恒通机械有限公司", "法定代表人（签字）：", date_row]
    assert fields(rows).get("signed_date") == signed


def _sign_off_under_a_seal():
    """The date line of a sign-off with the generator's company seal stamped over its day, and the
    pieces the line detector cut it into there: the day's 3 lost between them."""
    import random

    import cv2
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    from intake.ocr.base import OcrLine
    from samples.seal import PX_PER_MM, seal_image

    img = Image.new("RGB", (1654, 1000), "white")
    font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 36)
    text = "承诺日期：2020年10月13日"
    ImageDraw.Draw(img).text((600, 700), text, fill=(0, 0, 0), font=font)
    end = 600 + int(ImageDraw.Draw(img).textlength(text, font=font))
    seal = seal_image(random.Random(3), "衡阳市恒通机械制造有限公司", 40.0)
    k = (1654 / 210.0) / PX_PER_MM
    seal = seal.resize((int(seal.width * k), int(seal.height * k)))
    img.paste(seal, (end - 60 - seal.width // 2, 640 - seal.height // 2), seal)
    page = cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)
    lines = [OcrLine("承诺日期：2020年10月1", (600.0, 700.0, end - 70.0, 745.0), 0.95),
             OcrLine("日", (end - 40.0, 700.0, float(end), 745.0), 0.97)]
    return page, lines


def test_date_row_cut_by_a_seal_is_read_again_whole():
    from intake.ocr.date_row import reread_date_rows
    from intake.ocr.rapid import RapidOcrEngine
    from intake.ocr.base import OcrLine

    image, cut = _sign_off_under_a_seal()
    body = [OcrLine("承诺单位（盖章）：衡阳市恒通机械制造有限公司", (600.0, 560.0, 1400.0, 605.0), 0.98)]
    assert fields([l.text for l in body] + ["".join(l.text for l in cut)])["signed_date"] == "2020-10-01"
    lines = reread_date_rows(RapidOcrEngine(), image, body + cut)
    assert lines[0] is body[0] and len(lines) == 2
    assert fields([l.text for l in lines])["signed_date"] == "2020-10-13"


def test_date_row_read_whole_but_ending_in_a_day_with_no_ri_is_read_again():
    from intake.ocr.date_row import reread_date_rows
    from intake.ocr.rapid import RapidOcrEngine

    image, cut = _sign_off_under_a_seal()
    lines = reread_date_rows(RapidOcrEngine(), image, cut[:1])  # "承诺日期：2020年10月1", the 3日 under the seal
    assert fields([l.text for l in lines])["signed_date"] == "2020-10-13"


def test_date_row_the_detector_missed_is_read_under_the_sign_off():
    from intake.ocr.base import OcrLine
    from intake.ocr.date_row import reread_date_rows
    from intake.ocr.rapid import RapidOcrEngine

    image, _ = _sign_off_under_a_seal()
    body = [OcrLine("承诺单位（盖章）：衡阳市恒通机械制造有限公司", (600.0, 560.0, 1400.0, 605.0), 0.98)]
    lines = reread_date_rows(RapidOcrEngine(), image, body)
    assert lines[0] is body[0] and fields([l.text for l in lines])["signed_date"] == "2020-10-13"


class _CountingEngine:
    """An OCR engine that reads nothing and counts how often it was asked."""

    def __init__(self):
        self.calls = 0

    def read(self, crop):
        self.calls += 1
        return []


class _ReadingEngine:
    """An OCR engine that reads the same text wherever it is asked."""

    def __init__(self, text):
        self.text = text

    def read(self, crop):
        from intake.ocr.base import OcrLine

        return [OcrLine(self.text, (0.0, 0.0, float(crop.shape[1]), float(crop.shape[0])), 0.9)]


@pytest.mark.parametrize("reread", ["承诺日期：2021年10月12日", "承诺日期：2020年11月12日", "承诺日期：2020年10月22日"])
def test_a_cut_date_row_read_again_as_another_date_keeps_its_own_reading(reread):
    import numpy as np

    from intake.ocr.base import OcrLine
    from intake.ocr.date_row import reread_date_rows

    cut = [OcrLine("承诺日期：2020年10月1", (600.0, 1700.0, 1000.0, 1745.0), 0.95)]
    assert reread_date_rows(_ReadingEngine(reread), np.full((2339, 1654, 3), 255, np.uint8), cut) == cut


def test_a_signed_letter_with_no_date_found_is_read_under_its_sign_off_once():
    import numpy as np

    from intake.ocr.base import OcrLine
    from intake.ocr.date_row import reread_date_rows

    body = [OcrLine("承诺单位（盖章）：衡阳市恒通机械制造有限公司", (600.0, 1560.0, 1400.0, 1605.0), 0.98),
            OcrLine("法定代表人（签字）：", (600.0, 1640.0, 1000.0, 1685.0), 0.98)]
    engine = _CountingEngine()
    assert reread_date_rows(engine, np.full((2339, 1654, 3), 255, np.uint8), body) == body
    assert engine.calls == 1


def test_the_next_labels_head_under_an_unread_name_is_no_name():
    rows = [[("企业名称", 723, 875)], [("法定代表", 719, 877)], "2020年10月4日"]  # 人 lost under the signature
    assert "company_name" not in fields(rows)



@pytest.mark.parametrize("sign_off", ["承诺单位（盖章）：衡阳市恒通机械有限公司下设分公司",
                                      "承诺单位（盖章）：衡阳市恒通机械有限公司全体分公司"])
def test_a_letter_made_for_the_company_and_all_its_branches_names_the_company(sign_off):
    rows = ["真实性承诺书", "一、所提交的申报材料真实、准确、完整。", sign_off, "法定代表人（签字）：", "2020年10月13日"]
    assert fields(rows)["company_name"] == "衡阳市恒通机械有限公司"
