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
from samples.truth import with_unseen_stamps

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


# ---- hard cases (issue 3): a few pages rendered with forced effects, at 150 dpi -------------------

import dataclasses

import numpy as np

from samples import degrade, dossier, hard, ladder, scan, writer
from samples.generate import generate_one as _generate_one

CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"


def test_committed_corpus_reproduced(tmp_path: Path) -> None:
    """--committed must keep producing the committed corpus exactly (no hard cases there)."""
    truth = _generate_one(tmp_path, 0, 2020, committed=True)
    assert truth == json.loads((CORPUS / "truth" / "hy2020-0001.json").read_text(encoding="utf-8"))
    assert _digest(tmp_path / "dossiers" / "hy2020-0001") == _digest(CORPUS / "dossiers" / "hy2020-0001")


def _plan(seed: int = 5, faults: list[str] | None = None):
    return dossier.plan_dossier("hy-t", random.Random(f"{seed}:plan"), faults or [], compact=False)


def _profile(**kw) -> hard.HardProfile:
    hp = hard.HardProfile.choose(random.Random(1))
    base = dict(grey_all=False, grey_groups=set(), grey_page_prob=0.0, phone_all=False, phone_page_prob=0.0,
                rotate_prob=0.0, photo_rotate_prob=0.0, big_skew_prob=0.0, mild_prob=0.0, severe_optional_prob=0.0,
                foreign_on=None, blanks=[], divider=False)
    style = kw.pop("style", {})
    base.update(kw)
    hp = dataclasses.replace(hp, **base)
    hp.style = dataclasses.replace(hp.style, fade_prob=0.0, double_prob=0.0, **style)
    return hp


def _render(plan, hp, doc_type: str, nth: int = 0, dpi: int = 150):
    idx = [i for i, p in enumerate(plan.pages) if p.doc_type == doc_type][nth]
    opts = writer.Options("jpeg_folder", dpi, 80, "{i}.jpg")
    prof = scan.ScanProfile.random(random.Random(3))
    return writer._render_hard(plan, plan.pages[idx], idx, opts, "t:hy-t", prof, hp)


def _red_share(img, box) -> float:
    a = np.asarray(img.convert("RGB")).astype(int)
    x0, y0, x1, y1 = (max(0, v) for v in box)
    crop = a[y0:y1, x0:x1]
    return float((((crop[..., 0] - crop[..., 1]) > 25) & ((crop[..., 0] - crop[..., 2]) > 25)).mean())


def test_greyscale_copy_has_no_colour() -> None:
    r = _render(_plan(), _profile(grey_all=True), "commitment_letter")
    assert r.extra["greyscale"] and r.seals
    a = np.asarray(r.image)
    if a.ndim == 3:
        assert int(np.abs(a.astype(int) - a[..., :1]).max()) <= 1
    assert _red_share(r.image, r.seals[0]["bbox"]) == 0.0


def test_oval_finance_seal_truth_has_centre_text() -> None:
    from functools import partial
    from samples.render import financial
    hp = _profile(style={"finance_seal": 1.0})
    plan = _plan(2)
    statement = next(p for p in plan.pages if p.doc_type == "financial_statement")
    found = []
    for _ in range(8):  # 8 pages stamped with a 财务专用章: most are oval
        page = dataclasses.replace(statement, draw=partial(financial.draw, c=plan.company, year=2019,
                                                           statement="balance_sheet", unit="元", stamped=True, prev=None),
                                   born_digital=False)  # a scanned page, even when the plan's is an annual report's
        plan.pages.insert(0, page)
        r = _render(plan, hp, "financial_statement", 0)
        found += [(s, r) for s in r.seals if s["centre_text"] == "财务专用章"]
        if any(s["shape"] == "oval" for s, _ in found):
            break
    assert found
    seal, r = next((s, r) for s, r in found if s["shape"] == "oval")
    assert seal["text"] == r.company and seal["company"] and seal["owner"] == "company"
    w, h = seal["size_mm"]
    assert 37 <= w <= 46 and 0.65 < h / w < 0.8
    x0, y0, x1, y1 = seal["bbox_upright"]
    assert 0 <= x0 < x1 <= r.extra["page_size"][0] and 0 <= y0 < y1 <= r.extra["page_size"][1]
    assert _red_share(r.image, seal["bbox"]) > 0.01


def test_square_personal_seal_beside_signature() -> None:
    plan = _plan(3)
    r = _render(plan, _profile(style={"personal_seal": True}), "commitment_letter")
    square = [s for s in r.seals if s["shape"] == "square"]
    assert len(square) == 1
    s = square[0]
    assert s["owner"] == "person" and not s["company"] and s["text"].startswith(plan.company.legal_rep)
    assert 2 <= len(s["text"]) <= 5 and 15 <= s["size_mm"][0] <= 22
    assert any(x["owner"] == "company" for x in r.seals)


