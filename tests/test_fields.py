import pytest

from extractors.fields import extract_fields
from extractors.text import page_from_rows as page

CODE = "91430400MA4L1234X4"

OLD_LICENCE = [
    [("营业执照", 350, 650)],
    [("统一社会信用代码9143O4OOMA4L1234X4", 60, 600), ("证照编号:43040000201910160012", 620, 950)],
    "名称衡阳市恒通机械制造有限公司",
    "类型有限责任公司(自然人投资或控股)",
    "住所衡阳市雁峰区白沙洲工业园长塘路8号",
    "法定代表人张三",
    "注册资本伍佰万元整",
    "成立日期2012年03月15日",
    "营业期限2012年03月15日至2042年03月14日",
    "经营范围机械设备、五金配件的制造、销售;",
    "货物进出口。(依法须经批准的项目,经相关部门批准后方可开展经营活动)",
    [("登记机关", 560, 660)],
    [("衡阳市市场监督管理局", 560, 800)],
    [("2020年10月16日", 600, 850)],
    "国家企业信用信息公示系统网址:http://www.gsxt.gov.cn",
]

# 2019 layout: two columns, separate label/value boxes, spaced labels.
NEW_LICENCE = [
    [("营业执照", 350, 650)],
    [("统一社会信用代码", 60, 260), ("证照编号:43040000201910160012", 620, 950)],
    [(CODE, 60, 330)],
    [("名 称", 60, 110), ("衡阳市恒通机械制造有限公司", 130, 450), ("注册资本", 520, 610), ("人民币伍佰万元整", 630, 850)],
    [("类 型", 60, 110), ("有限责任公司(自然人投资或控股)", 130, 460), ("成立日期", 520, 610), ("2012年03月15日", 630, 830)],
    [("法定代表人", 60, 170), ("张三", 190, 240), ("营业期限", 520, 610), ("2012年03月15日至长期", 630, 900)],
    [("经营范围", 60, 150), ("机械设备制造、销售;五金", 170, 480), ("住 所", 520, 580), ("衡阳市雁峰区白沙洲", 600, 900)],
    [("配件加工。(依法须经批准的项目,经相关", 170, 480), ("工业园长塘路8号", 600, 800)],
    [("部门批准后方可开展经营活动)", 170, 420)],
    None,
    [("登记机关", 560, 660)],
    [("2020年10月16日", 600, 850)],
]


def test_old_licence_all_fields():
    f = extract_fields("business_licence", [page(OLD_LICENCE)])
    assert f["uscc"].value == CODE
    assert f["company_name"].value == "衡阳市恒通机械制造有限公司"
    assert f["company_type"].value == "有限责任公司（自然人投资或控股）"
    assert f["legal_representative"].value == "张三"
    assert f["registered_capital"].value == 5000000
    assert f["established_date"].value == "2012-03-15"
    assert f["business_term"].value == "2012-03-15至2042-03-14"
    assert f["address"].value == "衡阳市雁峰区白沙洲工业园长塘路8号"
    assert f["business_scope"].value.startswith("机械设备")
    assert f["business_scope"].value.endswith("方可开展经营活动）")
    assert f["registration_authority"].value == "衡阳市市场监督管理局"
    assert f["issue_date"].value == "2020-10-16"
    for field in f.values():
        assert field.page == 1 and field.bbox is not None and 0 < field.confidence <= 1


def test_uscc_with_O_for_0_is_repaired_on_licence():
    f = extract_fields("business_licence", [page(OLD_LICENCE)])
    assert f["uscc"].value == CODE
    assert f["uscc"].confidence < 0.95  # repaired values are less certain


def test_two_column_licence_with_separate_boxes():
    f = extract_fields("business_licence", [page(NEW_LICENCE)])
    assert f["uscc"].value == CODE
    assert f["company_name"].value == "衡阳市恒通机械制造有限公司"
    assert f["registered_capital"].value == 5000000
    assert f["legal_representative"].value == "张三"
    assert f["business_term"].value == "2012-03-15至长期"
    assert f["address"].value == "衡阳市雁峰区白沙洲工业园长塘路8号"
    assert f["business_scope"].value == "机械设备制造、销售；五金配件加工。（依法须经批准的项目，经相关部门批准后方可开展经营活动）"
    assert f["issue_date"].value == "2020-10-16"
    assert "registration_authority" not in f  # not legible: not invented


