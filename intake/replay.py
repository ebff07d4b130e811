"""Replay: keep every page's results (OCR lines, seals, checks) once, then assemble the
records again with the current code. Work on classification, field extraction,
cross-checks and rules is then measured in seconds instead of a new OCR run.

    python -m intake.replay save ROOT/dossiers CACHE [--workers 2]
    python -m intake.replay eval CACHE TRUTH [--out DIR] [--json]

`eval` classifies each page again from its stored text (the page stage is cheap)
but keeps everything the image stages found. The cache is a development tool: its
pickles belong to the code that wrote them, so save again after changing a page
stage or the page context.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from intake.emit.files import write_record
from intake.evaluate import evaluate, format_report
from intake.ingest import dossier_id, list_dossiers
from intake.pipeline import Pipeline, classify_context
from intake.programme import load_programme

_pipeline: Pipeline | None = None  # one per worker process: the models load once


def _save_one(path: Path, cache: Path) -> str:
    global _pipeline
    if _pipeline is None:
        from intake.ocr import make_engine

        _pipeline = Pipeline(make_engine("rapidocr"), load_programme())
    contexts, report = _pipeline.read_pages(path)
    name = dossier_id(path)
    partial = cache / f"{name}.pkl.part"  # a reader never sees half a pickle
    partial.write_bytes(pickle.dumps((str(path), contexts, report)))
    partial.replace(cache / f"{name}.pkl")
    return name


def save(root: Path, cache: Path, workers: int = 1) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    dossiers = list_dossiers(root)
    if workers > 1:  # one OCR thread per worker process, as in `intake batch --workers`
        os.environ.setdefault("INTAKE_OCR_THREADS", "1")
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for name in pool.map(_save_one, dossiers, [cache] * len(dossiers)):
            print(f"saved {name}", flush=True)


def reassemble(cache: Path, out: Path, programme_id: str) -> int:
    """Records from the cached pages with today's classifier, extractors and rules."""
    pipeline = Pipeline.__new__(Pipeline)  # assembling needs only the programme, not the models
    pipeline.programme = load_programme(programme_id)
    count = 0
    for pkl in sorted(cache.glob("*.pkl")):
        path, contexts, report = pickle.loads(pkl.read_bytes())
        for ctx in contexts:
            if ctx.doc_type != "blank" and not ctx.done:
                classify_context(ctx)
        write_record(out, pipeline.assemble(Path(path), contexts, report))
        count += 1
    return count


def _cached_truth(cache: Path, truth: Path, into: Path) -> Path:
    """Only the truth of the dossiers in the cache: a partial cache scores what it holds."""
    into.mkdir()
    for pkl in cache.glob("*.pkl"):
        if (truth / f"{pkl.stem}.json").exists():
            shutil.copy2(truth / f"{pkl.stem}.json", into)
    return into


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("save", help="run the page stages on every dossier of ROOT and keep the results")
    s.add_argument("root", type=Path)
    s.add_argument("cache", type=Path)
    s.add_argument("--workers", type=int, default=1)
    e = sub.add_parser("eval", help="assemble the cached dossiers again and score them against TRUTH")
    e.add_argument("cache", type=Path)
    e.add_argument("truth", type=Path)
    e.add_argument("--out", type=Path, help="keep the records here (default: a temporary folder)")
    e.add_argument("--programme", default="hengyang-2020")
    e.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    if a.command == "save":
        save(a.root, a.cache, a.workers)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        out = a.out or Path(tmp)
        if not reassemble(a.cache, out, a.programme):
            print(f"replay: no cached dossiers in {a.cache}", file=sys.stderr)
            return 2
        scores = evaluate(out, _cached_truth(a.cache, a.truth, Path(tmp) / "truth"))
    print(json.dumps(scores, ensure_ascii=False, indent=2) if a.json else format_report(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
