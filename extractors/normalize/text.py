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
