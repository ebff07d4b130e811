"""Seconds per page of each pipeline stage on given dossiers, and of the page checks.

    .venv/bin/python bench/stages.py DOSSIER...

To compare two versions on the same pages, run it once as is and once with an older
checkout first on the path (`git worktree add /tmp/old COMMIT`, then
`PYTHONPATH=/tmp/old .venv/bin/python bench/stages.py DOSSIER...`).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from intake.ocr import make_engine
from intake.pipeline import Pipeline
from intake.programme import load_programme

PAGE_CHECKS = ("upright", "seals", "legibility", "blank")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dossiers", nargs="+", type=Path)
    args = ap.parse_args()
    pipeline = Pipeline(make_engine("rapidocr"), load_programme())
    started = time.perf_counter()
    for dossier in args.dossiers:
        pipeline.process(dossier)
    wall, pages = time.perf_counter() - started, pipeline.timings.pages
    print(f"pages {pages}: {wall / pages:.3f} s/page, {pages / wall:.3f} pages/s")
    for stage, seconds in sorted(pipeline.timings.seconds.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:<12} {seconds / pages:.3f}")
    checks = sum(pipeline.timings.seconds[stage] for stage in PAGE_CHECKS)
    print(f"page checks ({'+'.join(PAGE_CHECKS)}): {checks / pages:.3f} s/page")


if __name__ == "__main__":
    main()