def test_turned_and_skewed_page_seal_boxes_hold_the_ink() -> None:
    r = _render(_plan(4), _profile(rotate_prob=1.0, big_skew_prob=1.0), "commitment_letter")
    assert r.rotation in (90, 180, 270) and abs(r.skew) >= 4
    w, h = r.image.size
    pw, ph = r.extra["page_size"]
    assert (w > h) == (r.rotation in (90, 270))
    assert max(w, h) > max(pw, ph)  # the canvas grew to hold the skewed page
    for s in r.seals:
        assert _red_share(r.image, s["bbox"]) > 0.01, s


def test_phone_photo_truth_has_corners() -> None:
    r = _render(_plan(6), _profile(phone_all=True), "business_licence")
    assert r.extra["perspective"] and len(r.extra["corners"]) == 4
    w, h = r.image.size
    xs = [c[0] for c in r.extra["corners"]]
    ys = [c[1] for c in r.extra["corners"]]
    assert 0 <= min(xs) and max(xs) <= w and 0 <= min(ys) and max(ys) <= h
    grey = np.asarray(r.image.convert("L")).astype(float)
    inside = grey[int(np.percentile(ys, 50)) - 50:int(np.percentile(ys, 50)) + 50, int(np.mean(xs)) - 50:int(np.mean(xs)) + 50]
    border = np.concatenate([grey[:, :5].ravel(), grey[:, -5:].ravel()])
    assert inside.mean() > border.mean() + 30  # a bright page on a darker table
    for s in r.seals:
        assert min(xs) <= s["bbox"][0] and s["bbox"][2] <= max(xs)


def test_blank_page_kinds() -> None:
    plan = _plan(7)
    hp = _profile(blanks=["white", "grey", "show_through"])
    dossier.add_hard_pages(plan, random.Random(9), hp)
    levels = {}
    for n in range(3):
        r = _render(plan, hp, "blank", n)
        assert r.plan.doc_type == "blank" and not r.seals
        levels[r.extra["blank"]] = np.asarray(r.image.convert("L")).astype(float)
    assert set(levels) == {"white", "grey", "show_through"}
    assert np.median(levels["grey"]) < 220 < np.median(levels["white"])
    import cv2
    st = levels["show_through"]
    smooth = {k: (cv2.GaussianBlur(v, (0, 0), 3) - cv2.GaussianBlur(v, (0, 0), 40)).std() for k, v in levels.items()}
    assert np.percentile(st, 0.5) > 150 and smooth["show_through"] > smooth["white"]  # faint, never dark ink


def test_foreign_seal_on_letter_is_in_truth() -> None:
    plan = _plan(8)
    hp = _profile(foreign_on="letter")
    dossier.add_hard_pages(plan, random.Random(2), hp)
    assert "seal_mismatch" in plan.findings
    r = _render(plan, hp, "commitment_letter")
    other = [s for s in r.seals if s["owner"] == "other"]
    assert other and other[0]["text"] == hp.foreign_name and not other[0]["company"]


def test_hard_pages_are_deterministic() -> None:
    a = _render(_plan(2), _profile(grey_all=True, rotate_prob=1.0), "application_form")
    b = _render(_plan(2), _profile(grey_all=True, rotate_prob=1.0), "application_form")
    assert a.seals == b.seals and np.array_equal(np.asarray(a.image), np.asarray(b.image))


def test_hard_case_frequencies_in_a_20_dossier_set() -> None:
    """Plans and page effects only (no drawing): a 20-dossier set holds plenty of each case."""
    from collections import Counter
    n = Counter()
    for index in range(20):
        did = f"hy2020-{index + 1:04d}"
        key = f"4242:{did}"
        rng = random.Random(f"{key}:plan")
        faults = dossier.choose_faults(rng, index, False)
        plan = dossier.plan_dossier(did, rng, faults, compact=False)
        hrng = random.Random(f"{key}:hard")
        hp = hard.HardProfile.choose(hrng)
        dossier.add_hard_pages(plan, hrng, hp)
        n["phone_dossier"] += hp.phone_all
        n["letters_with_personal_seal"] += hp.style.personal_seal
        for i, pp in enumerate(plan.pages):
            fx = hard.PageFx.choose(random.Random(f"{key}:{i}:hard"), hp, pp.doc_type, pp.group, pp.near_empty,
                                    pp.illegible)
            n["pages"] += 1
            n["greyscale"] += fx.grey
            n["phone"] += fx.phone
            n["turned"] += fx.rotation != 0
            n["turned_photo_or_near_empty"] += fx.rotation != 0 and (pp.doc_type == "photo" or pp.near_empty)
            n["turned_90_270"] += fx.rotation in (90, 270)
            n["big_skew"] += fx.skew is not None
            n["blank"] += pp.doc_type == "blank"
            n["degraded"] += fx.degradation is not None
            n["illegible"] += not fx.legible
    assert 350 <= n["pages"] <= 450, n
    assert n["greyscale"] >= 20 and n["phone"] >= 15 and n["turned"] >= 20 and n["turned_90_270"] >= 15, n
    assert n["turned_photo_or_near_empty"] >= 5 and n["big_skew"] >= 5 and n["blank"] >= 6, n
    assert n["degraded"] >= 10 and n["illegible"] >= 2, n


