"""`intake batch`: register every dossier of ROOT in the state database, then work until none is left.

Resumable by construction: whatever a killed run left `processing` belongs to a
dead process and is taken again; what is `done` is skipped. Work runs in this
process (one worker), a process pool (`--workers N`) or on Celery workers
(`--distributed`); in every case `execute.execute` claims, writes and finishes.
"""
from __future__ import annotations

import ctypes
import logging
import signal
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from intake.ingest import count_pages, dossier_id, list_dossiers
from intake.service.config import ServiceConfig
from intake.service.execute import Job, Outcome, execute, forget_inherited_state, prepare_pipeline
from intake.service.feed import FeedSender, PushResult
from intake.service.identity import content_hash
from intake.service.logs import event
from intake.service.schema import DONE, FAILED, PENDING, PROCESSING
from intake.service.state import Registration, StateDB

log = logging.getLogger(__name__)

MAX_CRASHES = 2  # a dossier whose worker died this often in one run is failed, not retried forever


@dataclass
class BatchReport:
    processed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (dossier id, reason)
    skipped: list[str] = field(default_factory=list)  # done in an earlier run
    duplicates: list[Registration] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    feed: PushResult | None = None


def run_batch(root: Path, out: Path, state: StateDB, config: ServiceConfig, job_base: dict, *, workers: int = 1,
              distributed: bool = False, progress: bool = True, reprocess: bool = False) -> BatchReport:
    """Process every dossier under `root` that is not done yet; job_base: engine, programme, dpi, annotate."""
    from intake.programme import load_programme
    from intake.run import write_run_outputs

    started = time.perf_counter()
    report = BatchReport()
    work = _register(root, state, config, report, reprocess, progress)
    base = dict(job_base, out=str(out.resolve()), state_url=state.url, lease_seconds=config.lease_seconds)
    total = sum(count_pages(Path(p)) for p in work.values())
    with tqdm(total=total, unit="页", desc="处理中", disable=not progress, dynamic_ncols=True) as bar:
        if distributed and work:
            _run_distributed(work, state, base, config, bar)
        elif work:
            _run_local(work, state, base, workers, bar)
    for row in state.rows(ids=work):
        if row["status"] == DONE:
            report.processed.append(row["dossier_id"])
            report.pages += row["pages"] or 0
        else:
            report.failed.append((row["dossier_id"], row["error"] or row["status"]))
    for record in write_run_outputs(out, load_programme(job_base["programme"])):
        state.outbox_refresh(record.dossier_id, record.version, record.model_dump_json())
    sender = FeedSender.from_config(config)
    if sender:
        report.feed = sender.push(state)
    report.seconds = time.perf_counter() - started
    return report


def _register(root: Path, state: StateDB, config: ServiceConfig, report: BatchReport, reprocess: bool,
              progress: bool) -> dict[int, str]:
    work: dict[int, str] = {}
    for path in tqdm(list_dossiers(root), desc="登记", unit="份", disable=not progress, dynamic_ncols=True):
        try:
            digest = content_hash(path)
        except OSError as exc:  # unreadable input is reported, the rest goes on
            report.failed.append((dossier_id(path), f"无法读取：{exc}"))
            continue
        reg = state.register(dossier_id(path), digest, str(path.resolve()), redrop=False, reprocess=reprocess,
                             max_attempts=config.max_attempts)
        if reg.action == "process":
            work[reg.row_id] = str(path.resolve())
        elif reg.action == "duplicate":
            report.duplicates.append(reg)
            event(log, "duplicate", dossier=reg.dossier_id, of=f"{reg.duplicate_of}:{reg.duplicate_of_version}")
        elif reg.status == FAILED:
            report.failed.append((reg.dossier_id, "已达重试上限（max attempts reached）"))
        else:
            report.skipped.append(reg.dossier_id)
    return work


