from extractors.classify import classify_page, detect_fiscal_year, group_documents
from extractors.text import PageText, page_from_rows as page
from intake.ocr.base import OcrLine

LICENCE = [
    [("营业执照", 350, 650)],
    [("(副本)", 450, 550)],
    [("统一社会信用代码91430400MA4L1234X4", 60, 600), ("证照编号:43040000201910160012", 620, 950)],
    "名称衡阳市恒通机械制造有限公司",
    "类型有限责任公司(自然人投资或控股)",
    "法定代表人张三",
    "注册资本伍佰万元整",
    "成立日期2012年03月15日",
    "营业期限2012年03月15日至2042年03月14日",
    "住所衡阳市雁峰区白沙洲工业园",
    "经营范围机械设备制造、销售。",
    [("登记机关", 600, 700)],
    [("2020年10月16日", 600, 900)],
    "国家企业信用信息公示系统网址:http://www.gsxt.gov.cn",
]


def test_business_licence_is_recognised():
    c = classify_page(page(LICENCE))
    assert c.doc_type == "business_licence"
    assert c.confidence > 0.6


def test_food_licence_is_not_business_licence():
    food = page([
        [("食品经营许可证", 300, 700)],
        "经营者名称衡阳市恒通餐饮有限公司",
        "社会信用代码(身份证号码)91430400MA4L1234X4",
        "法定代表人(负责人)张三",
        "住所衡阳市雁峰区",
        "经营场所衡阳市雁峰区",
        "主体业态餐饮服务经营者",
        "经营项目热食类食品制售",
        "许可证编号JY24304000012345",
        "发证机关衡阳市雁峰区市场监督管理局",
        "有效期至2025年10月15日",
    ])
    assert classify_page(food).doc_type == "other"


def test_software_copyright_certificate_is_not_high_tech_certificate():
    p = page([[("计算机软件著作权登记证书", 250, 750)], "证书号:软著登字第1234567号", "著作权人:衡阳市恒通机械制造有限公司",
              "登记号:2019SR0123456", "中华人民共和国国家版权局"])
    assert classify_page(p).doc_type == "other"


def test_tax_registration_is_not_business_licence():
    p = page([[("税务登记证", 350, 650)], "税务登记号430400123456789", "纳税人名称衡阳市恒通机械制造有限公司",
              "法定代表人张三", "登记注册类型有限责任公司", "经营范围机械设备制造", "发证机关衡阳市国家税务局"])
    assert classify_page(p).doc_type == "other"


def test_high_tech_certificate_is_recognised():
    p = page([[("高新技术企业证书", 300, 700)], "企业名称:衡阳市恒通机械制造有限公司", "证书编号:GR201943000123",
              "发证时间:2019年9月5日", "有效期:三年", "湖南省科学技术厅 湖南省财政厅 国家税务总局湖南省税务局"])
    assert classify_page(p).doc_type == "high_tech_certificate"


def test_famous_trademark_is_an_honour():
    p = page([[("湖南省著名商标", 300, 700)], "衡阳市恒通机械制造有限公司", "注册号:1234567", "认定为湖南省著名商标",
              "湖南省工商行政管理局", "2018年12月"])
    assert classify_page(p).doc_type == "honor_certificate"


def test_balance_sheet_with_year():
    p = page([[("资产负债表", 380, 620)], [("2019年12月31日", 400, 600)],
              [("编制单位:衡阳市恒通机械制造有限公司", 60, 500), ("单位:元", 800, 900)],
              [("资产", 60, 200), ("行次", 250, 300), ("期末余额", 350, 500), ("年初余额", 550, 700)],
              [("资产总计", 60, 200), ("32", 260, 290), ("12,345,678.90", 350, 500), ("10,000,000.00", 550, 700)]])
    c = classify_page(p)
    assert c.doc_type == "financial_statement"
    assert c.statement == "balance_sheet"
    assert c.fiscal_year == 2019


def test_fiscal_year_from_balance_sheet_date():
    p = page([[("资产负债表", 380, 620)], [("2019年12月31日", 400, 600)], None, None, None,
              [("2020年3月15日", 600, 800)]], height=400)
    assert detect_fiscal_year(p) == 2019


def test_fiscal_year_prefers_current_over_prior_column():
    p = page([[("利润表", 380, 620)], [("项目", 60, 200), ("2019年度", 350, 500), ("2018年度", 550, 700)]])
    assert detect_fiscal_year(p) == 2019


