"""`intake watch` as a real child process over a real folder (inotify), with the real OCR."""
from __future__ import annotations

import re
import signal
import time
from pathlib import Path

from service_fixtures import (
    folder_dossier, page_png, pdf_bytes, read_record, start_intake, state_rows, stop, wait_for,
)

from intake.service.identity import content_hash

QUIET = 2.0


def _watch(tmp_path: Path, *extra: str):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir(exist_ok=True)
    started = _watching(out)
    proc = start_intake("watch", str(inbox), "--out", str(out), "--quiet-seconds", str(QUIET),
                        "--rescan-seconds", "2", *extra, log=tmp_path / "watch.log")
    # Its own "watching" event, logged once its signal handlers are in place (a restart finds
    # the first run's state.db and log already there).
    wait_for(lambda: _watching(out) > started or proc.poll() is not None, 60, "the watcher to start")
    assert proc.poll() is None, (tmp_path / "watch.log").read_text()
    return proc, inbox, out


def _watching(out: Path) -> int:
    log = out / "intake.log"
    return len(re.findall(r" INFO \S+ watching ", log.read_text(encoding="utf-8"))) if log.exists() else 0


def _claims(out: Path, dossier: str) -> list[str]:
    log = (out / "intake.log").read_text(encoding="utf-8")
    return re.findall(rf"^(\S+ \S+) INFO \S+ claimed dossier={re.escape(dossier)} ", log, re.M)


def _write_slowly(path: Path, data: bytes, chunks: int, pause: float, keep_open: bool) -> float:
    """Write `data` in chunks with pauses; returns the time the last byte landed."""
    size = -(-len(data) // chunks)
    if keep_open:  # one handle held for the whole copy, like a slow network copy
        with path.open("wb") as fh:
            for i in range(chunks):
                fh.write(data[i * size:(i + 1) * size])
                fh.flush()
                time.sleep(pause)
        return time.time()
    for i in range(chunks):  # reopened per chunk: only the quiet period tells it is not finished
        with path.open("ab") as fh:
            fh.write(data[i * size:(i + 1) * size])
        if i < chunks - 1:
            time.sleep(pause)
    return time.time()


def test_dossier_copied_slowly_is_processed_once_after_it_is_complete(tmp_path):
    proc, inbox, out = _watch(tmp_path)
    try:
        # a folder arriving page by page, each page in chunks, pauses shorter than the quiet period
        folder = inbox / "slow"
        folder.mkdir()
        for n in (1, 2):
            _write_slowly(folder / f"page-{n}.png", page_png(30 + n), chunks=4, pause=0.5, keep_open=False)
            time.sleep(1.0)
        folder_done = time.time()
        # a single PDF written through one open handle, with a pause longer than the quiet period
        pdf = pdf_bytes([40, 41])
        pdf_done = _write_slowly(inbox / "slow-pdf.pdf", pdf, chunks=3, pause=QUIET + 1.0, keep_open=True)

        wait_for(lambda: (inbox / "archive" / "slow").exists() and (inbox / "archive" / "slow-pdf.pdf").exists(),
                 180, "both dossiers archived")
        time.sleep(2 * 2 + 1)  # two more rescans: nothing is taken a second time
        rows = {r["dossier_id"]: r for r in state_rows(out)}
        assert sorted(rows) == ["slow", "slow-pdf"]
        for dossier, pages, finished in (("slow", 2, folder_done), ("slow-pdf", 2, pdf_done)):
            row, record = rows[dossier], read_record(out, dossier)
            assert (row["status"], row["version"], row["attempts"]) == ("done", 1, 1), row
            assert len(record["pages"]) == pages
            claims = _claims(out, dossier)
            assert len(claims) == 1, claims
            claimed = time.mktime(time.strptime(claims[0].split(",")[0], "%Y-%m-%d %H:%M:%S"))
            assert claimed >= int(finished), f"{dossier} was taken before its copy finished"
        assert read_record(out, "slow")["content_hash"] == content_hash(inbox / "archive" / "slow")
        assert (inbox / "archive" / "slow-pdf.pdf").read_bytes() == pdf
        assert not (inbox / "quarantine").exists() or not list((inbox / "quarantine").iterdir())
    finally:
        assert stop(proc) == 0


def test_bad_dossier_is_quarantined_with_a_reason_and_the_watcher_goes_on(tmp_path):
    # the polling observer (SMB/NFS shares) and a site that marks complete dossiers with READY
    proc, inbox, out = _watch(tmp_path, "--marker", "READY", "--polling")
    try:
        (inbox / "broken.pdf").write_bytes(b"%PDF-1.7\n truncated scan")
        (inbox / "broken.pdf.READY").touch()
        good = folder_dossier(tmp_path / "staging", "good", [50])
        good.rename(inbox / "good")
        time.sleep(QUIET + 1)
        assert not (out / "good").exists(), "taken without its READY marker"
        (inbox / "good" / "READY").touch()
        wait_for(lambda: (inbox / "archive" / "good").exists(), 120, "the good dossier archived")
        wait_for(lambda: (inbox / "quarantine" / "broken.pdf.reason.txt").exists(), 60, "the reason file")
        reason = (inbox / "quarantine" / "broken.pdf.reason.txt").read_text(encoding="utf-8")
        assert "原因" in reason and "Reason" in reason and "broken" in reason
        assert (inbox / "quarantine" / "broken.pdf").exists()
        rows = {r["dossier_id"]: r["status"] for r in state_rows(out)}
        assert rows == {"broken": "quarantined", "good": "done"}
        # the same dossier dropped again after it was archived is a duplicate, not processed twice
        folder_dossier(tmp_path / "again", "good", [50]).rename(inbox / "good")
        (inbox / "good" / "READY").touch()
        wait_for(lambda: (inbox / "quarantine" / "good.reason.txt").exists(), 60, "the duplicate's reason file")
        assert "重复" in (inbox / "quarantine" / "good.reason.txt").read_text(encoding="utf-8")
        statuses = sorted(r["status"] for r in state_rows(out) if r["dossier_id"] == "good")
        assert statuses == ["done", "duplicate"]
        assert len(_claims(out, "good")) == 1
        assert proc.poll() is None
    finally:
        assert stop(proc) == 0


def test_sigterm_stops_the_watcher_cleanly_and_a_restart_finishes_the_dossier(tmp_path):
    proc, inbox, out = _watch(tmp_path)
    folder_dossier(tmp_path / "staging", "long", list(range(60, 66))).rename(inbox / "long")
    try:
        wait_for(lambda: _claims(out, "long") if (out / "intake.log").exists() else None, 60, "the dossier claimed")
        time.sleep(1.0)
    finally:
        assert stop(proc, signal.SIGTERM, timeout=60) == 0
    (row,) = state_rows(out)
    assert row["status"] in ("pending", "done"), row  # abandoned between pages, or finished: never stuck
    assert (inbox / "long").exists() == (row["status"] == "pending")
    proc, inbox, out = _watch(tmp_path)
    try:
        wait_for(lambda: (inbox / "archive" / "long").exists(), 120, "the dossier finished after the restart")
        (row,) = state_rows(out)
        assert (row["status"], row["version"]) == ("done", 1)
        assert len(read_record(out, "long")["pages"]) == 6
    finally:
        assert stop(proc) == 0
