"""The replay cache: page results saved once give the same record when assembled again."""
from __future__ import annotations

import shutil
from pathlib import Path

from intake import replay
from intake.emit.files import read_records

CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"


def test_replayed_dossier_has_the_processed_pages_and_fields(tmp_path: Path) -> None:
    # two one-page files of a committed dossier keep the real OCR run short
    dossier = tmp_path / "dossiers" / "hy2020-0001"
    dossier.mkdir(parents=True)
    for name in ("03-营业执照.jpg", "07-承诺书.png"):
        shutil.copy2(CORPUS / "dossiers" / "hy2020-0001" / name, dossier / name)
    cache, out = tmp_path / "cache", tmp_path / "out"
    replay.save(tmp_path / "dossiers", cache)
    assert [p.name for p in cache.iterdir()] == ["hy2020-0001.pkl"]

    assert replay.reassemble(cache, out, "hengyang-2020") == 1
    (record,) = read_records(out)
    assert [p.doc_type for p in record.pages] == ["business_licence", "commitment_letter"]
    assert record.company.uscc is not None and record.company.uscc.value
    licence = next(d for d in record.documents if d.doc_type == "business_licence")
    assert licence.fields["company_name"].value == record.company.company_name.value
