"""Company profile (企业简介及未来三年发展规划): how long the prose is.

The notice asks for about 1000 characters (字). Only the prose counts: the page title and
the section headings (一、企业简介, （二）发展规划, 第一部分 …) are left out, as a reviewer
counting the text would.

OCR now and then returns nothing for a whole prose line (the recogniser gives up on it),
or only a few characters of it. A profile's lines are evenly spaced and, inside a
paragraph, run from margin to margin: a gap of a whole line pitch between two prose
lines, a line read only at one end, or only at both (its middle lost on a blurred
photo), is text the page has, counted as the full lines around it are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median
from typing import Sequence

from extractors.fields.locate import same_row
from extractors.normalize.text import compact_text
from extractors.text import PageText, title_flags
from models.record import Field

# A heading: a short line that opens with a section number and names a part of the profile.
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分)"
                      r".{0,16}(?:简介|概况|情况|规划|目标|措施|计划)")
_TITLE = re.compile(r"(?:简介|概况|规划|介绍)$")
_PAGE_NUMBER = re.compile(r"[-—–]?\d{1,3}[-—–]?|第\d{1,3}页(?:[,，]?共\d{1,3}页)?|\d{1,3}/\d{1,3}")  # not prose
MISSING_GAP = 1.75  # line pitches above a prose line from which a line between went unread
INNER_GAP = 1.5  # line heights between two boxes of a row from which the text between went unread
MIN_ROWS = 3  # prose rows a page needs before its spacing and line length are trusted


@dataclass
class _Row:
    """One printed line of the page: OCR may have cut it into several boxes."""

    x0: float
    x1: float
    y: float  # centre
    height: float
    chars: int
    kind: str  # prose (counted), heading or title (the page's title, or its page number)
    gap: float = 0.0  # width between its boxes where a stretch of the line went unread


def extract(pages: Sequence[PageText]) -> dict[str, Field]:
    count, first = 0, None
    for page in pages:
        rows = _rows(page)
        prose = [r for r in rows if r.kind == "prose"]
        if prose:
            count += sum(r.chars for r in prose) + _unread(rows)  # as a word processor counts 字: no spaces
            first = first or page
    if first is None:
        return {}
    return {"char_count": Field(value=count, confidence=0.9, page=first.index)}


def _rows(page: PageText) -> list[_Row]:
    rows: list[tuple[list, str]] = []
    for line, is_title in zip(page.lines, title_flags(page)):
        text = compact_text(line.text)
        if not text:
            continue
        kind = ("heading" if _HEADING.match(text) else
                "title" if is_title and len(text) <= 30 and _TITLE.search(text) or _PAGE_NUMBER.fullmatch(text)
                else "prose")
        row = next((r for r in rows if same_row(r[0][0][0].box, line.box)), None)
        if row is None:
            rows.append(([(line, text)], kind))
        else:
            row[0].append((line, text))
    out = []
    for parts, kind in rows:
        boxes = sorted((line.box for line, _ in parts), key=lambda b: b[0])
        h = median(b[3] - b[1] for b in boxes)
        gap = sum(b[0] - a[2] for a, b in zip(boxes, boxes[1:]) if b[0] - a[2] > INNER_GAP * h)
        out.append(_Row(boxes[0][0], max(b[2] for b in boxes), median((b[1] + b[3]) / 2 for b in boxes), h,
                        sum(len(t) for _, t in parts), kind, gap))
    return sorted(out, key=lambda r: r.y)


def _unread(rows: list[_Row]) -> int:
    """Characters of prose lines OCR lost or read only in part, estimated from the page's
    line pitch and the length of its full lines; 0 where the page is too short to tell."""
    prose = [r for r in rows if r.kind == "prose"]
    if len(prose) < MIN_ROWS:
        return 0
    h = median(r.height for r in prose)
    left, right = min(r.x0 for r in prose), max(r.x1 for r in prose)
    full = [r.chars for r in prose if r.x0 <= left + h and r.x1 >= right - 2 * h]  # a ragged right edge
    # Line pitch: the tighter gaps between prose lines (a lost line doubles a gap, never halves one).
    pitches = sorted(b.y - a.y for a, b in zip(rows, rows[1:]) if a.kind == b.kind == "prose")
    if not full or not pitches:
        return 0
    per_line, pitch = median(full), pitches[len(pitches) // 4]
    per_x = per_line / max(right - left, 1.0)  # characters per pixel of a full line
    indented = any(left + h < r.x0 <= left + 3 * h for r in prose)  # paragraphs open indented
    missing = 0.0
    for i, row in enumerate(rows):
        after = rows[i + 1] if i + 1 < len(rows) else None
        follows = after is not None and after.kind == "prose"
        if follows and row.kind != "title" and after.y - row.y >= MISSING_GAP * pitch:
            missing += round((after.y - row.y) / pitch - 1) * per_line  # whole lines above a prose line
        if row.kind != "prose":
            continue
        inside = follows and after.y - row.y < MISSING_GAP * pitch  # the paragraph goes on below
        if row.x0 > left + 3 * h:  # read only at its end: an indent is two characters, a line starts at the margin
            span = right - left if inside else row.x1 - left
            missing += max(0.0, span * per_x - row.chars)  # a gap inside the line is in the span
            continue
        missing += row.gap * per_x  # read at both ends, lost in the middle
        if inside and indented and not (left + h < after.x0 <= left + 3 * h) and row.x1 < right - 2 * h:
            # Read only at its start: the line below starts at the margin, with no paragraph's
            # indent (or was itself read only at its end).
            missing += (right - row.x1) * per_x
    return round(missing)