def _recover(work: dict[int, str], state: StateDB, crashes: Counter) -> list[int]:
    """Stale claims of dead processes go back to pending; a dossier that keeps killing workers fails."""
    recovered = state.recover_stale(work)
    for row_id in recovered:
        crashes[row_id] += 1
        event(log, "retaken", level=logging.WARNING, row=row_id, times=crashes[row_id])
        if crashes[row_id] > MAX_CRASHES:
            state.fail(row_id, "处理进程多次异常退出（the worker died on this dossier repeatedly）")
    return recovered


def _run_local(work: dict[int, str], state: StateDB, base: dict, workers: int, bar: tqdm) -> None:
    crashes: Counter = Counter()
    pool: ProcessPoolExecutor | None = None
    try:
        while True:
            _recover(work, state, crashes)
            rows = state.rows(ids=work, statuses=[PENDING, PROCESSING])
            pending = [r for r in rows if r["status"] == PENDING]
            if not rows:
                return
            if not pending:  # held by another live process (a concurrent run): wait for it
                time.sleep(1.0)
                continue
            jobs = [Job(row_id=r["id"], path=work[r["id"]], **base) for r in pending]
            if workers <= 1:
                for job in jobs:
                    try:
                        _show(bar, execute(job, on_page=lambda: bar.update(1)), count_pages=False)
                    except Exception as exc:  # the state database itself failed: this dossier only
                        _job_crashed(state, job, exc)
                continue
            if pool is None:
                pool = ProcessPoolExecutor(workers, initializer=_pool_init, initargs=(base,))
            try:
                futures = {pool.submit(execute, job): job for job in jobs}
                for future in as_completed(futures):
                    if isinstance(future.exception(), BrokenProcessPool):
                        raise future.exception()
                    if future.exception() is not None:
                        _job_crashed(state, futures[future], future.exception())
                    else:
                        _show(bar, future.result(), count_pages=True)
            except BrokenProcessPool:  # a worker died (OOM …): its claim is retaken above
                log.warning("a worker process died; restarting the pool")
                pool.shutdown(wait=False, cancel_futures=True)
                pool = None
    finally:
        if pool is not None:
            pool.shutdown()


def _job_crashed(state: StateDB, job: Job, exc: BaseException) -> None:
    log.error("dossier row %d: %s: %s", job.row_id, type(exc).__name__, exc)
    state.fail(job.row_id, f"{type(exc).__name__}: {exc}")


def _pool_init(base: dict) -> None:
    forget_inherited_state()
    _die_with_parent()
    prepare_pipeline(Job(row_id=0, path="", **base))


def _die_with_parent() -> None:
    """A pool worker must not outlive a SIGKILLed batch and go on writing records."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _run_distributed(work: dict[int, str], state: StateDB, base: dict, config: ServiceConfig, bar: tqdm) -> None:
    from intake.service.tasks import enqueue, workers_online

    if not workers_online(config):
        print("提示：暂未发现工作进程（intake worker），任务已入队，等待中……", flush=True)
    crashes: Counter = Counter()
    enqueued: set[int] = set()
    seen_done: set[int] = set()
    while True:
        enqueued -= set(_recover(work, state, crashes))
        rows = state.rows(ids=work)
        for row in rows:
            if row["status"] == PENDING and row["id"] not in enqueued:
                enqueue(Job(row_id=row["id"], path=work[row["id"]], **base), config)
                enqueued.add(row["id"])
            elif row["status"] not in (PENDING, PROCESSING) and row["id"] not in seen_done:
                seen_done.add(row["id"])
                _show(bar, Outcome(row["id"], row["dossier_id"], row["status"], row["pages"] or 0), count_pages=True)
        if len(seen_done) == len(work):
            return
        time.sleep(0.5)


def _show(bar: tqdm, outcome: Outcome, count_pages: bool) -> None:
    bar.set_postfix_str(f"{outcome.dossier_id} {outcome.status}")
    if count_pages:
        bar.update(outcome.pages)
