"""Field helpers shared by several document types: USCC, dates, money, company names."""
from __future__ import annotations

import re
from typing import Sequence

from extractors.fields.locate import Hit, below, find_labels, line_hit, right_of
from extractors.identifiers import uscc as uscc_id
from extractors.normalize.dates import find_damaged_date, parse_date
from extractors.normalize.names import normalize_company_name
from extractors.normalize.text import compact_text
from extractors.text import PageText
from models.record import Field

USCC_LABELS = [r"统一社会信用代码", r"社会信用代码", r"信用代码", r"统一代码"]
# Numbers that are not the USCC and must never be taken for it.
_NOT_USCC = re.compile(r"证照编号|编号|注册号|许可证|登记证号|No\.?", re.IGNORECASE)
_TOKEN = re.compile(r"[0-9A-Za-z|]+")


def _uscc_from_text(text: str) -> tuple[str | None, str | None, bool]:
    """(valid code, raw token, repaired?) from a text; the raw token is kept when unreadable.

    >>> _uscc_from_text("社会信用代码91-130.100MA.1RJJ91X7")[::2]
    ('91430400MA4RJJ91X7', True)
    >>> _uscc_from_text("社会信用代码91-130400MA4RJJ9IX7")[0] is None  # a split 4 and a look-alike: two guesses
    True
    """
    compact = compact_text(text)
    raw_token = None
    for token in _TOKEN.findall(compact):
        if len(token) == 18:
            if uscc_id.is_valid(token):
                return uscc_id.compact(token), token, False
            fixed = uscc_id.repair(token)
            if fixed:
                return fixed, token, True
            raw_token = raw_token or token
        elif 15 <= len(token) <= 21:
            raw_token = raw_token or token
    # Spaces inside the code split it into tokens: try the joined alnum run.
    joined = "".join(_TOKEN.findall(compact))
    if len(joined) == 18 and joined not in (raw_token,):
        if uscc_id.is_valid(joined):
            return uscc_id.compact(joined), joined, False
        fixed = uscc_id.repair(joined)
        if fixed:
            return fixed, joined, True
    # A 4 the recogniser split into its slant and its stem ("91-130.100MA.1RJJ91X7"), inside the
    # code alone: the check character, with no other repair, tells whether the code read so is the one printed.
    for run in _MARKED_CODE.findall(compact):
        whole = _SPLIT_FOUR.sub("4", run)
        if whole != run and len(whole) == 18 and uscc_id.is_valid(whole):
            return uscc_id.compact(whole), raw_token or joined, True
    return None, raw_token, False


_SPLIT_FOUR = re.compile(r"[-.·]1")
# The code as read, 15 to 21 characters with the marks a split 4 leaves in it (18 once joined).
_MARKED_CODE = re.compile(r"(?<![0-9A-Za-z|\-.·])[0-9A-Za-z|][0-9A-Za-z|\-.·]{13,19}[0-9A-Za-z|](?![0-9A-Za-z|\-.·])")


def extract_uscc(pages: Sequence[PageText], scan_page: bool = True) -> Field | None:
    """USCC from the context of its label, validated and repaired.

    Returns Field(value=None, confidence=0, raw=...) when the label is there but
    the code cannot be read uniquely, and None when no code is present at all.
    A page-wide scan for a strictly valid code is the fallback when the label
    itself was not read; numbers on 证照编号/注册号 lines are never taken.
    """
    unreadable: Field | None = None
    for page in pages:
        for lm in find_labels(page, USCC_LABELS):
            contexts: list[tuple[str, tuple, float, str]] = []
            if lm.rest:
                contexts.append((lm.rest, lm.rest_box, lm.line.confidence * lm.quality, lm.line.text))
            for j, line in right_of(page, lm.index)[:2]:
                if not _NOT_USCC.search(compact_text(line.text)):
                    contexts.append((line.text, line.box, min(lm.line.confidence, line.confidence), line.text))
            for j, line in below(page, lm.index, max_gap=2.0)[:2]:
                if not _NOT_USCC.search(compact_text(line.text)):
                    contexts.append((line.text, line.box, min(lm.line.confidence, line.confidence) * 0.95, line.text))
            for text, box, conf, raw in contexts:
                code, token, repaired = _uscc_from_text(text)
                if code:
                    return Field(value=code, confidence=round(conf * (0.8 if repaired else 1.0), 4),
                                 page=page.index, bbox=tuple(box), raw=raw)
                if token and unreadable is None:
                    unreadable = Field(value=None, confidence=0.0, page=page.index, bbox=tuple(box), raw=raw)
            if unreadable is None:
                unreadable = Field(value=None, confidence=0.0, page=page.index, bbox=tuple(lm.line.box),
                                   raw=lm.line.text)
    if unreadable is not None:
        return unreadable
    if scan_page:
        for page in pages:
            for i, line in enumerate(page.lines):
                text = compact_text(line.text)
                if _NOT_USCC.search(text):
                    continue
                for token in _TOKEN.findall(text):
                    if len(token) == 18 and uscc_id.is_valid(token):
                        hit = line_hit(page, i)
                        return hit.field(uscc_id.compact(token), 0.7)
    return None


DAMAGED_DATE_QUALITY = 0.9  # a date read through a stray mark ("2015年11月:30日")


def date_field(hit: Hit | None, quality: float = 1.0, damaged: bool = False) -> Field | None:
    """The date in `hit`; with `damaged`, read leniently where it is a labelled date's cell that
    a stray mark or a misread separator keeps from parsing (the label says it holds a date)."""
    if hit is None:
        return None
    d = parse_date(hit.text)
    if d is None and damaged:
        d, quality = find_damaged_date(hit.text), quality * DAMAGED_DATE_QUALITY
    if d is None:
        return None
    return hit.field(d.isoformat(), quality)


def has_date(text: str) -> bool:
    return parse_date(text) is not None


def has_damaged_date(text: str) -> bool:
    return find_damaged_date(text) is not None


def name_field(hit: Hit | None, quality: float = 1.0) -> Field | None:
    if hit is None:
        return None
    name = normalize_company_name(hit.text)
    return hit.field(name, quality) if name else None


COMPANY_SUFFIX = re.compile(
    r"[\u4e00-\u9fff（）()]{4,40}?(?:股份有限公司|有限责任公司|有限公司|集团公司|分公司|公司|合作社|厂|研究院|中心)"
)
