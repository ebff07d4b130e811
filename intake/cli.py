"""`intake`: process dossiers, batch a year's intake, print the schema, score against truth;
watch a folder, show the state and the feed, run a Celery worker (intake.service).

Exit codes: 0 every dossier processed (whatever it lacks), 1 at least one dossier
could not be processed, 2 bad usage or input path.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # output piped into `head` or a pager that quit early: nothing went wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush stays quiet
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intake", description="申报材料智能受理：分类、识别、抽取、核验、缺项清单")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    def engine_options(p: argparse.ArgumentParser) -> None:
        """What every command that runs the pipeline takes."""
        p.add_argument("--out", type=Path, required=True, help="output folder")
        p.add_argument("--programme", default="hengyang-2020", help="programme id or YAML path")
        p.add_argument("--engine", default="rapidocr", help="OCR engine: rapidocr (default), rapidocr-v6, paddle, tesseract")
        p.add_argument("--dpi", type=int, default=200, help="PDF rasterisation dpi")
        p.add_argument("--annotate", action="store_true",
                       help="also write OUT/<dossier>/annotated.pdf: each page with its type, fields, seals and legibility")
        p.add_argument("-v", "--verbose", action="store_true")

    def pipeline_options(p: argparse.ArgumentParser) -> None:
        engine_options(p)
        p.add_argument("--workers", type=int, default=1, help="processes working on dossiers in parallel")
        p.add_argument("--no-progress", action="store_true", help="no progress bar")

    p = sub.add_parser("process", help="process each DOSSIER (a folder or one PDF/TIFF)")
    p.add_argument("dossiers", nargs="+", type=Path, metavar="DOSSIER")
    pipeline_options(p)
    p.set_defaults(func=_process)

    def service_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--config", type=Path, help="service config file, TOML or YAML (default: $INTAKE_CONFIG)")
        p.add_argument("--state-url", help="state database URL (default: sqlite:///OUT/state.db; "
                                           "postgresql+psycopg://… for several machines)")
        p.add_argument("--broker-url", help="Celery broker for --distributed (default redis://localhost:6379/0)")
        p.add_argument("--feed-url", help="review-system endpoint records are POSTed to")
        p.add_argument("--log-json", action="store_true", default=None, help="JSON lines in the log file")

    p = sub.add_parser("batch", help="process every child of ROOT as one dossier (resumable)")
    p.add_argument("root", type=Path)
    pipeline_options(p)
    service_options(p)
    p.add_argument("--distributed", action="store_true",
                   help="one Celery task per dossier on the Redis broker; `intake worker`s do the work")
    p.add_argument("--reprocess", action="store_true",
                   help="process dossiers already done again, as a new version of each")
    p.set_defaults(func=_batch)

    p = sub.add_parser("watch", help="process dossiers dropped into DIR, once each is complete")
    p.add_argument("inbox", type=Path, metavar="DIR")
    engine_options(p)
    p.add_argument("--polling", action="store_true", default=None,
                   help="poll the folder instead of OS events (SMB/NFS shares)")
    p.add_argument("--quiet-seconds", type=float, help="a dossier is complete once unchanged this long (default 10)")
    p.add_argument("--marker", help="take a dossier only once this marker file is in it (e.g. READY)")
    p.add_argument("--rescan-seconds", type=float, help="full rescan interval, catches missed events (default 30)")
    p.add_argument("--archive-dir", help="where processed input goes (default DIR/archive)")
    p.add_argument("--quarantine-dir", help="where failed input goes, with a reason file (default DIR/quarantine)")
    p.add_argument("--distributed", action="store_true", help="enqueue each dossier for `intake worker`s")
    service_options(p)
    p.set_defaults(func=_watch)

    p = sub.add_parser("status", help="what is done, failed, duplicate, pending, quarantined")
    p.add_argument("--out", type=Path, help="output folder (its state.db)")
    p.add_argument("--only", choices=["done", "processing", "pending", "failed", "duplicate", "quarantined"],
                   help="list only rows with this status")
    p.add_argument("--json", action="store_true", help="counts and rows as JSON")
    service_options(p)
    p.set_defaults(func=_status)

    p = sub.add_parser("feed", help="the review-system feed: `status` shows the outbox, `retry` sends it now")
    p.add_argument("action", choices=["status", "retry"])
    p.add_argument("--out", type=Path, help="output folder (its state.db)")
    p.add_argument("-v", "--verbose", action="store_true")
    service_options(p)
    p.set_defaults(func=_feed)

    p = sub.add_parser("worker", help="a Celery worker taking dossier tasks from the Redis broker")
    p.add_argument("--concurrency", type=int, default=os.cpu_count() or 1, help="processes (default: cores)")
    p.add_argument("--queue", help="broker queue (default intake)")
    p.add_argument("-v", "--verbose", action="store_true")
    service_options(p)
    p.set_defaults(func=_worker)

    p = sub.add_parser("schema", help="print the record's JSON Schema")
    p.set_defaults(func=_schema)

    p = sub.add_parser("eval", help="score records in OUT against the truth files in TRUTH")
    p.add_argument("out", type=Path)
    p.add_argument("truth", type=Path)
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(func=_eval)
    return parser


def _process(args: argparse.Namespace) -> int:
    missing = [str(d) for d in args.dossiers if not d.exists()]
    if missing:
        print(f"intake: no such dossier: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    return _run(args, list(args.dossiers))


def _batch(args: argparse.Namespace) -> int:
    if not args.root.is_dir():
        print(f"intake: batch root is not a folder: {args.root}", file=sys.stderr)
        return EXIT_USAGE
    from intake.service.cli import run_batch_command

    return run_batch_command(args)


def _run(args: argparse.Namespace, dossiers: list[Path]) -> int:
    from intake.programme import load_programme
    from intake.run import PipelineSettings, run

    args.out.mkdir(parents=True, exist_ok=True)
    setup_logging(args.out / "intake.log", args.verbose)
    if args.workers > 1:  # one onnxruntime thread per process: the processes share the cores
        os.environ.setdefault("INTAKE_OCR_THREADS", "1")
    settings = PipelineSettings(args.engine, load_programme(args.programme), dpi=args.dpi, annotate=args.annotate)
    result = run(settings, dossiers, args.out, progress=not args.no_progress, workers=args.workers)
    print(
        f"处理完成：{len(result.processed)} 份档案，{result.pages} 页；失败 {len(result.failed)} 份。"
        f"输出：{args.out}/records.jsonl, {args.out}/summary.xlsx",
        file=sys.stderr,
    )
    return EXIT_FAILED if result.failed else EXIT_OK


def _watch(args: argparse.Namespace) -> int:
    from intake.service.cli import watch_command

    return watch_command(args)


def _status(args: argparse.Namespace) -> int:
    from intake.service.cli import status_command

    return status_command(args)


def _feed(args: argparse.Namespace) -> int:
    from intake.service.cli import feed_command

    return feed_command(args)


def _worker(args: argparse.Namespace) -> int:
    from intake.service.cli import worker_command

    return worker_command(args)


def _schema(args: argparse.Namespace) -> int:
    from models import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def _eval(args: argparse.Namespace) -> int:
    from intake.evaluate import evaluate, format_report

    if not args.out.is_dir() or not args.truth.is_dir():
        print("intake: eval needs an output folder and a truth folder", file=sys.stderr)
        return EXIT_USAGE
    scores = evaluate(args.out, args.truth)
    print(json.dumps(scores, ensure_ascii=False, indent=2) if args.json else format_report(scores))
    return EXIT_OK


def setup_logging(path: Path, verbose: bool) -> None:
    """A log file in the output folder, and warnings (or everything, verbose) on stderr."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    file_handler = logging.FileHandler(path, encoding="utf-8")
    file_handler.setFormatter(fmt)
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(fmt)
    root.handlers[:] = [file_handler, console]


if __name__ == "__main__":
    sys.exit(main())
