"""Cross-document checks: findings a reviewer needs that no single document shows.

Each check is a small function over one dossier's `Evidence` that returns
findings; `CHECKS` is the list the assembler runs, in report order. Findings are
warnings for the reviewer, never missing items (spec §5).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterator

from rapidfuzz.distance import Levenshtein

from extractors.entities import ORG_SUFFIXES, PLACES
from extractors.normalize.names import normalize_company_name
from intake.consensus import MIN_SHARE, is_damaged_copy, one_glyph_apart
from intake.labels import doc_label
from intake.programme import Programme
from models import Company, Document, DossierRecord, Finding, Page

# Documents whose company name must be the applicant's (an honour names the honour, not the holder).
NAME_CHECKED = frozenset({"application_form", "commitment_letter", "high_tech_certificate", "business_licence"})
SEAL_CHECKED = frozenset({"application_form", "commitment_letter"})
SEAL_TEXT_TRUSTED = 0.8  # OCR confidence of a seal reading before a mismatch is reported
FINANCIAL_TYPES = frozenset({"financial_statement", "audit_report"})
# The form states 万元 with two decimals; statements are in yuan. More apart than this is a different figure.
FIGURE_TOLERANCE = 0.01
FORM_FIGURES = {"operating_revenue": "营业收入", "rd_expense": "研发费用"}


@dataclass(frozen=True)
class Evidence:
    documents: list[Document]
    company: Company
    pages: list[Page]
    programme: Programme

    def of_type(self, *doc_types: str) -> Iterator[Document]:
        return (doc for doc in self.documents if doc.doc_type in doc_types)

    def value(self, doc: Document, name: str):
        field = doc.fields.get(name)
        return None if field is None else field.value


Check = Callable[[Evidence], Iterator[Finding]]


def names_differ(name: str, resolved: str) -> bool:
    """Two readings of a company name denote different companies.

    Two or more characters off is another name (有限公司 vs 股份有限公司 are
    different legal persons); one character off is left to `one_glyph_apart`.
    A reading clearly shorter than the name and matching a part of it is a name
    cut off by a seal or the OCR, which proves nothing either way.

    >>> names_differ("衡阳县天远电气股份有限公司", "衡阳县天远电气有限公司")
    True
    >>> names_differ("未阳市宇旋新材料有限责任公司", "耒阳市宇旋新材料有限责任公司")
    False
    >>> names_differ("才料有限公司", "衡阳市润达新材料有限公司"), names_differ("市锦岳新材料有限公司", "衡阳市锦岳新材料有限公司")
    (False, False)
    >>> names_differ("衡阳县天远电气有限公司", "衡阳县天远电气股份有限公司")
    True
    """
    return not _cut_off(name, resolved) and Levenshtein.distance(name, resolved) >= 2


def _cut_off(name: str, resolved: str) -> bool:
    """`name` is a part of `resolved` cut or damaged by a seal or the OCR (`is_damaged_copy`: a word,
    place or legal form of its own is another name), or too little of it, and no place, to name anyone; a reading
    ending in another legal form
    than `resolved`'s is whole ("…有限公司" of "…有限公司衡南分公司" is the parent, another registrant)."""
    form = max((suffix for suffix in ORG_SUFFIXES if name.endswith(suffix)), key=len, default="")
    if form and not resolved.endswith(form):
        return False
    # Too little to name anyone: a part ending in no legal form, or one glyph of its own before the
    # end of `resolved` ("才料有限公司"); a whole name ending in a legal form (华为技术有限公司) is another firm.
    fragment = ((not form or resolved.endswith(name[1:])) and len(name) <= MIN_SHARE * len(resolved)
                and not name.startswith(tuple(PLACES)))
    return name in resolved or is_damaged_copy(name, resolved) or fragment


def company_names_agree(ev: Evidence) -> Iterator[Finding]:
    if not ev.company.company_name:
        return
    resolved = normalize_company_name(str(ev.company.company_name.value))
    if not resolved:
        return  # nothing of a name to hold the documents to
    for doc in ev.of_type(*NAME_CHECKED):
        name = doc.fields.get("company_name")
        if name is None or not name.value or name is ev.company.company_name:
            continue
        read = normalize_company_name(str(name.value)) or ""
        if _cut_off(read, resolved):
            continue  # a name cut short by a seal or the OCR proves nothing either way
        if names_differ(read, resolved):
            yield Finding(code="mismatch", severity="error", page=name.page,
                          message=f"{doc_label(doc.doc_type)}上的企业名称“{name.value}”与“{resolved}”不一致")
        elif one_glyph_apart(read, resolved, name.confidence):
            yield Finding(code="mismatch", severity="warning", page=name.page,
                          message=f"{doc_label(doc.doc_type)}上的企业名称“{name.value}”与“{resolved}”相差一字，请核对")


def usccs_agree(ev: Evidence) -> Iterator[Finding]:
    if not ev.company.uscc:
        return
    for doc in ev.documents:
        code = doc.fields.get("uscc")
        if code is not None and code.value and code is not ev.company.uscc and code.value != ev.company.uscc.value:
            yield Finding(code="mismatch", severity="error", page=code.page,
                          message=f"{doc_label(doc.doc_type)}上的统一社会信用代码 {code.value} 与营业执照 {ev.company.uscc.value} 不一致")


