"""Chinese patent (application) numbers: ZL + 12 digits + '.' + check, python-stdnum style.

Since 2003 the number is year (4) + type (1) + serial (7) + check; the check
digit is sum(d_i * w_i) mod 11 with weights 2,3,4,5,6,7,8,9,2,3,4,5 (10 -> X).
Older numbers have 8 digits (2-digit year, type, 5-digit serial) and weights
2..9.

>>> calc_check_digit("201810123456")
'5'
>>> validate("ZL 2018 1 0123456.5")
'ZL201810123456.5'
>>> is_valid("ZL201810123456.7")
False
>>> format("zl201810123456.5")
'ZL 2018 1 0123456.5'
>>> patent_type("ZL 2018 2 0123456.X")
'实用新型'
"""
from __future__ import annotations

import re

from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError

from extractors.identifiers.confusions import unique_repair
from extractors.normalize.text import nfkc

# 8 and 9: PCT applications entering the Chinese national phase.
TYPES = {"1": "发明", "2": "实用新型", "3": "外观设计", "8": "发明", "9": "实用新型"}


def compact(number: str) -> str:
    """'ZL' + digits + '.' + check, without spaces; the 'ZL' prefix is added when missing.

    >>> compact("ZL 2018 1 0123456.5"), compact("201810123456.5"), compact("CN201810123456.5")
    ('ZL201810123456.5', 'ZL201810123456.5', 'ZL201810123456.5')
    """
    s = re.sub(r"[\s\-_]", "", nfkc(number)).upper()
    s = s.replace("·", ".").replace(",", ".")
    s = re.sub(r"^(ZL|CN)", "", s)
    return "ZL" + s


def calc_check_digit(digits: str) -> str:
    """Check digit for 12 (or old-style 8) digits."""
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    total = sum(int(d) * w for d, w in zip(digits, weights))
    r = total % 11
    return "X" if r == 10 else str(r)


def validate(number: str) -> str:
    """Validate and return the compact form, or raise a stdnum ValidationError."""
    s = compact(number)
    m = re.fullmatch(r"ZL(\d+)\.?([\dX])", s)
    if not m:
        raise InvalidFormat()
    digits, check = m.group(1), m.group(2)
    if len(digits) not in (8, 12):
        raise InvalidLength()
    if len(digits) == 12 and not (1985 <= int(digits[:4]) <= 2099):
        raise InvalidFormat()
    type_digit = digits[4] if len(digits) == 12 else digits[2]
    if type_digit not in TYPES:
        raise InvalidFormat()
    if calc_check_digit(digits) != check:
        raise InvalidChecksum()
    return f"ZL{digits}.{check}"


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except ValidationError:
        return False


def format(number: str) -> str:  # noqa: A001 - stdnum naming
    """'ZL 2018 1 0123456.7' presentation (old 8-digit numbers: 'ZL 95 1 01234.5')."""
    s = compact(number)
    m = re.fullmatch(r"ZL(\d+)\.?([\dX])", s)
    if not m:
        return s
    d, c = m.group(1), m.group(2)
    if len(d) == 12:
        return f"ZL {d[:4]} {d[4]} {d[5:]}.{c}"
    if len(d) == 8:
        return f"ZL {d[:2]} {d[2]} {d[3:]}.{c}"
    return s


def patent_type(number: str) -> str | None:
    """发明 / 实用新型 / 外观设计 from the type digit (8/9 are PCT national-phase)."""
    s = compact(number)
    m = re.fullmatch(r"ZL(\d+)\.?([\dX])?", s)
    if not m:
        return None
    d = m.group(1)
    digit = d[4] if len(d) == 12 else d[2] if len(d) == 8 else None
    return TYPES.get(digit or "")


def repair(candidate: str) -> str | None:
    """A valid number from an OCR read, or None when unreadable or ambiguous.

    >>> repair("ZL 2O18 1 O123456.5")
    'ZL201810123456.5'
    >>> repair("ZL2018101234S6.5")
    'ZL201810123456.5'
    >>> repair("ZL20181012.5") is None
    True
    """
    if not candidate:
        return None
    s = compact(candidate)
    if is_valid(s):
        return validate(s)
    m = re.fullmatch(r"ZL(.+?)\.?(.)", s)
    if not m:
        return None
    body, check = m.group(1), m.group(2)
    if len(body) not in (8, 12):
        return None
    n = len(body)

    def allowed(pos: int, ch: str) -> bool:
        return ch.isdigit() if pos < n else (ch.isdigit() or ch == "X")

    def valid(text: str) -> bool:
        return is_valid(f"ZL{text[:n]}.{text[n:]}")

    fixed = unique_repair(body + check, allowed, valid, max_swaps=1)
    return None if fixed is None else validate(f"ZL{fixed[:n]}.{fixed[n:]}")


def with_lost_check(candidate: str) -> str | None:
    """The number whose check digit the OCR lost at the end of its box ('ZL201611480532.'),
    completed from its twelve digits; None for anything else. Only a number whose point was read
    is completed: twelve digits alone may be a number that lost its point and a digit
    ('ZL201611480525' of ZL201611480532.5). A digit misread as well goes unnoticed, so the caller
    trusts it less than a number read whole.

    >>> with_lost_check("ZL201611480532."), with_lost_check("ZL 2016 1 1480532.")
    ('ZL201611480532.5', 'ZL201611480532.5')
    >>> with_lost_check("ZL20161148053.2"), with_lost_check("ZL201661480532."), with_lost_check("ZL201611480525")
    (None, None, None)
    """
    m = re.fullmatch(r"ZL(\d{12})\.", compact(candidate))
    if m is None:
        return None
    number = f"ZL{m.group(1)}.{calc_check_digit(m.group(1))}"
    return validate(number) if is_valid(number) else None