def test_fiscal_year_from_audit_report_title():
    p = page([[("衡阳市恒通机械制造有限公司", 300, 700)], [("2019年度财务报表审计报告", 300, 700)],
              "湘华审字[2020]第0123号", None, None, [("2020年3月15日", 600, 800)]])
    c = classify_page(p)
    assert c.doc_type == "audit_report"
    assert c.fiscal_year == 2019


def test_commitment_letter_and_application_form():
    letter = page([[("申报材料真实性承诺书", 300, 700)], "本企业郑重承诺:所提交的营业执照、财务报表等申报材料真实、准确、完整,",
                   "如有弄虚作假,愿承担相应法律责任。", [("企业名称(盖章):衡阳市恒通机械制造有限公司", 400, 950)],
                   [("2020年10月10日", 600, 850)]])
    assert classify_page(letter).doc_type == "commitment_letter"
    form = page(["附件1", [("衡阳市种子企业基本情况表", 250, 750)], [("企业名称", 60, 200), ("衡阳市恒通机械制造有限公司", 220, 700)],
                 [("联系人", 60, 200), ("李四", 220, 300), ("联系电话", 400, 520), ("13800000000", 540, 700)]])
    assert classify_page(form).doc_type == "application_form"


def test_patent_certificate():
    p = page([[("发明专利证书", 350, 650)], "发明名称:一种数控机床主轴冷却装置", "发明人:张三;李四",
              "专利号:ZL 2018 1 0123456.5", "专利申请日:2018年02月05日", "专利权人:衡阳市恒通机械制造有限公司",
              "授权公告日:2020年10月16日", "国家知识产权局"])
    assert classify_page(p).doc_type == "patent_certificate"


def test_almost_empty_page_is_left_to_the_pipeline():
    c = classify_page(page(["图1"]))
    assert c.doc_type == "other" and c.confidence <= 0.2


def test_statements_after_audit_opinion_join_the_audit_report():
    cover = page([[("审计报告", 400, 600)], "湘华审字[2020]第0123号", "衡阳市恒通机械制造有限公司2019年度财务报表审计报告"], 1)
    opinion = page([[("审计报告", 400, 600)], "我们审计了衡阳市恒通机械制造有限公司财务报表,包括2019年12月31日的资产负债表",
                    "审计意见", "注册会计师:王五"], 2)
    bs = page([[("资产负债表", 380, 620)], [("2019年12月31日", 400, 600)], "编制单位:衡阳市恒通机械制造有限公司"], 3)
    bs2017 = page([[("资产负债表", 380, 620)], [("2017年12月31日", 400, 600)], "编制单位:衡阳市恒通机械制造有限公司"], 4)
    pages = [cover, opinion, bs, bs2017]
    for p in pages:
        c = classify_page(p)
        p.doc_type, p.fiscal_year, p.statement = c.doc_type, c.fiscal_year, c.statement
    groups = group_documents(pages)
    assert [[p.index for p in g] for g in groups] == [[1, 2, 3], [4]]
    assert bs.doc_type == "audit_report" and bs.extra["classified_as"] == "financial_statement"
    assert groups[1][0].doc_type == "financial_statement"


def test_blurred_licence_with_only_its_title_readable_is_still_a_licence():
    page = PageText(1, [OcrLine("O", (568, 156, 718, 298), 0.57), OcrLine("营业执照", (416, 317, 878, 444), 0.99)], 1240, 1754)
    assert classify_page(page).doc_type == "business_licence"


def test_a_few_stray_characters_decide_nothing():
    page = PageText(1, [OcrLine("产品", (568, 156, 718, 298), 0.8)], 1240, 1754)
    assert classify_page(page).doc_type == "other"


def test_blurred_title_read_with_a_wrong_character_still_names_the_page():
    page = PageText(1, [OcrLine("高新性术企业证书", (380, 300, 900, 380), 0.6)], 1240, 1754)
    assert classify_page(page).doc_type == "high_tech_certificate"


def test_short_words_are_not_read_as_a_blurred_title():
    # a photo's signboard: a few characters near a title's are not that title
    page = PageText(1, [OcrLine("高新产品", (568, 156, 718, 298), 0.8)], 1240, 1754)
    assert classify_page(page).doc_type == "other"


def test_binder_cover_naming_the_call_is_not_the_form():
    cover = PageText(1, [OcrLine("2020年衡阳市种子企业", (300, 400, 900, 470), 0.6),
                         OcrLine("申报材料", (450, 500, 750, 570), 0.6)], 1240, 1754)
    assert classify_page(cover).doc_type == "other"


