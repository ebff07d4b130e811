"""Company profile (企业简介及未来三年发展规划): how long the prose is.

The notice asks for about 1000 characters (字). Only the prose counts: the page title and
the section headings (一、企业简介, （二）发展规划, 第一部分 …) are left out, as a reviewer
counting the text would.
"""
from __future__ import annotations

import re
from typing import Sequence

from extractors.normalize.text import compact_text
from extractors.text import PageText, title_flags
from models.record import Field

# A heading: a short line that opens with a section number and names a part of the profile.
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分)"
                      r".{0,16}(?:简介|概况|情况|规划|目标|措施|计划)")
_TITLE = re.compile(r"(?:简介|概况|规划|介绍)$")


def extract(pages: Sequence[PageText]) -> dict[str, Field]:
    count, first = 0, None
    for page in pages:
        flags = title_flags(page)
        for line, is_title in zip(page.lines, flags):
            text = compact_text(line.text)
            if _HEADING.match(text) or (is_title and len(text) <= 30 and _TITLE.search(text)):
                continue
            count += len(text)  # as a word processor counts 字: characters and punctuation, no spaces
            first = first or page
    if first is None:
        return {}
    return {"char_count": Field(value=count, confidence=0.9, page=first.index)}
