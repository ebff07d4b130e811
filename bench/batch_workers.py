"""Batch throughput with 1 and with 2 worker processes on the same generated set.

Each run is the real `intake batch` command in a child process, into a fresh
output folder (so nothing is skipped as done), timed from start to exit:
registration, model loading, processing and the run outputs all count.

    .venv/bin/python bench/batch_workers.py [--count 4] [--seed 77] [--dossiers DIR]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intake.ingest import count_pages, list_dossiers  # noqa: E402


def generate(work: Path, count: int, seed: int) -> Path:
    subprocess.run([sys.executable, "-m", "samples.generate", "--out", str(work / "set"), "--count", str(count),
                    "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return work / "set" / "dossiers"


def run_batch(dossiers: Path, out: Path, workers: int) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "intake.cli", "batch", str(dossiers), "--out", str(out),
                    "--workers", str(workers), "--no-progress"], check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=4, help="dossiers to generate")
    parser.add_argument("--seed", type=int, default=77)
    parser.add_argument("--dossiers", type=Path, help="use this batch root instead of generating one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        dossiers = args.dossiers or generate(work, args.count, args.seed)
        found = list_dossiers(dossiers)
        pages = sum(count_pages(d) for d in found)
        print(f"set: {len(found)} dossiers, {pages} pages")
        rates = {}
        for workers in (1, 2):
            seconds = run_batch(dossiers, work / f"out-{workers}", workers)
            rates[workers] = pages / seconds
            print(f"workers={workers}: {rates[workers]:.3f} pages/s ({seconds:.1f} s)")
    print(f"ratio 2 workers / 1 worker: {rates[2] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
