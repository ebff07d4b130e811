"""`intake watch DIR`: take each dossier dropped into DIR once it is complete, then archive or quarantine it.

Events from watchdog (inotify, or polling for SMB/NFS shares) only say where to
look; a periodic full rescan finds what events missed. Readiness (marker, quiet
period, no writer) is decided by `ready.Readiness`. The state database decides
what a dossier is (new, new version, duplicate, done but not yet archived), so a
restart after a crash or a SIGKILL carries on where the last run stopped.
"""
from __future__ import annotations

import logging
import queue
import shutil
import signal
import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from intake.emit.files import write_atomic
from intake.ingest import DOSSIER_FILE_SUFFIXES, IGNORED_NAMES, dossier_id, list_dossiers
from intake.service.config import ServiceConfig
from intake.service.execute import Job, execute
from intake.service.feed import FeedSender
from intake.service.identity import content_hash
from intake.service.logs import event
from intake.service.ready import Candidate, Readiness, marker_path, snapshot
from intake.service.report import duplicate_detail, reason_text
from intake.service.schema import DONE, PENDING, PROCESSING, QUARANTINED
from intake.service.state import StateDB

log = logging.getLogger(__name__)

TICK_SECONDS = 0.5
ERROR_BACKOFF_SECONDS = 30.0
FEED_EVERY_SECONDS = 2.0
OUTPUTS_EVERY_SECONDS = 5.0


class _Events(FileSystemEventHandler):
    """Runs in the observer's thread: only notes which top-level entry moved."""

    def __init__(self, inbox: Path, sink: queue.SimpleQueue) -> None:
        self.inbox, self.sink = inbox, sink

    def on_any_event(self, ev: FileSystemEvent) -> None:
        for raw in (ev.src_path, getattr(ev, "dest_path", "")):
            if raw:
                try:
                    parts = Path(raw if isinstance(raw, str) else raw.decode()).relative_to(self.inbox).parts
                except ValueError:
                    continue
                if parts:
                    self.sink.put(parts[0])


