"""Score the pipeline's legibility verdicts on a ladder set (samples/ladder.py).

    python -m samples.ladder_eval DIR [--workers 2] [--out RESULTS.json] [--reuse] [--json]

Each ladder page is run through the real pipeline (`intake.pipeline.Pipeline.process`
on the image file: a one-page dossier), so the verdict is the one a record would carry.
Prints verdict accuracy and the confusion (false illegible = a readable page rejected,
false legible = an unreadable page passed), on all pages, on the clear cases and on the
borderline band, per degradation kind and per page type, and each ladder with its
levels. Results are cached in DIR/results.json (--reuse skips pages already scored).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

_pipeline = None


def _init() -> None:
    global _pipeline
    os.environ.setdefault("INTAKE_OCR_THREADS", "1")
    from intake.ocr import make_engine
    from intake.pipeline import Pipeline
    from intake.programme import load_programme

    _pipeline = Pipeline(make_engine("rapidocr"), load_programme())


def _assess(path: str) -> dict:
    if _pipeline is None:
        _init()
    try:
        record = _pipeline.process(Path(path))
        page = record.pages[0]
        return {"legible": page.legibility.legible, "score": page.legibility.score,
                "reasons": page.legibility.reasons, "doc_type": page.doc_type}
    except Exception as exc:  # a crash is a result too
        return {"legible": None, "score": None, "reasons": [f"error: {exc}"], "doc_type": None}


def run(root: Path, workers: int = 2, reuse: bool = False) -> list[dict]:
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    cache_path = root / "results.json"
    cache = json.loads(cache_path.read_text(encoding="utf-8")) if reuse and cache_path.exists() else {}
    todo = [t["file"] for t in truth if t["file"] not in cache]
    if todo:
        paths = [str(root / f) for f in todo]

        def save() -> None:
            cache_path.write_text(json.dumps(cache, ensure_ascii=False, indent=1), encoding="utf-8")

        if workers > 1:
            with ProcessPoolExecutor(workers, initializer=_init) as pool:
                for n, (f, res) in enumerate(zip(todo, pool.map(_assess, paths)), 1):
                    cache[f] = res
                    if n % 10 == 0:  # an interrupted run resumes with --reuse
                        save()
        else:
            for n, (f, p) in enumerate(zip(todo, paths), 1):
                cache[f] = _assess(p)
                if n % 10 == 0:
                    save()
        save()
    return [dict(t, verdict=cache[t["file"]]) for t in truth]


def score(rows: list[dict]) -> dict:
    def tally(sel: list[dict]) -> dict:
        n = len(sel)
        right = sum(r["verdict"]["legible"] == r["legible"] for r in sel)
        return {"accuracy": round(right / n, 4) if n else None, "n": n,
                "false_illegible": sum(r["legible"] and r["verdict"]["legible"] is False for r in sel),
                "false_legible": sum((not r["legible"]) and r["verdict"]["legible"] is True for r in sel),
                "errors": sum(r["verdict"]["legible"] is None for r in sel)}

    by_kind, by_type = defaultdict(list), defaultdict(list)
    for r in rows:
        by_kind[r["degradation"]].append(r)
        by_type[r["doc_type"]].append(r)
    return {
        "all": tally(rows),
        "clear": tally([r for r in rows if not r["borderline"]]),
        "borderline": tally([r for r in rows if r["borderline"]]),
        "by_kind": {k: dict(tally(v), clear=tally([r for r in v if not r["borderline"]])) for k, v in sorted(by_kind.items())},
        "by_type": {k: tally(v) for k, v in sorted(by_type.items())},
    }


def report(rows: list[dict], s: dict) -> str:
    def line(name: str, t: dict) -> str:
        acc = "  n/a " if t["accuracy"] is None else f"{t['accuracy'] * 100:6.2f}%"
        return (f"  {name:<22} {acc} (n={t['n']:3d})  false illegible {t['false_illegible']:3d}  "
                f"false legible {t['false_legible']:3d}" + (f"  errors {t['errors']}" if t["errors"] else ""))

    out = ["legibility verdicts on the ladder", line("all pages", s["all"]), line("clear cases", s["clear"]),
           line("borderline band", s["borderline"]), "by degradation (all / clear):"]
    for k, t in s["by_kind"].items():
        out.append(line(k, t) + f"   | clear {t['clear']['accuracy'] if t['clear']['accuracy'] is None else round(t['clear']['accuracy'] * 100, 1)}%")
    out.append("by page type:")
    out += [line(k, t) for k, t in s["by_type"].items()]
    out.append("ladders (level: value unit truth→verdict score; * borderline, ! wrong):")
    groups = defaultdict(list)
    for r in rows:
        groups[(r["doc_type"], r["degradation"])].append(r)
    for (doc_type, kind), rs in sorted(groups.items()):
        cells = []
        for r in sorted(rs, key=lambda r: r["level"]):
            v = r["verdict"]
            mark = ("!" if v["legible"] != r["legible"] else "") + ("*" if r["borderline"] else "")
            sc = "-" if v["score"] is None else f"{v['score']:.2f}"
            cells.append(f"{r['value']:g}:{'L' if r['legible'] else 'I'}→{'L' if v['legible'] else 'I'}{mark}({sc})")
        out.append(f"  {doc_type}/{kind} [{rs[0]['unit']}]: " + "  ".join(cells))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score legibility verdicts on a samples.ladder set.")
    ap.add_argument("dir", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--reuse", action="store_true", help="keep verdicts cached in DIR/results.json")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    if not (a.dir / "truth.json").exists():
        print(f"no truth.json in {a.dir}", file=sys.stderr)
        return 2
    rows = run(a.dir, a.workers, a.reuse)
    s = score(rows)
    print(json.dumps(s, ensure_ascii=False, indent=1) if a.json else report(rows, s))
    return 0


if __name__ == "__main__":
    sys.exit(main())
