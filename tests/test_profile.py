"""The profile's length in characters, as the notice counts it, when OCR loses prose lines."""
from extractors.fields import extract_fields
from extractors.text import page_from_rows as page

LINE = "公司坚持以客户为中心，与多家行业龙头企业建立了稳定的战略合作关系，主要客户复购率超过八成。"
WIDTH = 22 * len(LINE)  # page_from_rows draws 22 px a character


def _paragraph(lines: int) -> list:
    """A paragraph: an indented first line, full lines, a short last line."""
    return ([[(LINE[2:], 104, 60 + WIDTH)]] + [[(LINE, 60, 60 + WIDTH)]] * (lines - 2)
            + [[(LINE[:12], 60, 60 + 22 * 12)]])


def _count(rows: list) -> int:
    return extract_fields("company_profile", [page(rows, width=1100)])["char_count"].value


def test_profile_counts_every_prose_line_read():
    rows = [[("企业简介", 400, 600)], "一、企业简介", *_paragraph(6), *_paragraph(5)]
    assert _count(rows) == 2 * (len(LINE) - 2) + 7 * len(LINE) + 2 * 12


def test_a_prose_line_ocr_lost_is_counted_as_a_full_line():
    whole = [[("企业简介", 400, 600)], "一、企业简介", *_paragraph(6), *_paragraph(5)]
    lost = whole[:5] + [None] + whole[6:]  # the third line of the first paragraph: nothing read
    assert _count(lost) == _count(whole)


def test_a_prose_line_read_only_in_part_is_counted_whole():
    whole = [[("企业简介", 400, 600)], "一、企业简介", *_paragraph(6), *_paragraph(5)]
    end_only = whole[:5] + [[(LINE[-3:], 60 + WIDTH - 66, 60 + WIDTH)]] + whole[6:]
    start_only = whole[:5] + [[(LINE[:3], 60, 126)]] + whole[6:]
    assert _count(end_only) == _count(whole)
    assert _count(start_only) == _count(whole)


def test_the_gap_before_a_heading_is_no_lost_line():
    rows = [[("企业简介", 400, 600)], "一、企业简介", *_paragraph(6), None, "二、未来三年发展规划", *_paragraph(5)]
    assert _count(rows) == 2 * (len(LINE) - 2) + 7 * len(LINE) + 2 * 12


def test_a_short_profile_with_a_lost_line_is_counted_whole():
    whole = [[("企业简介", 400, 600)], "一、企业简介", *_paragraph(4)]
    lost = whole[:4] + [None] + whole[5:]
    assert _count(lost) == _count(whole) == (len(LINE) - 2) + 2 * len(LINE) + 12


def test_page_numbers_are_not_prose():
    rows = [[("企业简介", 400, 600)], "一、企业简介", *_paragraph(4), None, [("- 1 -", 500, 560)]]
    assert _count(rows) == (len(LINE) - 2) + 2 * len(LINE) + 12


def test_a_prose_line_read_at_both_ends_is_counted_whole():
    whole = [[("企业简介", 400, 600)], "一、企业简介", *_paragraph(6), *_paragraph(5)]
    middle_lost = whole[:5] + [[(LINE[:10], 60, 280), (LINE[-10:], 60 + WIDTH - 220, 60 + WIDTH)]] + whole[6:]
    assert _count(middle_lost) == _count(whole)


def test_a_line_read_only_at_its_start_above_one_read_only_at_its_end_are_both_counted_whole():
    whole = [[("企业简介", 400, 600)], "一、企业简介", *_paragraph(6), *_paragraph(5)]
    cut = whole[:4] + [[(LINE[:3], 60, 126)], [(LINE[-3:], 60 + WIDTH - 66, 60 + WIDTH)]] + whole[6:]
    assert _count(cut) == _count(whole)
