"""Money parsing: amounts in words (大写), Arabic with separators, 万/亿 units.

Everything is returned in yuan as a Decimal, so "人民币伍佰万元整", "500万元" and
"5,000,000.00" all compare equal.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import cn2an

from extractors.normalize.text import compact_text

UNIT_FACTORS: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "百万元": Decimal(1000000),
    "亿元": Decimal(100000000),
}
_MULT = {"千": Decimal(1000), "万": Decimal(10000), "百万": Decimal(1000000), "亿": Decimal(100000000)}

_CN_NUM_CHARS = "零〇一二两三四五六七八九十百千万亿壹贰贰叁肆伍陆柒捌玖拾佰仟萬億貳參陸"
_CN_AMOUNT = re.compile(rf"[{_CN_NUM_CHARS}]+(?:[元圆][{_CN_NUM_CHARS}]*(?:角[{_CN_NUM_CHARS}]*)?(?:分)?)?")
_ARABIC = re.compile(r"([-−]?)\d+(?:[,，.]\d+)*|[-−]?\.\d+")
_PREFIXES = ("人民币", "RMB", "CNY", "¥", "￥")
# Capital numerals the recogniser reads as a look-alike that never stands in an amount.
_NUMERAL_MISREAD = str.maketrans("壶", "壹")


def _cn_integer(text: str) -> Decimal | None:
    text = text.replace("萬", "万").replace("億", "亿").replace("貳", "贰").replace("參", "叁").replace("陸", "陆")
    if not text:
        return Decimal(0)
    try:
        return Decimal(str(cn2an.cn2an(text, "smart")))
    except (ValueError, KeyError, InvalidOperation, TypeError):
        return None


def _parse_chinese(text: str) -> Decimal | None:
    """'壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角' -> 12345678.9"""
    m = re.fullmatch(rf"([{_CN_NUM_CHARS}]*)[元圆]?(?:([{_CN_NUM_CHARS}])角)?(?:([{_CN_NUM_CHARS}])分)?", text)
    if not m:
        return None
    whole = _cn_integer(m.group(1).rstrip("零"))
    if whole is None:
        return None
    frac = Decimal(0)
    for digit, scale in ((m.group(2), Decimal("0.1")), (m.group(3), Decimal("0.01"))):
        if digit:
            v = _cn_integer(digit)
            if v is None:
                return None
            frac += v * scale
    return whole + frac


def _plain_number(text: str) -> str:
    """Drop thousands separators; OCR reads ',' as '.' and vice versa.

    With one '.' and otherwise only commas the usual reading holds. With several
    '.' or a comma after a '.', every separator is a thousands separator except
    a final one followed by exactly 1–2 digits, which is the decimal point.

    >>> _plain_number("29,901,591.70"), _plain_number("29.901.591.70"), _plain_number("29,901.591.70")
    ('29901591.70', '29901591.70', '29901591.70')
    >>> _plain_number("366.814.402.11"), _plain_number("1.234.567"), _plain_number("1234.5")
    ('366814402.11', '1234567', '1234.5')

    Thousands come in groups of three, so two digits after the last of grouped commas are
    the cents, whatever the separator OCR read:

    >>> _plain_number("25,965,095,48"), _plain_number("1,234,567")
    ('25965095.48', '1234567')
    """
    text = text.replace("，", ",")
    seps = [c for c in text if c in ",."]
    mixed = "." in seps and seps.count(".") > 1 or ("." in seps and "," in seps[seps.index("."):])
    mixed = mixed or bool(re.fullmatch(r"[-−]?\d{1,3}(?:,\d{3})+,\d{2}", text))
    if not mixed:
        return text.replace(",", "")
    m = re.search(r"[,.](\d{1,2})$", text)
    if m:
        return re.sub(r"[,.]", "", text[: m.start()]) + "." + m.group(1)
    return re.sub(r"[,.]", "", text)


def parse_money(text: str | None, unit: str = "元") -> Decimal | None:
    """Amount in yuan, or None when `text` holds no amount.

    `unit` is the table's unit (元/千元/万元) applied to a bare number; an
    explicit unit in the text (万元, 亿元) wins.

    >>> parse_money("人民币伍佰万元整")
    Decimal('5000000')
    >>> parse_money("500万元"), parse_money("5,000,000.00"), parse_money("1.2亿元")
    (Decimal('5000000'), Decimal('5000000'), Decimal('120000000'))
    >>> parse_money("(1,234.50)")
    Decimal('-1234.5')
    >>> parse_money("壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角")
    Decimal('12345678.9')
    >>> parse_money("1,234.5", unit="万元")
    Decimal('12345000')
    >>> parse_money("注册资本：壹佰万元整"), parse_money("——"), parse_money("")
    (Decimal('1000000'), None, None)
    >>> parse_money("人民币壶仟贰佰万元整")  # 壹 read as 壶
    Decimal('12000000')
    """
    if text is None:
        return None
    s = compact_text(text).translate(_NUMERAL_MISREAD)
    if not s:
        return None
    for p in _PREFIXES:
        s = s.replace(p, "")
    s = s.rstrip("整正")
    negative = False
    # Accounting negatives: (1,234.50) or -1,234.50
    paren = re.fullmatch(r"\((.*)\)", s)
    if paren:
        negative, s = True, paren.group(1)
    m = _ARABIC.search(s)
    if m:
        num_text = _plain_number(m.group(0)).replace("−", "-")
        try:
            value = Decimal(num_text)
        except InvalidOperation:
            return None
        rest = s[m.end():]
        factor = UNIT_FACTORS.get(unit, Decimal(1))
        for word in ("百万", "亿", "万", "千"):
            if rest.startswith(word):
                factor = _MULT[word]
                break
        else:
            if rest.startswith("元"):
                factor = Decimal(1)
        value *= factor
    else:
        cm = _CN_AMOUNT.search(s)
        if not cm:
            return None
        chunk = cm.group(0)
        # "伍佰万元" ends in 万 before 元: cn2an handles the 万 itself.
        value = _parse_chinese(chunk)
        if value is None:
            return None
        if not re.search(r"[元圆角分]", chunk):
            rest = s[cm.end():]
            if rest.startswith("元"):
                pass
            elif rest.startswith("万元"):
                value *= Decimal(10000)
    if negative:
        value = -value
    return _tidy(value)


def _tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros but keep integers as integers (5E+6 -> 5000000)."""
    value = value.normalize()
    if value == value.to_integral():
        return value.quantize(Decimal(1))
    return value
