"""Company-name normalisation so names from different documents compare equal."""
from __future__ import annotations

import re

from extractors.normalize.text import compact_text

_TRAILING = re.compile(r"[\s,.;:!?，。；：！？、·'\"“”‘’\-_—]+$")
# A 名称 label one of whose glyphs the OCR misread ("金业名称（美）" for "企业名称（盖章）"): no
# company's name holds 名称, so the label, its garbled seal note and colon are cut off it.
_MISREAD_LABEL = re.compile(r"^[\u4e00-\u9fff]{0,2}名称(?:（[^）:：]{0,3}[）:：]|[:：])?")
_LEADING = re.compile(r"^[\s,.;:!?，。；：！？、·'\"“”‘’\-_—)\]）】「『]+")  # 「: a colon the OCR misread


def normalize_company_name(name: str | None) -> str | None:
    """Canonical form: no spaces, full-width brackets, no stray punctuation.

    Chinese registrations write brackets full-width, so half-width ones (from
    OCR or typing) are turned into （）.

    >>> normalize_company_name(" 衡阳市恒通机械(湖南)有限公司。")
    '衡阳市恒通机械（湖南）有限公司'
    >>> normalize_company_name("名称：衡阳 恒通 有限公司")
    '衡阳恒通有限公司'
    >>> normalize_company_name("（盖章）衡东县昌金科技有限责任公司"), normalize_company_name("企业名称(公章):衡阳恒通有限公司")
    ('衡东县昌金科技有限责任公司', '衡阳恒通有限公司')
    >>> normalize_company_name("金业名称（美）江谢南县造食品有限公司")
    '江谢南县造食品有限公司'
    >>> normalize_company_name("") is None
    True
    """
    if not name:
        return None
    text = compact_text(name)
    text = text.replace("(", "（").replace(")", "）")
    # Label prefixes and the seal note written after them: "企业名称（盖章）：", "（公章）".
    text = re.sub(
        r"^(?:(?:企业名称|单位名称|公司名称|申报单位|填报单位|承诺单位|承诺企业|申报企业|名称)[:：]?)?"
        r"(?:（?(?:盖章|公章|签章)）?)?[:：]?",
        "",
        text,
    )
    text = _MISREAD_LABEL.sub("", text)
    text = _LEADING.sub("", text)
    text = _TRAILING.sub("", text)
    # Drop a dangling "（盖章）" / "(公章)" the OCR glued to the name.
    text = re.sub(r"（?(盖章|公章|签章|章)）?$", "", text)
    return text or None


# The seal over a name, or the line's cut, often takes the last character of its legal form:
# "…有限责任公（盖章）", "…有限责任公" at the end of a line. No name ends so otherwise.
_CLIPPED_FORM = re.compile(r"(有限责任公|股份有限公|有限公)(?=[(（]?(?:盖章|公章)|$)")


# 有限责任公司 with one glyph of 责任 misread ("有限遗任公司"): no other legal form is so spelt.
_MISREAD_FORM = re.compile(r"有限(?:[\u4e00-\u9fff](?<!责)任|责[\u4e00-\u9fff](?<!任))公司")


def complete_legal_form(text: str) -> str:
    """`text` with a legal form that lost its last character (司), or with a glyph of 责任 misread,
    written whole.

    >>> complete_legal_form("常宁市拓衡电子科技有限责任公"), complete_legal_form("衡阳市恒通机械有限公（盖章）")
    ('常宁市拓衡电子科技有限责任公司', '衡阳市恒通机械有限公司（盖章）')
    >>> complete_legal_form("我公司（祁东县博星机械制造有限遗任公司）郑重承诺")
    '我公司（祁东县博星机械制造有限责任公司）郑重承诺'
    """
    return _CLIPPED_FORM.sub(r"\1司", _MISREAD_FORM.sub("有限责任公司", text))
