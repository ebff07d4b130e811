"""Certificates, proofs and the profile in the layouts and wordings real dossiers carry."""
import pytest

from extractors.fields import extract_fields
from extractors.text import page_from_rows as page

DESIGN_PATENT_COLUMNS = [  # older CNIPA style: number first, spaced labels, values in their own column
    [("外观设计专利证书", 300, 700)],
    [("证书号第3345678号", 650, 900)],
    [("专 利 号：", 80, 220), ("ZL 2017 3 0123456.1", 260, 600)],
    [("外观设计名称：", 80, 240), ("包装盒（A3型）", 260, 500)],
    [("设 计 人：", 80, 220), ("王伟；李娜", 260, 420)],
    [("专利申请日：", 80, 240), ("2017.03.05", 260, 420)],
    [("专利权人：", 80, 220), ("衡阳市恒通包装有限公司", 260, 560)],
    [("授权公告日：", 80, 240), ("2017年09月12日", 260, 460), ("授权公告号：CN 304123456 S", 500, 860)],
    "国家知识产权局依照中华人民共和国专利法经过初步审查，决定授予专利权，颁发外观设计专利证书。专利权期限为十年，自申请日起算。",
]


def test_design_patent_in_spaced_columns_gives_all_fields():
    f = extract_fields("patent_certificate", [page(DESIGN_PATENT_COLUMNS)])
    assert {k: v.value for k, v in f.items()} == {
        "patent_number": "ZL201730123456.1", "patent_title": "包装盒(A3型)", "patent_type": "外观设计",
        "patentee": "衡阳市恒通包装有限公司", "application_date": "2017-03-05", "grant_date": "2017-09-12"}


def test_patent_date_with_a_stray_mark_in_it_is_still_read_from_its_labelled_cell():
    rows = [row if row[0][0] != "专利申请日：" else [("专利申请日：", 80, 240), ("2015年11月:30日", 260, 460)]
            for row in DESIGN_PATENT_COLUMNS[:-1]]
    f = extract_fields("patent_certificate", [page(rows)])
    assert f["application_date"].value == "2015-11-30" and f["application_date"].confidence < 1.0


def test_high_tech_issue_date_in_hanzi_under_four_authorities_gives_validity():
    rows = [[("高新技术企业证书", 300, 700)], [("名 称：", 80, 200), ("衡阳市恒通机械制造有限公司", 230, 600)],
            [("编 号：", 80, 200), ("GR201743000123", 230, 520)], [("有 效 期：", 80, 200), ("叁年", 230, 300)],
            None, [("湖南省科学技术厅", 60, 250), ("湖南省财政厅", 280, 420), ("湖南省国家税务局", 450, 640),
                   ("湖南省地方税务局", 670, 860)],
            [("二〇一七年九月五日", 380, 620)]]
    f = extract_fields("high_tech_certificate", [page(rows)])
    assert f["certificate_number"].value == "GR201743000123"
    assert f["issue_date"].value == "2017-09-05" and f["valid_until"].value == "2020-09-04"
    assert f["company_name"].value == "衡阳市恒通机械制造有限公司"


def test_honour_kind_is_the_specific_honour_not_the_banner():
    rows = [[("荣誉证书", 350, 650)], [("湖南省守合同重信用企业", 300, 700)], "衡阳市恒通机械制造有限公司：",
            "贵单位被公示为湖南省“守合同重信用”企业。特发此证。"]
    assert extract_fields("honor_certificate", [page(rows)])["honor_kind"].value == "contract_credit"


CONTRACT = ["企业上云服务协议", [("合同编号：YF2019123456", 550, 950)], "需方：衡阳市恒通机械制造有限公司",
            "供方：华为云计算技术有限公司",
            "一、服务内容：供方向需方提供云主机、云存储及企业邮箱服务，服务期限自2019年3月1日起两年。",
            "二、服务费用：合同总金额人民币叁万陆仟元整（¥36,000.00），需方于合同签订后十五个工作日内支付。"]


def test_cloud_contract_gives_provider_start_and_amount():
    f = extract_fields("cloud_platform_proof", [page(CONTRACT)])
    assert f["proof_kind"].value == "contract" and f["provider"].value == "华为云计算技术有限公司"
    assert f["start_date"].value == "2019-03-01" and f["amount"].value == 36000


