"""Distributed mode through a real redis-server and a real Celery worker (`intake worker`)."""
from __future__ import annotations

import os

from service_fixtures import (
    child_env, folder_dossier, pdf_bytes, read_record, run_intake, start_intake, state_rows, stop, wait_for,
)
from service_fixtures import redis_url  # noqa: F401  (fixture)


def test_two_dossiers_go_through_a_real_redis_and_celery_worker(tmp_path, redis_url):  # noqa: F811
    env = child_env(INTAKE_BROKER_URL=redis_url)
    worker = start_intake("worker", "--concurrency", "2", log=tmp_path / "worker.log", env=env)
    try:
        wait_for(lambda: "ready" in (tmp_path / "worker.log").read_text() or worker.poll() is not None, 90,
                 "the Celery worker to be ready")
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        root, out = tmp_path / "in", tmp_path / "out"
        folder_dossier(root, "c1", [80])
        (root / "c2.pdf").write_bytes(pdf_bytes([81, 82]))
        result = run_intake("batch", str(root), "--out", str(out), "--distributed", "--no-progress", env=env)
        assert result.returncode == 0, result.stderr
        assert "处理完成：2 份档案，3 页" in result.stderr

        rows = {r["dossier_id"]: r for r in state_rows(out)}
        assert {d: (r["status"], r["version"], r["pages"]) for d, r in rows.items()} == {
            "c1": ("done", 1, 1), "c2": ("done", 1, 2)}
        for dossier in ("c1", "c2"):
            assert read_record(out, dossier)["dossier_id"] == dossier
        log = (out / "intake.log").read_text(encoding="utf-8")
        assert "claimed dossier=c1" not in log  # the batch only enqueued: the worker did the work
        worker_log = (tmp_path / "worker.log").read_text(encoding="utf-8")
        assert "claimed dossier=c1" in worker_log and "claimed dossier=c2" in worker_log
        assert str(os.getpid()) not in worker_log.split("claimed dossier=c1")[1].split("\n")[0]

        # the watcher enqueues too: a dossier dropped into a watched folder is done by the worker and archived
        inbox = tmp_path / "inbox"
        inbox.mkdir()
        watcher = start_intake("watch", str(inbox), "--out", str(out), "--distributed", "--quiet-seconds", "1",
                               "--rescan-seconds", "2", log=tmp_path / "watch.log", env=env)
        try:
            folder_dossier(tmp_path / "staging", "c3", [83]).rename(inbox / "c3")
            wait_for(lambda: (inbox / "archive" / "c3").exists(), 120, "c3 archived")
        finally:
            assert stop(watcher) == 0
        assert read_record(out, "c3")["version"] == 1
        assert "claimed dossier=c3" in (tmp_path / "worker.log").read_text(encoding="utf-8")
    finally:
        stop(worker, timeout=60)
