"""Field extraction per document type (spec §3).

`extract_fields(doc_type, pages)` returns canonical field names -> `Field`
(value, confidence, page, bbox, raw). A field that is present but unreadable
(e.g. a USCC with no unique valid reading) comes back with value None and
confidence 0 so the caller can report it; absent fields are simply missing.
"""
from __future__ import annotations

from typing import Callable, Sequence

from extractors.fields import application_form, business_licence, certificates, commitment_letter, financial, profile, proofs
from extractors.text import PageText
from models.record import Field

_EXTRACTORS: dict[str, Callable[[Sequence[PageText]], dict[str, Field]]] = {
    "business_licence": business_licence.extract,
    "commitment_letter": commitment_letter.extract,
    "application_form": application_form.extract,
    "financial_statement": lambda pages: financial.extract(pages, "financial_statement"),
    "audit_report": lambda pages: financial.extract(pages, "audit_report"),
    "patent_certificate": certificates.extract_patent,
    "high_tech_certificate": certificates.extract_high_tech,
    "honor_certificate": certificates.extract_honor,
    "cloud_platform_proof": proofs.extract_cloud,
    "rd_expense_proof": proofs.extract_rd,
    "company_profile": profile.extract,
}


def extract_fields(doc_type: str, pages: list[PageText]) -> dict[str, Field]:
    """Fields for one document; an unknown type or no pages gives {}."""
    extractor = _EXTRACTORS.get(doc_type)
    if extractor is None or not pages:
        return {}
    return extractor(pages)


__all__ = ["extract_fields"]