def test_licence_number_is_not_taken_as_uscc():
    rows = [[("营业执照", 350, 650)], [("统一社会信用代码", 60, 260), ("证照编号:914304000000000001", 620, 950)],
            "名称衡阳市恒通机械制造有限公司"]
    f = extract_fields("business_licence", [page(rows)])
    assert f["uscc"].value is None and f["uscc"].confidence == 0


def test_unreadable_uscc_is_reported_not_invented():
    rows = [[("营业执照", 350, 650)], "统一社会信用代码91430400MA4L1Z34X9", "名称衡阳市恒通机械制造有限公司"]
    f = extract_fields("business_licence", [page(rows)])
    assert f["uscc"].value is None
    assert f["uscc"].confidence == 0
    assert "91430400MA4L1Z34X9" in f["uscc"].raw


INCOME = [
    [("利润表", 420, 580)],
    [("2019年度", 440, 560)],
    [("编制单位:衡阳市恒通机械制造有限公司", 60, 500), ("单位:万元", 800, 950)],
    [("项目", 60, 200), ("行次", 420, 470), ("本期金额", 550, 680), ("上期金额", 780, 910)],
    [("一、营业收入", 60, 260), ("1", 435, 450), ("3,456.78", 560, 680), ("2,100.00", 790, 910)],
    [("减:营业成本", 60, 260), ("2", 435, 450), ("2,000.00", 560, 680), ("1,500.00", 790, 910)],
    [("研发费用", 60, 260), ("6", 435, 450), ("210.50", 560, 680), ("150.00", 790, 910)],
    [("营业外收入", 60, 260), ("20", 435, 450), ("9.00", 560, 680), ("1.00", 790, 910)],
    [('三、利润总额(亏损总额以"-"号填列)', 60, 400), ("25", 435, 450), ("500.00", 560, 680), ("300.00", 790, 910)],
    [("四、净利润(净亏损以“-”号填列)", 60, 400), ("30", 435, 450), ("(12.30)", 560, 680), ("250.00", 790, 910)],
]


def test_income_statement_current_column_and_unit():
    p = page(INCOME)
    p.statement = "income_statement"
    f = extract_fields("financial_statement", [p])
    assert f["fiscal_year"].value == 2019
    assert f["statement"].value == "income_statement"
    assert f["operating_revenue"].value == 34567800
    assert f["rd_expense"].value == 2105000
    assert f["total_profit"].value == 5000000
    assert f["net_profit"].value == -123000


def test_prior_column_first_layout_still_picks_current():
    rows = [[("资产负债表", 380, 620)], [("2019年12月31日", 400, 600)], [("单位:元", 800, 900)],
            [("资产", 60, 200), ("年初数", 350, 450), ("期末数", 550, 650)],
            [("资产总计", 60, 200), ("10,000,000.00", 330, 470), ("12,345,678.90", 530, 670)]]
    f = extract_fields("financial_statement", [page(rows)])
    assert f["total_assets"].value == pytest.approx(12345678.9)


def test_two_sided_balance_sheet_rows():
    rows = [[("资产负债表", 380, 620)], [("2019年12月31日", 400, 600)],
            [("资产", 20, 100), ("期末余额", 200, 300), ("年初余额", 320, 420), ("负债和所有者权益", 500, 680),
             ("期末余额", 700, 800), ("年初余额", 850, 950)],
            [("流动负债合计", 500, 650), ("1,000.00", 700, 800), ("900.00", 850, 950)],
            [("资产总计", 20, 120), ("8,000.00", 200, 300), ("7,000.00", 320, 420), ("负债合计", 500, 600),
             ("3,000.00", 700, 800), ("2,500.00", 850, 950)]]
    f = extract_fields("financial_statement", [page(rows)])
    assert f["total_assets"].value == 8000
    assert f["total_liabilities"].value == 3000