def test_second_page_of_the_form_with_a_profile_row_is_the_form():
    lines = [
        ("衡阳县锦信科技股份有限公司成立于2005年，主要从事工业软件等产品的研发与生产", (548, 282, 1478, 317)),
        ("现有员工270人，产品远销国内外。", (498, 328, 883, 359)),
        ("企业简介及主要优势", (157, 457, 399, 489)),
        ("研发机构建设情况", (157, 735, 377, 767)),
        ("省级工程技术研究中心", (496, 733, 767, 767)),
        ("上云上平台情况", (160, 846, 350, 878)),
        ("已上云", (494, 842, 582, 880)),
        ("县市区工信部门意见", (160, 1058, 402, 1090)),
        ("（盖章）", (515, 1088, 592, 1127)),
        ("市工信局意见", (160, 1334, 324, 1366)),
        ("企业（盖章）", (808, 1803, 986, 1847)),
        ("2020年10月1日", (821, 1874, 1018, 1906)),
    ]
    form_page = PageText(2, [OcrLine(t, b, 0.99) for t, b in lines], 1679, 2357)
    assert classify_page(form_page).doc_type == "application_form"


def test_contents_page_listing_the_materials_is_other():
    titles = ["申报材料", "序号", "材料名称", "页码", "衡阳市种子企业基本情况表", "企业近三年财务报表或审计报告",
              "营业执照副本复印件", "相关荣誉证书及佐证材料", "厂区概貌、主要设备、主要产品照片",
              "企业简介及未来三年发展规划", "申报材料真实性承诺"]
    contents = PageText(1, [OcrLine(t, (380, 600 + 80 * i, 900, 640 + 80 * i), 0.99) for i, t in enumerate(titles)], 1654, 2339)
    assert classify_page(contents).doc_type == "other"


def test_two_patent_certificates_in_a_row_are_two_documents():
    first = PageText(1, [OcrLine("发明专利证书", (500, 100, 900, 160), 0.99)], 1654, 2339, doc_type="patent_certificate")
    second = PageText(2, [OcrLine("实用新型专利证书", (500, 100, 900, 160), 0.99)], 1654, 2339, doc_type="patent_certificate")
    assert [[p.index for p in g] for g in group_documents([first, second])] == [[1], [2]]


def test_invoice_for_a_cloud_service_is_cloud_proof():
    invoice = page([
        [("增值税电子普通发票", 300, 700)],
        [("发票代码：043001900111", 550, 950)],
        [("发票号码：12345678", 550, 950)],
        "购买方名称：衡阳市恒通机械制造有限公司",
        "纳税人识别号：91430400MA4L1234X4",
        [("项目", 60, 200), ("*信息技术服务*云服务费", 220, 600), ("金额", 620, 700), ("48000.00", 720, 900)],
        "价税合计（大写）肆万捌仟元整（小写）￥48000.00",
        "销售方名称：阿里云计算有限公司",
    ])
    assert classify_page(invoice).doc_type == "cloud_platform_proof"


def test_ordinary_invoice_is_other():
    invoice = page([
        [("增值税普通发票", 300, 700)],
        "购买方名称：衡阳市恒通机械制造有限公司",
        [("项目", 60, 200), ("*金属制品*钢板", 220, 600), ("金额", 620, 700), ("12000.00", 720, 900)],
        "价税合计（大写）壹万贰仟元整",
    ])
    assert classify_page(invoice).doc_type == "other"


def test_balance_sheet_with_its_year_under_a_seal_opens_the_next_years_statements():
    def statement(index, doc_type, year, kind):
        return PageText(index, [OcrLine("x", (0, 0, 10, 10), 0.9)], 1000, 1400, doc_type=doc_type,
                        fiscal_year=year, statement=kind)

    pages = [
        statement(1, "audit_report", 2018, None),
        statement(2, "financial_statement", 2018, "balance_sheet"),
        statement(3, "financial_statement", 2018, "income_statement"),
        statement(4, "financial_statement", None, "balance_sheet"),  # 2017, its date hidden
        statement(5, "financial_statement", 2017, "income_statement"),
    ]
    groups = group_documents(pages)
    assert [[p.index for p in g] for g in groups] == [[1, 2, 3], [4, 5]]
    assert pages[3].fiscal_year == 2017 and pages[3].doc_type == "financial_statement"


def test_statement_without_a_year_completing_its_document_stays_in_it():
    def statement(index, year, kind):
        return PageText(index, [OcrLine("x", (0, 0, 10, 10), 0.9)], 1000, 1400, doc_type="financial_statement",
                        fiscal_year=year, statement=kind)

    pages = [statement(1, 2018, "balance_sheet"), statement(2, None, "income_statement"),
             statement(3, 2017, "balance_sheet")]
    assert [[p.index for p in g] for g in group_documents(pages)] == [[1, 2], [3]]


