"""Labelled pages for training: the OCR'd pages of generated (or reviewed) dossiers,
each paired with its true type.

    python -m intake.replay save ROOT/dossiers CACHE --workers 2
    python -m extractors.page_model.dataset CACHE ROOT/truth --out pages.jsonl

ROOT is what `python -m samples.generate` writes (or a bureau's own scans with
truth files in the same format). The OCR is the pipeline's own (kept by the
replay cache), so the model learns from the text it will see in service.
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections import Counter
from pathlib import Path


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


def cached_pages(cache_file: Path, truth_dir: Path) -> list[str]:
    """JSONL lines for one cached dossier's pages that carry text."""
    path, contexts, _report = pickle.loads(cache_file.read_bytes())
    truth = json.loads((truth_dir / f"{cache_file.stem}.json").read_text(encoding="utf-8"))
    types = truth_types(truth)
    pages = []
    for ctx in contexts:
        label = types.get((ctx.source.source_file, ctx.source.page_number))
        if label and ctx.lines:
            lines = [[line.text, *map(float, line.box), round(float(line.confidence), 3)] for line in ctx.lines]
            pages.append(json.dumps({
                "doc_type": label, "source": f"{ctx.source.source_file}#{ctx.source.page_number}",
                "width": ctx.width, "height": ctx.height, "lines": lines}, ensure_ascii=False))
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Labelled training pages from a replay cache of generated dossiers")
    parser.add_argument("cache", type=Path, help="written by `python -m intake.replay save ROOT/dossiers CACHE`")
    parser.add_argument("truth", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    caches = sorted(args.cache.glob("*.pkl"))
    if not caches:
        print(f"dataset: no cached dossiers in {args.cache}", file=sys.stderr)
        return 2
    with args.out.open("w", encoding="utf-8") as out:
        for cache_file in caches:
            if not (args.truth / f"{cache_file.stem}.json").exists():
                print(f"dataset: no truth for {cache_file.stem}, left out", file=sys.stderr)
                continue
            out.writelines(line + "\n" for line in cached_pages(cache_file, args.truth))
    print(f"{len(caches)} dossiers -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