def test_cloud_invoice_amount_is_the_small_figure_of_the_total():
    rows = ["湖南增值税普通发票", [("开票日期：2019年05月06日", 600, 950)],
            [("购买方", 60, 150), ("名称：衡阳市恒通机械制造有限公司", 170, 700)],
            [("价税合计（大写）", 60, 230), ("壹拾万叁仟元整（小写）¥103,000.00", 250, 800)],
            [("销售方", 60, 150), ("名称：阿里云计算有限公司", 170, 600)]]
    f = extract_fields("cloud_platform_proof", [page(rows)])
    assert (f["proof_kind"].value, f["provider"].value, f["start_date"].value, f["amount"].value) == \
        ("invoice", "阿里云计算有限公司", "2019-05-06", 103000)


def test_cloud_confirmation_letter_provider_is_the_signer_not_the_client():
    rows = ["上云服务开通证明", "兹证明衡阳市恒通机械制造有限公司（统一社会信用代码：91430400MA4L1234X4）自",
            "2018年11月20日起使用我公司提供的云服务器服务，目前服务状态正常。", "特此证明。", None,
            [("中国电信股份有限公司衡阳分公司", 500, 900)], [("2019年3月2日", 600, 800)]]
    f = extract_fields("cloud_platform_proof", [page(rows)])
    assert (f["provider"].value, f["start_date"].value) == ("中国电信股份有限公司衡阳分公司", "2018-11-20")


def test_rd_ledger_total_in_ten_thousands_is_read_in_yuan():
    rows = ["2019年度研究开发费用结构明细表", [("纳税人名称：衡阳市恒通机械制造有限公司", 60, 600), ("金额单位：万元", 700, 950)],
            [("序号", 60, 120), ("费用项目", 140, 400), ("金额", 600, 800)],
            [("1", 60, 120), ("人员人工", 140, 400), ("123.45", 600, 800)],
            [("合 计", 140, 400), ("456.78", 600, 800)]]
    f = extract_fields("rd_expense_proof", [page(rows)])
    assert f["rd_expense"].value == 4567800 and f["company_name"].value == "衡阳市恒通机械制造有限公司"


def test_profile_counts_prose_without_title_and_headings():
    prose = "公司成立于2010年，主营机械设备。" * 3
    rows = [[("企业简介及未来三年发展规划", 250, 750)], "（一）企业基本情况", prose, "（二）未来三年发展目标及措施", prose]
    assert extract_fields("company_profile", [page(rows)])["char_count"].value == 2 * len(prose)


def test_generated_utility_model_certificate_is_read_back_by_the_real_ocr(engine):
    import datetime as dt
    import random

    import cv2
    import numpy as np

    from extractors.text import PageText
    from samples.company import make_company
    from samples.hard import PageStyle
    from samples.page import Ctx, Theme
    from samples.render.certificate import draw_patent
    from samples.surface import RasterSurface

    rng = random.Random(7)
    c = make_company(rng)
    surface = RasterSurface(150)
    draw_patent(Ctx(surface, rng, Theme.random(rng), hard=PageStyle()), c, "实用新型", "ZL201820123456.0",
                "一种可调式散热组件", "王伟", dt.date(2018, 3, 5), dt.date(2018, 11, 20), 3012345)
    lines = engine.read(cv2.cvtColor(np.asarray(surface.img), cv2.COLOR_RGB2BGR))
    f = extract_fields("patent_certificate", [PageText(1, lines, *surface.img.size)])
    assert {k: v.value for k, v in f.items()} == {
        "patent_number": "ZL201820123456.0", "patent_title": "一种可调式散热组件", "patent_type": "实用新型",
        "patentee": c.name, "application_date": "2018-03-05", "grant_date": "2018-11-20"}


