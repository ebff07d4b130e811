"""Labelled pages for training: OCR generated (or reviewed) dossiers and pair each page
with its true type.

    python -m extractors.page_model.dataset ROOT/dossiers ROOT/truth --out pages.jsonl [--workers 2]

ROOT is what `python -m samples.generate` writes (or a bureau's own scans with
truth files in the same format). The OCR is the pipeline's own, so the model
learns from the text it will see in service.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from intake.ingest import list_dossiers


def page_label(page: dict) -> str:
    """What the page itself is. A statement page bound into an audit report is a statement page:
    the document grouping, not the page classifier, makes it part of the report."""
    if page["doc_type"] == "audit_report" and page.get("statement"):
        return "financial_statement"
    return page["doc_type"]


def truth_types(truth: dict) -> dict[tuple[str, int], str]:
    """(source file, page number inside the file) -> page label; truth numbers pages across the dossier."""
    ordinal: Counter = Counter()
    types = {}
    for page in truth["pages"]:
        ordinal[page["source_file"]] += 1
        types[(page["source_file"], ordinal[page["source_file"]])] = page_label(page)
    return types


class _Recording:
    """A pipeline that also keeps each labelled page's OCR lines (built once per process)."""

    pipeline = None

    @classmethod
    def get(cls):
        if cls.pipeline is None:
            from intake.ocr import make_engine
            from intake.pipeline import Pipeline
            from intake.programme import load_programme

            class Recording(Pipeline):
                types: dict = {}
                seen: list = []

                def _run_page(self, ctx) -> None:
                    super()._run_page(ctx)
                    label = self.types.get((ctx.source.source_file, ctx.source.page_number))
                    if label and ctx.lines:
                        lines = [[l.text, *map(float, l.box), round(float(l.confidence), 3)] for l in ctx.lines]
                        self.seen.append(json.dumps({
                            "doc_type": label, "source": f"{ctx.source.source_file}#{ctx.source.page_number}",
                            "width": ctx.width, "height": ctx.height, "lines": lines}, ensure_ascii=False))

            cls.pipeline = Recording(make_engine(), load_programme())
        return cls.pipeline


def dossier_pages(path: Path, truth_dir: Path) -> list[str]:
    """JSONL lines for one dossier's pages that carry text."""
    truth = json.loads((truth_dir / f"{path.stem if path.is_file() else path.name}.json").read_text(encoding="utf-8"))
    pipeline = _Recording.get()
    pipeline.types, pipeline.seen = truth_types(truth), []
    pipeline.process(path)
    return pipeline.seen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="OCR labelled dossiers into training pages")
    parser.add_argument("dossiers", type=Path)
    parser.add_argument("truth", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    if args.workers > 1:
        os.environ.setdefault("INTAKE_OCR_THREADS", "1")
    paths = list_dossiers(args.dossiers)
    with ProcessPoolExecutor(args.workers) as pool, args.out.open("w", encoding="utf-8") as out:
        for n, lines in enumerate(pool.map(dossier_pages, paths, [args.truth] * len(paths)), 1):
            out.writelines(line + "\n" for line in lines)
            print(f"{n}/{len(paths)} dossiers", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
