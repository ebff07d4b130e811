"""Throughput of the pipeline on a ~60-page generated dossier, against a naive baseline.

The baseline is what a quick script would do: full-page OCR of every page as
scanned, then regexes over the text. Both run in this process on the same pages.

    .venv/bin/python bench/throughput.py [--pages 60] [--seed 7]
"""
from __future__ import annotations

import argparse
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intake.ingest import IngestReport, count_pages, iter_pages, list_dossiers  # noqa: E402
from intake.ocr import make_engine  # noqa: E402
from intake.pipeline import Pipeline  # noqa: E402
from intake.programme import load_programme  # noqa: E402

BASELINE_PATTERNS = {
    "uscc": re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}"),
    "date": re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"),
    "money": re.compile(r"[\d,]+\.\d{2}"),
}


def build_dossier(target_pages: int, seed: int, work: Path) -> Path:
    """Concatenate generated dossiers into one folder of about `target_pages` pages.

    The generator runs in a child process so its memory does not count in the peak RSS.
    """
    corpus = work / "corpus"
    count = max(1, target_pages // 15 + 1)
    subprocess.run([sys.executable, "-m", "samples.generate", "--out", str(corpus), "--count", str(count),
                    "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    merged = work / "bench-dossier"
    merged.mkdir()
    for n, dossier in enumerate(list_dossiers(corpus / "dossiers")):
        files = sorted(dossier.iterdir()) if dossier.is_dir() else [dossier]
        for file in files:
            shutil.copy(file, merged / f"{n:02d}-{file.name}")
        if count_pages(merged) >= target_pages:
            break
    return merged


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_pipeline(dossier: Path) -> tuple[float, Pipeline]:
    pipeline = Pipeline(make_engine(), load_programme())
    start = time.perf_counter()
    pipeline.process(dossier)
    return time.perf_counter() - start, pipeline


def run_baseline(dossier: Path) -> tuple[float, int]:
    engine = make_engine()
    start = time.perf_counter()
    hits = 0
    for page in iter_pages(dossier, IngestReport()):
        text = "\n".join(line.text for line in engine.read(page.image))
        hits += sum(len(p.findall(text)) for p in BASELINE_PATTERNS.values())
    return time.perf_counter() - start, hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dossier = build_dossier(args.pages, args.seed, Path(tmp))
        pages = count_pages(dossier)
        print(f"dossier: {pages} pages ({len(list(dossier.iterdir()))} files)")
        seconds, pipeline = run_pipeline(dossier)
        rss_pipeline = peak_rss_mb()
        base_seconds, _ = run_baseline(dossier)
    print(f"pipeline: {pages / seconds:.3f} pages/s ({seconds:.1f} s), peak RSS {rss_pipeline:.0f} MB")
    print("seconds per page by stage:")
    for stage, total in sorted(pipeline.timings.seconds.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:<12} {total / pages:.3f}")
    print(f"baseline (full-page OCR + regex): {pages / base_seconds:.3f} pages/s ({base_seconds:.1f} s)")
    print(f"ratio pipeline/baseline speed: {base_seconds / seconds:.2f}x")
    print(f"peak RSS after both: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
