"""Ground-truth JSON for one dossier (format agreed with the pipeline's evaluation).

Per page: source_file, page_number (across the dossier), doc_type, rotation (clockwise
quarter turn of the content as stored), skew (clockwise degrees of the content before
the turn), legible, fiscal_year, statement, photo_kind, seals[{shape, text, bbox}]
(bbox in stored-image pixels).

Hard-case sets (not --committed) add per page: greyscale, perspective, corners (the
page's TL, TR, BR, BL in stored pixels for phone photos), blank (white / grey /
show_through / null), page_size [w, h] of the upright rendering, image_size [w, h] as
stored, dpi, degradation {kind, level, value, unit} or null, borderline, born_digital,
near_empty; and per seal: bbox_upright (upright page pixels before skew, turn or
perspective), centre_text, faded, legible, company, owner (company / person / other),
ink, over_text, over_signature, double, size_mm [w, h].
"""
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
        if r.extra is not None:  # hard-case sets; the committed corpus keeps the format above
            out_pages[-1].update(r.extra)
    documents = [{"doc_type": d.doc_type, "fiscal_year": d.fiscal_year, "pages": doc_pages[i], "fields": d.fields}
                 for i, d in enumerate(plan.documents) if i in doc_pages]
    documents.sort(key=lambda d: d["pages"][0])
    return {
        "dossier_id": plan.dossier_id,
        "programme": "hengyang-2020",
        "company": {"company_name": plan.company.name, "uscc": plan.company.uscc},
        "pages": out_pages,
        "documents": documents,
        "missing_items": with_unseen_stamps(F.missing_items(plan.faults, plan.missing_year), out_pages, documents),
        "findings": plan.findings,
        "faults": plan.faults,
    }


def with_unseen_stamps(items: list[dict[str, str]], pages: list[dict], documents: list[dict]) -> list[dict[str, str]]:
    """A stamped item whose every seal the scan burnt out shows a reviewer no stamp: it is
    unstamped on paper as it reached the bureau (the notice asks for clear seals)."""
    stamped_items = {item for item, reason in F.FAULTS.values() if reason == "unstamped"}
    out = list(items)
    for doc in documents:
        seals = [seal for n in doc["pages"] for seal in pages[n - 1]["seals"]]
        entry = {"item": doc["doc_type"], "reason": "unstamped"}
        burnt_out = bool(seals) and not any(s.get("visible", True) for s in seals)
        if doc["doc_type"] in stamped_items and burnt_out and entry not in out:
            out.append(entry)
    return sorted(out, key=lambda d: (d["item"], d["reason"]))
