"""CLI: python -m samples.generate --out ROOT --count N --seed S [--committed]"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import time
from pathlib import Path

from . import dossier, hard, scan, truth, writer


def generate_one(root: Path, index: int, seed: int, committed: bool) -> dict:
    did = f"hy2020-{index + 1:04d}"
    key = f"{seed}:{did}"
    rng = random.Random(f"{key}:plan")
    faults = dossier.choose_faults(rng, index, committed)
    plan = dossier.plan_dossier(did, rng, faults, compact=committed)
    # hard cases (own random stream, so plans and faults match the plain generator); never --committed
    hp = None
    if not committed:
        hrng = random.Random(f"{key}:hard")
        hp = hard.HardProfile.choose(hrng)
        dossier.add_hard_pages(plan, hrng, hp)
    orng = random.Random(f"{key}:options")
    opts = writer.choose_options(orng, committed, index)
    prof = scan.ScanProfile.random(orng, committed)
    if hp is not None and hp.phone_all:  # photographed with a phone, page by page
        opts.fmt, opts.born_digital = "jpeg_folder", set()
    pages = writer.render_pages(plan, opts, key, prof, hp)
    writer.write(root / "dossiers", plan, pages, opts, orng, key)
    t = truth.build(plan, pages)
    (root / "truth").mkdir(parents=True, exist_ok=True)
    (root / "truth" / f"{did}.json").write_text(json.dumps(t, ensure_ascii=False, indent=1), encoding="utf-8")
    return t


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Generate synthetic Hengyang 2020 seed-enterprise dossiers.")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--count", type=int, default=6)
    ap.add_argument("--seed", type=int, default=2020)
    ap.add_argument("--committed", action="store_true",
                    help="small committed corpus: 150-170 dpi, 8-14 pages, one dossier per headline fault")
    ap.add_argument("--start", type=int, default=0, help="index of the first dossier (for sharded runs)")
    a = ap.parse_args(argv)
    for sub in ("dossiers", "truth"):  # stale files from an earlier run would corrupt the truth/page match
        if (a.out / sub).exists():
            shutil.rmtree(a.out / sub)
    (a.out / "dossiers").mkdir(parents=True, exist_ok=True)
    for i in range(a.start, a.start + a.count):
        t0 = time.time()
        t = generate_one(a.out, i, a.seed, a.committed)
        print(f"{t['dossier_id']}: {len(t['pages'])} pages, faults={t['faults']} ({time.time() - t0:.1f}s)")


if __name__ == "__main__":
    main()
