"""Run one registered dossier: claim its row, run the pipeline, write the record, finish the row.

The same function serves the batch's process pool, the watcher and the Celery
task, so every path has the same guarantees: the record is written atomically
before the row is marked done, and the row and its outbox entry change together.
"""
from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from intake.service.identity import owner_id
from intake.service.logs import event
from intake.service.state import StateDB

log = logging.getLogger(__name__)


class Abandoned(BaseException):
    """Raised between pages when the process is asked to stop; not an Exception, so
    the pipeline's error handling never turns it into a failed record."""


@dataclass(frozen=True)
class Job:
    """Everything a worker needs, as plain JSON for the Celery message."""
    row_id: int
    path: str
    out: str
    state_url: str
    engine: str = "rapidocr"
    programme: str = "hengyang-2020"
    dpi: int = 200
    annotate: bool = False
    lease_seconds: float = 300.0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Outcome:
    row_id: int
    dossier_id: str
    status: str  # done | failed | skipped (someone else has it, or it is finished) | abandoned | superseded
    pages: int = 0
    error: str | None = None


_settings_cache: dict[tuple, object] = {}
_state_cache: dict[str, StateDB] = {}


def state_for(url: str) -> StateDB:
    """One state database engine per process and URL."""
    if url not in _state_cache:
        _state_cache[url] = StateDB(url)
    return _state_cache[url]


def forget_inherited_state() -> None:
    """In a forked child: drop the parent's connections without closing them under it."""
    for state in _state_cache.values():
        state.engine.dispose(close=False)
    _state_cache.clear()


def prepare_pipeline(job: Job) -> None:
    """Load the models once per process (intake.run keeps the pipeline)."""
    from intake.programme import load_programme
    from intake.run import PipelineSettings, init_worker

    key = (job.engine, job.programme, job.dpi, job.annotate)
    if key not in _settings_cache:
        _settings_cache[key] = PipelineSettings(job.engine, load_programme(job.programme), dpi=job.dpi,
                                                annotate=job.annotate)
    init_worker(_settings_cache[key])


def execute(job: Job, stop: Callable[[], bool] | None = None, on_page: Callable[[], None] | None = None) -> Outcome:
    from intake.run import process_dossier

    state = state_for(job.state_url)
    owner = owner_id()
    row = state.claim(job.row_id, owner, job.lease_seconds)
    if row is None:
        current = state.get(job.row_id)
        return Outcome(job.row_id, current["dossier_id"] if current else "?", "skipped")
    dossier = row["dossier_id"]
    out = Path(job.out)
    _remove_stale_temp_files(out / dossier)
    event(log, "claimed", dossier=dossier, version=row["version"], attempt=row["attempts"], owner=owner)
    try:
        prepare_pipeline(job)
        renewed = [time.monotonic()]

        def page_done() -> None:
            if on_page:
                on_page()
            if stop and stop():
                raise Abandoned()
            if time.monotonic() - renewed[0] > job.lease_seconds / 4:  # keep the claim alive on long dossiers
                state.renew(job.row_id, owner, job.lease_seconds)
                renewed[0] = time.monotonic()

        stamp = {"version": row["version"], "content_hash": row["content_hash"],
                 "replaces_version": row["replaces_version"]}
        record, ok, pages = process_dossier(Path(job.path), out, on_page=page_done, stamp=stamp)
    except Abandoned:
        state.release(job.row_id, owner)
        event(log, "abandoned", dossier=dossier, version=row["version"])
        return Outcome(job.row_id, dossier, "abandoned")
    except Exception as exc:  # writing the record failed (disk full …): the row says why
        log.exception("dossier %s could not be written", dossier)
        error = f"processing_failed: {type(exc).__name__}: {exc}"
        state.finish(job.row_id, owner, ok=False, output="", pages=0, error=error, payload=None)
        return Outcome(job.row_id, dossier, "failed", 0, error)
    error = None  # "<code>: <detail>", the code picks the quarantine reason
    if not ok:
        error = "processing_failed: " + next(
            (f.message for f in record.findings if f.code == "processing_failed"), "处理失败")
    elif not record.pages:  # nothing could be read: a bad drop, not an empty application
        files = "；".join(f"{f.file}: {f.message}" for f in record.findings if f.file) or "无文件"
        ok, error = False, f"no_readable_page: 没有可读取的页面（{files}）"
    output = str(out / dossier / "record.json")
    if not state.finish(job.row_id, owner, ok=ok, output=output, pages=pages, error=error,
                        payload=record.model_dump_json() if ok else None):
        event(log, "superseded", level=logging.WARNING, dossier=dossier, version=row["version"])
        return Outcome(job.row_id, dossier, "superseded", pages)
    status = "done" if ok else "failed"
    event(log, status, level=logging.INFO if ok else logging.WARNING, dossier=dossier, version=row["version"],
          pages=pages, error=error)
    return Outcome(job.row_id, dossier, status, pages, error)


def _remove_stale_temp_files(folder: Path) -> None:
    """Temporary record files left by a killed run (we hold the claim, so nobody is writing)."""
    if folder.is_dir():
        for tmp in folder.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
