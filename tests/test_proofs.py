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


def test_a_provider_of_no_known_brand_is_kept_as_read():
    assert _provider([("衡阳云智信息技术有限公司", 660, 1000)]) == "衡阳云智信息技术有限公司"
