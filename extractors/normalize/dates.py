"""Date parsing for Chinese documents: Arabic and Chinese-numeral forms."""
from __future__ import annotations

import re
from datetime import date

from extractors.identifiers.confusions import LOOKALIKES
from extractors.normalize.text import nfkc

_CN_DIGITS = {"〇": 0, "零": 0, "0": 0, "O": 0, "o": 0, "Ｏ": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3,
              "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇零○一二两三四五六七八九十"

# Arabic dates: 2020年10月16日, 2020.10.16, 2020-10-16, 2020/10/16, 2020 年 9 月 8 日.
_ARABIC = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:年|[.\-/])\s*(\d{1,2})\s*(?:月|[.\-/])\s*(\d{1,2})(?:\s*日|号)?(?!\d)"
)
_ARABIC_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")
# The 〇 of a written-out year often comes out of the OCR as O or 0 ("二O二O年").
_CHINESE = re.compile(rf"([{_CN}0Oo]{{4}})\s*年\s*([{_CN}]{{1,3}})\s*月\s*([{_CN}]{{1,3}})\s*[日号]")


def _cn_small(text: str) -> int | None:
    """一..三十一 -> int.

    >>> _cn_small("十六"), _cn_small("二十一"), _cn_small("十"), _cn_small("九")
    (16, 21, 10, 9)
    """
    if not text:
        return None
    if "十" in text:
        tens, _, units = text.partition("十")
        t = _CN_DIGITS.get(tens, None) if tens else 1
        u = _CN_DIGITS.get(units, None) if units else 0
        if t is None or u is None:
            return None
        return t * 10 + u
    if len(text) == 1:
        return _CN_DIGITS.get(text)
    # "一二" style is not used for months/days; reject.
    return None


# Years a company's paper can carry: a year outside is digits misread (a seal's ring over
# "2020" read as 1202), never a date to report.
PLAUSIBLE_YEARS = range(1900, 2100)


def _make(y: int, m: int, d: int) -> date | None:
    """The date, or None for no such day or an implausible year.

    >>> _make(2020, 9, 26), _make(1202, 9, 2), _make(2020, 2, 30)
    (datetime.date(2020, 9, 26), None, None)
    """
    if y not in PLAUSIBLE_YEARS:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[date, int, int]]:
    """All dates in `text` as (date, start, end) in order of appearance.

    >>> [d.isoformat() for d, _, _ in find_dates("自2012年3月15日至2042年03月14日")]
    ['2012-03-15', '2042-03-14']
    """
    text = nfkc(text)
    found: list[tuple[date, int, int]] = []
    for m in _ARABIC.finditer(text):
        d = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            found.append((d, m.start(), m.end()))
    for m in _CHINESE.finditer(text):
        year_digits = [_CN_DIGITS.get(c) for c in m.group(1)]
        if None in year_digits:
            continue
        y = int("".join(str(c) for c in year_digits))
        mo, dd = _cn_small(m.group(2)), _cn_small(m.group(3))
        if mo and dd:
            d = _make(y, mo, dd)
            if d:
                found.append((d, m.start(), m.end()))
    if not found:
        for m in _ARABIC_COMPACT.finditer(text):
            d = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d:
                found.append((d, m.start(), m.end()))
    found.sort(key=lambda t: t[1])
    return found


# A printed date the OCR read through a seal or a signature. Only for a line that should hold a
# date: anywhere else this finds dates in serial numbers. What a seal does to the print:
# - a letter for a digit ("2O2O年1O月Q7日"), inside a number or alone between 年/月/日;
# - a stroke read as a digit in front of the year ("42020年");
# - 年/月/日 taken for look-alikes (午, 目, 曰), or a separator lost ("202009-21", "2020年0617日");
# - the year's head lost ("020-09-28", "一九年十月七"), a 〇 read as a bracket ("二〇二（年").
_DIGIT_FOR = {ch: next(a for a in alts if a.isdigit()) for ch, alts in LOOKALIKES.items()
              if not ch.isdigit() and any(a.isdigit() for a in alts)} | {"〇": "0"}
