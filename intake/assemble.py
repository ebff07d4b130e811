"""Assemble: group pages into documents, extract fields, resolve the company, cross-check."""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.classify import detect_statement, group_documents
from extractors.fields import annual_report, extract_fields, financial
from extractors.normalize.authority import authority_of_division, canonical_authority
from extractors.seals import company_similarity
from extractors.seals.match import trade_name_lost
from extractors.text import PageText
from intake.consensus import agreed_name, settle_names, settle_representative, settle_signed_year, settle_uscc
from intake.crosscheck import Evidence, cross_check
from intake.programme import Programme
from intake.rules import missing_items
from models import Company, Document, DossierRecord, Field, Finding, Page, Seal

if TYPE_CHECKING:
    from intake.pipeline import PageContext

# Where the company's identity is read from, most authoritative first.
COMPANY_SOURCES = ("business_licence", "application_form", "high_tech_certificate", "commitment_letter")
SEAL_MATCH = 0.6  # seal-text similarity from which the seal is the company's
SIGNATURE_SURE = 0.5  # find_signature's confidence once it found the label (or the stamp note) and looked


def assemble_record(
    *,
    dossier_id: str,
    source: str,
    contexts: list["PageContext"],
    findings: list[Finding],
    programme: Programme,
    processed_at: datetime,
) -> DossierRecord:
    texts = [ctx.text() for ctx in contexts]
    by_index = {ctx.index: ctx for ctx in contexts}
    report_pages, report_docs = _annual_report(texts, by_index, Path(source), programme)
    documents = [_document(group, by_index, programme, Path(source)) for group in group_documents(texts)
                 if not {p.index for p in group} <= report_pages]
    documents = sorted(documents + report_docs, key=lambda d: d.pages[0])
    company = _resolve_company(documents)
    name = company.company_name.value if company.company_name else None
    pages = [_page(ctx, text, name) for ctx, text in zip(contexts, texts)]
    settle_names(documents, company, pages)
    settle_uscc(documents, company)
    settle_representative(documents, texts)
    findings = list(findings) + cross_check(Evidence(documents, company, pages, programme))
    missing = missing_items(programme, documents, pages)
    return DossierRecord(
        dossier_id=dossier_id,
        source=source,
        programme=programme.id,
        processed_at=processed_at,
        company=company,
        pages=pages,
        documents=documents,
        findings=findings,
        missing_items=missing,
        complete=not missing,
    )


def _annual_report(texts: list[PageText], by_index: dict[int, "PageContext"], source: Path,
                   programme: Programme) -> tuple[set[int], list[Document]]:
    """A born-digital annual report becomes one financial_statement document per fiscal year it
    gives figures for, read from the PDF's tables. Its pages are relabelled financial_statement
    (cover and narrative included, as an audit report's are audit_report)."""
    text_layer = {i for i, ctx in by_index.items() if ctx.text_source == "pdf_text"}
    found = annual_report.report_pages(texts, text_layer)
    if found is None:
        return set(), []
    year, pages = found
    for page in pages:
        page.doc_type, page.fiscal_year = "financial_statement", year
        page.statement = detect_statement(page)
    by_year = annual_report.extract_years(_pdf_pages(pages, by_index, source), year, programme.statement_scope)
    # The report's own year holds every page of it; earlier years the pages their figures are on.
    documents = [Document(doc_type="financial_statement", fiscal_year=fy, fields=fields,
                          pages=[p.index for p in pages] if fy == year else sorted({f.page for f in fields.values()}))
                 for fy, fields in sorted(by_year.items())]
    return {p.index for p in pages}, documents


def _pdf_pages(pages: list[PageText], by_index: dict[int, "PageContext"], source: Path) -> list[annual_report.PdfPage]:
    """Where the text-layer pages among `pages` are in their PDF files."""
    located = []
    for page in pages:
        ctx = by_index[page.index]
        if ctx.text_source == "pdf_text":
            single = source.is_file() or source.name == ctx.source.source_file  # a one-PDF dossier
            path = source if single else source / ctx.source.source_file
            located.append(annual_report.PdfPage(page.index, path, ctx.source.page_number, ctx.width, page.fiscal_year))
    return located