def test_high_tech_issue_year_lost_under_a_seal_is_taken_from_the_number():
    rows = [[("高新技术企业证书", 300, 700)], [("编号：GR201843000321", 650, 950)],
            [("企业名称", 80, 200), ("衡南县远衡化工股份有限公司", 230, 600)], [("有效期", 80, 200), ("叁年", 230, 300)],
            None, [("湖南省科学技术厅", 60, 250), ("湖南省财政厅", 280, 420)], [("〇一八年三月十二日", 380, 620)]]
    f = extract_fields("high_tech_certificate", [page(rows)])
    assert (f["issue_date"].value, f["valid_until"].value) == ("2018-03-12", "2021-03-11")


def test_cloud_certificate_without_the_word_certificate_in_its_title_is_dated_by_its_issue():
    rows = [[("“上云上平台”标杆企业", 300, 700)], "衡阳市恒通机械制造有限公司：经审核，贵单位已完成“上云上平台”建设，",
            "上云服务商为阿里云计算有限公司，特发此证。", "证书编号：HNSY201912345", None,
            [("湖南省工业和信息化厅", 600, 900)], [("2019年08月02日", 620, 860)]]
    f = extract_fields("cloud_platform_proof", [page(rows)])
    assert (f["proof_kind"].value, f["provider"].value, f["start_date"].value) == \
        ("certificate", "阿里云计算有限公司", "2019-08-02")


@pytest.mark.parametrize("read, title", [
    ("发明名称：-种智能箱式变电站及其制备方法", "一种智能箱式变电站及其制备方法"),  # 一 read as a dash
    ("发明名称：种新型智能控制器及其制备方法", "一种新型智能控制器及其制备方法"),  # 一 lost
    ("发明名称：种子包衣装置及其使用方法", "种子包衣装置及其使用方法"),  # a title of its own about seeds
    ("发明名称：-种子包衣装置及其使用方法", "一种子包衣装置及其使用方法"),  # a dash before 种 is always 一
])
def test_patent_title_whose_leading_yi_the_ocr_lost_is_repaired(read, title):
    rows = [[("发明专利证书", 300, 700)], read, "专利号：ZL 2017 1 0123456.0"]
    assert extract_fields("patent_certificate", [page(rows)])["patent_title"].value == title


def test_patent_title_ends_before_the_next_label_the_ocr_cut_into_single_characters():
    rows = [[("发明专利证书", 300, 700)], "发明名称：一种新型米粉检测装置",
            [("发", 60, 100), ("明", 110, 150), ("人：陈静海；彭涛", 170, 480)], "专利号：ZL201510194942.2"]
    assert extract_fields("patent_certificate", [page(rows)])["patent_title"].value == "一种新型米粉检测装置"


def test_patent_title_ends_before_the_inventors_label_whose_first_character_the_ocr_lost():
    rows = [[("发明专利证书", 300, 700)], [("发明名称：", 331, 493), ("一种新型高低压开关柜及其制备方法", 580, 1122)],
            [("明人：", 395, 492), ("张波春；颜卫；郭红波", 580, 922)], [("专利号：", 328, 493), ("ZL201410815642.7", 579, 879)]]
    assert extract_fields("patent_certificate", [page(rows)])["patent_title"].value == "一种新型高低压开关柜及其制备方法"


def test_patent_title_ends_where_the_next_row_has_a_label_cell_of_its_own_far_to_its_left():
    rows = [[("实用新型专利证书", 300, 700)], [("实用新型名称：", 40, 240), ("一种高效生物酶制剂的固定结构", 530, 1000)],
            [("发明人：", 40, 170), ("朱东明；朱湘；黄军芳", 530, 880)], [("申请日：", 40, 170), ("2016年2月26日", 520, 760)]]
    assert extract_fields("patent_certificate", [page(rows)])["patent_title"].value == "一种高效生物酶制剂的固定结构"


def test_high_tech_issue_date_whose_day_mark_a_seal_hides_is_read():
    rows = [[("高新技术企业证书", 300, 700)], "企业名称：衡阳县嘉海电气有限公司", "证书编号：GR201943001483", "有效期：三年",
            None, None, [("湖南省科学技术厅", 60, 250), ("湖南省财政厅", 280, 420), ("国家税务总局湖南省税务局", 450, 760)],
            [("二O一九年八月三", 330, 520)]]
    f = extract_fields("high_tech_certificate", [page(rows, height=700)])
    assert (f["issue_date"].value, f["valid_until"].value) == ("2019-08-03", "2022-08-02")


