from datetime import date
from decimal import Decimal

import pytest

from extractors.normalize import find_dates, normalize_company_name, parse_date, parse_money
from extractors.normalize.dates import ends_cut_day
from extractors.normalize.places import repair_places


def test_money_in_chinese_capitals():
    assert parse_money("人民币伍佰万元整") == 5000000
    assert parse_money("壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角") == Decimal("12345678.9")
    assert parse_money("壹佰万元") == 1000000


def test_money_in_wan_and_yi():
    assert parse_money("500万元") == 5000000
    assert parse_money("500万元人民币") == 5000000
    assert parse_money("1.2亿元") == 120000000


def test_money_with_separators_and_negative_parentheses():
    assert parse_money("5,000,000.00") == 5000000
    assert parse_money("(1,234.50)") == Decimal("-1234.5")
    assert parse_money("（1,234.50）") == Decimal("-1234.5")
    assert parse_money("-1,234.50") == Decimal("-1234.5")


def test_money_ocr_dots_for_thousands_commas():
    # Real PP-OCR reads of statement cells (hy2020-0003, hy2020-0005).
    assert parse_money("29,901.591.70") == Decimal("29901591.7")
    assert parse_money("366.814.402.11") == Decimal("366814402.11")
    assert parse_money("17,322.960.39") == Decimal("17322960.39")
    assert parse_money("56.475.236.10") == Decimal("56475236.1")
    assert parse_money("1.234.567") == 1234567
    assert parse_money("1,234.567") == Decimal("1234.567")  # one '.', commas before it: usual reading


def test_money_table_unit_applies_to_bare_numbers():
    assert parse_money("1,234.5", unit="万元") == 12345000
    assert parse_money("12", unit="千元") == 12000


def test_money_without_amount_is_none():
    assert parse_money("") is None
    assert parse_money("—") is None
    assert parse_money("无") is None


def test_dates_in_all_common_forms():
    d = date(2020, 10, 16)
    for text in ("二〇二〇年十月十六日", "2020.10.16", "2020年10月16日", "2020-10-16", "2020/10/16",
                 "2020 年 10 月 16 日", "２０２０年１０月１６日"):
        assert parse_date(text) == d, text
    assert parse_date("2020年9月8日") == date(2020, 9, 8)
    assert parse_date("二〇一九年九月三十日") == date(2019, 9, 30)


def test_invalid_dates_are_none():
    assert parse_date("2020年2月30日") is None
    assert parse_date("无") is None


def test_find_dates_returns_all_in_order():
    found = find_dates("营业期限2012年03月15日至2042年03月14日")
    assert [d for d, _, _ in found] == [date(2012, 3, 15), date(2042, 3, 14)]


def test_company_name_normalisation():
    assert normalize_company_name("衡阳市恒通机械(湖南)有限公司") == "衡阳市恒通机械（湖南）有限公司"
    assert normalize_company_name(" 衡阳市 恒通机械有限公司。") == "衡阳市恒通机械有限公司"
    assert normalize_company_name("名称：衡阳市恒通机械有限公司") == "衡阳市恒通机械有限公司"


def test_registered_capital_as_licences_print_it():
    assert parse_money("6800.000000万人民币") == 68000000  # electronic licence print
    assert parse_money("人民币6800万元") == parse_money("陆仟捌佰万元整") == 68000000


def test_signing_dates_in_every_style_people_write():
    want = date(2020, 10, 16)
    for text in ("二〇二〇年十月十六日", "2020.10.16", "2020年10月16日", "2020-10-16", "2020 年 10 月 16 日",
                 "承诺日期：2020.10.16", "日　　期：二〇二〇年十月十六日"):
        assert parse_date(text) == want, text


def test_written_out_year_read_with_o_or_zero_for_ling():
    assert parse_date("二O二O年十月十六日") == parse_date("二0二0年十月十六日") == date(2020, 10, 16)


def test_company_names_compare_equal_across_bracket_widths_and_spaces():
    assert normalize_company_name("衡阳市恒通机械 ( 湖南 ) 有限公司") == normalize_company_name("衡阳市恒通机械（湖南）有限公司")
    assert normalize_company_name("衡阳市 恒通机械有限公司（盖章）") == "衡阳市恒通机械有限公司"


def test_misread_authority_snaps_to_the_real_one():
    from extractors.normalize.authority import canonical_authority

    assert canonical_authority("常宁贸市场监督管理局") == "常宁市市场监督管理局"
    assert canonical_authority("衡阳市珠晖区市场监督管理局") == "衡阳市珠晖区市场监督管理局"
    assert canonical_authority("国家市场监督管理总局监制") is None


def test_authority_tie_goes_to_the_uscc_division():
    from extractors.normalize.authority import canonical_authority

    # "朱阳市" is one character from both 耒阳市 and 衡阳市; the USCC (430481) says 耒阳市.
    assert canonical_authority("朱阳市市场监督管理局", uscc="91430481MA4UK5A16Y") == "耒阳市市场监督管理局"


def test_unread_authority_is_the_one_the_uscc_division_names():
    from extractors.normalize.authority import authority_of_division

    assert authority_of_division("91430482MA4QWNFN9H") == "常宁市市场监督管理局"  # a county-level city
    assert authority_of_division("91430407735399876Y") == "衡阳市市场监督管理局"  # a district: the city's bureau
    assert authority_of_division("91440101MA59ABCD1X") is None  # another province: not guessed


