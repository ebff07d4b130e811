"""The programme's rules: which required items are missing, and why (spec §5)."""
from __future__ import annotations

import re
from datetime import date

from extractors.unreadable import SETTLED_CONFIDENCE
from intake.programme import Programme, RequiredItem
from models import Document, MissingItem, Page

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
OPEN_ENDED_TERMS = ("长期", "永久", "不约定", "无固定期限")


def missing_items(programme: Programme, documents: list[Document], pages: list[Page]) -> list[MissingItem]:
    by_index = {page.index: page for page in pages}
    result: list[MissingItem] = []
    for item in programme.required_items:
        years = programme.fiscal_years if item.per_year else [None]
        for year in years:
            item_id = f"{item.id}_{year}" if year else item.id
            label = programme.item_label(item_id)
            docs = [
                d for d in documents
                if d.doc_type in item.doc_types and (year is None or d.fiscal_year == year)
            ]
            for reason, detail in _failures(item, docs, by_index, programme):
                result.append(MissingItem(item=item_id, reason=reason, detail=f"{label}：{detail}"))
    return result


def _failures(item: RequiredItem, docs: list[Document], pages: dict[int, Page], programme: Programme):
    if not docs:
        yield "missing", "未找到该材料"
        return
    item_pages = [pages[i] for d in docs for i in d.pages if i in pages]
    checks = set(item.checks)
    if "illegible" in checks and item_pages and not any(_read(p) for p in item_pages):
        reasons = sorted({r for p in item_pages for r in p.legibility.reasons})
        yield "illegible", f"所有页面均不清晰（第 {_page_list(item_pages)} 页；{', '.join(reasons) or '综合评分低'}）"
    if "unstamped" in checks and not any(p.seals for p in item_pages):
        yield "unstamped", f"未检测到印章（第 {_page_list(item_pages)} 页）"
    if "unsigned" in checks and all(_is_false(d, "has_signature") for d in docs):
        yield "unsigned", f"未检测到法定代表人签字（第 {_page_list(item_pages)} 页）"
    if "expired" in checks:
        end = max((_term_end(d) for d in docs), default=None, key=lambda v: v or date.min)
        if end is not None and end < programme.deadline:
            yield "expired", f"营业期限至 {end.isoformat()}，早于申报截止日 {programme.deadline.isoformat()}"
    if "too_short" in checks:
        chars = sum(int(d.fields["char_count"].value or 0) for d in docs if "char_count" in d.fields)
        if chars < programme.profile_min_chars:
            yield "too_short", f"约 {chars} 字，明显少于要求的 1000 字左右"


def _read(page: Page) -> bool:
    """Legible, and typed from its own text: a page whose kind only its seals, file name or
    neighbours gave (`extractors/unreadable.py`) was not read, whatever its ink scored."""
    return page.legibility.legible and page.confidence != SETTLED_CONFIDENCE


def _is_false(doc: Document, name: str) -> bool:
    """Checked and found absent; an unknown (None) value is not a failure."""
    field = doc.fields.get(name)
    return field is not None and field.value is False


def _term_end(doc: Document) -> date | None:
    term = doc.fields.get("business_term")
    if term is None or not term.value or any(word in str(term.value) for word in OPEN_ENDED_TERMS):
        return None
    dates = _ISO_DATE.findall(str(term.value))
    if len(dates) < 2:  # only a start date: the end was not read, so nothing can be said
        return None
    return date.fromisoformat(dates[-1])


def _page_list(pages: list[Page]) -> str:
    return "、".join(str(p.index) for p in pages)

