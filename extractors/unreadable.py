"""The kind of a page nobody can read, from what a reviewer still sees around and on it.

A blurred or washed-out page keeps its kind for a person even when its words are
gone: the seal of the authority that issued it (市场监督管理局 on a licence, 知识产权局
on a patent), the name the applicant gave its file (03-营业执照.png), and the pages
around it (an unreadable page inside a run of statement pages of one file is a
statement page). Only pages the classifier could not read are settled here; a page
whose text it read keeps the type it read, whatever its file is called.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.filename_hint import FINANCIALS, hinted_types

# Issuers whose seal names the document: even a blurred ring keeps a few of these characters.
ISSUER_SEALS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"市场监督|监督管理|工商行政|行政管理局|市场监管"), "business_licence"),
    (re.compile(r"知识产权"), "patent_certificate"),
    # its three issuers; a tax bureau's seal alone is on every invoice
    (re.compile(r"科学技术|科技厅|财政厅"), "high_tech_certificate"),
    (re.compile(r"会计师|事务所"), "audit_report"),
]
# Documents of many pages: a page between two of them in one file is one of them too.
MULTI_PAGE = frozenset({"financial_statement", "audit_report", "application_form", "company_profile",
                        "rd_expense_proof"})
# Documents of one sheet: a family of names (佐证材料) does not say which of them a page is.
ONE_SHEET = frozenset({"business_licence", "patent_certificate", "high_tech_certificate", "honor_certificate"})
# A company has one licence: with it read, an unreadable page under an authority's seal is
# another licence of the same issuer (食品经营许可证), not a second business licence.
ONE_PER_DOSSIER = frozenset({"business_licence"})
SETTLED_CONFIDENCE = 0.5


@dataclass
class PageEvidence:
    doc_type: str
    source_file: str
    unreadable: bool  # the classifier could not read it: too little text, or too unsure
    no_text_photo: bool = False  # called a photo only because it had no text and some picture areas
    seal_texts: list[str] = field(default_factory=list)


def settle(pages: list[PageEvidence]) -> list[str | None]:
    """For each page, the type the evidence gives an unreadable page, or None to keep its own."""
    settled = [_settled(pages, i) if _open(p) else None for i, p in enumerate(pages)]
    _claim_for_absent_licence(pages, settled)
    return [None if doc_type == p.doc_type else doc_type for doc_type, p in zip(settled, pages)]


def _claim_for_absent_licence(pages: list[PageEvidence], settled: list[str | None]) -> None:
    """A dossier must hold its licence: when no page reads or settles as it, a page nobody
    could read and nothing else claims is the licence submitted illegible, not one left out.
    An unreadable page comes before a blank-looking one, which must stand in a file of its
    own: a blank sheet in a file of read pages is a back side."""
    for doc_type in ONE_PER_DOSSIER:
        if _read_anywhere(pages, doc_type) or doc_type in settled:
            continue
        unread = [i for i, p in enumerate(pages) if p.unreadable and _unclaimed(pages, settled, i, doc_type)]
        blank = [i for i, p in enumerate(pages) if p.doc_type == "blank" and _unclaimed(pages, settled, i, doc_type)
                 and not any(q.source_file == p.source_file and not _open(q) for q in pages)]
        if unread or blank:
            settled[(unread or blank)[0]] = doc_type


def _unclaimed(pages: list[PageEvidence], settled: list[str | None], i: int, doc_type: str) -> bool:
    """Settled as nothing else, and in a file named for no other document."""
    named = hinted_types(pages[i].source_file)
    return settled[i] in (None, pages[i].doc_type) and (not named or doc_type in named)


def _open(page: PageEvidence) -> bool:
    return page.unreadable or page.no_text_photo or page.doc_type == "blank"


def _settled(pages: list[PageEvidence], i: int) -> str | None:
    page = pages[i]
    if page.doc_type == "blank":
        return _named_but_not_found(pages, i)
    issuer = _issuer(page.seal_texts)
    if issuer:
        return None if issuer in ONE_PER_DOSSIER and _read_anywhere(pages, issuer) else issuer
    named = hinted_types(page.source_file)
    around = _run_type(pages, i)
    if around and (not named or around in named):
        return around
    hint = () if any(_read_already(pages, i, t) for t in named) else named
    if len(hint) == 1:
        return hint[0]
    # A family (佐证材料: any evidence) names no sheet; pictures with no text stay photos.
    return hint[0] if hint and hint[0] not in ONE_SHEET and not page.no_text_photo else None


def _issuer(seal_texts: list[str]) -> str | None:
    for text in seal_texts:
        for rx, doc_type in ISSUER_SEALS:
            if rx.search(text):
                return doc_type
    return None


def _named_but_not_found(pages: list[PageEvidence], i: int) -> str | None:
    """A page that looks blank is blank, unless its file is named for one document and
    nothing in the file, or in the files of its run (07-企业简介-1.jpg beside
    07-企业简介-2.jpg), reads as it: then it is that document, too pale or dark to read
    (a blank back side of a document that was read stays blank)."""
    hint = hinted_types(pages[i].source_file)
    if len(hint) == 1 and hint[0] != "photo" and not _read_in_run(pages, i, hint[0]) \
            and not (hint[0] in ONE_PER_DOSSIER and _read_anywhere(pages, hint[0])):
        return hint[0]
    return None


def _read_in_run(pages: list[PageEvidence], i: int, doc_type: str) -> bool:
    """A multi-page document read in a sibling file; a one-sheet document (a second patent)
    read elsewhere says nothing of this sheet."""
    if doc_type not in MULTI_PAGE:
        return _read_in_file(pages, i, doc_type)
    return any(j != i and _same_run(p, pages[i]) and p.doc_type == doc_type and not _open(p)
               for j, p in enumerate(pages))


def _read_already(pages: list[PageEvidence], i: int, doc_type: str) -> bool:
    """The file's document was read on its other pages (or the dossier's one licence anywhere):
    an unreadable page outside its run is something else, a blank back side or another sheet."""
    if doc_type in ONE_PER_DOSSIER:
        return _read_anywhere(pages, doc_type)
    return _read_in_file(pages, i, doc_type)


def _read_in_file(pages: list[PageEvidence], i: int, doc_type: str) -> bool:
    return any(j != i and p.source_file == pages[i].source_file and p.doc_type == doc_type and not _open(p)
               for j, p in enumerate(pages))


def _read_anywhere(pages: list[PageEvidence], doc_type: str) -> bool:
    return any(p.doc_type == doc_type and not _open(p) for p in pages)


def _run_type(pages: list[PageEvidence], i: int) -> str | None:
    """The type of the readable pages on both sides in the same run of pages, when they agree and it
    runs over pages (statements inside an audit report are one run with its narrative pages)."""
    before = _readable_neighbour(pages, i, -1)
    after = _readable_neighbour(pages, i, +1)
    if before and after and (before == after or {before, after} <= set(FINANCIALS)) and before in MULTI_PAGE:
        return before
    return None


def _readable_neighbour(pages: list[PageEvidence], i: int, step: int) -> str | None:
    j = i + step
    while 0 <= j < len(pages) and _same_run(pages[j], pages[i]):
        if not _open(pages[j]):  # blank sheets and other unreadable pages are skipped
            return pages[j].doc_type
        j += step
    return None


def _same_run(a: PageEvidence, b: PageEvidence) -> bool:
    """One file, or files named alike: a numbered run of scans (16.jpg, 17.jpg) or of one
    document's sheets (02-财务报表-3.png, 02-财务报表-4.png)."""
    return a.source_file == b.source_file or hinted_types(a.source_file) == hinted_types(b.source_file)
