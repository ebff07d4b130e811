"""USCC: 统一社会信用代码 (GB 32100-2015), python-stdnum style, plus OCR repair.

Structure: pos 1 registration authority, pos 2 category (valid pairs per the
standard's table), pos 3-8 administrative division (digits), pos 9-17 the
organisation code, pos 18 the check character over the alphabet without
I, O, Z, S, V. The check character is computed by `stdnum.cn.uscc`.

>>> is_valid("91110000600037341L")
True
>>> is_valid("91110000600037341A")
False
>>> is_valid("94110000600037341L")  # 9 (工商) has no category 4
False
>>> repair("9111OOOO6OOO37341L")
'91110000600037341L'
>>> format(" 9111 0000 6000 3734 1l ")
'91110000600037341L'
"""
from __future__ import annotations

import re

from stdnum.cn import uscc as _std
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from extractors.identifiers.confusions import unique_repair
from extractors.normalize.text import nfkc

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# GB 32100-2015 Table 1 (登记管理部门代码 -> 机构类别代码).
AUTHORITY_CATEGORIES: dict[str, str] = {
    "1": "1239",    # 机构编制: 机关, 事业单位, 中央编办管理的群众团体, 其他
    "2": "19",      # 外交
    "3": "123459",  # 司法行政: 律所, 公证处, 基层法律服务所, 司法鉴定, 仲裁委, 其他
    "4": "19",      # 文化
    "5": "1239",    # 民政: 社会团体, 民办非企业, 基金会, 其他
    "6": "129",     # 旅游
    "7": "1239",    # 宗教
    "8": "19",      # 工会
    "9": "123",     # 工商: 企业, 个体工商户, 农民专业合作社
    "A": "19",      # 中央军委改革和编制办公室
    "N": "1239",    # 农业: 组级/村级/乡镇级集体经济组织, 其他
    "Y": "1",       # 其他
}


def compact(number: str) -> str:
    """Strip separators and spaces, fold full-width characters, upper-case.

    >>> compact("９１４３ ０４００-MA4L 1234X5")
    '91430400MA4L1234X5'
    """
    return re.sub(r"[\s\-_.·:]", "", nfkc(number)).upper()


def calc_check_digit(number: str) -> str:
    """The 18th character for the first 17 (delegates to stdnum).

    >>> calc_check_digit("91110000600037341")
    'L'
    """
    return _std.calc_check_digit(number[:17])


def validate(number: str) -> str:
    """Validate and return the compact code, or raise a stdnum ValidationError."""
    number = compact(number)
    if len(number) != 18:
        raise InvalidLength()
    if any(c not in ALPHABET for c in number):
        raise InvalidFormat()
    if number[1] not in AUTHORITY_CATEGORIES.get(number[0], ""):
        raise InvalidComponent()
    if not number[2:8].isdigit() or number[2:4] == "00":
        raise InvalidComponent()
    if number[-1] != calc_check_digit(number):
        raise InvalidChecksum()
    return number


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except ValidationError:
        return False


def format(number: str) -> str:  # noqa: A001 - stdnum naming
    """The standard presentation: 18 characters, no separators (l -> 1 is not guessed here).

    >>> format("91110000 600037341L")
    '91110000600037341L'
    """
    return compact(number).replace("l", "1")


def _allowed(pos: int, ch: str) -> bool:
    if pos == 0:
        return ch in AUTHORITY_CATEGORIES
    if 1 <= pos <= 7:
        return ch.isdigit()
    return ch in ALPHABET


def repair(candidate: str) -> str | None:
    """A valid code from an OCR read, or None when unreadable or ambiguous.

    Look-alikes (O/D/Q->0, I/L/l/|->1, Z->2, S->5, B->8, G->6 and back) are
    swapped only where exactly one combination yields a fully valid code.

    >>> repair("9111O000600037341L")
    '91110000600037341L'
    >>> repair("123") is None
    True
    """
    if not candidate:
        return None
    raw = re.sub(r"[\s\-_.·:]", "", nfkc(candidate))
    # Keep lower-case l distinct until the look-alike table has seen it.
    if len(raw) != 18:
        return None
    if is_valid(raw):
        return compact(raw)
    text = "".join(c if c in "l|" else c.upper() for c in raw)
    return unique_repair(text, _allowed, is_valid, max_swaps=1)