def test_merged_row_line_from_pdf_text_layer():
    rows = [[("资产负债表", 380, 620)], "2018年12月31日  单位:元", "项目 行次 期末余额 年初余额",
            "资产总计 32 5,000,000.00 4,000,000.00", "负债合计 50 1,000,000.00 900,000.00"]
    f = extract_fields("financial_statement", [page(rows)])
    assert f["fiscal_year"].value == 2018
    assert f["total_assets"].value == 5000000
    assert f["total_liabilities"].value == 1000000


def test_audit_report_firm_number_and_opinion():
    cover = page([[("审计报告", 400, 600)], "湘华审字[2020]第0123号", "衡阳市恒通机械制造有限公司全体股东:",
                  "一、审计意见", "我们审计了衡阳市恒通机械制造有限公司财务报表,包括2019年12月31日的资产负债表,",
                  "我们认为,后附的财务报表在所有重大方面按照企业会计准则的规定编制,公允反映了公司2019年12月31日的财务状况",
                  [("湖南华信会计师事务所(特殊普通合伙)", 60, 500), ("中国注册会计师:王五", 600, 900)],
                  [("2020年3月15日", 600, 800)]], 1)
    bs = page([[("资产负债表", 380, 620)], [("2019年12月31日", 400, 600)], [("资产", 60, 200), ("期末余额", 350, 500), ("年初余额", 550, 700)],
               [("资产总计", 60, 200), ("12,345,678.90", 350, 500), ("10,000,000.00", 550, 700)]], 2)
    f = extract_fields("audit_report", [cover, bs])
    assert f["audit_firm"].value == "湖南华信会计师事务所（特殊普通合伙）"
    assert f["report_number"].value == "湘华审字〔2020〕第0123号"
    assert f["opinion"].value == "标准无保留意见"
    assert f["fiscal_year"].value == 2019
    assert f["total_assets"].value == pytest.approx(12345678.9)
    assert f["total_assets"].page == 2


def test_qualified_opinion_is_not_read_as_unqualified():
    p = page([[("审计报告", 400, 600)], "一、保留意见", "除“形成保留意见的基础”部分所述事项可能产生的影响外,",
              "后附的财务报表在所有重大方面按照企业会计准则的规定编制,公允反映了", "北京某某会计师事务所有限公司"])
    assert extract_fields("audit_report", [p])["opinion"].value == "保留意见"


def test_commitment_letter_name_and_date():
    p = page([[("申报材料真实性承诺书", 300, 700)], "本企业郑重承诺:所提交的申报材料真实、准确、完整,",
              "如有弄虚作假,愿承担相应法律责任。", None, [("承诺单位(盖章):衡阳市恒通机械制造有限公司", 400, 950)],
              [("法定代表人(签字):", 400, 650)], [("二〇二〇年十月十日", 600, 850)]])
    f = extract_fields("commitment_letter", [p])
    assert f["company_name"].value == "衡阳市恒通机械制造有限公司"
    assert f["signed_date"].value == "2020-10-10"


def test_commitment_letter_company_line_without_label():
    p = page([[("承诺书", 400, 600)], "我单位承诺所报材料真实有效。", None, None,
              [("衡阳市恒通机械制造有限公司(盖章)", 500, 950)], [("2020年10月10日", 600, 850)]])
    f = extract_fields("commitment_letter", [p])
    assert f["company_name"].value == "衡阳市恒通机械制造有限公司"


