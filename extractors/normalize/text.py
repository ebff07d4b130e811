"""Plain-text normalisation shared by the classifiers and field extractors."""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfkc(text: str) -> str:
    """Full-width ASCII/punctuation to half-width, ideographic space to space.

    >>> nfkc("名　　称：（有限）")
    '名  称:(有限)'
    """
    # NFKC folds full-width forms; a few CJK punctuation marks it leaves alone.
    text = unicodedata.normalize("NFKC", text)
    return text.replace("〔", "[").replace("〕", "]").replace("【", "[").replace("】", "]")


def compact_text(text: str) -> str:
    """NFKC and no whitespace: OCR spaces inside spaced labels ("名 称") vary.

    >>> compact_text("名 称：衡阳市 恒通")
    '名称:衡阳市恒通'
    """
    return _SPACES.sub("", nfkc(text))


_FULLWIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})


def cjk_punctuation(text: str) -> str:
    """Chinese running text (经营范围, 住所) with its punctuation full-width, as printed.

    OCR and NFKC mix widths; digits-with-separators ("1,000", "10:30") are left alone.

    >>> cjk_punctuation("食品生产、销售;货物进出口(国家禁止的除外)。(依法须经批准的项目,经相关部门批准后方可开展经营活动)")
    '食品生产、销售；货物进出口（国家禁止的除外）。（依法须经批准的项目，经相关部门批准后方可开展经营活动）'
    >>> cjk_punctuation("注册资本1,000万元;时间10:30")
    '注册资本1,000万元；时间10:30'
    >>> cjk_punctuation("研发丶生产")  # the radical 丶 is OCR's enumeration comma
    '研发、生产'
    """
    text = text.replace("丶", "、")
    return re.sub(r"(?<!\d)[,:]|[,:](?!\d)|[;()!?]", lambda m: m.group(0).translate(_FULLWIDTH), text)