def _financial_fields(group: list[PageText], by_index: dict[int, "PageContext"], programme: Programme,
                      source: Path) -> dict[str, Field]:
    """Figures from the OCR lines, replaced by the exact table cells where the pages have a text layer."""
    fields = financial.extract(group, group[0].doc_type, programme.statement_scope)
    year = fields["fiscal_year"].value if "fiscal_year" in fields else None
    located = _pdf_pages(group, by_index, source)
    if year and located:
        exact = annual_report.extract_years(located, year, programme.statement_scope).get(year, {})
        fields.update({name: f for name, f in exact.items() if name != "fiscal_year"})
    # A figure OCR lost, or put right rather than read, is printed again as the comparative of the
    # next year's statements: one of the same scope, not restated, stands for it (for a figure put
    # right, only where it was read more surely; a figure read as printed always stands).
    wanted = [name for name in financial.ROWS if name not in fields or financial.doubted(fields[name])]
    if year and wanted:
        later = [ctx.text() for ctx in by_index.values()
                 if ctx.fiscal_year == year + 1 and ctx.doc_type in ("financial_statement", "audit_report")]
        prior = financial.extract_figures(later, year, programme.statement_scope, prior=True,
                                          printed_in=financial.document_unit(group)) if later else {}
        pages = {name: (by_index.get(fields[name].page), by_index.get(prior[name].page))
                 for name in wanted if name in fields and name in prior}
        fields.update({name: prior[name] for name in wanted if name in prior and (
            name not in fields or None not in pages[name] and fields[name].confidence < prior[name].confidence
            and financial.comparative_stands(pages[name][0].text(), pages[name][1].text()))})
    return fields


def _document(group: list[PageText], by_index: dict[int, "PageContext"], programme: Programme,
              source: Path) -> Document:
    doc_type = group[0].doc_type
    years = Counter(p.fiscal_year for p in group if p.fiscal_year)
    if doc_type in ("financial_statement", "audit_report"):
        fields = _financial_fields(group, by_index, programme, source)
    else:
        fields = extract_fields(doc_type, group)
    if doc_type == "commitment_letter":
        fields.update(_letter_marks([by_index[p.index] for p in group]))
        settle_signed_year(fields, programme.intake_year, deadline=programme.deadline)
    if doc_type == "business_licence" and not _has_value(fields.get("registration_authority")):
        uscc = fields["uscc"].value if fields.get("uscc") else None
        authority = _authority_from_seal([by_index[p.index] for p in group], uscc)
        if authority:
            fields["registration_authority"] = authority
    if doc_type == "company_profile" and "char_count" not in fields:
        fields["char_count"] = _char_count(group)
    return Document(
        doc_type=doc_type,
        pages=[p.index for p in group],
        fiscal_year=years.most_common(1)[0][0] if years else None,
        fields=fields,
    )


def _letter_marks(contexts: list["PageContext"]) -> dict[str, Field]:
    """has_seal / has_signature with the evidence box, from the image checks."""
    seal = next(((c, s) for c in contexts for s in c.seals), None)
    has_seal = (
        Field(value=True, confidence=seal[1].confidence, page=seal[0].index, bbox=seal[1].bbox)
        if seal else Field(value=False, confidence=0.8, page=contexts[0].index)
    )
    signed = [(c, c.signature) for c in contexts if c.signature and c.signature[0]]
    if signed:
        ctx, (_, bbox, conf) = signed[0]
        has_signature = Field(value=True, confidence=conf, page=ctx.index, bbox=bbox)
    else:
        conf = max((c.signature[2] for c in contexts if c.signature), default=0.3)
        # Without the signature label or the stamp note in the OCR text the check cannot look
        # in the right place: say "unknown" rather than report a signed letter unsigned.
        value = False if conf >= SIGNATURE_SURE else None
        has_signature = Field(value=value, confidence=conf, page=contexts[0].index)
    return {"has_seal": has_seal, "has_signature": has_signature}


