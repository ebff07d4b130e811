"""The eval's page-image checks on hand-built records and truth (no OCR, fast)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from extractors.geometry import deskew_transform
from intake.evaluate import evaluate, expected_box, format_report, match_seals, stored_to_record
from models import Document, Legibility, Page, Seal
from tests.conftest import field, make_record

W, H = 1654, 2339


def rec_page(index: int = 1, rotation: int = 0, skew: float = 0.0, seals=(), width: int = W, height: int = H,
             doc_type: str = "commitment_letter", legible: bool = True, source: str | None = None) -> Page:
    return Page(index=index, source_file=source or f"{index:02d}.jpg", page_number=1, doc_type=doc_type,
                confidence=0.9, rotation=rotation, skew=skew, width=width, height=height, text_source="ocr",
                legibility=Legibility(score=0.9 if legible else 0.1, legible=legible),
                seals=[Seal(bbox=b, shape=sh, confidence=0.9, text=t, similarity=sim, matches_company=m)
                       for b, sh, t, sim, m in seals])


def truth_page(n: int = 1, rotation: int = 0, skew: float = 0.0, seals=(), image_size=(W, H), **kw) -> dict:
    d = {"source_file": f"{n:02d}.jpg", "page_number": n, "doc_type": "commitment_letter", "rotation": rotation,
         "skew": skew, "legible": True, "seals": list(seals), "greyscale": False, "perspective": False,
         "image_size": list(image_size), "page_size": [W, H], "blank": None}
    d.update(kw)
    return d


def tseal(bbox, shape="round", text="衡阳市恒通机械制造有限公司", company=True, legible=True, **kw) -> dict:
    return dict(shape=shape, text=text, bbox=list(bbox), bbox_upright=list(bbox), company=company, legible=legible,
                faded=False, owner="company" if company else "other", centre_text="", **kw)


def test_identity_mapping_and_match() -> None:
    tp = truth_page(seals=[tseal((100, 100, 400, 400))])
    page = rec_page(seals=[((110, 95, 405, 398), "round", "衡阳市恒通", 0.9, True)])
    f = stored_to_record(tp, page)
    assert f(100, 100) == pytest.approx((100, 100))
    assert match_seals(tp, page) == [(0, 0)]


def test_quarter_turn_mapping() -> None:
    # content turned 90 degrees clockwise: the stored image is H wide and W tall
    tp = truth_page(rotation=90, image_size=(H, W))
    page = rec_page(rotation=90)
    f = stored_to_record(tp, page)
    # the stored top-right corner is the upright top-left
    assert f(H - 1, 0) == pytest.approx((0, 0))
    tp = truth_page(rotation=270, image_size=(H, W))
    f = stored_to_record(tp, rec_page(rotation=270))
    assert f(0, W - 1) == pytest.approx((0, 0))
    tp = truth_page(rotation=180)
    f = stored_to_record(tp, rec_page(rotation=180))
    assert f(W - 1, H - 1) == pytest.approx((0, 0))


def test_skew_uses_the_pipelines_deskew_matrix() -> None:
    mat, (nw, nh) = deskew_transform((H, W), 7.5)
    tp = truth_page(skew=-7.5)
    page = rec_page(skew=7.5, width=nw, height=nh)
    f = stored_to_record(tp, page)
    x, y = 800.0, 1200.0
    expected = mat @ np.array([x, y, 1.0])
    assert f(x, y) == pytest.approx(tuple(expected), abs=1.0)


def test_pdf_page_rasterised_at_another_dpi_is_scaled() -> None:
    tp = truth_page(image_size=(W * 3 // 4, H * 3 // 4), seals=[tseal((75, 75, 300, 300))])  # stored at 150 dpi
    page = rec_page(seals=[((100, 100, 400, 400), "round", None, None, None)])  # rasterised at 200 dpi
    assert match_seals(tp, page) == [(0, 0)]
    e = expected_box(tp["seals"][0], stored_to_record(tp, page))
    assert e == pytest.approx((100, 100, 400, 400), abs=2)


def test_greedy_matching_one_to_one() -> None:
    a, b = (100, 100, 400, 400), (1000, 1800, 1300, 2100)
    tp = truth_page(seals=[tseal(a), tseal(b, shape="square", text="张伟之印", company=False, owner_override=None)])
    page = rec_page(seals=[(b, "square", None, None, None), (a, "round", None, None, None),
                           ((600, 600, 700, 700), "round", None, None, None)])
    pairs = dict(match_seals(tp, page))
    assert pairs == {0: 1, 1: 0}


def test_far_seal_does_not_match() -> None:
    tp = truth_page(seals=[tseal((100, 100, 400, 400))])
    page = rec_page(seals=[((700, 700, 1000, 1000), "round", None, None, None)])
    assert match_seals(tp, page) == []


def test_perspective_page_matches_by_normalised_centre() -> None:
    # a rectified record page of a phone photo: stored coordinates mean nothing there
    seal = tseal((1500, 1900, 1800, 2200))
    seal["bbox_upright"] = [1100, 1700, 1400, 2000]
    tp = truth_page(seals=[seal], perspective=True, image_size=(2000, 2700))
    page = rec_page(width=827, height=1170, seals=[((550, 850, 700, 1000), "round", None, None, None)])
    assert match_seals(tp, page) == [(0, 0)]


def _write(tmp_path: Path, record, truth: dict) -> tuple[Path, Path]:
    out, tdir = tmp_path / "out", tmp_path / "truth"
    (out / record.dossier_id).mkdir(parents=True)
    (out / record.dossier_id / "record.json").write_text(record.model_dump_json(), encoding="utf-8")
    tdir.mkdir()
    (tdir / f"{record.dossier_id}.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    return out, tdir


def test_scores_on_a_hand_built_dossier(tmp_path: Path) -> None:
    name = "衡阳市恒通机械制造有限公司"
    record = make_record("hy-001", company_name=name)
    seal_a, seal_b, seal_c = (100, 100, 400, 400), (900, 1500, 1300, 1800), (1200, 1900, 1400, 2100)
    record.pages = [
        rec_page(1, seals=[(seal_a, "round", name, 1.0, True)], source="01.jpg"),
        rec_page(2, seals=[(seal_b, "round", "湖南天职会计师事务所", 0.3, False),  # shape wrong, text right
                           ((10, 10, 60, 60), "round", None, None, None)], source="02.jpg"),  # a false positive
        rec_page(3, rotation=0, doc_type="photo", source="03.jpg"),          # should be turned 90
        rec_page(4, doc_type="blank", source="04.jpg"),
        rec_page(5, doc_type="other", legible=True, source="05.jpg"),       # illegible page passed
    ]
    truth = {
        "dossier_id": "hy-001", "company": {"company_name": name, "uscc": "91430400MA4L1234X5"},
        "pages": [
            truth_page(1, seals=[tseal(seal_a), tseal(seal_c, shape="square", text="张伟之印", company=False)]),
            truth_page(2, seals=[tseal(seal_b, shape="oval", text="湖南天职会计师事务所", company=False)],
                       greyscale=True),
            truth_page(3, rotation=90, doc_type="photo", image_size=(H, W)),
            truth_page(4, doc_type="blank", blank="grey"),
            truth_page(5, doc_type="other", legible=False),
        ],
        "documents": [], "missing_items": [], "findings": [],
    }
    out, tdir = _write(tmp_path, record, truth)
    scores = evaluate(out, tdir)
    o = scores["overall"]
    s = o["seals"]
    assert (s["tp"], s["fp"], s["fn"]) == (2, 1, 1)
    assert s["recall_by"]["square"]["recall"] == 0.0
    assert s["recall_by"]["oval"]["recall"] == 1.0
    assert s["recall_by"]["greyscale"] == {"recall": 1.0, "n": 1}
    assert s["shape_accuracy"] == 0.5
    assert s["company_match"]["rate"] == 1.0 and s["company_match"]["n"] == 1
    assert s["false_match"]["rate"] == 0.0 and s["false_match"]["n"] == 1
    assert o["orientation"]["all"] == {"accuracy": 0.75, "n": 4}
    assert o["orientation"]["photo"] == {"accuracy": 0.0, "n": 1}
    assert o["legibility_verdict"]["false_legible"] == 1
    assert o["legibility_verdict"]["false_illegible"] == 0
    assert o["blank_pages"]["tp"] == 1 and o["blank_pages"]["fp"] == 0
    text = format_report(scores)
    assert "seal detection" in text and "seal- square '张伟之印'" in text and "seal shape oval→round" in text


def test_legacy_truth_without_hard_case_keys(tmp_path: Path) -> None:
    """The committed corpus's truth has no image_size, greyscale or seal flags: pages are still
    scored, but not its seal boxes, which are in the generator's pixels, not the record's dpi."""
    record = make_record("hy-002")
    record.pages = [rec_page(1, seals=[((100, 100, 400, 400), "round", None, None, None)], source="01.jpg")]
    truth = {"dossier_id": "hy-002", "company": {"company_name": "x", "uscc": "y"}, "documents": [],
             "missing_items": [], "findings": [],
             "pages": [{"source_file": "01.jpg", "page_number": 1, "doc_type": "commitment_letter", "rotation": 0,
                        "skew": 0.0, "legible": True, "seals": [{"shape": "round", "text": "x", "bbox": [100, 100, 400, 400]}]}]}
    out, tdir = _write(tmp_path, record, truth)
    o = evaluate(out, tdir)["overall"]
    assert o["seals"]["recall"] is None and o["seals"]["precision"] is None


def test_fields_of_a_document_with_an_illegible_page_are_scored_apart(tmp_path: Path) -> None:
    record = make_record("hy-003")
    record.pages = [rec_page(1, doc_type="commitment_letter", source="01.jpg"),
                    rec_page(2, doc_type="business_licence", legible=False, source="02.jpg")]
    truth = {
        "dossier_id": "hy-003", "company": {"company_name": "x", "uscc": "y"}, "missing_items": [], "findings": [],
        "pages": [truth_page(1), truth_page(2, doc_type="business_licence", legible=False)],
        "documents": [
            {"doc_type": "commitment_letter", "pages": [1], "fields": {"signed_date": "2020-10-16"}},
            {"doc_type": "business_licence", "pages": [2], "fields": {"address": "衡阳市蒸湘区"}},
        ],
    }
    out, tdir = _write(tmp_path, record, truth)
    o = evaluate(out, tdir)["overall"]
    assert "business_licence.address" not in o["fields"]
    assert o["fields"]["commitment_letter.signed_date"]["n"] == 1
    assert o["fields_on_illegible_pages"] == {"accuracy": 0.0, "n": 1}


def test_profile_length_is_scored_within_five_percent_and_apart_from_spec_fields(tmp_path: Path) -> None:
    record = make_record("hy-004")
    record.pages = [rec_page(1, doc_type="company_profile", source="01.jpg")]
    record.documents = [Document(doc_type="company_profile", pages=[1], fields={"char_count": field(1180)})]
    truth = {
        "dossier_id": "hy-004", "company": {"company_name": "x", "uscc": "y"}, "missing_items": [], "findings": [],
        "pages": [truth_page(1, doc_type="company_profile")],
        "documents": [{"doc_type": "company_profile", "pages": [1], "fields": {"char_count": 1210}}],
    }
    out, tdir = _write(tmp_path, record, truth)
    scores = evaluate(out, tdir)
    assert scores["overall"]["fields"]["company_profile.char_count"] == {"accuracy": 1.0, "n": 1}
    assert "further key facts" in format_report(scores)
