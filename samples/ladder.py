"""Legibility calibration set: pages of several types degraded along graded ladders.

    python -m samples.ladder --out DIR --seed S [--types company_profile,financial_statement,...] [--kinds blur,...]

Writes DIR/pages/<doc_type>-<kind>-<level index>.png (JPEG for the jpeg ladder) and
DIR/truth.json, a list of {file, legible, degradation, level, doc_type, value, unit,
borderline, dpi, em_mm}. `legible` follows the human-readability criterion documented in
samples/degrade.py (physical blur in mm, ink/paper contrast, pixels per em, exposure
stops, JPEG quality, noise, text lost at the edge); `borderline: true` marks the band
where people disagree. Each page is a single-page dossier for `intake` (see
samples/ladder_eval.py).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
from functools import partial
from pathlib import Path

import numpy as np
from PIL import Image

from . import degrade
from .company import make_company
from .page import Ctx, Theme
from .render import application_form, financial, licence, prose
from .surface import RasterSurface

DPI = 200
# body-text em in mm for each page type (the smallest text a reader must read)
PAGE_TYPES = {
    "company_profile": 4.0,
    "financial_statement": 3.2,
    "business_licence": 3.7,
    "commitment_letter": 4.2,
    "application_form": 3.7,
}
DEFAULT_TYPES = ("company_profile", "financial_statement", "business_licence")


def _draw(doc_type: str, rng: random.Random):
    c = make_company(rng)
    if doc_type == "company_profile":
        probe = Ctx(None, random.Random(rng.random()), Theme.random(rng))
        t1, _ = prose.profile_text(probe, c, False)
        return partial(prose.draw_profile, c=c, part1=t1, part2="", page=0)
    if doc_type == "financial_statement":
        return partial(financial.draw, c=c, year=2019, statement=rng.choice(["balance_sheet", "income_statement"]),
                       unit="元", stamped=True, prev=None)
    if doc_type == "business_licence":
        return partial(licence.draw, c=c, copy_stamp=True)
    if doc_type == "commitment_letter":
        return partial(prose.draw_commitment, c=c, name=c.name, stamped=True, signed=True, date=dt.date(2020, 9, 28))
    if doc_type == "application_form":
        return partial(application_form.draw, c=c, name=c.name, patents=1, stamped=True, page=0, pages=1,
                       date=dt.date(2020, 9, 28))
    raise ValueError(doc_type)


def render_page(doc_type: str, rng: random.Random) -> Image.Image:
    """A clean upright page as a decent 200 dpi scan (paper tint, light noise)."""
    theme = Theme.random(rng)
    theme.size = PAGE_TYPES[doc_type] if doc_type != "financial_statement" else 4.0
    theme.margin, theme.top = min(theme.margin, 25), min(theme.top, 30)
    surf = RasterSurface(DPI)
    ctx = Ctx(surf, rng, theme)
    _draw(doc_type, rng)(ctx)
    a = np.asarray(surf.img).astype(np.float32)
    tint = np.array([rng.uniform(240, 255), rng.uniform(238, 252), rng.uniform(232, 248)], np.float32) / 255
    a = a * tint
    nrng = np.random.default_rng(rng.randrange(2**32))
    a += nrng.normal(0, 2.0, a.shape[:2])[..., None]
    return Image.fromarray(a.clip(0, 255).astype(np.uint8))


def build(out: Path, seed: int, types: tuple[str, ...] = DEFAULT_TYPES, kinds: tuple[str, ...] = degrade.KINDS) -> list[dict]:
    pages = out / "pages"
    if pages.exists():
        shutil.rmtree(pages)
    pages.mkdir(parents=True)
    truth = []
    for doc_type in types:
        for kind in kinds:
            rng = random.Random(f"{seed}:{doc_type}:{kind}")
            clean = render_page(doc_type, rng)  # one page per ladder: only the degradation changes
            for li, level in enumerate(degrade.LADDERS[kind]):
                drng = random.Random(f"{seed}:{doc_type}:{kind}:{li}")
                img, value, dpi = degrade.apply(clean, kind, level, drng, DPI, em_mm=PAGE_TYPES[doc_type])
                legible, borderline = degrade.verdict(kind, value, PAGE_TYPES[doc_type])
                stem = f"{doc_type}-{kind}-{li}"
                if kind == "jpeg":  # the file itself is the degradation
                    name = f"{stem}.jpg"
                    clean.save(pages / name, "JPEG", quality=int(level), dpi=(DPI, DPI))
                elif kind == "noise":  # lossless noise is huge; q=95 keeps it
                    name = f"{stem}.jpg"
                    img.save(pages / name, "JPEG", quality=95, dpi=(DPI, DPI))
                else:
                    name = f"{stem}.png"
                    img.save(pages / name, "PNG", dpi=(round(dpi), round(dpi)), compress_level=6)
                truth.append({"file": f"pages/{name}", "legible": legible, "degradation": kind, "level": li,
                              "doc_type": doc_type, "value": round(float(value), 4), "unit": degrade.UNITS[kind],
                              "borderline": borderline, "dpi": round(dpi, 1), "em_mm": PAGE_TYPES[doc_type]})
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "README.txt").write_text(
        "Legibility ladder: see samples/degrade.py for the criterion behind `legible`.\n"
        "Score a pipeline with: python -m samples.ladder_eval " + str(out) + "\n", encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Write a legibility calibration ladder with truth.")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--types", default=",".join(DEFAULT_TYPES), help=f"page types, of {', '.join(PAGE_TYPES)}")
    ap.add_argument("--kinds", default=",".join(degrade.KINDS), help=f"degradations, of {', '.join(degrade.KINDS)}")
    a = ap.parse_args(argv)
    truth = build(a.out, a.seed, tuple(a.types.split(",")), tuple(a.kinds.split(",")))
    n_ill = sum(not t["legible"] for t in truth)
    n_b = sum(t["borderline"] for t in truth)
    print(f"{len(truth)} pages ({n_ill} illegible, {n_b} borderline) in {a.out}")


if __name__ == "__main__":
    main()
