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
ISSUE_FIELDS = {  # the issue's further key facts, scored the same way and reported beside §3
    "honor_certificate": ("honor_kind",),
    "cloud_platform_proof": ("proof_kind", "provider", "start_date", "amount"),
    "rd_expense_proof": ("rd_expense",),
    "company_profile": ("char_count",),
}
SCORED_FIELDS = {t: SPEC_FIELDS.get(t, ()) + ISSUE_FIELDS.get(t, ()) for t in {*SPEC_FIELDS, *ISSUE_FIELDS}}
RELATIVE_TOLERANCE = {"company_profile.char_count": 0.05}  # a profile's length is judged, not counted to the character
# Per-page scores; page_type_readable leaves out pages the truth calls illegible, as fields do.
PAGE_SCORES = ("page_type", "page_type_readable", "rotation", "legibility", "seal_presence")


def evaluate(out: Path, truth_dir: Path) -> dict:
    records = {r.dossier_id: r for r in read_records(out)}
    per_dossier: dict[str, dict] = {}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # name -> [right, total]
    fields: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    tp = fp = fn = 0
    obs = _Observations()
    for truth_path in sorted(truth_dir.glob("*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        record = records.get(truth["dossier_id"])
        scores = _score_dossier(record, truth, fields, obs)
        per_dossier[truth["dossier_id"]] = scores
        for name in PAGE_SCORES:
            totals[name][0] += scores[name][0]
            totals[name][1] += scores[name][1]
        tp, fp, fn = tp + scores["missing"]["tp"], fp + scores["missing"]["fp"], fn + scores["missing"]["fn"]
    overall = {name: _ratio(*counts) for name, counts in totals.items()}
    overall["missing_items"] = _prf(tp, fp, fn)
    overall["fields"] = {name: {"accuracy": _ratio(*c), "n": c[1]} for name, c in sorted(fields.items())}
    overall["dossiers"] = len(per_dossier)
    overall.update(obs.summary())
    return {"overall": overall, "dossiers": per_dossier}


def _score_dossier(record: DossierRecord | None, truth: dict, fields: dict, obs: "_Observations | None" = None) -> dict:
    pages = {(p.source_file, p.page_number): p for p in (record.pages if record else [])}
    counts = {name: [0, 0] for name in PAGE_SCORES}
    wrong_pages = []
    seal_misses: list[str] = []
    obs = obs if obs is not None else _Observations()
    ordinal: Counter = Counter()
    page_kinds: dict[int, set[str]] = {}
    for tp in truth["pages"]:
        # The truth numbers pages across the dossier; a record numbers them inside each file.
        ordinal[tp["source_file"]] += 1
        page = pages.get((tp["source_file"], ordinal[tp["source_file"]]))
        page_kinds[tp["page_number"]] = _page_kinds(tp)
        where_seal = f"{tp['source_file']}#{ordinal[tp['source_file']]}"
        obs.page(tp, page, truth, seal_misses, where_seal)
        _tally(counts["page_type"], page is not None and page.doc_type == tp["doc_type"])
        if tp.get("legible", True):  # a page nobody can read has no type to read off it either
            _tally(counts["page_type_readable"], page is not None and page.doc_type == tp["doc_type"])
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
    illegible = {tp["page_number"] for tp in truth["pages"] if tp.get("legible") is False}
    for doc in truth["documents"]:
        found = _find_document(record, doc)
        # A person cannot read a field off an illegible page either: the record must say
        # the page is illegible (scored above), and the field is tallied apart.
        unreadable = bool(illegible & set(doc.get("pages") or []))
        for name in SCORED_FIELDS.get(doc["doc_type"], ()):
            if name not in doc["fields"]:
                continue
            expected = doc["fields"][name]
            key = f"{doc['doc_type']}.{name}"
            actual = found.fields[name].value if found is not None and name in found.fields else None
            ok = _same(actual, expected, RELATIVE_TOLERANCE.get(key, 0.0))
            if unreadable:
                _tally(obs.fields_on_illegible, ok)
                continue
            _tally(fields[key], ok)
            for kind in set.intersection(*[page_kinds.get(n, set()) for n in doc.get("pages") or [0]]):
                _tally(obs.fields_by_kind[kind], ok)
            if not ok:
                field_misses.append(f"{key}: {expected!r} ≠ {actual!r}")
    for name in ("company_name", "uscc"):
        field = getattr(record.company, name) if record else None
        _tally(fields[f"company.{name}"], _same(field.value if field else None, truth["company"][name]))
    obs.findings(truth, record)
    expected = {(m["item"], m["reason"]) for m in truth["missing_items"]}
    actual = {(m.item, m.reason) for m in record.missing_items} if record else set()
    return {
        **counts,
        "missing": {"tp": len(expected & actual), "fp": len(actual - expected), "fn": len(expected - actual),
                    "unexpected": sorted(map(list, actual - expected)), "not_found": sorted(map(list, expected - actual))},
        "wrong_pages": wrong_pages,
        "field_misses": field_misses,
        "seal_misses": seal_misses,
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


def _same(actual, expected, relative: float = 0.0) -> bool:
    if expected is None:
        return actual is None
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual is expected
    if isinstance(expected, (int, float)):
        try:
            return abs(float(actual) - float(expected)) <= max(MONEY_TOLERANCE, relative * abs(float(expected)))
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


# ---------------------------------------------------------------- page image checks (issue 3)
#
# Seal matching. Truth seal boxes are in stored-image pixels (`bbox`) and in the upright
# rendering's pixels (`bbox_upright`). A record's boxes are in its upright page: the stored
# image turned back by the record's `rotation`, then deskewed by its `skew` with the
# pipeline's own matrix (extractors.geometry.deskew_transform), at the pipeline's raster
# scale. The truth box is carried through that same transform (so a wrongly turned page
# still matches where the pipeline actually looked). On phone photos (`perspective`) the
# pipeline may also rectify the page: there a normalised centre in the upright page also
# counts, with a generous tolerance. Matching is greedy per page, best IoU first; a pair
# matches at IoU >= 0.3 or a centre distance <= 0.5 x the truth seal's size.

SEAL_IOU = 0.3
SEAL_CENTRE = 0.5          # x the truth seal's larger side
PERSPECTIVE_CENTRE = 0.06  # normalised page units, or half the seal's normalised size if larger
SEAL_GROUPS = ("round", "oval", "square", "greyscale", "faded", "dark_ink", "over_text", "over_signature",
               "perspective", "skewed", "turned", "double", "company", "person", "other_org")


def _page_kinds(tp: dict) -> set[str]:
    kinds = set()
    if tp.get("greyscale"):
        kinds.add("greyscale")
    if tp.get("perspective"):
        kinds.add("perspective")
    if tp.get("rotation", 0):
        kinds.add("turned")
    if abs(tp.get("skew") or 0) > 3:
        kinds.add("skewed")
    if tp.get("degradation"):
        kinds.add("degraded")
    if tp.get("near_empty"):
        kinds.add("near_empty")
    if tp.get("doc_type") == "photo":
        kinds.add("photo")
    if tp.get("legible") is False:
        kinds.add("illegible")
    return kinds


def stored_to_record(tp: dict, page) -> "callable":
    """Point mapper: stored-image pixels of the truth page -> the record page's upright pixels."""
    from extractors.geometry import deskew_transform

    rot = int(page.rotation or 0) % 360
    skew = float(page.skew or 0.0)
    if tp.get("image_size"):
        ws, hs = tp["image_size"]
    else:  # legacy truth: the record's own size, turned back
        ws, hs = (page.height, page.width) if rot in (90, 270) else (page.width, page.height)
    wu, hu = (hs, ws) if rot in (90, 270) else (ws, hs)
    if abs(skew) >= 0.05:
        _, (nw, nh) = deskew_transform((hu, wu), skew)
    else:
        nw, nh = wu, hu
    k = (page.width / nw + page.height / nh) / 2 if nw and nh else 1.0
    mat = None
    if abs(skew) >= 0.05:
        mat, _ = deskew_transform((round(hu * k), round(wu * k)), skew)

    def f(x: float, y: float) -> tuple[float, float]:
        if rot == 90:
            x, y = y, ws - 1 - x
        elif rot == 180:
            x, y = ws - 1 - x, hs - 1 - y
        elif rot == 270:
            x, y = hs - 1 - y, x
        x, y = x * k, y * k
        if mat is not None:
            x, y = (mat[0, 0] * x + mat[0, 1] * y + mat[0, 2], mat[1, 0] * x + mat[1, 1] * y + mat[1, 2])
        return float(x), float(y)

    f.scale = k  # type: ignore[attr-defined]
    f.swap = rot in (90, 270)  # type: ignore[attr-defined]
    return f


def expected_box(seal: dict, mapper) -> tuple[float, float, float, float]:
    """The truth seal's box in the record page's pixels: its centre mapped, its size scaled."""
    x0, y0, x1, y1 = seal["bbox"]
    cx, cy = mapper((x0 + x1) / 2, (y0 + y1) / 2)
    w, h = (x1 - x0) * mapper.scale, (y1 - y0) * mapper.scale
    if mapper.swap:
        w, h = h, w
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def iou(a, b) -> float:
    """Intersection over union of two (x0, y0, x1, y1) boxes."""
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _centre_dist(a, b) -> float:
    return ((a[0] + a[2] - b[0] - b[2]) ** 2 + (a[1] + a[3] - b[1] - b[3]) ** 2) ** 0.5 / 2


def match_seals(tp: dict, page) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of truth seals to record seals on one page: [(truth i, record j)]."""
    truth_seals = tp.get("seals") or []
    rec = list(page.seals) if page is not None else []
    if not truth_seals or not rec:
        return []
    mapper = stored_to_record(tp, page)
    pairs = []
    for i, ts in enumerate(truth_seals):
        e = expected_box(ts, mapper)
        size = max(e[2] - e[0], e[3] - e[1])
        norm = None
        if tp.get("perspective") and tp.get("page_size") and ts.get("bbox_upright"):
            pw, ph = tp["page_size"]
            u = ts["bbox_upright"]
            norm = ((u[0] + u[2]) / 2 / pw, (u[1] + u[3]) / 2 / ph, max(u[2] - u[0], u[3] - u[1]) / max(pw, ph))
        for j, rs in enumerate(rec):
            b = tuple(rs.bbox)
            overlap, dist = iou(e, b), _centre_dist(e, b)
            ok = overlap >= SEAL_IOU or dist <= SEAL_CENTRE * size
            if not ok and norm is not None and page.width and page.height:
                nx, ny = (b[0] + b[2]) / 2 / page.width, (b[1] + b[3]) / 2 / page.height
                nd = ((nx - norm[0]) ** 2 + (ny - norm[1]) ** 2) ** 0.5
                ok = nd <= max(PERSPECTIVE_CENTRE, 0.5 * norm[2])
                dist = nd * max(page.width, page.height) if ok else dist
            if ok:
                pairs.append((-overlap, dist, i, j))
    pairs.sort()
    used_t, used_r, out = set(), set(), []
    for _, _, i, j in pairs:
        if i not in used_t and j not in used_r:
            used_t.add(i)
            used_r.add(j)
            out.append((i, j))
    return out


def _seal_groups(ts: dict, tp: dict) -> list[str]:
    groups = [ts.get("shape", "round")]
    if tp.get("greyscale"):
        groups.append("greyscale")
    if ts.get("faded"):
        groups.append("faded")
    if ts.get("ink") in ("dark_red", "brown"):
        groups.append("dark_ink")
    for flag in ("over_text", "over_signature", "double"):
        if ts.get(flag):
            groups.append(flag)
    if tp.get("perspective"):
        groups.append("perspective")
    if abs(tp.get("skew") or 0) > 3:
        groups.append("skewed")
    if tp.get("rotation"):
        groups.append("turned")
    owner = ts.get("owner") or ("company" if ts.get("company") else "")
    if owner == "company" or ts.get("company"):
        groups.append("company")
    elif owner == "person":
        groups.append("person")
    elif owner:
        groups.append("other_org")
    return groups


class _Observations:
    """Tallies of the page image checks over a whole evaluation."""

    def __init__(self) -> None:
        self.seal_tp = self.seal_fn = self.seal_fp = 0
        self.seal_group = {g: [0, 0] for g in SEAL_GROUPS}  # [found, total]
        self.shape = [0, 0]
        self.shape_confusion: Counter = Counter()
        self.company_match = [0, 0]       # matched, legible, company seals read as the company
        self.company_match_all = [0, 0]   # same, unmatched seals count as failures
        self.false_match = [0, 0]         # matched, legible, not the company: read as the company
        self.false_match_person = [0, 0]
        self.similarities: list[float] = []
        self.text_exact = [0, 0]
        self.orientation = {k: [0, 0] for k in ("all", "photo", "near_empty", "perspective", "greyscale", "text")}
        self.skew = [0, 0]                # |skew error| <= 1 degree, on pages turned right
        self.skew_errors: list[float] = []
        self.legibility = {"tp_legible": 0, "false_illegible": 0, "tn_illegible": 0, "false_legible": 0}
        self.legibility_clear = [0, 0]
        self.legibility_borderline = [0, 0]
        self.blank = {"tp": 0, "fp": 0, "fn": 0}
        self.page_type_by_kind = defaultdict(lambda: [0, 0])
        self.fields_by_kind = defaultdict(lambda: [0, 0])
        self.fields_on_illegible = [0, 0]  # fields of documents with a page a person cannot read
        self.findings_seal = {"tp": 0, "fp": 0, "fn": 0}
        self.hard_truth = False

    def page(self, tp: dict, page, truth: dict, misses: list[str], where: str) -> None:
        if "greyscale" in tp:
            self.hard_truth = True
        blank_truth = tp.get("doc_type") == "blank"
        blank_rec = page is not None and page.doc_type == "blank"
        if blank_truth and blank_rec:
            self.blank["tp"] += 1
        elif blank_truth:
            self.blank["fn"] += 1
        elif blank_rec:
            self.blank["fp"] += 1
        for kind in _page_kinds(tp):
            _tally(self.page_type_by_kind[kind], page is not None and page.doc_type == tp["doc_type"])
        if not blank_truth:
            ok = page is not None and page.rotation == tp.get("rotation", 0)
            _tally(self.orientation["all"], ok)
            kinds = _page_kinds(tp)
            for k in ("photo", "near_empty", "perspective", "greyscale"):
                if k in kinds:
                    _tally(self.orientation[k], ok)
            if not kinds & {"photo", "near_empty"}:
                _tally(self.orientation["text"], ok)
            if ok and page is not None and not tp.get("perspective") and "skew" in tp:
                err = abs(float(page.skew or 0) + float(tp.get("skew") or 0))  # record removes; truth is clockwise
                self.skew_errors.append(err)
                _tally(self.skew, err <= 1.0)
            truth_leg = tp.get("legible", True)
            rec_leg = page.legibility.legible if page is not None else None
            if rec_leg is not None:
                key = ("tp_legible" if rec_leg else "false_illegible") if truth_leg else \
                      ("false_legible" if rec_leg else "tn_illegible")
                self.legibility[key] += 1
                _tally(self.legibility_borderline if tp.get("borderline") else self.legibility_clear,
                       rec_leg == truth_leg)
        if not self.hard_truth:  # the committed corpus's older truth: seal boxes in another convention
            return
        truth_seals = tp.get("seals") or []
        pairs = dict(match_seals(tp, page))
        rec_seals = list(page.seals) if page is not None else []
        matched_r = set(pairs.values())
        self.seal_fp += len(rec_seals) - len(matched_r)
        for j, rs in enumerate(rec_seals):
            if j not in matched_r:
                misses.append(f"{where}: seal+ {rs.shape} at {[round(v) for v in rs.bbox]} text={rs.text!r}")
        for i, ts in enumerate(truth_seals):
            if not ts.get("visible", True):  # burnt out by the scan: not there to be found (a find is no error)
                continue
            j = pairs.get(i)
            found = j is not None
            self.seal_tp += found
            self.seal_fn += not found
            for g in _seal_groups(ts, tp):
                self.seal_group[g][0] += found
                self.seal_group[g][1] += 1
            legible = ts.get("legible", True)
            company = ts.get("company", ts.get("text") == truth["company"]["company_name"])
            if not found:
                flags = ",".join(f for f in ("faded", "over_text", "over_signature", "double") if ts.get(f))
                misses.append(f"{where}: seal- {ts.get('shape')} {ts.get('text')!r} {ts.get('ink', '')} {flags}".rstrip())
                if company and legible:
                    _tally(self.company_match_all, False)
                continue
            rs = rec_seals[j]
            _tally(self.shape, rs.shape == ts.get("shape"))
            self.shape_confusion[f"{ts.get('shape')}->{rs.shape}"] += 1
            if rs.shape != ts.get("shape"):
                misses.append(f"{where}: seal shape {ts.get('shape')}→{rs.shape}")
            if legible:
                _tally(self.text_exact, _norm(rs.text) == _norm(ts.get("text")))
                if company:
                    ok = rs.matches_company is True
                    _tally(self.company_match, ok)
                    _tally(self.company_match_all, ok)
                    self.similarities.append(float(rs.similarity or 0.0))
                    if not ok:
                        misses.append(f"{where}: seal text {ts.get('text')!r} read {rs.text!r} (sim {rs.similarity})")
                else:
                    bad = rs.matches_company is True
                    _tally(self.false_match_person if ts.get("owner") == "person" else self.false_match, bad)
                    if bad:
                        misses.append(f"{where}: seal {ts.get('text')!r} wrongly matched the company (read {rs.text!r})")

    def findings(self, truth: dict, record) -> None:
        expected = "seal_mismatch" in (truth.get("findings") or [])
        actual = record is not None and any(f.code == "seal_mismatch" for f in record.findings)
        if expected and actual:
            self.findings_seal["tp"] += 1
        elif expected:
            self.findings_seal["fn"] += 1
        elif actual:
            self.findings_seal["fp"] += 1

    def summary(self) -> dict:
        tp, fp, fn = self.seal_tp, self.seal_fp, self.seal_fn
        seals = {
            "recall": _ratio(tp, tp + fn), "precision": _ratio(tp, tp + fp), "tp": tp, "fp": fp, "fn": fn,
            "recall_by": {g: {"recall": _ratio(*v), "n": v[1]} for g, v in self.seal_group.items() if v[1]},
            "shape_accuracy": _ratio(*self.shape), "shape_confusion": dict(sorted(self.shape_confusion.items())),
            "company_match": {"rate": _ratio(*self.company_match), "n": self.company_match[1],
                              "end_to_end": _ratio(*self.company_match_all), "n_all": self.company_match_all[1],
                              "mean_similarity": round(sum(self.similarities) / len(self.similarities), 4)
                              if self.similarities else None},
            "false_match": {"rate": _ratio(*self.false_match), "n": self.false_match[1],
                            "personal_rate": _ratio(*self.false_match_person), "personal_n": self.false_match_person[1]},
            "text_exact": {"rate": _ratio(*self.text_exact), "n": self.text_exact[1]},
        }
        lg = self.legibility
        n_leg = sum(lg.values())
        legibility = {
            "accuracy": _ratio(lg["tp_legible"] + lg["tn_illegible"], n_leg), "n": n_leg,
            "false_illegible": lg["false_illegible"], "false_legible": lg["false_legible"],
            "true_illegible": lg["tn_illegible"], "true_legible": lg["tp_legible"],
            "accuracy_clear": _ratio(*self.legibility_clear), "n_clear": self.legibility_clear[1],
            "accuracy_borderline": _ratio(*self.legibility_borderline), "n_borderline": self.legibility_borderline[1],
        }
        b = self.blank
        orientation = {k: {"accuracy": _ratio(*v), "n": v[1]} for k, v in self.orientation.items()}
        orientation["skew_within_1deg"] = {"accuracy": _ratio(*self.skew), "n": self.skew[1],
                                           "mean_abs_error": round(sum(self.skew_errors) / len(self.skew_errors), 3)
                                           if self.skew_errors else None}
        return {
            "seals": seals,
            "orientation": orientation,
            "legibility_verdict": legibility,
            "blank_pages": _prf(b["tp"], b["fp"], b["fn"]),
            "page_type_by_kind": {k: {"accuracy": _ratio(*v), "n": v[1]} for k, v in sorted(self.page_type_by_kind.items())},
            "fields_by_kind": {k: {"accuracy": _ratio(*v), "n": v[1]} for k, v in sorted(self.fields_by_kind.items())},
            "fields_on_illegible_pages": {"accuracy": _ratio(*self.fields_on_illegible), "n": self.fields_on_illegible[1]},
            "seal_mismatch_finding": _prf(self.findings_seal["tp"], self.findings_seal["fp"], self.findings_seal["fn"]),
        }


def format_checks(o: dict) -> list[str]:
    """The page-image-check block of the report (issue 3)."""
    if "seals" not in o:
        return []
    s, lg, ori = o["seals"], o["legibility_verdict"], o["orientation"]
    cm, fm = s["company_match"], s["false_match"]
    lines = [
        "page image checks:",
        f"  seal detection:       R={_pct(s['recall'])} P={_pct(s['precision'])}  (tp={s['tp']} fp={s['fp']} fn={s['fn']})",
        "  seal recall by kind:  " + ", ".join(f"{g} {_pct(v['recall']).strip()} ({v['n']})" for g, v in s["recall_by"].items()),
        f"  seal shape accuracy:  {_pct(s['shape_accuracy'])}  {s['shape_confusion']}",
        f"  seal ↔ company:       {_pct(cm['rate'])} of matched legible company seals (n={cm['n']}); "
        f"end to end {_pct(cm['end_to_end']).strip()} (n={cm['n_all']}); mean similarity {cm['mean_similarity']}",
        f"  seal false match:     {_pct(fm['rate'])} of legible other-organisation seals (n={fm['n']}); "
        f"personal seals {_pct(fm['personal_rate']).strip()} (n={fm['personal_n']})",
        f"  seal text exact:      {_pct(s['text_exact']['rate'])} (n={s['text_exact']['n']})",
        "  orientation:          " + ", ".join(f"{k} {_pct(v['accuracy']).strip()} ({v['n']})" for k, v in ori.items()
                                              if k != "skew_within_1deg"),
        f"  skew within 1°:       {_pct(ori['skew_within_1deg']['accuracy'])} (n={ori['skew_within_1deg']['n']}, "
        f"mean error {ori['skew_within_1deg']['mean_abs_error']}°)",
        f"  legibility verdict:   {_pct(lg['accuracy'])} (n={lg['n']}): false illegible {lg['false_illegible']}, "
        f"false legible {lg['false_legible']}, illegible found {lg['true_illegible']}; "
        f"clear cases {_pct(lg['accuracy_clear']).strip()} (n={lg['n_clear']}), borderline {_pct(lg['accuracy_borderline']).strip()} (n={lg['n_borderline']})",
        f"  blank pages:          P={o['blank_pages']['precision']:.3f} R={o['blank_pages']['recall']:.3f} "
        f"(tp={o['blank_pages']['tp']} fp={o['blank_pages']['fp']} fn={o['blank_pages']['fn']})",
        "  page type by kind:    " + ", ".join(f"{k} {_pct(v['accuracy']).strip()} ({v['n']})" for k, v in o["page_type_by_kind"].items()),
        "  fields by page kind:  " + ", ".join(f"{k} {_pct(v['accuracy']).strip()} ({v['n']})" for k, v in o["fields_by_kind"].items()),
        f"  seal_mismatch finding: tp={o['seal_mismatch_finding']['tp']} fp={o['seal_mismatch_finding']['fp']} fn={o['seal_mismatch_finding']['fn']}",
    ]
    return lines



def format_report(scores: dict) -> str:
    o = scores["overall"]
    m = o["missing_items"]
    lines = [
        f"dossiers: {o['dossiers']}",
        f"page-type accuracy:   {_pct(o.get('page_type'))}  (pages a person can read: {_pct(o.get('page_type_readable')).strip()})",
        f"rotation accuracy:    {_pct(o.get('rotation'))}",
        f"legibility accuracy:  {_pct(o.get('legibility'))}",
        f"seal presence acc.:   {_pct(o.get('seal_presence'))}",
        f"missing items:        P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f} (tp={m['tp']} fp={m['fp']} fn={m['fn']})",
    ]
    lines += format_checks(o)
    lines.append("field exact match (documents a person can read; those with an illegible page apart):")
    further = {name for name in o["fields"] if name.split(".")[1] in ISSUE_FIELDS.get(name.split(".")[0], ())}
    lines += [f"  {name:<45} {_pct(v['accuracy'])}  (n={v['n']})" for name, v in o["fields"].items() if name not in further]
    if further:
        lines.append("  further key facts (issue 4):")
        lines += [f"  {name:<45} {_pct(o['fields'][name]['accuracy'])}  (n={o['fields'][name]['n']})" for name in sorted(further)]
    if "fields_on_illegible_pages" in o:
        ill = o["fields_on_illegible_pages"]
        lines.append(f"  {'(fields on illegible pages)':<45} {_pct(ill['accuracy'])}  (n={ill['n']})")
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
        lines += [f"      {f}" for f in d.get("seal_misses", [])]
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "  n/a " if value is None else f"{value * 100:6.2f}%"