def licence_uscc_readable(ev: Evidence) -> Iterator[Finding]:
    for doc in ev.of_type("business_licence"):
        code = doc.fields.get("uscc")
        if code is not None and not code.value:
            yield Finding(code="uscc_unreadable", severity="warning", page=code.page,
                          message=f"营业执照上的统一社会信用代码无法识别或校验位不正确（识别为“{code.raw or ''}”），请人工核对")


def letter_signature_verified(ev: Evidence) -> Iterator[Finding]:
    for doc in ev.documents:
        signature = doc.fields.get("has_signature")
        if signature is not None and signature.value is None:
            yield Finding(code="signature_unverified", severity="warning", page=signature.page,
                          message=f"第 {signature.page} 页承诺书未识别到“法定代表人（签字）”栏，无法确认是否签字，请人工核对")


def seals_match_company(ev: Evidence) -> Iterator[Finding]:
    """The form and the letter must carry the applicant's own seal, not another organisation's."""
    for page in ev.pages:
        if page.doc_type not in SEAL_CHECKED:
            continue
        for seal in page.seals:
            trusted = seal.text and len(seal.text) >= 4 and (seal.text_confidence or 0) >= SEAL_TEXT_TRUSTED
            if seal.matches_company is False and trusted:
                yield Finding(code="seal_mismatch", severity="warning", page=page.index,
                              message=f"第 {page.index} 页{doc_label(page.doc_type)}所盖印章“{seal.text}”与企业名称不符")


def certificates_valid(ev: Evidence) -> Iterator[Finding]:
    """A certificate whose validity ended before the intake deadline proves nothing any more."""
    deadline = ev.programme.deadline
    for doc in ev.of_type("high_tech_certificate", "honor_certificate"):
        until = _iso_date(ev.value(doc, "valid_until"))
        if until is not None and until < deadline:
            yield Finding(code="certificate_expired", severity="warning", page=doc.pages[0],
                          message=f"{doc_label(doc.doc_type)}有效期至 {until.isoformat()}，早于申报截止日 {deadline.isoformat()}")


def cloud_claim_has_proof(ev: Evidence) -> Iterator[Finding]:
    for form in ev.of_type("application_form"):
        if ev.value(form, "cloud_platform") is True and not any(ev.of_type("cloud_platform_proof")):
            yield Finding(code="cloud_proof_missing", severity="warning", page=form.fields["cloud_platform"].page,
                          message="基本情况表填写已“上云上平台”，但材料中没有上云上平台凭据")


def form_figures_match_statements(ev: Evidence) -> Iterator[Finding]:
    """The form's last-year revenue and R&D must be the statements' figures for that year."""
    last_year = ev.programme.intake_year - 1
    statements = [doc for doc in ev.of_type(*FINANCIAL_TYPES) if doc.fiscal_year == last_year]
    for form in ev.of_type("application_form"):
        for name, label in FORM_FIGURES.items():
            claimed = ev.value(form, name)
            reported = next((ev.value(doc, name) for doc in statements if ev.value(doc, name) is not None), None)
            if not isinstance(claimed, (int, float)) or not isinstance(reported, (int, float)):
                continue
            if abs(claimed - reported) > FIGURE_TOLERANCE * max(abs(reported), 1.0):
                yield Finding(code="figure_mismatch", severity="warning", page=form.fields[name].page,
                              message=f"基本情况表的{last_year}年度{label} {claimed / 1e4:.2f} 万元与财务报表的 {reported / 1e4:.2f} 万元不一致")


def financial_years_as_asked(ev: Evidence) -> Iterator[Finding]:
    """Statements for a year the programme does not ask for are usually the wrong year submitted."""
    asked = set(ev.programme.fiscal_years)
    for doc in ev.of_type(*FINANCIAL_TYPES):
        if doc.fiscal_year is not None and doc.fiscal_year not in asked:
            years = "、".join(str(y) for y in sorted(asked))
            yield Finding(code="unexpected_year", severity="info", page=doc.pages[0],
                          message=f"提交了 {doc.fiscal_year} 年度{doc_label(doc.doc_type)}，本次申报要求 {years} 年度")


CHECKS: list[Check] = [
    company_names_agree,
    usccs_agree,
    licence_uscc_readable,
    letter_signature_verified,
    seals_match_company,
    certificates_valid,
    cloud_claim_has_proof,
    form_figures_match_statements,
    financial_years_as_asked,
]


def cross_check(ev: Evidence) -> list[Finding]:
    return [finding for check in CHECKS for finding in check(ev)]


def _iso_date(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


INTAKE_FINDINGS = frozenset({"duplicate_company"})  # codes across_dossiers owns


def across_dossiers(records: list[DossierRecord]) -> dict[str, list[Finding]]:
    """Findings that need the whole intake: one company (USCC) submitted in several dossiers,
    e.g. through two counties. Every dossier involved gets a finding naming the others."""
    by_uscc: dict[str, list[DossierRecord]] = defaultdict(list)
    for record in records:
        if record.company.uscc and record.company.uscc.value:
            by_uscc[str(record.company.uscc.value)].append(record)
    findings: dict[str, list[Finding]] = {}
    for uscc, group in by_uscc.items():
        if len(group) < 2:
            continue
        for record in group:
            others = "、".join(r.dossier_id for r in group if r is not record)
            findings[record.dossier_id] = [Finding(
                code="duplicate_company", severity="error",
                message=f"统一社会信用代码 {uscc} 的企业在本批次中重复申报（另见 {others}）",
            )]
    return findings
