"""Compare OCR engines end to end: the same dossiers, the same pipeline, only the engine differs.

Prints seconds per page and the eval scores (page types, USCC, mean field
exact match, missing-item F1) per engine.

    .venv/bin/python bench/ocr_engines.py [--corpus samples/corpus] [--engines rapidocr rapidocr-v6]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intake.evaluate import evaluate  # noqa: E402
from intake.ingest import list_dossiers  # noqa: E402
from intake.programme import load_programme  # noqa: E402
from intake.run import PipelineSettings, run  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path("samples/corpus"))
    parser.add_argument("--engines", nargs="+", default=["rapidocr", "rapidocr-v6"])
    args = parser.parse_args()
    dossiers = list_dossiers(args.corpus / "dossiers")
    print(f"{'engine':<14} {'s/page':>7} {'page type':>10} {'USCC':>7} {'fields':>7} {'missing F1':>11}")
    for engine in args.engines:
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            result = run(PipelineSettings(engine, load_programme()), dossiers, Path(out), progress=False)
            seconds = time.perf_counter() - start
            scores = evaluate(Path(out), args.corpus / "truth")["overall"]
        fields = [v["accuracy"] for v in scores["fields"].values() if v["accuracy"] is not None]
        print(
            f"{engine:<14} {seconds / max(1, result.pages):7.2f} {scores['page_type']:10.2%} "
            f"{scores['fields']['company.uscc']['accuracy']:7.2%} {sum(fields) / len(fields):7.2%} "
            f"{scores['missing_items']['f1']:11.3f}"
        )


if __name__ == "__main__":
    main()