def test_application_form_pairs_labels_and_values_by_geometry():
    rows = ["附件1", [("衡阳市种子企业基本情况表", 250, 750)],
            [("企业名称", 40, 160), ("衡阳市恒通机械制造有限公司", 200, 600)],
            [("统一社会信用代码", 40, 200), ("91430400MA4L1234X4", 220, 500)],
            [("法定代表人", 40, 160), ("张三", 200, 260), ("联系人", 500, 580), ("李四", 600, 660)],
            [("联系电话", 40, 160), ("0734-8123456", 200, 400), ("手机", 500, 560), ("13800000000", 600, 760)],
            [("所属行业", 40, 160), ("专用设备制造业", 200, 400), ("职工人数", 500, 600), ("120人", 620, 700)],
            [("上年度营业收入(万元)", 40, 300), ("3456.78", 320, 450), ("研发投入(万元)", 500, 680), ("210.5", 700, 780)],
            [("发明专利(件)", 40, 200), ("3", 220, 240), ("是否上云上平台", 500, 680), ("☑是 □否", 700, 800)]]
    f = extract_fields("application_form", [page(rows)])
    assert f["company_name"].value == "衡阳市恒通机械制造有限公司"
    assert f["uscc"].value == CODE
    assert f["legal_representative"].value == "张三"
    assert f["contact_person"].value == "李四"
    assert f["contact_phone"].value == "0734-8123456"
    assert f["industry"].value == "专用设备制造业"
    assert f["employees"].value == 120
    assert f["operating_revenue"].value == 34567800
    assert f["rd_expense"].value == 2105000
    assert f["invention_patents"].value == 3
    assert f["cloud_platform"].value is True


def test_patent_certificate_fields():
    p = page([[("发明专利证书", 350, 650)], "发明名称:一种数控机床主轴冷却装置", "发明人:张三;李四",
              "专利号:ZL 2018 1 0123456.5", "专利申请日:2018年02月05日", "专利权人:衡阳市恒通机械制造有限公司",
              "授权公告日:2020年10月16日"])
    f = extract_fields("patent_certificate", [p])
    assert f["patent_number"].value == "ZL201810123456.5"
    assert f["patent_title"].value == "一种数控机床主轴冷却装置"
    assert f["patent_type"].value == "发明"
    assert f["patentee"].value == "衡阳市恒通机械制造有限公司"
    assert f["application_date"].value == "2018-02-05"
    assert f["grant_date"].value == "2020-10-16"


def test_patent_number_with_bad_check_digit_is_unreadable():
    p = page([[("发明专利证书", 350, 650)], "专利号:ZL 2018 1 0123456.7"])
    f = extract_fields("patent_certificate", [p])
    assert f["patent_number"].value is None


def test_high_tech_certificate_fields():
    p = page([[("高新技术企业证书", 300, 700)], "企业名称:衡阳市恒通机械制造有限公司", "证书编号:GR2O1943000123",
              "发证时间:2019年9月5日", "有效期:三年"])
    f = extract_fields("high_tech_certificate", [p])
    assert f["certificate_number"].value == "GR201943000123"
    assert f["company_name"].value == "衡阳市恒通机械制造有限公司"
    assert f["issue_date"].value == "2019-09-05"
    assert f["valid_until"].value == "2022-09-04"


def test_unknown_doc_type_has_no_fields():
    assert extract_fields("photo", [page(["x"])]) == {}


def test_real_ocr_on_rendered_licence():
    np = pytest.importorskip("numpy")
    from PIL import Image, ImageDraw, ImageFont

    from extractors.classify import classify_page
    from extractors.text import PageText
    from intake.ocr.rapid import RapidOcrEngine

    font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 28)
    big = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 56)
    img = Image.new("RGB", (1100, 900), "white")
    d = ImageDraw.Draw(img)
    d.text((420, 30), "营 业 执 照", font=big, fill="black")
    rows = [("统一社会信用代码", CODE), ("名　　称", "衡阳市恒通机械制造有限公司"), ("类　　型", "有限责任公司（自然人投资或控股）"),
            ("法定代表人", "张三"), ("注册资本", "伍佰万元整"), ("成立日期", "2012年03月15日"),
            ("营业期限", "2012年03月15日至2042年03月14日"), ("住　　所", "衡阳市雁峰区白沙洲工业园")]
    y = 150
    for label, value in rows:
        d.text((60, y), label, font=font, fill="black")
        d.text((300, y), value, font=font, fill="black")
        y += 60
    d.text((650, y + 40), "登记机关", font=font, fill="black")
    d.text((650, y + 100), "2020年10月16日", font=font, fill="black")
    bgr = np.asarray(img)[:, :, ::-1].copy()
    lines = RapidOcrEngine().read(bgr)
    p = PageText(1, lines, 1100, 900)
    assert classify_page(p).doc_type == "business_licence"
    f = extract_fields("business_licence", [p])
    assert f["uscc"].value == CODE
    assert f["company_name"].value == "衡阳市恒通机械制造有限公司"
    assert f["registered_capital"].value == 5000000
    assert f["established_date"].value == "2012-03-15"
    assert f["business_term"].value == "2012-03-15至2042-03-14"
    assert f["issue_date"].value == "2020-10-16"


