"""Seal text vs company name (spec §4 Seals): fuzzy, OCR-error tolerant, seal-type
words ignored, cut-off and wrapped readings handled, other companies not matched."""
from __future__ import annotations

import pytest

from extractors.seals import company_similarity
from extractors.seals.match import core_name, trade_name_lost

COMPANY = "衡阳市恒通机械制造有限公司"


@pytest.mark.parametrize("reading", [
    "衡阳市恒通机械制造有限公司",
    "衡阳市恒通机械制造有限公司财务专用章",      # centre text of a finance seal
    "衡阳市恒通机械制造有限公司 合同专用章",
    "衡阳市恒通机械制造有限公司务专用",          # centre text half read
    "衡日市恒通机械制造有限公司",                # one OCR slip
    "衡阳巿桓通机诫制造有限公可",                # look-alike characters (巿/市, 桓/恒, 诫/械, 可/司)
    "市恒通机械制造有限公司",                    # start of the arc cut off
    "衡阳市恒通机械制造有限",                    # end cut off
    "有限公司衡阳市恒通机械制造",                # unrolled from the wrong place round the ring
])
def test_readings_of_the_company_seal_match(reading):
    assert company_similarity(reading, COMPANY) >= 0.8


@pytest.mark.parametrize("reading, company", [
    ("衡率县字达机械公司", "衡南县宇达机械制造有限责任公司"),          # 字 for 宇, 率 for 南, words lost
    ("市恒通机诫", COMPANY),                                       # the arc's end (legal form) and start lost
    ("阳恒激通机诫", COMPANY),                                     # ... and a stray stroke read in between
    ("宁创激海化土", "常宁市创海化工有限责任公司"),                 # legal form lost, rest of the core read
])
def test_readings_holding_the_trade_name_in_place_are_forgiven_more(reading, company):
    assert company_similarity(reading, company) >= 0.6


@pytest.mark.parametrize("other, company", [
    ("常宁市市场监督管理局", "常宁市金蓝化工有限公司"),  # 监 folds like 蓝 but is not in its place
    ("湖南省科学技术厅", "湖南力宇科技股份有限公司"),
    ("衡阳市恒通物流有限公司", COMPANY),                  # a sister company: same town and trade name
    ("衡阳市恒通物流", COMPANY),
    ("衡东县通海新能源", "衡东县通海新材料股份有限公司"),  # ... keeping one character of the rest
])
def test_a_trade_name_out_of_place_or_of_a_sister_company_is_no_evidence(other, company):
    assert company_similarity(other, company) < 0.6


@pytest.mark.parametrize("other", [
    "衡阳市华德电气有限公司",            # same town and legal form, another company
    "衡阳市恒信会计师事务所",
    "湖南华联瓷业股份有限公司",
    "有限公司",
    "衡阳市市场监督管理局",
])
def test_other_organisations_do_not_match(other):
    assert company_similarity(other, COMPANY) < 0.6


@pytest.mark.parametrize("other, company", [
    ("宋阳市信凝科技股份有限公司", "常宁市力润科技有限公司"),  # 耒阳's 信湘 misread: only 科技有限公司 in common
    ("耒阳市华德机械制造有限公司", COMPANY),
])
def test_a_seal_of_another_town_sharing_only_industry_words_is_no_match(other, company):
    assert company_similarity(other, company) < 0.6


def test_nothing_read_is_no_match():
    assert company_similarity(None, COMPANY) == 0.0
    assert company_similarity("财务专用章", COMPANY) == 0.0


def test_core_name_drops_region_and_legal_form():
    assert core_name("衡阳市恒通机械制造有限公司") == "恒通机械制造"
    assert core_name("湖南华联瓷业股份有限公司") == "华联瓷业"
    assert core_name("衡东县金德汽车零部件有限责任公司") == "金德汽车零部件"


@pytest.mark.parametrize("reading, company", [
    ("衡阳市机械制造有限公司", COMPANY),                    # the trade name faded, or under a signature
    ("衡南县纺织有限公司", "衡南县力达纺织有限公司"),
    ("衡阳市纺织有限公司", "衡阳市金百合纺织有限公司"),     # a trade name of three characters
])
def test_a_reading_that_lost_the_trade_name_cannot_tell(reading, company):
    # Below a match, but no other company's trade name was read: the seal may be the company's.
    assert company_similarity(reading, company) < 0.6
    assert trade_name_lost(reading, company)


