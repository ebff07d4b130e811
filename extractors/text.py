"""The page text view that classifiers and field extractors work on."""
from __future__ import annotations

from dataclasses import dataclass, field

from intake.ocr.base import OcrLine


@dataclass
class PageText:
    """The OCR (or PDF text layer) lines of one upright page."""

    index: int  # 1-based page index in the dossier
    lines: list[OcrLine]
    width: int
    height: int
    doc_type: str = "other"
    fiscal_year: int | None = None
    statement: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def title_flags(page: PageText) -> list[bool]:
    """Which lines look like titles: in the top fifth of the text or clearly taller than the body.

    A page's title says what it is, while body text merely mentions other documents.
    """
    lines = page.lines
    if not lines:
        return []
    heights = sorted(l.box[3] - l.box[1] for l in lines)
    median = heights[len(heights) // 2] or 1.0
    top = min(l.box[1] for l in lines)
    bottom = max(l.box[3] for l in lines)
    span = max(bottom - top, 1.0)
    limit = top + 0.2 * max(span, page.height * 0.5 if page.height else span)
    flags = []
    for i, l in enumerate(lines):
        h = l.box[3] - l.box[1]
        flags.append(l.box[1] <= limit or h >= 1.5 * median or i < 3)
    return flags


def page_from_rows(
    rows: list,
    index: int = 1,
    width: int = 1000,
    height: int = 1400,
    row_h: float = 30,
    gap: float = 20,
    top: float = 60,
    conf: float = 0.95,
) -> PageText:
    """A PageText laid out from rows, for tests and fixtures.

    Each row is a str (one box from the left margin), a list of (text, x0, x1)
    boxes sharing the row, or None for an empty row.

    >>> p = page_from_rows(["名称衡阳市恒通机械有限公司", [("类型", 60, 110), ("有限责任公司", 130, 400)]])
    >>> [(l.text, l.box[1]) for l in p.lines]
    [('名称衡阳市恒通机械有限公司', 60.0), ('类型', 110.0), ('有限责任公司', 110.0)]
    """
    lines = []
    y = float(top)
    for row in rows:
        if row is None:
            y += row_h + gap
            continue
        boxes = [(row, 60, 60 + 22 * len(row))] if isinstance(row, str) else row
        for text, x0, x1 in boxes:
            lines.append(OcrLine(text, (float(x0), y, float(x1), y + row_h), conf))
        y += row_h + gap
    return PageText(index=index, lines=lines, width=width, height=height)
