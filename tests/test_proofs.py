"""The cloud proof's provider when OCR garbles the name printed under the provider's seal."""
from extractors.fields import extract_fields
from extractors.text import page_from_rows as page


def _provider(signed_by: list) -> str:
    rows = [[("云服务使用证明", 500, 760)],
            "兹证明衡东县博力电气有限公司自2018年02月02日起使用我公司提供的企业上云服务。", "特此证明。",
            None, signed_by]
    return extract_fields("cloud_platform_proof", [page(rows, width=1300)])["provider"].value


def test_a_provider_name_garbled_under_its_seal_is_the_known_provider_of_its_brand():
    assert _provider([("腾讯云算", 660, 778), ("有限资备公司", 858, 995)]) == "腾讯云计算（北京）有限责任公司"


def test_a_provider_whose_brand_and_legal_form_the_seal_hid_is_the_one_known_provider_its_piece_names():
    assert _provider([("云计算技术有限", 1017, 1212)]) == "华为云计算技术有限公司"


def test_a_provider_of_no_known_brand_is_kept_as_read():
    assert _provider([("衡阳云智信息技术有限公司", 660, 1000)]) == "衡阳云智信息技术有限公司"


def test_a_provider_branch_is_kept_when_the_ocr_drops_a_character_of_the_head_office_suffix():
    assert _provider([("中国移动通信集团湖南有限公衡阳分公司", 600, 1150)]) == "中国移动通信集团湖南有限公司衡阳分公司"


def test_a_contract_provider_whose_party_label_lost_its_head_at_the_margin_is_read():
    rows = ["云服务采购合同", "委托方：衡阳县创瑞生物科技股份有限公司", "务方：中国移动通信集团湖南有限公司衡阳分公司",
            "一、服务内容：服务方向委托方提供设备上云服务，服务期限自2020年5月29日起三年。"]
    f = extract_fields("cloud_platform_proof", [page(rows)])
    assert f["provider"].value == "中国移动通信集团湖南有限公司衡阳分公司"


def test_a_client_whose_party_label_lost_its_head_is_not_taken_for_the_provider():
    rows = ["云服务采购合同", "托方：衡阳县创瑞生物科技股份有限公司", "一、服务内容：提供设备上云服务。"]
    assert "provider" not in extract_fields("cloud_platform_proof", [page(rows)])


def _certificate(*date_row, number: str = "HNSY202013309") -> str | None:
    rows = ["“上云上平台”企业认定证书", "衡阳市恒通机械制造有限公司：", "你单位已完成上云上平台建设，上云服务商为华为云计算技术有限公司，特发此证。",
            f"证书编号：{number}", None, [("湖南省工业和信息化厅", 600, 900)], list(date_row)]
    field = extract_fields("cloud_platform_proof", [page(rows, height=2339)]).get("start_date")
    return field.value if field else None


def test_a_certificate_date_whose_year_and_day_the_issuers_seal_cut_is_dated_in_its_numbers_year():
    assert _certificate(("二〇年四月十", 620, 860)) == "2020-04-10"


def test_a_certificate_date_whose_year_was_read_whole_keeps_it_whatever_its_number_says():
    # Numbered in 2019, issued in January 2020: only the day's 日 was lost under the seal.
    assert _certificate(("二〇二〇年一月十", 620, 860), number="HNSY201913309") == "2020-01-10"
    assert _certificate(("二〇年一月十", 620, 860), number="HNSY201913309") == "2019-01-10"


def test_a_certificate_date_whose_one_and_zero_the_ocr_read_as_a_dash_and_a_digit_is_read():
    row = (("二", 600, 620), ("0-", 630, 660), ("九年五月二十三日", 665, 860))
    assert _certificate(*row, number="HNSY201959383") == "2019-05-23"