def _authority_from_seal(contexts: list["PageContext"], uscc: str | None) -> Field | None:
    """The licence's registration authority is printed under its seal, and the seal says it too:
    the reading is snapped to the closed list of authorities (the USCC's division code settles ties).
    A seal found nowhere or read as nothing leaves the authority the USCC's division names, unsure."""
    for ctx in contexts:
        for seal, (text, confidence) in zip(ctx.seals, ctx.seal_texts):
            name = canonical_authority(text, uscc=uscc) if text else None
            if name:
                return Field(value=name, confidence=round(0.9 * confidence, 3), page=ctx.index,
                             bbox=tuple(float(v) for v in seal.bbox), raw=text)
    name = authority_of_division(uscc)
    return Field(value=name, confidence=0.4, page=contexts[0].index, raw=uscc) if name else None  # read off the USCC


def _has_value(field: Field | None) -> bool:
    return field is not None and field.value not in (None, "")


def _char_count(group: list[PageText]) -> Field:
    """Length of the prose in characters (CJK and alphanumerics), as the notice counts 字."""
    count = sum(1 for page in group for ch in page.text if ch.isalnum())
    return Field(value=count, confidence=0.9, page=group[0].index)


def _resolve_company(documents: list[Document]) -> Company:
    def first(field_name: str) -> Field | None:
        for doc_type in COMPANY_SOURCES:
            for doc in documents:
                value = doc.fields.get(field_name) if doc.doc_type == doc_type else None
                if value is not None and value.value:
                    return value
        return None

    name = first("company_name")
    # A seal over the licence's name cuts it ("…股份有限"): the form's whole reading is the name.
    return Company(company_name=agreed_name(name, documents, COMPANY_SOURCES) if name else None, uscc=first("uscc"))


def _page(ctx: "PageContext", text: PageText, company_name: str | None) -> Page:
    return Page(
        index=ctx.index,
        source_file=ctx.source.source_file,
        page_number=ctx.source.page_number,
        doc_type=text.doc_type,
        confidence=round(min(1.0, max(0.0, ctx.confidence)), 3),
        rotation=ctx.rotation,
        skew=round(ctx.skew, 2),
        perspective=ctx.perspective,
        width=ctx.width,
        height=ctx.height,
        text_source=ctx.text_source,
        fiscal_year=text.fiscal_year,
        statement=text.statement,
        legibility=ctx.legibility,
        seals=[_seal(c, t, company_name) for c, t in zip(ctx.seals, ctx.seal_texts)],
    )


NAME_SEAL_CHARS = 6  # a person's name seal holds a name and 印/之印/私印; an organisation's holds far more


def is_name_seal(shape: str, text: str) -> bool:
    """A person's name seal (法人章, 私章): it says who signed, not which company, so it is
    never compared with the company name.

    >>> is_name_seal("square", "周军之印"), is_name_seal("square", "卫吴印芳"), is_name_seal("round", "贺丽印")
    (True, True, True)
    >>> is_name_seal("square", "衡阳市创远食品有限公司财务专用章"), is_name_seal("round", "衡阳市创远")
    (False, False)
    """
    short = len(text) <= NAME_SEAL_CHARS
    return short and (shape == "square" or "印" in text)


def _seal(candidate, reading: tuple[str | None, float], company_name: str | None) -> Seal:
    text, text_confidence = reading
    compared = text and company_name and not is_name_seal(candidate.shape, text)
    similarity = company_similarity(text, company_name) if compared else None
    return Seal(
        bbox=tuple(float(v) for v in candidate.bbox),
        shape=candidate.shape,
        confidence=round(float(candidate.confidence), 3),
        text=text or None,
        text_confidence=round(float(text_confidence), 3) if text else None,
        similarity=None if similarity is None else round(similarity, 3),
        matches_company=_matches_company(similarity, text, company_name),
    )


def _matches_company(similarity: float | None, text: str | None, company_name: str | None) -> bool | None:
    """True or False where the reading settles it; None where nothing was compared, or where
    the reading lost just the trade name (a seal of the town's trade, not proof of another company)."""
    if similarity is None or (similarity < SEAL_MATCH and trade_name_lost(text, company_name)):
        return None
    return similarity >= SEAL_MATCH