class Watcher:
    def __init__(self, inbox: Path, out: Path, state: StateDB, config: ServiceConfig, job_base: dict,
                 distributed: bool = False) -> None:
        self.inbox, self.out, self.state, self.config = inbox.resolve(), out.resolve(), state, config
        self.archive = Path(config.archive_dir).resolve() if config.archive_dir else self.inbox / "archive"
        self.quarantine = Path(config.quarantine_dir).resolve() if config.quarantine_dir else self.inbox / "quarantine"
        self.base = dict(job_base, out=str(self.out), state_url=state.url, lease_seconds=config.lease_seconds)
        self.distributed = distributed
        self.readiness = Readiness(config.quiet_seconds, config.marker)
        self.sender = FeedSender.from_config(config)
        self.stopping = threading.Event()
        self.events: queue.SimpleQueue = queue.SimpleQueue()
        self.candidates: dict[str, Candidate] = {}
        self.inflight: dict[int, Candidate] = {}  # distributed: row id -> input, until the row is finished
        self._next_feed = 0.0
        self._outputs_dirty = False  # records.jsonl and summary.xlsx need rebuilding
        self._outputs_at = 0.0

    # -- lifecycle ---------------------------------------------------------------------

    def request_stop(self, signum=None, _frame=None) -> None:
        if signum is not None:
            event(log, "stopping", signal=signal.Signals(signum).name)
        self.stopping.set()

    def run(self) -> int:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self.request_stop)
        for folder in (self.archive, self.quarantine, self.out):
            folder.mkdir(parents=True, exist_ok=True)
        observer = PollingObserver(timeout=self.config.poll_seconds) if self.config.polling else Observer()
        observer.schedule(_Events(self.inbox, self.events), str(self.inbox), recursive=True)
        observer.start()
        event(log, "watching", inbox=self.inbox, out=self.out, polling=self.config.polling,
              quiet=self.config.quiet_seconds, marker=self.config.marker, distributed=self.distributed)
        self.state.recover_stale()
        next_rescan = 0.0
        try:
            while not self.stopping.is_set():
                try:
                    now = time.monotonic()
                    if now >= next_rescan:
                        next_rescan = now + self.config.rescan_seconds
                        self._rescan(now)
                    self._drain_events(now)
                    self._take_ready()
                    if self.inflight:
                        self._check_inflight()
                    self._push_feed()
                    self._write_outputs(force=False)
                except Exception:  # the database or the share is away for a moment: keep watching
                    log.exception("watcher tick failed; going on")
                self.stopping.wait(TICK_SECONDS)
        finally:
            observer.stop()
            observer.join(timeout=5)
            self._write_outputs(force=True)
            event(log, "stopped", waiting=len(self.candidates), inflight=len(self.inflight))
        return 0

    # -- finding candidates --------------------------------------------------------------

    def _special(self, path: Path) -> bool:
        resolved = path.resolve()
        return any(resolved == p or p.is_relative_to(resolved) for p in (self.archive, self.quarantine, self.out))

    def _track(self, path: Path, now: float, touched: bool) -> None:
        name = path.name
        if name in self.candidates:
            if touched:
                self.candidates[name].changed_at = now
            return
        if any(c.path.name == name for c in self.inflight.values()) or self._special(path):
            return
        self.candidates[name] = Candidate(path=path, changed_at=now)

    def _rescan(self, now: float) -> None:
        """Everything in the inbox, whatever the events said (SMB/NFS lose events)."""
        self.state.recover_stale()
        try:
            for path in list_dossiers(self.inbox):
                self._track(path, now, touched=False)
        except OSError as exc:  # the share went away: try again at the next rescan
            log.warning("rescan of %s failed: %s", self.inbox, exc)

    def _drain_events(self, now: float) -> None:
        names = set()
        while True:
            try:
                names.add(self.events.get_nowait())
            except queue.Empty:
                break
        for name in names:
            path = self.inbox / name
            if _is_dossier(path):
                self._track(path, now, touched=True)
            elif self.config.marker and name.endswith(f".{self.config.marker}"):
                target = self.inbox / name[: -len(self.config.marker) - 1]  # a file's marker appeared
                if target.exists():
                    self._track(target, now, touched=True)

    # -- taking a dossier ------------------------------------------------------------------

    def _take_ready(self) -> None:
        for name, cand in list(self.candidates.items()):
            if self.stopping.is_set():
                return
            now = time.monotonic()
            try:
                if not self.readiness.observe(cand, now):
                    del self.candidates[name]  # removed before it was complete
                    continue
                if self.readiness.ready(cand, now):
                    self._take(cand)
            except Exception:  # one bad dossier never stops the watcher
                log.exception("dossier %s: unexpected error; retrying in %ds", name, ERROR_BACKOFF_SECONDS)
                cand.not_before = time.monotonic() + ERROR_BACKOFF_SECONDS

    def _take(self, cand: Candidate) -> None:
        name, path = cand.path.name, cand.path
        seen = cand.snapshot
        try:
            digest = content_hash(path)
        except OSError as exc:
            self._quarantine(cand, None, "input_error", f"{type(exc).__name__}: {exc}")
            return
        if snapshot(path) != seen:  # it changed while we read it: not complete after all
            self.readiness.observe(cand, time.monotonic())
            return
        reg = self.state.register(dossier_id(path), digest, str(path), redrop=True,
                                  max_attempts=self.config.max_attempts)
        event(log, "taken", dossier=reg.dossier_id, action=reg.action, version=reg.version, hash=digest[:12])
        if reg.action == "duplicate":
            print(f"重复：{name} {duplicate_detail(reg.duplicate_of, reg.duplicate_of_version)}", flush=True)
            self._quarantine(cand, reg.row_id, "duplicate",
                             duplicate_detail(reg.duplicate_of, reg.duplicate_of_version), keep_status=True)
        elif reg.action == "archive":
            self._archive(cand, reg.row_id, reg.version)
        elif self.distributed:
            self._enqueue(reg.row_id, cand)
        else:
            self._run_here(reg.row_id, cand)

    def _run_here(self, row_id: int, cand: Candidate) -> None:
        outcome = execute(Job(row_id=row_id, path=str(cand.path), **self.base), stop=self.stopping.is_set)
        self._finished(row_id, cand, outcome.status, outcome.error)

    def _enqueue(self, row_id: int, cand: Candidate) -> None:
        from intake.service.tasks import enqueue

        row = self.state.get(row_id)
        if row and row["status"] == PENDING:
            enqueue(Job(row_id=row_id, path=str(cand.path), **self.base), self.config)
        self.candidates.pop(cand.path.name, None)
        self.inflight[row_id] = cand

    def _check_inflight(self) -> None:
        recovered = set(self.state.recover_stale(self.inflight))
        for row in self.state.rows(ids=list(self.inflight)):
            cand = self.inflight[row["id"]]
            if row["status"] == PENDING and row["id"] in recovered:  # its worker died: send it again
                self._enqueue(row["id"], cand)
            elif row["status"] not in (PENDING, PROCESSING):
                del self.inflight[row["id"]]
                try:
                    self._finished(row["id"], cand, row["status"], row["error"])
                except Exception:  # e.g. the input was removed meanwhile; the row is finished anyway
                    log.exception("dossier %s: could not move the input", cand.path.name)

    def _finished(self, row_id: int, cand: Candidate, status: str, error: str | None) -> None:
        name = cand.path.name
        self._outputs_dirty = self._outputs_dirty or status in (DONE, "failed")
        if status == DONE:
            self._archive(cand, row_id, None)
            print(f"已完成：{name}", flush=True)
        elif status == "failed":
            code, _, detail = (error or "processing_failed: 处理失败").partition(": ")
            self._quarantine(cand, row_id, code, detail)
            print(f"已隔离：{name}（{detail}）", flush=True)
        else:  # abandoned (stopping), or held by another live process: leave the input where it is
            cand.not_before = time.monotonic() + 5

    # -- moving input ------------------------------------------------------------------

    def _archive(self, cand: Candidate, row_id: int, version: int | None) -> None:
        dest = self._move(cand, self.archive, f"v{version or self.state.get(row_id)['version']}")
        if dest is not None:
            self.state.input_moved(row_id, str(dest))
            event(log, "archived", dossier=cand.path.name, to=dest)

    def _quarantine(self, cand: Candidate, row_id: int | None, code: str, detail: str,
                    keep_status: bool = False) -> None:
        dest = self._move(cand, self.quarantine, f"r{row_id}" if row_id else "x")
        if dest is None:
            return
        write_atomic(dest.with_name(dest.name + ".reason.txt"), reason_text(dossier_id(dest), code, detail))
        if row_id is not None:
            self.state.input_moved(row_id, str(dest), None if keep_status else QUARANTINED)
        event(log, "quarantined", level=logging.WARNING, dossier=cand.path.name, code=code, to=dest)

    def _move(self, cand: Candidate, folder: Path, tag: str) -> Path | None:
        """Move the input into `folder`; None when it is no longer there (removed by hand meanwhile)."""
        src = cand.path
        self.candidates.pop(src.name, None)
        if not src.exists():
            event(log, "input_gone", level=logging.WARNING, dossier=src.name)
            return None
        folder.mkdir(parents=True, exist_ok=True)
        dest = folder / src.name
        if dest.exists():  # the same id came before: keep both, told apart by version or row
            dest = folder / f"{src.stem}__{tag}{src.suffix}" if src.is_file() else folder / f"{src.name}__{tag}"
        n = 2
        while dest.exists():
            dest = dest.with_name(f"{dest.name}.{n}")
            n += 1
        shutil.move(str(src), str(dest))
        if self.config.marker and src.suffix:
            marker_path(src, self.config.marker).unlink(missing_ok=True)
        return dest

    def _write_outputs(self, force: bool) -> None:
        """records.jsonl and summary.xlsx over every record, at most every few seconds."""
        from intake.programme import load_programme
        from intake.run import write_run_outputs

        if not self._outputs_dirty or (not force and time.monotonic() - self._outputs_at < OUTPUTS_EVERY_SECONDS):
            return
        try:
            for record in write_run_outputs(self.out, load_programme(self.base["programme"])):
                self.state.outbox_refresh(record.dossier_id, record.version, record.model_dump_json())
            self._outputs_dirty, self._outputs_at = False, time.monotonic()
        except Exception:  # a reviewer holding summary.xlsx open on Windows: try again later
            log.exception("could not rebuild records.jsonl / summary.xlsx")
            self._outputs_at = time.monotonic()

    # -- feed --------------------------------------------------------------------------

    def _push_feed(self) -> None:
        if self.sender is None or time.monotonic() < self._next_feed:
            return
        self._next_feed = time.monotonic() + FEED_EVERY_SECONDS
        try:
            self.sender.push(self.state)
        except Exception:  # the database or the network: the outbox keeps everything
            log.exception("feed push failed")


def _is_dossier(path: Path) -> bool:
    """The rule of `list_dossiers`, for one path named by an event."""
    if path.name.startswith(".") or path.name.lower() in IGNORED_NAMES:
        return False
    return path.is_dir() or (path.is_file() and path.suffix.lower() in DOSSIER_FILE_SUFFIXES)