_LETTERS = re.escape("".join(_DIGIT_FOR))
_LOOKALIKE_RUN = re.compile(rf"[\d{_LETTERS}]{{2,}}|(?<=[年月])[{_LETTERS}](?=[月日号])")
_STRAY_DIGIT = re.compile(r"(?<!\d)\d((?:19|20)\d{2})(?=\s*[年.\-/]\s*\d)")
# A written-out year opens 一九 or 二〇; its 〇 under a seal reads as a bracket, 口 or 日 ("二0二日年").
_CN_YEAR = re.compile(r"[一二][〇○零一二三四五六七八九0Oo(（)）口日]{3}(?=\s*年)")
_ZERO_LIKE = str.maketrans(dict.fromkeys("(（)）口日", "〇"))
_SEP = r"\s*[^\d\s]{1,2}\s*"  # 年 or 月, misread, or with a piece of the seal read beside it
# (pattern, whether the month's separator is lost: see _one_split)
_DAMAGED = [
    (re.compile(rf"(?<!\d)((?:19|20)\d{{2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})(?!\d)"), False),
    (re.compile(rf"(?<!\d)((?:19|20)\d{{2}})\s*(\d{{1,2}}){_SEP}(\d{{1,2}})(?!\d)"), False),  # 年 lost
    (re.compile(rf"(?<!\d)((?:19|20)\d{{2}}){_SEP}(\d{{1,2}})\s*(\d{{2}})(?:\s*日|(?!\d))"), True),  # 月 lost
    # the year's head lost
    (re.compile(r"(?<!\d)(\d{2,3})\s*(?:年|[.\-/])\s*(\d{1,2})\s*(?:月|[.\-/])\s*(\d{1,2})(?!\d)"), False),
]
# 一 read as a dash between Chinese numerals ("二0-九年" for 二〇一九年).
_DASH_FOR_ONE = re.compile(rf"(?<=[{_CN}0Oo])[-—–](?=[{_CN}])")
# A slash after the day's first digit, where no separator ends a date: a 1 under a seal's ring
# (11日) or a stray mark after the day (1日), as likely one as the other.
_SLASH_AFTER_DAY = re.compile(r"(?<=[\-.月]\d)[/\\](?=\s*[日号]?\s*$)")
# 二〇一九年十月七日 with its head or its 日 lost: "一九年十月七".
_CHINESE_DAMAGED = re.compile(rf"([{_CN}0Oo]{{2,4}})\s*年\s*([{_CN}]{{1,3}})\s*月\s*([{_CN}]{{1,3}})")


def find_damaged_date(text: str) -> date | None:
    """The last date in a line that should hold one, read leniently.

    >>> [find_damaged_date(t).isoformat() for t in ("2O20年06月17日", "2020午06目17曰", "2020年 6月17", "202006月17日", "2020年0617日")]
    ['2020-06-17', '2020-06-17', '2020-06-17', '2020-06-17', '2020-06-17']
    >>> find_damaged_date("2019年12月23日"), find_damaged_date("月28日"), find_damaged_date("2020年13月40日")
    (datetime.date(2019, 12, 23), None, None)
    >>> find_damaged_date("2018年4月局18日")
    datetime.date(2018, 4, 18)
    >>> find_damaged_date("一九年十月七"), find_damaged_date("19年10月07日"), find_damaged_date("019年10月07日")
    (datetime.date(2019, 10, 7), datetime.date(2019, 10, 7), datetime.date(2019, 10, 7))
    >>> [find_damaged_date(t).isoformat() for t in ("承诺日期2020年10月Q7日", "日期：42020年09月06日", "020-09-28",
    ...                                              "承诺日期：20209-21", "日期：二〇二（年九月九日", "日期2020-0922")]
    ['2020-10-07', '2020-09-06', '2020-09-28', '2020-09-21', '2020-09-09', '2020-09-22']
    >>> find_damaged_date("Q公司2020年"), find_damaged_date("电话：0734-8221566")
    (None, None)
    >>> find_damaged_date("二0-九年五月二十三日"), find_damaged_date("日期二0二日年九月十四日")
    (datetime.date(2019, 5, 23), datetime.date(2020, 9, 14))
    >>> find_damaged_date("2020-10-1/"), find_damaged_date("2020/10/1")  # 10-11 or 10-1; only 10-1
    (None, datetime.date(2020, 10, 1))
    >>> find_damaged_date("2919年06月08日")  # a 0 under the seal read as 9
    datetime.date(2019, 6, 8)
    >>> find_damaged_date("2020.103"), find_damaged_date("2020.131")  # 1.03 or 10.3; only 1.31
    (None, datetime.date(2020, 1, 31))
    >>> find_damaged_date("2020年1 12日"), find_damaged_date("2020.1 12")  # the space is where 月 was
    (datetime.date(2020, 1, 12), datetime.date(2020, 1, 12))
    """
    text = _CN_YEAR.sub(lambda m: m.group(0).translate(_ZERO_LIKE), nfkc(text))
    text = _DASH_FOR_ONE.sub("一", text)
    if _SLASH_AFTER_DAY.search(text):
        return None
    text = _STRAY_DIGIT.sub(r"\1", _LOOKALIKE_RUN.sub(_as_digits, text))
    text = _SEAL_YEAR.sub(_year_unslipped, text)
    found = find_dates(text)
    if found:
        return found[-1][0]
    for pattern, month_lost in _DAMAGED:
        dates = [d for m in pattern.finditer(text) if (not month_lost or _one_split(m))
                 and (d := _make(_full_year(m.group(1)), int(m.group(2)), int(m.group(3))))]
        if dates:
            return dates[-1]
    for m in _CHINESE_DAMAGED.finditer(text):
        digits = [_CN_DIGITS.get(c) for c in m.group(1)]
        month, day = _cn_small(m.group(2)), _cn_small(m.group(3))
        if None not in digits and month and day:
            return _make(_full_year("".join(map(str, digits))), month, day)
    return None


_SEAL_YEAR = re.compile(r"(?<!\d)\d{4}(?=\s*[年.\-/])")
# A 0 a seal's ring adds strokes to reads as one of these ("2919年" for 2019年); one way only.
ZERO_SLIPS = "4689"


