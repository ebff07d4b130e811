"""The replay cache: page results saved once give the record again, and training pages."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractors.page_model import dataset
from intake import replay
from intake.emit.files import read_records

CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    # two one-page files of a committed dossier keep the real OCR run short
    root = tmp_path_factory.mktemp("replay")
    dossier = root / "dossiers" / "hy2020-0001"
    dossier.mkdir(parents=True)
    for name in ("03-营业执照.jpg", "07-承诺书.png"):
        shutil.copy2(CORPUS / "dossiers" / "hy2020-0001" / name, dossier / name)
    replay.save(root / "dossiers", root / "cache")
    return root / "cache"


def test_replayed_dossier_has_the_processed_pages_and_fields(cache: Path, tmp_path: Path) -> None:
    assert [p.name for p in cache.iterdir()] == ["hy2020-0001.pkl"]
    assert replay.reassemble(cache, tmp_path, "hengyang-2020") == 1
    (record,) = read_records(tmp_path)
    assert [p.doc_type for p in record.pages] == ["business_licence", "commitment_letter"]
    assert record.company.uscc is not None and record.company.uscc.value
    licence = next(d for d in record.documents if d.doc_type == "business_licence")
    assert licence.fields["company_name"].value == record.company.company_name.value


def test_training_pages_carry_the_true_type_and_the_ocr_lines(cache: Path, tmp_path: Path) -> None:
    truth = json.loads((CORPUS / "truth" / "hy2020-0001.json").read_text(encoding="utf-8"))
    kept = [p for p in truth["pages"] if p["source_file"] in ("03-营业执照.jpg", "07-承诺书.png")]
    (tmp_path / "hy2020-0001.json").write_text(json.dumps({**truth, "pages": kept}, ensure_ascii=False), encoding="utf-8")
    pages = [json.loads(line) for line in dataset.cached_pages(cache / "hy2020-0001.pkl", tmp_path)]
    assert [p["doc_type"] for p in pages] == ["business_licence", "commitment_letter"]
    assert all(len(p["lines"]) > 5 and len(p["lines"][0]) == 6 for p in pages)