# ---- Real PP-OCR lines (text, box, confidence) from the sample corpus --------------------

def _ocr_page(rows, index=1, width=1400, height=1900):
    from extractors.text import PageText
    from intake.ocr.base import OcrLine

    return PageText(index=index, lines=[OcrLine(t, tuple(float(v) for v in b), c) for t, b, c in rows],
                    width=width, height=height)


# hy2020-0002 licence: spaced labels split into "名" / "称<value>", 经营范圈 misread, garbled authority.
SPLIT_LABEL_LICENCE = [
    ("营业执照", (605, 465, 1192, 617), 1.00),
    ("（副本）", (846, 621, 953, 669), 0.84),
    ("统一社会信用代码91430408MA4Q1DNPX1", (287, 705, 849, 736), 0.99),
    ("证照编号：430408565887291119", (286, 753, 644, 781), 1.00),
    ("名", (307, 849, 346, 887), 1.00),
    ("称湖南嘉源生物科技股份有限公司", (419, 850, 863, 881), 0.99),
    ("类", (307, 914, 344, 954), 1.00),
    ("型股份有限公司（非上市、自然人投资或控股）", (415, 917, 1016, 951), 0.99),
    ("法定代表人周志刚", (307, 983, 555, 1022), 0.99),
    ("注册资本人民币捌佰万元整", (307, 1055, 694, 1091), 0.99),
    ("成立日期2007年12月14日", (308, 1125, 687, 1161), 1.00),
    ("营业期限2007年12月14日至长期", (306, 1191, 775, 1231), 1.00),
    ("住", (307, 1262, 344, 1303), 1.00),
    ("所湖南省衡阳市蒸湘区光辉街137号", (419, 1267, 884, 1299), 0.99),
    ("经营范圈生物制品的研发；农产品深加工；保健食品生产、销售；货物或技术进出口（国家禁", (304, 1330, 1519, 1373), 0.98),
    ("止或涉及行政审批的货物和技术进出口除外）。（依法须经批准的项目，经相关部门", (462, 1385, 1519, 1422), 1.00),
    ("批准后方可开展经营活动）", (465, 1437, 792, 1470), 1.00),
    ("登记机关丽", (1065, 1928, 1294, 1984), 0.84),
    ("2018年05月12日", (1108, 2049, 1333, 2084), 1.00),
    ("国家企业信用信息公示系统网址：http://www.gsxtgov.cn", (620, 2098, 1187, 2130), 0.98),
    ("国家市场监督管理总局监制", (765, 2128, 1037, 2156), 1.00),
]


def test_licence_with_spaced_labels_split_by_ocr():
    f = extract_fields("business_licence", [_ocr_page(SPLIT_LABEL_LICENCE, height=2300)])
    assert f["company_name"].value == "湖南嘉源生物科技股份有限公司"
    assert f["company_type"].value == "股份有限公司（非上市、自然人投资或控股）"
    assert f["address"].value == "湖南省衡阳市蒸湘区光辉街137号"
    assert f["business_scope"].value == (
        "生物制品的研发；农产品深加工；保健食品生产、销售；货物或技术进出口（国家禁止或涉及行政审批的货物和技术进出口除外）。"
        "（依法须经批准的项目，经相关部门批准后方可开展经营活动）")
    assert f["issue_date"].value == "2018-05-12"
    # Only the 总局监制 footer names an authority: nothing is invented.
    assert "registration_authority" not in f or f["registration_authority"].value is None


