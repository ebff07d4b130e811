"""营业执照 fields on the 2016+ landscape licence: two columns of label/value boxes."""
from extractors.fields import extract_fields
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


def test_term_wrapped_in_its_narrow_column_is_completed():
    assert fields()["business_term"] == "2009-07-24至长期"


def test_scope_line_cut_in_two_boxes_by_the_ocr_is_kept_whole():
    assert fields()["business_scope"].endswith("货物和技术进出口除外）。（依法须经批准的项目，经相关部门批准后方可开展经营活动）")


def test_misread_authority_is_snapped_to_a_real_one():
    assert fields()["registration_authority"] == "常宁市市场监督管理局"
    assert fields()["issue_date"] == "2019-03-07"


def test_building_letter_read_lower_case_is_a_capital():
    assert fields()["address"] == "湖南省衡阳市衡山县产业园C栋"


def test_true_copy_note_over_the_scope_is_not_part_of_it():
    rows = LANDSCAPE[:9] + [[("复印件与原件相符", 390, 700)]] + LANDSCAPE[9:]
    scope = {k: f.value for k, f in extract_fields("business_licence", [page(rows)]).items()}["business_scope"]
    assert scope.endswith("经营活动）")