def test_cloud_certificate_date_whose_year_lost_its_head_takes_the_year_of_its_number():
    rows = [[("“上云用数赋智”示范企业证书", 300, 700)], "经企业申报、服务商中国移动通信集团湖南有限公司衡阳分公司确",
            "认和专家评审，衡东县嘉宏生物科技有限公司被认定为“上云上平台”企业。", "证书编号HNSY201952517", None,
            [("湖南省工业和信息化厅", 600, 900)], [("Q二九年二月十一", 620, 840), ("日", 845, 870)]]
    assert extract_fields("cloud_platform_proof", [page(rows)])["start_date"].value == "2019-02-11"


def test_cloud_contract_start_is_the_service_term_not_the_signing_date():
    rows = ["云服务合同", "签订日期：2019年02月20日", "甲方：衡阳市恒通机械制造有限公司", "乙方：华为云计算技术有限公司",
            "服务期限：2019年03月01日至2021年02月28日", "合同金额：人民币24,000元"]
    assert extract_fields("cloud_platform_proof", [page(rows)])["start_date"].value == "2019-03-01"


def test_cloud_certificate_provider_named_across_a_line_break_is_read():
    rows = [[("“上云上平台”标杆企业", 300, 700)], "经企业申报、服务", "商阿里云计算有限公司确认，衡阳市恒通机械制造有限公司被认定为",
            "“上云上平台”企业。", "证书编号：HNSY201912345", None, [("2019年08月02日", 620, 860)]]
    assert extract_fields("cloud_platform_proof", [page(rows)])["provider"].value == "阿里云计算有限公司"


def test_cloud_certificate_date_whose_day_a_seal_cut_short_is_kept_for_review():
    rows = [[("“上云上平台”标杆企业", 300, 700)], "经企业申报、服务商华为云计算技术有限公司确认，衡阳市信永食品有限公司被认定为",
            "“上云上平台”企业。", "证书编号：HNSY202068506", None, [("湖南省工业和信息化厅", 600, 900)], [("2020.02.2", 640, 790)]]
    f = extract_fields("cloud_platform_proof", [page(rows)])["start_date"]
    assert f.value == "2020-02-02" and f.confidence < 0.5


def test_patent_title_skips_a_speck_read_between_its_label_and_value():
    rows = [[("实用新型专利证书", 300, 700)], [("实用新型名称", 60, 240), ("尔一", 242, 258), ("一种可调式铝合金轮毂的散热组件", 262, 700)],
            [("发明人", 60, 160), ("唐平", 262, 330)], [("专利号", 60, 160), ("ZL201421513515.3", 262, 520)]]
    assert extract_fields("patent_certificate", [page(rows)])["patent_title"].value == "一种可调式铝合金轮毂的散热组件"


def test_cloud_contract_amount_whose_thousands_comma_was_read_as_a_point_is_in_yuan():
    rows = ["云服务采购合同", "需方：衡南县凯远汽车零部件有限责任公司", "供方：腾讯云计算（北京）有限责任公司",
            "二、服务费用：合同总金额人民币59.000元，需方于合同签订后十五个工作日内支付。"]
    assert extract_fields("cloud_platform_proof", [page(rows)])["amount"].value == 59000


def test_high_tech_issue_date_cut_by_a_seal_is_not_taken_from_the_validity_line():
    rows = [[("高新技术企业证书", 300, 700)], "证书编号：GR201943001218", "企业名称：湖南中天汽车零部件股份有限公司",
            "有效期：至2022.03.11", None, None,
            [("湖南省科学技术厅", 60, 250), ("湖南省财政厅", 280, 420), ("国家税务总局湖南省税务局", 450, 760)],
            [("九年", 330, 390), ("三月十", 385, 470), ("二日", 468, 520)]]  # 二〇一 under a seal
    f = extract_fields("high_tech_certificate", [page(rows, height=700)])
    assert (f["issue_date"].value, f["valid_until"].value) == ("2019-03-12", "2022-03-11")


