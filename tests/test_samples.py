"""Fast checks of the synthetic dossier generator (samples/)."""
from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path

import pymupdf
import pytest
from PIL import Image
from stdnum.cn import uscc

from samples import ids
from samples.generate import generate_one

IMAGE_EXT = {".jpg", ".jpeg", ".png"}


def _digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _natural(name: str) -> list:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


def _page_counts(dossier: Path) -> list[tuple[str, int]]:
    files = [dossier] if dossier.is_file() else sorted((p for p in dossier.iterdir()), key=lambda p: _natural(p.name))
    out = []
    for f in files:
        if f.suffix == ".pdf":
            n = len(pymupdf.open(f))
        elif f.suffix in (".tif", ".tiff"):
            n = Image.open(f).n_frames
        else:
            n = 1
        out.append((f.name, n))
    return out


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[tuple[Path, dict]]:
    """Two committed-mode dossiers: index 0 (mixed folder) and 1 (single PDF)."""
    root = tmp_path_factory.mktemp("gen")
    return [(root, generate_one(root, i, 7, committed=True)) for i in (0, 1)]


def test_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    ta, tb = generate_one(a, 1, 11, committed=True), generate_one(b, 1, 11, committed=True)
    assert ta == tb
    assert _digest(a) == _digest(b)


def test_truth_matches_files(generated) -> None:
    for root, truth in generated:
        did = truth["dossier_id"]
        path = root / "dossiers" / did
        path = path if path.exists() else root / "dossiers" / f"{did}.pdf"
        expected = [p["source_file"] for p in truth["pages"]]
        actual = [name for name, n in _page_counts(path) for _ in range(n)]
        assert actual == expected
        assert [p["page_number"] for p in truth["pages"]] == list(range(1, len(expected) + 1))
        assert json.loads((root / "truth" / f"{did}.json").read_text(encoding="utf-8")) == truth


def test_identifiers_valid(generated) -> None:
    for _, truth in generated:
        assert uscc.is_valid(truth["company"]["uscc"])
        for d in truth["documents"]:
            if "uscc" in d["fields"]:
                assert uscc.is_valid(d["fields"]["uscc"])
            if d["doc_type"] == "patent_certificate":
                num = d["fields"]["patent_number"]
                assert ids.patent_check(num[2:14]) == num[-1]


def test_identifier_maths() -> None:
    rng = random.Random(3)
    for _ in range(200):
        code = ids.make_uscc(rng, "430481", rng.choice("159"), "1")
        assert uscc.is_valid(code)
        org = code[8:17]
        assert ids.org_code_check(org[:8]) == org[8]
    # 2*2+0*3+1*4+8*5+1*6+0*7+1*8+2*9+3*2+4*3+5*4+6*5 = 148; 148 % 11 = 5
    assert ids.patent_check("201810123456") == "5"
    assert re.fullmatch(r"GR\d{4}43\d{6}", ids.make_high_tech_number(rng, 2019))


def test_truth_shape(generated) -> None:
    allowed_items = {"application_form", "financials_2017", "financials_2018", "financials_2019", "business_licence",
                     "cloud_platform_proof", "photos", "company_profile", "commitment_letter"}
    for _, truth in generated:
        assert truth["programme"] == "hengyang-2020"
        assert all(m["item"] in allowed_items for m in truth["missing_items"])
        for p in truth["pages"]:
            assert p["rotation"] in (0, 90, 180, 270)
            for s in p["seals"]:
                assert s["shape"] in ("round", "oval", "square") and len(s["bbox"]) == 4
        n = len(truth["pages"])
        assert 8 <= n <= 14
        for d in truth["documents"]:
            assert all(1 <= i <= n for i in d["pages"])