# hy2020-0005 licence: labels and values in separate boxes; the address must not run into the scope.
SEPARATE_BOX_LICENCE = [
    ("名称", (220, 611, 277, 645), 1.00),
    ("湖南瑞恒食品有限责任公司", (355, 613, 643, 640), 1.00),
    ("类型", (218, 665, 275, 700), 1.00),
    ("有限责任公司（自然人投资或控股）", (356, 668, 724, 697), 0.99),
    ("住所", (221, 942, 273, 974), 1.00),
    ("湖南省衡阳市高新技术产业开发区光辉街142号", (354, 942, 848, 973), 1.00),
    ("经营范围", (219, 998, 320, 1029), 0.99),
    ("食品生产、销售；预包装食品批发；农产品收购与加工；货物或技术进出口（", (357, 1001, 1171, 1027), 0.96),
    ("国家禁止或涉及行政审批的货物和技术进出口除外）。（依法须经批准的项目，", (355, 1040, 1180, 1066), 0.99),
    ("经相关部门批准后方可开展经营活动）", (355, 1081, 748, 1109), 0.99),
    ("场监督", (849, 1409, 969, 1467), 0.97),
    ("登记机关", (817, 1462, 957, 1493), 1.00),
    ("阳市", (811, 1483, 854, 1555), 0.99),
    ("国家市场监督管理总局监制", (566, 1653, 786, 1673), 1.00),
]


def test_licence_address_stops_at_next_row_label():
    f = extract_fields("business_licence", [_ocr_page(SEPARATE_BOX_LICENCE)])
    assert f["company_name"].value == "湖南瑞恒食品有限责任公司"
    assert f["address"].value == "湖南省衡阳市高新技术产业开发区光辉街142号"
    assert f["business_scope"].value.startswith("食品生产、销售；预包装食品批发；")
    assert f["business_scope"].value.endswith("经相关部门批准后方可开展经营活动）")


def test_licence_authority_from_a_line_anywhere():
    rows = SPLIT_LABEL_LICENCE[:-4] + [
        ("登", (769, 1486, 795, 1513), 1.00), ("机", (844, 1486, 864, 1509), 1.00),
        ("衡阳市市场监督管理局", (760, 1530, 990, 1560), 0.90),
        ("2019年11月26日", (796, 1572, 956, 1603), 1.00),
        ("国家市场监督管理总局监制", (555, 1635, 773, 1655), 1.00),
    ]
    f = extract_fields("business_licence", [_ocr_page(rows)])
    assert f["registration_authority"].value == "衡阳市市场监督管理局"
    assert f["issue_date"].value == "2019-11-26"


# hy2020-0005 application form: a seal over the cells garbles several values.
FORM_0005 = [
    ("填报单位（盖章）：湖南瑞恒食品有限责任公司", (149, 273, 571, 298), 0.99),
    ("企业名称（盖章）", (162, 342, 320, 366), 0.93),
    ("湖南瑞恒食品有限责任公司", (491, 341, 744, 367), 1.00),
    ("统一社会信用代码", (160, 414, 327, 436), 1.00),
    ("91.13040MA.1MGIQ62W", (490, 415, 681, 434), 0.84),
    ("联系人", (157, 552, 226, 580), 1.00),
    ("廖庆伟", (491, 551, 558, 579), 1.00),
    ("联系电话", (157, 622, 246, 652), 1.00),
    ("18602798:36.4", (493, 626, 609, 646), 0.87),
    ("所强行业", (157, 691, 248, 721), 0.99),
    ("农副食品加工业", (493, 694, 640, 718), 1.00),
    ("职工人数(人)", (158, 766, 288, 789), 0.90),
    ("1.16i", (490, 769, 527, 787), 0.91),
    ("上年度营业收入（万元）", (159, 833, 372, 861), 0.99),
    ("18918..17", (492, 838, 577, 858), 0.97),
    ("研发经费投入（万元）", (160, 907, 351, 930), 0.97),
    ("2273.03", (486, 904, 570, 931), 1.00),
    ("有效发明专利（件）", (160, 977, 328, 1000), 0.97),
    ("是否“上云上平台”企业", (159, 1045, 392, 1073), 1.00),
    ("是", (491, 1045, 516, 1074), 1.00),
]