def _year_unslipped(m: re.Match) -> str:
    """A year no paper carries (2919) that one 0 read as 4, 6, 8 or 9 makes a year it can carry,
    and only one: that year; any other year is left as read. A paper is dated next year at the
    latest, so no repair makes a later year ("2940" is no 2040).

    >>> _SEAL_YEAR.sub(_year_unslipped, "2919年06月08日"), _SEAL_YEAR.sub(_year_unslipped, "2019年")
    ('2019年06月08日', '2019年')
    >>> _SEAL_YEAR.sub(_year_unslipped, "2940年")
    '2940年'
    """
    year = m.group(0)
    if int(year) in PLAUSIBLE_YEARS:
        return year
    latest = date.today().year + 1
    fixed = {year[:k] + "0" + year[k + 1:] for k, d in enumerate(year) if d in ZERO_SLIPS}
    fixed = {y for y in fixed if int(y) in PLAUSIBLE_YEARS and int(y) <= latest}
    return fixed.pop() if len(fixed) == 1 else year


def _one_split(m: re.Match) -> bool:
    """A month and day whose separator was lost read one way only: "2020.103" is 1.03 or 10.3,
    no date to report ("0617" or "131" split one way into a month and a day); a space left where
    the separator was ("2020年1 12日") splits them."""
    if m.end(2) < m.start(3):
        return True
    digits = m.group(2) + m.group(3)
    splits = [(digits[:k], digits[k:]) for k in (1, 2) if len(digits) - k in (1, 2)]
    return sum(1 <= int(month) <= 12 and 1 <= int(day) <= 31 for month, day in splits) == 1


def _as_digits(run: re.Match) -> str:
    """Letters read for digits inside a number ("2O2O") or alone between 年, 月 and 日; a run of
    letters alone is left alone ("GB")."""
    text = run.group(0)
    return "".join(_DIGIT_FOR.get(ch, ch) for ch in text) if len(text) == 1 or re.search(r"\d", text) else text


def _full_year(digits: str) -> int:
    """A year whose leading digits a seal hid: the latest century that is not in the future."""
    if len(digits) >= 4:
        return int(digits)
    year = int(str(date.today().year)[:4 - len(digits)] + digits)
    return year if year <= date.today().year else year - 10 ** len(digits)


# A date written with 年 and 月 whose day has no 日 after it: the seal may have cut the day short
# ("12月8" of 12月31日, "三月七" of 三月十七日).
_CN_DIGIT = "〇○零一二三四五六七八九十"
DAY_UNENDED = re.compile(rf"年\s*(?:\d{{1,2}}\s*月\s*\d?|[{_CN_DIGIT}]{{1,2}}\s*月\s*[{_CN_DIGIT}]{{0,2}})$")
_DAY_WRITTEN = re.compile(r"月\s*([^月日号]*?)\s*[日号]")


def ends_cut_day(cut: str, reading: str) -> bool:
    """`reading` is the date `cut` ("2020年10月1", its day's end under a seal) read whole: the same
    year and month, its day written on from the cut's digits ("2020年10月12日"), never another date.

    >>> ends_cut_day("2020年10月1", "2020年10月12日"), ends_cut_day("2020年10月", "2020年10月9日")
    (True, True)
    >>> ends_cut_day("2020年10月1", "2021年10月12日"), ends_cut_day("2020年10月1", "2020年10月22日")
    (False, False)
    >>> ends_cut_day("二〇二〇年十月一", "二〇二〇年十月一日"), ends_cut_day("二〇二〇年十月十", "二〇二〇年十月十二日")
    (True, True)
    >>> ends_cut_day("二〇二〇年十月十", "二〇二〇年九月十二日")
    False
    """
    head, _, day = re.sub(r"\s", "", cut).rpartition("月")
    first = "1" if head[-1:].isascii() else "一"  # the first day written as the month is (二〇二〇年十月一日)
    month = find_damaged_date(f"{head}月{first}日")
    whole, written = find_damaged_date(reading), _DAY_WRITTEN.search(re.sub(r"\s", "", reading))
    return (month is not None and whole is not None and written is not None
            and (whole.year, whole.month) == (month.year, month.month) and written.group(1).startswith(day))


def parse_date(text: str | None) -> date | None:
    """The first date in `text`, or None.

    >>> parse_date("二〇二〇年十月十六日")
    datetime.date(2020, 10, 16)
    >>> parse_date("2020.10.16"), parse_date("2020年9月8日")
    (datetime.date(2020, 10, 16), datetime.date(2020, 9, 8))
    >>> parse_date("2020-10-16") == parse_date("2020/10/16") == parse_date("2020年10月16日")
    True
    >>> parse_date("2020年13月1日") is None
    True
    >>> parse_date("二O二O年十月十六日"), parse_date("二0二0年十月十六日")
    (datetime.date(2020, 10, 16), datetime.date(2020, 10, 16))
    """
    if not text:
        return None
    found = find_dates(text)
    return found[0][0] if found else None
