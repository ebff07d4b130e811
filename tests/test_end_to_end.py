"""End to end with the real OCR on committed sample dossiers (spec §6 outputs)."""
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from intake.cli import main
from models import DossierRecord

CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"
CLEAN, MISSING_YEAR = "hy2020-0001", "hy2020-0002"


def _truth(dossier_id: str) -> dict:
    return json.loads((CORPUS / "truth" / f"{dossier_id}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    """One CLI run over two committed dossiers and one with a corrupt file among good pages."""
    tmp = tmp_path_factory.mktemp("e2e")
    damaged = tmp / "damaged"
    damaged.mkdir()
    for name in sorted(p.name for p in (CORPUS / "dossiers" / "hy2020-0004").iterdir())[:2]:
        shutil.copy(CORPUS / "dossiers" / "hy2020-0004" / name, damaged / name)
    (damaged / "page-0.jpg").write_bytes(b"\xff\xd8\xff\xe0 broken scan")
    out = tmp / "out"
    code = main([
        "process", str(CORPUS / "dossiers" / CLEAN), str(CORPUS / "dossiers" / f"{MISSING_YEAR}.pdf"),
        str(damaged), "--out", str(out), "--no-progress",
    ])
    assert code == 0
    return out


def _record(out: Path, dossier_id: str) -> DossierRecord:
    return DossierRecord.model_validate_json((out / dossier_id / "record.json").read_text(encoding="utf-8"))


def test_clean_dossier_is_complete_with_no_missing_items(run):
    record = _record(run, CLEAN)
    assert record.missing_items == [] and record.complete


def test_missing_financial_year_is_in_the_missing_item_list(run):
    record = _record(run, MISSING_YEAR)
    expected = {(m["item"], m["reason"]) for m in _truth(MISSING_YEAR)["missing_items"]}
    assert {(m.item, m.reason) for m in record.missing_items} == expected
    assert not record.complete


@pytest.mark.parametrize("dossier_id", [CLEAN, MISSING_YEAR])
def test_company_and_uscc_are_resolved_from_the_licence(run, dossier_id):
    record, truth = _record(run, dossier_id), _truth(dossier_id)
    assert record.company.uscc.value == truth["company"]["uscc"]
    assert record.company.company_name.value == truth["company"]["company_name"]
    assert record.company.uscc.page is not None and record.company.uscc.bbox is not None


@pytest.mark.parametrize("dossier_id", [CLEAN, MISSING_YEAR])
def test_page_types_match_the_truth(run, dossier_id):
    record, truth = _record(run, dossier_id), _truth(dossier_id)
    assert len(record.pages) == len(truth["pages"])
    right = sum(p.doc_type == t["doc_type"] for p, t in zip(record.pages, truth["pages"]))
    assert right / len(truth["pages"]) >= 0.9


def test_every_field_carries_its_evidence(run):
    for document in _record(run, CLEAN).documents:
        for name, field in document.fields.items():
            assert 0.0 <= field.confidence <= 1.0, name
            assert field.page in document.pages, name


def test_commitment_letter_is_stamped_and_signed(run):
    (letter,) = [d for d in _record(run, CLEAN).documents if d.doc_type == "commitment_letter"]
    assert letter.fields["has_seal"].value is True
    assert letter.fields["has_signature"].value is True


def test_corrupt_file_among_good_ones_is_named_and_the_rest_processed(run):
    record = _record(run, "damaged")
    assert [p.source_file for p in record.pages] == ["page-1.jpg", "page-10.jpg"]
    assert [(f.code, f.file) for f in record.findings if f.file] == [("unreadable_file", "page-0.jpg")]


def test_run_writes_jsonl_and_the_workbook(run):
    lines = (run / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["dossier_id"] for line in lines) == sorted([CLEAN, MISSING_YEAR, "damaged"])
    book = load_workbook(run / "summary.xlsx")
    assert book["推荐汇总表"].max_row == 4
    missing_rows = [[c.value for c in r] for r in book["缺项清单"].iter_rows(min_row=2)]
    assert ["financials_2018", "2018年度财务报表或审计报告", "缺失"] in [r[3:6] for r in missing_rows]
