"""The service's subcommands behind `intake batch|watch|status|feed|worker` (parsing stays in intake/cli.py)."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from intake.service.config import ConfigError, ServiceConfig, load_config, state_url_for
from intake.service.logs import setup_service_logging

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _config(args: argparse.Namespace, **extra) -> ServiceConfig:
    overrides = {
        "state_url": getattr(args, "state_url", None),
        "broker_url": getattr(args, "broker_url", None),
        "feed_url": getattr(args, "feed_url", None),
        "log_json": getattr(args, "log_json", None),
        **extra,
    }
    return load_config(getattr(args, "config", None), overrides=overrides)


def _usage(message: str) -> int:
    print(f"intake: {message}", file=sys.stderr)
    return EXIT_USAGE


def _job_base(args: argparse.Namespace) -> dict:
    programme = args.programme
    if Path(programme).suffix in {".yaml", ".yml"} and Path(programme).exists():
        programme = str(Path(programme).resolve())  # workers elsewhere resolve it from the same path
    return {"engine": args.engine, "programme": programme, "dpi": args.dpi, "annotate": args.annotate}


def run_batch_command(args: argparse.Namespace) -> int:
    from intake.programme import load_programme
    from intake.service.batch import run_batch
    from intake.service.report import duplicate_detail
    from intake.service.state import StateDB

    try:
        config = _config(args)
        load_programme(args.programme)
    except (ConfigError, FileNotFoundError) as exc:
        return _usage(str(exc))
    args.out.mkdir(parents=True, exist_ok=True)
    setup_service_logging(args.out / "intake.log", args.verbose, config.log_json)
    if args.workers > 1:  # one onnxruntime thread per process: the processes share the cores
        os.environ.setdefault("INTAKE_OCR_THREADS", "1")
    state = StateDB(state_url_for(config, args.out))
    try:
        report = run_batch(args.root, args.out, state, config, _job_base(args), workers=args.workers,
                           distributed=args.distributed, progress=not args.no_progress, reprocess=args.reprocess)
    except KeyboardInterrupt:
        print("\n已中断。再次运行同一命令即可继续，已完成的档案不会重复处理。", file=sys.stderr)
        return 130
    rate = report.pages / report.seconds if report.seconds else 0.0
    lines = [
        f"处理完成：{len(report.processed)} 份档案，{report.pages} 页；失败 {len(report.failed)} 份；"
        f"跳过已完成 {len(report.skipped)} 份；重复 {len(report.duplicates)} 份。"
        f"用时 {report.seconds:.0f} 秒（{rate:.2f} 页/秒）。输出：{args.out}/records.jsonl, {args.out}/summary.xlsx",
    ]
    lines += [f"  重复 duplicate：{d.dossier_id} {duplicate_detail(d.duplicate_of, d.duplicate_of_version)}"
              for d in report.duplicates]
    lines += [f"  失败 failed：{dossier}：{reason}" for dossier, reason in report.failed]
    if report.feed is not None:
        waiting, _ = state.outbox_counts()
        lines.append(f"推送 feed：本次送达 {report.feed.delivered} 条，待重试 {waiting} 条"
                     + ("（见 intake feed status）" if waiting else ""))
    print("\n".join(lines), file=sys.stderr)
    return EXIT_FAILED if report.failed else EXIT_OK


def watch_command(args: argparse.Namespace) -> int:
    from intake.programme import load_programme
    from intake.service.state import StateDB
    from intake.service.watch import Watcher

    if not args.inbox.is_dir():
        return _usage(f"watched folder does not exist: {args.inbox}")
    try:
        config = _config(args, polling=args.polling, quiet_seconds=args.quiet_seconds, marker=args.marker,
                         rescan_seconds=args.rescan_seconds, archive_dir=args.archive_dir,
                         quarantine_dir=args.quarantine_dir)
        load_programme(args.programme)
    except (ConfigError, FileNotFoundError) as exc:
        return _usage(str(exc))
    args.out.mkdir(parents=True, exist_ok=True)
    setup_service_logging(args.out / "intake.log", args.verbose, config.log_json)
    state = StateDB(state_url_for(config, args.out))
    print(f"监视中：{args.inbox.resolve()} → {args.out.resolve()}（Ctrl-C 或 SIGTERM 停止）", flush=True)
    code = Watcher(args.inbox, args.out, state, config, _job_base(args), distributed=args.distributed).run()
    print("已停止。", flush=True)
    return code


def _existing_state(args: argparse.Namespace):
    """(config, url, state database) for commands that read an existing state, or an exit code."""
    from intake.service.state import StateDB

    try:
        config = _config(args)
        url = state_url_for(config, args.out)
    except ConfigError as exc:
        return _usage(str(exc))
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return _usage(f"no state database at {url}")
    return config, url, StateDB(url)


def status_command(args: argparse.Namespace) -> int:
    from intake.service.report import format_status

    opened = _existing_state(args)
    if isinstance(opened, int):
        return opened
    config, url, state = opened
    rows = state.rows(statuses=[args.only] if args.only else None)
    counts = state.counts()
    if args.json:
        print(json.dumps({"counts": counts, "outbox": dict(zip(("waiting", "delivered"), state.outbox_counts())),
                          "rows": rows}, ensure_ascii=False, indent=1, default=str))
    else:
        print(format_status(counts, rows, state.outbox_counts(), _safe(url)))
    return EXIT_FAILED if counts.get("failed") else EXIT_OK


def feed_command(args: argparse.Namespace) -> int:
    from intake.service.feed import FeedSender
    from intake.service.report import format_outbox

    opened = _existing_state(args)
    if isinstance(opened, int):
        return opened
    config, url, state = opened
    if args.action == "status":
        print(format_outbox(state.outbox_rows(), config.feed_url))
        return EXIT_OK
    sender = FeedSender.from_config(config)
    if sender is None:
        return _usage("no feed URL: give --feed-url, INTAKE_FEED_URL or feed_url in the config file")
    if args.out:
        setup_service_logging(args.out / "intake.log", args.verbose, config.log_json)
    result = sender.push(state, force=True)
    waiting, delivered = state.outbox_counts()
    print(f"推送：本次送达 {result.delivered} 条，失败 {result.failed} 条；待送达 {waiting} 条，已送达共 {delivered} 条。")
    return EXIT_FAILED if waiting else EXIT_OK


def worker_command(args: argparse.Namespace) -> int:
    from intake.service.tasks import start_worker

    try:
        config = _config(args, queue=args.queue)
    except ConfigError as exc:
        return _usage(str(exc))
    setup_service_logging(None, args.verbose, config.log_json)
    start_worker(config, max(1, args.concurrency), verbose=args.verbose)
    return EXIT_OK


def _safe(url: str) -> str:
    """A URL without its password, for printing."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url