def test_form_with_garbled_cells_reads_what_is_readable():
    f = extract_fields("application_form", [_ocr_page(FORM_0005)])
    assert f["company_name"].value == "湖南瑞恒食品有限责任公司"
    assert f["contact_phone"].value == "18602798364"
    assert f["industry"].value == "农副食品加工业"
    assert f["rd_expense"].value == 22730300
    # "1.16i" and "18918..17" are misreads: not cut down to a wrong number.
    assert "employees" not in f or f["employees"].value != 1
    assert "operating_revenue" not in f or f["operating_revenue"].value is None


# hy2020-0003 application form: two columns, the revenue label wraps onto two lines so its
# value sits lower than the label and level with the rd value of the other column.
FORM_0003 = [
    ("单位名称", (180, 470, 295, 504), 1.00),
    ("衡阳县星创电子科技有限责任公司", (470, 472, 889, 501), 1.00),
    ("法定代表人", (177, 705, 321, 742), 1.00),
    ("阳华丽", (463, 703, 557, 744), 1.00),
    ("联系人", (705, 704, 799, 743), 1.00),
    ("黄敏国", (998, 705, 1088, 741), 1.00),
    ("手机/电话", (177, 786, 304, 820), 0.99),
    ("15853391322", (469, 787, 640, 817), 1.00),
    ("职工人数（人）", (709, 786, 870, 820), 0.99),
    ("595", (996, 785, 1050, 820), 1.00),
    ("上年度营业收入（万", (183, 848, 433, 880), 1.00),
    ("15943.13", (467, 866, 587, 895), 1.00),
    ("研发投入（万元）", (709, 866, 897, 898), 0.99),
    ("911.32", (995, 862, 1090, 900), 1.00),
    ("元）", (176, 880, 234, 918), 0.99),
    ("有效发明专利（件）", (180, 945, 394, 975), 0.99),
    ("0", (467, 946, 487, 973), 0.92),
]


def test_form_two_columns_wrapped_label_and_slash_phone_label():
    f = extract_fields("application_form", [_ocr_page(FORM_0003)])
    assert f["company_name"].value == "衡阳县星创电子科技有限责任公司"
    assert f["contact_phone"].value == "15853391322"
    assert f["employees"].value == 595
    assert f["operating_revenue"].value == 159431300
    assert f["rd_expense"].value == 9113200
    assert f["invention_patents"].value == 0


def test_commitment_letter_name_after_seal_note():
    rows = [
        ("真实性承诺书", (560, 200, 900, 260), 1.00),
        ("企业名称（盖章）衡东县昌金科技有限责任公司", (380, 1164, 1033, 1197), 0.97),
        ("二〇二〇年十月七日", (540, 1325, 767, 1357), 0.92),
    ]
    f = extract_fields("commitment_letter", [_ocr_page(rows)])
    assert f["company_name"].value == "衡东县昌金科技有限责任公司"
    assert f["signed_date"].value == "2020-10-07"


HIGH_TECH_0003 = [
    ("高新技术企业证书", (453, 304, 980, 370), 0.99),
    ("企业名称：衡阳县星创电子科技有限责任公司", (250, 505, 847, 535), 0.99),
    ("证书编号：GR201843001076", (250, 594, 635, 623), 1.00),
    ("发证时间：2018年1月17日", (248, 680, 603, 716), 1.00),
    ("有效期：三年", (249, 772, 429, 806), 1.00),
    ("湖南省科学技术厅", (217, 1615, 396, 1642), 1.00),
    ("2018年1月17日", (625, 1663, 803, 1696), 1.00),
]


def test_high_tech_valid_until_is_day_before_third_anniversary():
    f = extract_fields("high_tech_certificate", [_ocr_page(HIGH_TECH_0003)])
    assert f["issue_date"].value == "2018-01-17"
    assert f["valid_until"].value == "2021-01-16"