def test_seal_specs_vary_like_real_seals() -> None:
    from samples import sealart
    rng = random.Random(4)
    specs = [sealart.random_spec(rng, shape, "衡阳市恒通机械制造有限公司") for shape in ("round", "oval", "square") * 200]
    assert all(38 <= s.width_mm <= 45 for s in specs if s.shape == "round")
    assert all(15 <= s.width_mm <= 22 for s in specs if s.shape == "square")
    assert all(0.65 < s.height_mm / s.width_mm < 0.8 for s in specs if s.shape == "oval")
    assert 0.08 < sum(s.fade > 0 for s in specs) / len(specs) < 0.25
    assert sum(s.ink in ("dark_red", "brown") for s in specs) > 60
    assert any(not s.star for s in specs if s.shape == "round") and any(s.inner_ring for s in specs)
    assert sealart.personal_seal_text("张伟", random.Random(1)) in ("张伟之印", "张伟印", "张伟")


def test_ladder_truth_follows_the_criterion(tmp_path: Path) -> None:
    truth = ladder.build(tmp_path, 7, types=("company_profile",), kinds=("lowres",))
    assert {"file", "legible", "degradation", "level", "doc_type", "borderline"} <= set(truth[0])
    assert [t["legible"] for t in truth][0] and not truth[-1]["legible"]
    assert any(t["borderline"] for t in truth)
    for t in truth:
        assert (tmp_path / t["file"]).exists()
    # monotonic: once illegible, every worse level is illegible too
    for kind, levels in degrade.LADDERS.items():
        if kind in ("lowres", "cutoff"):
            continue
        verdicts = [degrade.verdict(kind, v)[0] for v in levels]
        assert verdicts == sorted(verdicts, reverse=True), kind


def test_pages_judged_as_stored_jpeg_still_make_a_jpeg_tiff() -> None:
    """Judging seal visibility on the stored JPEG must not leave JPEG settings on the page
    image that then break the multi-page TIFF writer."""
    import io

    from PIL import Image

    from samples import writer

    pages = [writer.Rendered(None, Image.new("RGB", (400, 600), "white"), [], 0, 0.0, True, extra={})
             for _ in range(3)]
    for r in pages:
        writer._stored_jpeg(r, 80)
    assert Image.open(io.BytesIO(writer._tiff(pages, 80, 150))).n_frames == 3


def test_enhanced_png_keeps_washed_out_print_and_whitens_paper():
    page = np.full((200, 200, 3), 205, np.uint8)  # paper
    page[90:110, 40:160] = 178  # a line of print washed out to 27 grey levels
    out = np.asarray(writer._enhanced(Image.fromarray(page)))
    assert (out[95, 50] == 178).all() and (out[10, 10] == 255).all()


def test_enhanced_png_keeps_a_normal_page_cut():
    page = np.full((200, 200, 3), 240, np.uint8)
    page[90:110, 40:160] = 30
    page[20:30, 20:30] = 170  # a faint smudge: paper to the app
    out = np.asarray(writer._enhanced(Image.fromarray(page)))
    assert (out[95, 50] == 30).all() and (out[25, 25] == 255).all()


def test_enhanced_png_keeps_a_pale_seals_colour():
    page = np.full((200, 200, 3), 240, np.uint8)
    page[90:110, 40:160] = 30
    page[20:40, 20:40] = (238, 200, 200)  # a faded red seal's stroke, brighter than the cut
    out = np.asarray(writer._enhanced(Image.fromarray(page)))
    assert (out[30, 30] == (238, 200, 200)).all() and (out[150, 150] == 255).all()


def test_enhanced_png_of_the_committed_corpus_keeps_the_fixed_grey_cut():
    page = np.full((60, 60), 205, np.uint8)  # a greyscale ('L') page
    page[20:30, 10:50] = 178  # print paler than the fixed cut: whitened, as the corpus was made
    assert (np.asarray(writer._enhanced(Image.fromarray(page), faithful=False)) == 255).all()
    assert np.asarray(writer._enhanced(Image.fromarray(page)))[25, 20] == 178


def test_a_letter_whose_only_seal_the_scan_burnt_out_is_expected_unstamped():
    pages = [{"seals": [{"text": "衡阳市恒通机械制造有限公司", "visible": False}]},
             {"seals": [{"text": "衡阳市恒通机械制造有限公司", "visible": True}]}]
    documents = [{"doc_type": "commitment_letter", "pages": [1]}, {"doc_type": "application_form", "pages": [2]}]
    assert with_unseen_stamps([], pages, documents) == [{"item": "commitment_letter", "reason": "unstamped"}]