def test_high_tech_validity_end_printed_on_its_own_line_is_never_the_issue_date():
    rows = [[("高新技术企业证书", 300, 700)], "编号：GR201943002343", "企业名称：耒阳市天新食品股份有限公司",
            [("有效期：", 60, 160), ("至2022年7月23日", 170, 400)], None, None,
            [("湖南省科学技术厅", 60, 250), ("湖南省财政厅", 280, 420), ("国家税务总局湖南省税务局", 450, 760)],
            [("一九年七月二", 330, 480), ("十四日", 476, 540)]]  # 二〇 under a seal, the day cut in two
    f = extract_fields("high_tech_certificate", [page(rows, height=700)])
    assert (f["issue_date"].value, f["valid_until"].value) == ("2019-07-24", "2022-07-23")


@pytest.mark.parametrize("bottom", ["2019年7月2", "2022年7月23日"])  # cut short after its month; the validity's end
def test_high_tech_issue_date_that_breaks_the_three_years_is_taken_from_the_printed_validity(bottom):
    rows = [[("高新技术企业证书", 300, 700)], "编号：GR201943002343", "有效期至：2022年7月23日", None, None,
            [("湖南省科学技术厅", 60, 250), ("湖南省财政厅", 280, 420)], [(bottom, 330, 560)]]
    f = extract_fields("high_tech_certificate", [page(rows, height=700)])
    assert (f["issue_date"].value, f["valid_until"].value) == ("2019-07-24", "2022-07-23")
    assert f["issue_date"].confidence < 0.9


@pytest.mark.parametrize("number", ["编号：GR201943002343", "编号："])  # the number unread: no year to check against
def test_high_tech_issue_date_beside_a_validity_of_three_years_on_its_row_is_read(number):
    rows = [[("高新技术企业证书", 300, 700)], number, "企业名称：耒阳市天新食品股份有限公司", None, None,
            [("湖南省科学技术厅", 60, 250), ("湖南省财政厅", 280, 420)],
            [("有效期：三年", 60, 200), ("二〇一九年九月五日", 450, 700)]]
    f = extract_fields("high_tech_certificate", [page(rows, height=700)])
    assert (f["issue_date"].value, f["valid_until"].value) == ("2019-09-05", "2022-09-04")


def test_high_tech_issue_date_worked_back_from_a_validity_that_breaks_the_numbers_year_is_left_for_review():
    rows = [[("高新技术企业证书", 300, 700)], "编号：GR201943002343", "有效期至：2021年9月4日"]  # a 2 of 2022 read as 1
    f = extract_fields("high_tech_certificate", [page(rows)])
    assert f["issue_date"].value == "2018-09-05" and f["issue_date"].confidence <= 0.5


def test_high_tech_validity_to_the_last_of_december_fits_an_issue_on_new_years_day():
    rows = [[("高新技术企业证书", 300, 700)], "证书编号：GR201943000001", "发证日期：2018年01月01日",  # 2019 misread
            "有效期至：2021年12月31日"]
    f = extract_fields("high_tech_certificate", [page(rows)])
    assert (f["issue_date"].value, f["valid_until"].value) == ("2019-01-01", "2021-12-31")


def test_patent_date_skips_a_speck_read_as_digits_between_its_label_and_value():
    rows = [[("外观设计专利证书", 300, 700)], [("专利号", 60, 160), ("ZL 201730143971.6", 262, 540)],
            [("专利申请日", 60, 220), ("20", 240, 250), ("2017年09月01日", 256, 480)],
            [("授权公告日", 60, 220), ("2018年01月30日", 256, 480)]]
    f = extract_fields("patent_certificate", [page(rows)])
    assert (f["application_date"].value, f["grant_date"].value) == ("2017-09-01", "2018-01-30")


@pytest.mark.parametrize("pieces", [
    [("20", 380, 402), ("019年10月22日", 400, 600)],  # overlapping at the cut: the 0 read twice
    [("2019年10月2", 380, 560), ("2日", 570, 600)],  # the day cut in two: a date only whole
])
def test_high_tech_issue_date_cut_in_two_pieces_is_read_right(pieces):
    rows = [[("高新技术企业证书", 300, 700)], "编号：GR201943000319", "名称：衡阳市拓博电子科技有限责任公司", "有效期：3年", None,
            [("湖南省科学技术厅", 60, 250), ("湖南省财政厅", 280, 420)], pieces]
    assert extract_fields("high_tech_certificate", [page(rows, height=700)])["issue_date"].value == "2019-10-22"


