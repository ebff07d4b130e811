"""`intake eval`: score records against generated ground truth.

Page types and rotation are matched by (source file, page number); fields by
document type (and fiscal year); missing items as (item, reason) pairs.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from intake.emit.files import read_records
from models import DossierRecord

FINANCIAL_TYPES = ("financial_statement", "audit_report")
MONEY_TOLERANCE = 1.0  # yuan
_FINANCIAL_FIELDS = ("fiscal_year", "operating_revenue", "total_profit", "net_profit", "total_assets",
                     "total_liabilities", "rd_expense")
SPEC_FIELDS = {  # spec §3: the fields scored (truth files may carry more)
    "business_licence": ("uscc", "company_name", "company_type", "legal_representative", "registered_capital",
                         "established_date", "business_term", "address", "business_scope",
                         "registration_authority", "issue_date"),
    "application_form": ("company_name", "uscc", "legal_representative", "contact_person", "contact_phone",
                         "industry", "employees", "operating_revenue", "rd_expense", "invention_patents",
                         "cloud_platform"),
    "financial_statement": _FINANCIAL_FIELDS,
    "audit_report": _FINANCIAL_FIELDS + ("audit_firm", "report_number", "opinion"),
    "patent_certificate": ("patent_number", "patent_title", "patent_type", "patentee", "application_date",
                           "grant_date"),
    "high_tech_certificate": ("certificate_number", "company_name", "issue_date", "valid_until"),
    "commitment_letter": ("company_name", "signed_date", "has_seal", "has_signature"),
}


def evaluate(out: Path, truth_dir: Path) -> dict:
    records = {r.dossier_id: r for r in read_records(out)}
    per_dossier: dict[str, dict] = {}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # name -> [right, total]
    fields: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    tp = fp = fn = 0
    for truth_path in sorted(truth_dir.glob("*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        record = records.get(truth["dossier_id"])
        scores = _score_dossier(record, truth, fields)
        per_dossier[truth["dossier_id"]] = scores
        for name in ("page_type", "rotation", "legibility", "seal_presence"):
            totals[name][0] += scores[name][0]
            totals[name][1] += scores[name][1]
        tp, fp, fn = tp + scores["missing"]["tp"], fp + scores["missing"]["fp"], fn + scores["missing"]["fn"]
    overall = {name: _ratio(*counts) for name, counts in totals.items()}
    overall["missing_items"] = _prf(tp, fp, fn)
    overall["fields"] = {name: {"accuracy": _ratio(*c), "n": c[1]} for name, c in sorted(fields.items())}
    overall["dossiers"] = len(per_dossier)
    return {"overall": overall, "dossiers": per_dossier}


def _score_dossier(record: DossierRecord | None, truth: dict, fields: dict) -> dict:
    pages = {(p.source_file, p.page_number): p for p in (record.pages if record else [])}
    counts = {name: [0, 0] for name in ("page_type", "rotation", "legibility", "seal_presence")}
    wrong_pages = []
    ordinal: Counter = Counter()
    for tp in truth["pages"]:
        # The truth numbers pages across the dossier; a record numbers them inside each file.
        ordinal[tp["source_file"]] += 1
        page = pages.get((tp["source_file"], ordinal[tp["source_file"]]))
        _tally(counts["page_type"], page is not None and page.doc_type == tp["doc_type"])
        if page is not None and page.doc_type != tp["doc_type"]:
            wrong_pages.append(f"{tp['source_file']}#{ordinal[tp['source_file']]}: {tp['doc_type']}→{page.doc_type}")
        where = f"{tp['source_file']}#{ordinal[tp['source_file']]} ({tp['doc_type']})"
        if page is None:
            for name in ("rotation", "legibility", "seal_presence"):
                _tally(counts[name], False)
            wrong_pages.append(f"{where}: no such page in the record")
            continue
        checks = {
            "rotation": (tp.get("rotation", 0), page.rotation),
            "legibility": (tp.get("legible", True), page.legibility.legible),
            "seal_presence": (len(tp.get("seals") or []), len(page.seals)),
        }
        for name, (expected, actual) in checks.items():
            ok = actual == expected if name != "seal_presence" else bool(actual) == bool(expected)
            _tally(counts[name], ok)
            if not ok:
                wrong_pages.append(f"{where}: {name} {expected}→{actual}")
    field_misses = []
    for doc in truth["documents"]:
        found = _find_document(record, doc)
        for name in SPEC_FIELDS.get(doc["doc_type"], ()):
            if name not in doc["fields"]:
                continue
            expected = doc["fields"][name]
            key = f"{doc['doc_type']}.{name}"
            actual = found.fields[name].value if found is not None and name in found.fields else None
            ok = _same(actual, expected)
            _tally(fields[key], ok)
            if not ok:
                field_misses.append(f"{key}: {expected!r} ≠ {actual!r}")
    for name in ("company_name", "uscc"):
        field = getattr(record.company, name) if record else None
        _tally(fields[f"company.{name}"], _same(field.value if field else None, truth["company"][name]))
    expected = {(m["item"], m["reason"]) for m in truth["missing_items"]}
    actual = {(m.item, m.reason) for m in record.missing_items} if record else set()
    return {
        **counts,
        "missing": {"tp": len(expected & actual), "fp": len(actual - expected), "fn": len(expected - actual),
                    "unexpected": sorted(map(list, actual - expected)), "not_found": sorted(map(list, expected - actual))},
        "wrong_pages": wrong_pages,
        "field_misses": field_misses,
    }


def _find_document(record: DossierRecord | None, truth_doc: dict):
    if record is None:
        return None
    doc_type, year = truth_doc["doc_type"], truth_doc.get("fiscal_year")
    candidates = [d for d in record.documents if d.doc_type == doc_type and (year is None or d.fiscal_year == year)]
    if not candidates and doc_type in FINANCIAL_TYPES:
        candidates = [d for d in record.documents if d.doc_type in FINANCIAL_TYPES and d.fiscal_year == year]
    if not candidates:
        return None
    # Several certificates of one type: the one sharing the most pages with the truth.
    truth_pages = set(truth_doc.get("pages", []))
    return max(candidates, key=lambda d: len(truth_pages & set(d.pages)))


def _same(actual, expected) -> bool:
    if expected is None:
        return actual is None
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual is expected
    if isinstance(expected, (int, float)):
        try:
            return abs(float(actual) - float(expected)) <= MONEY_TOLERANCE
        except (TypeError, ValueError):
            return False
    return _norm(actual) == _norm(expected)


def _norm(value) -> str:
    text = "" if value is None else str(value)
    text = text.replace("（", "(").replace("）", ")").replace("：", ":")
    return re.sub(r"\s+", "", text)


def _tally(counts: list[int], ok: bool) -> None:
    counts[0] += int(ok)
    counts[1] += 1


def _ratio(right: int, total: int) -> float | None:
    return round(right / total, 4) if total else None


def _prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "tp": tp, "fp": fp, "fn": fn}


def format_report(scores: dict) -> str:
    o = scores["overall"]
    m = o["missing_items"]
    lines = [
        f"dossiers: {o['dossiers']}",
        f"page-type accuracy:   {_pct(o.get('page_type'))}",
        f"rotation accuracy:    {_pct(o.get('rotation'))}",
        f"legibility accuracy:  {_pct(o.get('legibility'))}",
        f"seal presence acc.:   {_pct(o.get('seal_presence'))}",
        f"missing items:        P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f} (tp={m['tp']} fp={m['fp']} fn={m['fn']})",
        "field exact match:",
    ]
    lines += [f"  {name:<45} {_pct(v['accuracy'])}  (n={v['n']})" for name, v in o["fields"].items()]
    lines.append("per dossier:")
    for dossier_id, d in scores["dossiers"].items():
        pt = d["page_type"]
        lines.append(
            f"  {dossier_id}: pages {pt[0]}/{pt[1]}, missing tp={d['missing']['tp']} fp={d['missing']['fp']} fn={d['missing']['fn']}"
        )
        lines += [f"      page  {w}" for w in d["wrong_pages"]]
        lines += [f"      item+ {u}" for u in d["missing"]["unexpected"]]
        lines += [f"      item- {u}" for u in d["missing"]["not_found"]]
        lines += [f"      field {f}" for f in d["field_misses"]]
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "  n/a " if value is None else f"{value * 100:6.2f}%"