@pytest.mark.parametrize("reading", [
    "耒阳市华德机械制造有限公司",
    "有限公司耒阳市华德机械制造",      # read from the middle of the ring
])
def test_another_trade_name_in_its_place_is_another_company(reading):
    assert company_similarity(reading, COMPANY) <= 0.5
    assert not trade_name_lost(reading, COMPANY)


def test_a_full_reading_has_not_lost_its_trade_name():
    assert not trade_name_lost(COMPANY, COMPANY)
    assert not trade_name_lost("衡阳市恒通物流", COMPANY)


@pytest.mark.parametrize("reading", [
    "衡南县机械制造有限公司",      # a company of another county
    "衡阳市机械工业局",            # a bureau
    "衡阳市机械制造行业协会",      # an association of the trade
    "衡阳市机械制造研究所",
])
def test_another_body_of_the_same_trade_is_no_lost_trade_name(reading):
    assert company_similarity(reading, COMPANY) < 0.6
    assert not trade_name_lost(reading, COMPANY)


@pytest.mark.parametrize("other, company", [
    ("衡东县新永智能装备有限公司", "衡山县鑫新智能装备股份有限公司"),  # shares 新 and the whole trade
    ("有限公司衡东县新永智能装备", "衡山县鑫新智能装备股份有限公司"),  # ... read from the middle of the ring
    ("耒阳市恒达机械制造有限公司", "衡阳市恒通机械制造有限公司"),
    # A trade name is unique only within its registering authority: the same one elsewhere is another company.
    ("耒阳市恒通机械制造有限公司", "衡阳市恒通机械制造有限公司"),
    ("有限公司耒阳市恒通机械制造", "衡阳市恒通机械制造有限公司"),
    ("衡南县鑫新智能装备股份有限公司", "衡山县鑫新智能装备股份有限公司"),
    ("衡阳县恒通机械制造有限公司", "衡阳市恒通机械制造有限公司"),
])
def test_a_company_of_another_county_in_the_same_trade_is_no_match(other, company):
    assert company_similarity(other, company) < 0.6


@pytest.mark.parametrize("reading, company", [
    ("珠晖区恒通机械制造有限公司", "衡阳市珠晖区恒通机械制造有限公司"),  # the district is the company's own
    ("衡阳市恒通机械制造有限公司", "衡阳市珠晖区恒通机械制造有限公司"),
    ("湖南省衡阳市恒通机械制造有限公司", COMPANY),                      # the province before its own city
])
def test_a_place_of_the_company_own_name_is_no_other_place(reading, company):
    assert company_similarity(reading, company) >= 0.8


@pytest.mark.parametrize("other, company", [
    ("衡阳市运通物流有限公司", "衡阳市远通物流有限公司"),
    ("衡阳市宁通物流有限公司", "衡阳市宇通物流有限公司"),
    ("衡阳市守信科技有限公司", "衡阳市宇信科技有限公司"),
])
def test_a_trade_name_one_character_apart_is_never_a_certain_match(other, company):
    # Look-alikes are pairs, not chains (宇 is like 字 and 宁 like 守, but 字 is not 宁):
    # one other character may be a misreading, never the very name.
    assert company_similarity(other, company) < 1.0


def test_a_look_alike_of_the_trade_name_is_read_as_it():
    assert company_similarity("衡阳市字信科技有限公司", "衡阳市宇信科技有限公司") == 1.0


@pytest.mark.parametrize("reading, company, matches", [
    # Another county's company read without its 县: 衡山 is 衡山县, not 衡阳县.
    ("衡山晟盛盛化工有限泰任公司", "衡阳县岳光化工有限公司", False),
    ("耒阳恒通机械制造有限公司", COMPANY, False),
    # The company's own place read without its 县 or 市 is still its own.
    ("衡阳岳光化工有限公司", "衡阳县岳光化工有限公司", True),
    ("衡阳恒通机械制造有限公司", COMPANY, True),
])
def test_a_place_that_lost_its_county_or_city_word_still_tells_whose_seal_it_is(reading, company, matches):
    assert (company_similarity(reading, company) >= 0.6) == matches
