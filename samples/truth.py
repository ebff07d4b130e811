"""Ground-truth JSON for one dossier (format agreed with the pipeline's evaluation)."""
from __future__ import annotations

from typing import Any

from . import faults as F
from .dossier import DossierPlan
from .writer import Rendered


def build(plan: DossierPlan, pages: list[Rendered]) -> dict[str, Any]:
    doc_pages: dict[int, list[int]] = {}
    out_pages = []
    for n, r in enumerate(pages, 1):
        pp = r.plan
        if pp.doc is not None:
            doc_pages.setdefault(pp.doc, []).append(n)
        out_pages.append({
            "source_file": r.source_file, "page_number": n, "doc_type": pp.doc_type, "rotation": r.rotation,
            "skew": r.skew, "legible": r.legible, "fiscal_year": pp.fiscal_year, "statement": pp.statement,
            "photo_kind": pp.photo_kind, "seals": r.seals,
        })
    documents = [{"doc_type": d.doc_type, "fiscal_year": d.fiscal_year, "pages": doc_pages[i], "fields": d.fields}
                 for i, d in enumerate(plan.documents) if i in doc_pages]
    documents.sort(key=lambda d: d["pages"][0])
    return {
        "dossier_id": plan.dossier_id,
        "programme": "hengyang-2020",
        "company": {"company_name": plan.company.name, "uscc": plan.company.uscc},
        "pages": out_pages,
        "documents": documents,
        "missing_items": F.missing_items(plan.faults, plan.missing_year),
        "findings": plan.findings,
        "faults": plan.faults,
    }