def test_tax_registration_certificate_with_licence_fields_is_other():
    tax = page([
        [("税 务 登 记 证", 350, 650)],
        [("（副本）", 450, 550)],
        "纳税人名称: 衡南县宇衡机械制造股份有限公司",
        "法定代表人（负责人）: 李志东",
        "地 址: 湖南省衡阳市衡南县解放大道206号",
        "登记注册类型: 股份有限公司（非上市、自然人投资或控股）",
        "经营范围: 机械设备及配件的研发、生产、销售；金属结构件加工",
        "税务登记证号: 湘税登字430422183538929号",
        "发证机关: 衡南县国家税务局",
    ])
    assert classify_page(tax).doc_type == "other"


def test_section_divider_naming_the_audit_reports_is_other():
    divider = page([[("第二部分", 420, 580)], [("企业近三年财务报表及审计报告", 250, 750)]])
    assert classify_page(divider).doc_type == "other"


def test_section_divider_between_the_audit_report_and_its_statements_stays_apart():
    opinion = page([[("审计报告", 400, 600)], "我们审计了衡阳市恒通机械制造有限公司2019年度财务报表", "审计意见",
                    "注册会计师:王五"], 1)
    divider = page([[("第四部分 知识产权及荣誉佐证材料", 300, 800)]], 2)
    bs = page([[("资产负债表", 380, 620)], [("2019年12月31日", 400, 600)], "编制单位:衡阳市恒通机械制造有限公司"], 3)
    pages = [opinion, divider, bs]
    for p in pages:
        c = classify_page(p)
        p.doc_type, p.fiscal_year, p.statement = c.doc_type, c.fiscal_year, c.statement
    groups = group_documents(pages)
    assert [[p.index for p in g] for g in groups] == [[1], [2], [3]]
    assert divider.doc_type == "other"


def test_dark_profile_page_with_only_its_section_heading_and_a_few_lines_is_the_profile():
    # An under-exposed second page of a profile: OCR kept five short lines, one of them
    # a sentence mentioning R&D spending, which is not the page's title.
    lines = [("（二）未来三年发展目标及措施", (220, 232, 664, 283)), ("未来三年，公司将围统工业软件主", (277, 298, 758, 345)),
             ("·围绕上述目标，公司将重", (331, 361, 724, 398)), ("加大研发投入，研发投入", (335, 419, 688, 456)),
             ("投资1290万元", (445, 480, 650, 513))]
    dark = PageText(20, [OcrLine(text, box, 0.95) for text, box in lines], 1679, 2357)
    assert classify_page(dark).doc_type == "company_profile"


def test_a_short_profile_label_on_a_form_page_is_not_a_profile():
    form = page(["企业简介", "主要产品 工业软件", "联系人 王五 联系电话 0734-8524849"])
    assert classify_page(form).doc_type != "company_profile"


def test_a_numbered_profile_section_of_a_form_filled_with_labels_is_not_a_profile():
    form = page(["（二）企业概况", "成立时间 2015年3月", "注册资本 500万元", "主营业务 机械加工", "职工人数 120"])
    assert classify_page(form).doc_type != "company_profile"


def test_a_science_bureaus_project_notice_is_no_rd_expense_proof():
    notice = page(["关于下达2020年度市科技计划项目立项通知", "衡阳市科学技术局", "经专家评审，同意立项",
                   "项目名称：智能装备", "承担单位：衡阳市恒通机械制造有限公司"])
    assert classify_page(notice).doc_type != "rd_expense_proof"


def test_blurred_rd_project_decision_with_only_its_title_read_is_rd_proof():
    blurred = PageText(24, [OcrLine("研发项目立项决议", (651, 116, 1109, 188), 0.99)], 1755, 2482)
    assert classify_page(blurred).doc_type == "rd_expense_proof"


def test_audit_cover_dated_next_spring_names_no_year():
    """A cover with only the report's signing date (2018年4月7日) is no page of the 2018 report."""
    p = page([[("祁东县光海机械制造有限责任公司", 300, 700)], [("审计报告", 380, 620)], None, None,
              [("湖南信中会计师事务所有限公司", 300, 700)], [("2018年4月7日", 400, 600)], None], height=700)
    assert detect_fiscal_year(p) is None


def test_year_end_with_its_day_mark_misread_still_names_the_year():
    p = page([[("资产负债表", 380, 620)], [("2019年12月31曰", 400, 600)], None, None, None,
              [("2020年3月15日", 600, 800)]], height=400)
    assert detect_fiscal_year(p) == 2019