@pytest.mark.parametrize("heading, read, title, sure", [
    ("发明专利证书", "发明名称：种新型智能控制器", "一种新型智能控制器", False),  # 一 put back, less surely
    ("外观设计专利证书", "外观设计名称：种鸭笼", "种鸭笼", True),  # no 一种 on a design
    ("专利证书", "名称：种鸡笼养装置", "种鸡笼养装置", True),  # the patent's kind unknown: a title of its own
    ("实用新型专利证书", "实用新型名称：～种鸡笼养装置", "一种鸡笼养装置", True),  # a tilde for 一
])
def test_a_bare_zhong_is_a_lost_yi_only_on_invention_and_utility_model_patents(heading, read, title, sure):
    rows = [[(heading, 300, 700)], read]
    f = extract_fields("patent_certificate", [page(rows)])["patent_title"]
    assert f.value == title and (f.confidence >= 0.9) is sure


def test_high_tech_issue_date_whose_year_a_seal_cut_to_its_tail_is_in_the_year_of_the_number():
    rows = [[("高新技术企业证书", 300, 700)], "证书编号：GR201943001160", "企业名称：衡阳县恒中科技有限责任公司", "有效期：三年",
            None, None, [("湖南省科学技术厅", 60, 250), ("湖南省财政厅", 280, 420)], [("O九年四月十五日", 330, 560)]]
    f = extract_fields("high_tech_certificate", [page(rows, height=700)])
    assert (f["issue_date"].value, f["valid_until"].value) == ("2019-04-15", "2022-04-14")
    assert f["issue_date"].confidence < 0.9


@pytest.mark.parametrize("number", ["GR201843001160", "GR201643001160"])  # a 6 of the number read as 8, or right
def test_high_tech_issue_date_read_whole_stands_against_the_numbers_year(number):
    rows = [[("高新技术企业证书", 300, 700)], f"证书编号：{number}", "发证日期：2016年12月06日"]
    f = extract_fields("high_tech_certificate", [page(rows)])
    assert (f["issue_date"].value, f["valid_until"].value) == ("2016-12-06", "2019-12-05")
    assert (f["issue_date"].confidence < 0.9) is (number[2:6] != "2016")


def test_patent_date_label_whose_head_the_ocr_lost_at_the_margin_is_read():
    rows = [[("实用新型专利证书", 300, 700)], [("实用新型名称：", 60, 240), ("一种高效数据平台检测装置", 262, 700)],
            [("专", 60, 80), ("利号：", 84, 160), ("ZL201520830760.5", 262, 560)],
            [("请日：", 84, 160), ("2015年04月21日", 262, 480)],  # 专 利 申 请 日, its head lost
            [("权利人：", 60, 160), ("衡阳县恒中科技有限责任公司", 262, 700)], [("授权公告日：", 60, 220), ("2015年12月8日", 262, 480)]]
    f = extract_fields("patent_certificate", [page(rows)])
    assert (f["application_date"].value, f["grant_date"].value) == ("2015-04-21", "2015-12-08")
    assert f["patentee"].value == "衡阳县恒中科技有限责任公司"


@pytest.mark.parametrize("read, start", [("八年四月二十日", "2018-04-20"),  # the year cut to its last digit
                                         ("二一九年五月十八日", "2019-05-18"),  # its 〇 lost
                                         ("二十八年八月十四日", None)])  # no piece of the number's year: no reading
def test_cloud_certificate_date_whose_year_lost_digits_under_its_seal_is_in_the_year_of_the_number(read, start):
    rows = [[("“上云上平台”标杆企业", 300, 700)], "经企业申报、服务商华为云计算技术有限公司确认和专家评审，祁东县益",
            "凯生物科技股份有限公司被认定为“上云上平台”企业。", f"证书编号：HNSY{start[:4] if start else 2018}36153", None,
            [("湖南省工业和信息化厅", 600, 900)], [(read, 620, 860)]]
    f = extract_fields("cloud_platform_proof", [page(rows)])
    assert (f["start_date"].value if "start_date" in f else None) == start