def test_date_under_a_seal_is_read_leniently():
    from extractors.normalize.dates import find_damaged_date

    assert find_damaged_date("2O20年06月17日") == date(2020, 6, 17)
    assert find_damaged_date("2020午06目17曰") == date(2020, 6, 17)
    assert find_damaged_date("2020年0617日") == date(2020, 6, 17)
    assert find_damaged_date("月28日") is None


def test_date_whose_day_ends_in_a_slash_is_no_date():
    from extractors.normalize.dates import find_damaged_date

    assert find_damaged_date("2020-10-1/") is None  # 1/ is 11 or 1 and a stray mark
    assert find_damaged_date("2020年10月1/日") is None


@pytest.mark.parametrize("read, printed", [
    ("承诺日期2020年10月Q7日", date(2020, 10, 7)),  # a letter for a digit
    ("日期：42020年09月06日", date(2020, 9, 6)),  # a stroke of the signature read as a digit
    ("020-09-28", date(2020, 9, 28)),  # the year's 2 under the seal
    ("日期：二〇二（年九月九日", date(2020, 9, 9)),  # a 〇 read as a bracket
    ("日期2020-0922", date(2020, 9, 22)),  # the separator before the day lost
    ("2020年1 12日", date(2020, 1, 12)),  # 月 lost, a space left where it was
    ("2020.1 12", date(2020, 1, 12)),
])
def test_date_a_seal_or_signature_damaged_is_read(read, printed):
    from extractors.normalize.dates import find_damaged_date

    assert find_damaged_date(read) == printed


def test_a_year_a_seal_slipped_is_never_repaired_into_the_future():
    from extractors.normalize.dates import find_damaged_date

    assert find_damaged_date("日期：2919年06月08日") == date(2019, 6, 8)
    assert find_damaged_date("日期：2940年06月08日") is None  # 2040 is no date a paper carries


def test_place_names_misread_by_a_look_alike_glyph_are_put_right():
    assert repair_places("住所：湖南省街阳市街东县工业园") == "住所：湖南省衡阳市衡东县工业园"
    assert repair_places("名称：来阳市德源科技股份有限公司") == "名称：耒阳市德源科技股份有限公司"
    assert repair_places("步行街阳光小区；未来科技") == "步行街阳光小区；未来科技"  # no place of the gazetteer


def test_a_branch_named_by_a_misread_place_without_its_suffix_is_put_right():
    assert repair_places("服务商：中国电信股份有限公司街阳分公司") == "服务商：中国电信股份有限公司衡阳分公司"
    assert repair_places("开户行：中国银行来阳支行") == "开户行：中国银行耒阳支行"
    assert repair_places("步行街阳光超市") == "步行街阳光超市"  # no branch word after it


def test_a_bank_branch_a_space_after_its_bank_is_put_right():
    assert repair_places("开户行：中国银行 街阳分行") == "开户行：中国银行 衡阳分行"
    assert repair_places("开户行：农商行街南支行") == "开户行：农商行衡南支行"


@pytest.mark.parametrize("street_branch", ["建设银行衡阳步行 街东支行", "街东支行", "建设银行衡阳步行街东支行", "工商银行中山街南支行", "农商行老街东营业部", "南街山支行"])
def test_a_bank_branch_named_after_its_street_keeps_the_street(street_branch):
    assert repair_places(street_branch) == street_branch


def test_the_citys_one_character_name_heading_a_document_number_is_put_right():
    assert repair_places("报告文号：湘职街审字〔2018〕450号") == "报告文号：湘职衡审字〔2018〕450号"
    assert repair_places("湘衔验字〔2019〕第012号") == "湘衡验字〔2019〕第012号"


def test_the_citys_old_name_in_a_road_name_is_put_right_too():
    assert repair_places("湖南省衡阳市衡东县街州大道218号") == "湖南省衡阳市衡东县衡州大道218号"


def test_the_citys_old_name_is_not_read_into_a_street_followed_by_another_word():
    assert repair_places("地址：步行街州际酒店3楼") == "地址：步行街州际酒店3楼"


def test_a_district_one_glyph_off_after_its_city_is_that_district():
    assert repair_places("湖南省衡阳市荔湘区解放大道187号") == "湖南省衡阳市蒸湘区解放大道187号"
    assert repair_places("衡阳市高新区船山大道") == "衡阳市高新区船山大道"  # a zone two glyphs off any district


@pytest.mark.parametrize("cut, reading", [("二〇二〇年十月一", "二〇二〇年十月一日"), ("二〇二〇年十月十", "二〇二〇年十月十二日"),
                                          ("2020年10月1", "2020年10月12日")])
def test_a_date_cut_by_the_seal_read_whole_again_continues_it(cut, reading):
    assert ends_cut_day(cut, reading)


@pytest.mark.parametrize("cut, reading", [("二〇二〇年十月十", "二〇二〇年九月十二日"), ("二〇二〇年十月一", "二〇二一年十月一日"),
                                          ("2020年10月1", "2020年10月22日")])
def test_a_date_cut_by_the_seal_is_never_read_as_another_date(cut, reading):
    assert not ends_cut_day(cut, reading)