def test_high_tech_printed_validity_wins():
    rows = HIGH_TECH_0003[:4] + [("有效期：2018年1月17日至2021年1月17日", (249, 772, 829, 806), 1.00)]
    f = extract_fields("high_tech_certificate", [_ocr_page(rows)])
    assert f["valid_until"].value == "2021-01-17"


def test_statement_amounts_with_ocr_dots_as_thousands():
    from decimal import Decimal

    from extractors.fields.financial import _tokens
    from intake.ocr.base import OcrLine

    line = OcrLine("366.814.402.11", (987.0, 1097.0, 1186.0, 1129.0), 0.94)
    assert [t.value for t in _tokens(line)] == [Decimal("366814402.11")]
    line = OcrLine("29,901.591.70", (838.0, 1093.0, 967.0, 1113.0), 0.95)
    assert [t.value for t in _tokens(line)] == [Decimal("29901591.7")]


def test_licence_address_stops_at_the_next_split_spaced_label():
    licence = page([
        "营业执照",
        "统一社会信用代码91430400MA4L1234X5",
        [("名", 60, 90), ("称衡阳市恒通机械制造有限公司", 150, 600)],
        [("住", 60, 90), ("所湖南省衡阳市石鼓区产业园E栋", 150, 560)],
        [("经", 60, 90), ("营范围新型材料的研发、生产和销售；高分子复合材料制造；", 150, 900)],
        [("化工原料（不含危险化学品）销售。", 152, 700)],
    ])
    fields = extract_fields("business_licence", [licence])
    assert fields["address"].value == "湖南省衡阳市石鼓区产业园E栋"
    assert fields["business_scope"].value.startswith("新型材料的研发")


def test_revenue_row_whose_numeral_the_ocr_dropped_is_still_found():
    statement = page([
        "利润表",
        [("编制单位：衡阳市恒通机械制造有限公司", 60, 500), ("2019年度", 520, 640), ("单位：元", 800, 900)],
        [("项目", 150, 200), ("行次", 400, 450), ("本年金额", 520, 620), ("上期金额", 760, 860)],
        [("、营业收入", 60, 180), ("1", 410, 430), ("165,186,214.79", 520, 680), ("151,938,644.41", 760, 920)],
        [("减：营业成本", 60, 200), ("2", 410, 430), ("100,971,786.05", 520, 680), ("91,362,821.15", 760, 920)],
    ])
    statement.doc_type, statement.fiscal_year = "financial_statement", 2019
    fields = extract_fields("financial_statement", [statement])
    assert fields["operating_revenue"].value == 165186214.79


def test_business_scope_items_read_with_colons_are_separated_by_semicolons():
    licence = page([
        "营业执照",
        "统一社会信用代码91430400MA4L1234X5",
        "经营范围化工技术咨询服务：精细化工产品的研发丶生产和销售：货物进出口。",
    ])
    scope = extract_fields("business_licence", [licence])["business_scope"]
    assert scope.value == "化工技术咨询服务；精细化工产品的研发、生产和销售；货物进出口。"
    assert "丶" in scope.raw  # the raw reading is kept as evidence


def test_letter_name_cut_off_by_the_seal_is_kept_at_lower_confidence():
    letter = page([
        "衡阳市种子企业申报材料真实性承诺",
        "本企业郑重承诺所提交的申报材料真实、准确、完整。",
        [("企业名称 (盖章）", 500, 690), ("祁东县中天电子科技", 730, 950)],
        [("法定代表人（签字）", 500, 690)],
        "2020年10月08日",
    ])
    name = extract_fields("commitment_letter", [letter])["company_name"]
    assert name.value == "祁东县中天电子科技" and name.confidence < 0.7


def test_letter_without_a_readable_name_does_not_take_the_next_label():
    letter = page([
        "衡阳市种子企业申报材料真实性承诺",
        [("企业名称（盖章）", 500, 690)],
        [("法定代表人（签字", 500, 690)],
        "2020年10月08日",
    ])
    assert "company_name" not in extract_fields("commitment_letter", [letter])