def test_cloud_confirmation_start_after_a_misread_yu_is_read():
    rows = ["云服务使用证明", "衡阳县康源机械制造有限责任公司子2020.05.30与我公司签订上云服务协议", "特此证明。"]
    assert extract_fields("cloud_platform_proof", [page(rows)])["start_date"].value == "2020-05-30"


def test_cloud_letter_signed_by_a_provider_whose_legal_form_the_seal_garbled_names_it():
    rows = ["上云服务开通证明", "衡阳市新星汽车零部件股份有限公司于2018.04.15与我公司签订上云服务协议，开通云主机。", "特此证明",
            None, [("华为云计算技术有用公前", 500, 900)], [("2018年07月08日", 560, 800)]]
    f = extract_fields("cloud_platform_proof", [page(rows)])
    assert (f["provider"].value, f["start_date"].value) == ("华为云计算技术有限公司", "2018-04-15")


def test_patent_number_whose_check_digit_the_ocr_lost_is_completed_less_surely():
    rows = [[("发明专利证书", 300, 700)], [("专利号", 60, 160), ("ZL201611480532.", 262, 560)]]
    f = extract_fields("patent_certificate", [page(rows)])["patent_number"]
    assert f.value == "ZL201611480532.5" and f.confidence <= 0.5 and f.raw.endswith("+check")


def test_patent_number_that_lost_its_point_is_never_completed_with_a_check_digit():
    # ZL201611480532.5 with its '.' and '3' lost: a check digit computed from it makes a valid-looking wrong number.
    rows = [[("发明专利证书", 300, 700)], [("专利号", 60, 160), ("ZL201611480525", 262, 560)]]
    assert extract_fields("patent_certificate", [page(rows)])["patent_number"].value is None


def test_patent_number_read_whole_elsewhere_on_the_page_stands_over_a_completed_one():
    rows = [[("发明专利证书", 300, 700)], [("专利号", 60, 160), ("ZL201611480582.", 262, 560)], None,
            [("ZL201611480532.5", 500, 900)]]
    assert extract_fields("patent_certificate", [page(rows)])["patent_number"].value == "ZL201611480532.5"


def test_patent_title_the_ocr_cut_in_two_boxes_on_its_line_is_read_whole():
    rows = [[("发明专利证书", 300, 700)], [("发明名称", 60, 160), ("一种可调式中药饮片检测", 262, 560), ("测装置", 552, 640)],
            [("发明人：", 60, 160), ("谢霞衡；陈娜娜", 262, 480)], [("专利号", 60, 160), ("ZL201611480532.5", 262, 560)]]
    assert extract_fields("patent_certificate", [page(rows)])["patent_title"].value == "一种可调式中药饮片检测装置"


def test_patent_title_in_two_boxes_apart_keeps_a_character_printed_twice():
    rows = [[("发明专利证书", 300, 700)], [("发明名称", 60, 160), ("一种多层", 262, 360), ("层叠式过滤装置", 372, 560)],
            [("发明人：", 60, 160), ("谢霞衡；陈娜娜", 262, 480)], [("专利号", 60, 160), ("ZL201611480532.5", 262, 560)]]
    assert extract_fields("patent_certificate", [page(rows)])["patent_title"].value == "一种多层层叠式过滤装置"


def test_cloud_certificate_date_with_a_digit_of_the_seal_ring_before_its_year_is_read():
    rows = [[("湖南省“上云上平台”企业认定证书", 300, 700)], "耒阳市远宇新材料有限责任公司：经审核，贵单位已完成“上云上平台”建设，",
            "上云服务商为中国电信股份有限公司衡阳分公司，特发此证。", "证书编号 HNSY201858855", None,
            [("湖南省工业和信息化厅", 600, 900)], [("22018年5月18日", 620, 860)]]
    assert extract_fields("cloud_platform_proof", [page(rows)])["start_date"].value == "2018-05-18"
