"""`intake batch` with the state database: resumable after SIGKILL, duplicates, new versions (real OCR, real processes)."""
from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path

import pytest
from service_fixtures import (
    folder_dossier, outbox_keys, pdf_bytes, read_record, run_intake, start_intake, state_rows, wait_for,
)

from models import DossierRecord


def _check_every_record_once(out: Path, ids: list[str]) -> None:
    """Each dossier: one valid record, one done row at version 1, one outbox entry; nothing half-written."""
    assert sorted(p.parent.name for p in out.glob("*/record.json")) == sorted(ids)
    for dossier in ids:
        record = DossierRecord.model_validate_json((out / dossier / "record.json").read_text(encoding="utf-8"))
        assert record.version == 1 and record.pages, dossier
    assert not list(out.glob("*/.*.tmp")), "a temporary file was left behind"
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["dossier_id"] for line in lines) == sorted(ids)
    rows = state_rows(out)
    assert sorted((r["dossier_id"], r["version"], r["status"]) for r in rows) == [(d, 1, "done") for d in sorted(ids)]
    assert sorted(outbox_keys(out)) == sorted(f"{d}:1" for d in ids)


def test_batch_killed_with_sigkill_at_a_random_point_and_run_again_has_every_record_once(tmp_path):
    seed = int(os.environ.get("INTAKE_TEST_SEED") or time.time_ns() % 10**6)
    rng = random.Random(seed)
    print(f"INTAKE_TEST_SEED={seed}")  # shown on failure, to replay the same kill points
    root, out = tmp_path / "in", tmp_path / "out"
    ids = []
    for i in range(4):
        folder_dossier(root, f"d{i}", [i])
        ids.append(f"d{i}")
    (root / "d4.pdf").write_bytes(pdf_bytes([4, 5]))
    ids.append("d4")
    args = ("batch", str(root), "--out", str(out), "--workers", "2", "--no-progress")

    # 1: killed at a random moment after the first record is written
    first = start_intake(*args, log=tmp_path / "run1.log")
    wait_for(lambda: list(out.glob("*/record.json")) or first.poll() is not None, 240, "a first record")
    time.sleep(rng.uniform(0.0, 1.5))
    first.send_signal(signal.SIGKILL)
    first.wait(30)
    # 2: killed at a random moment from its start (registering, loading models or processing)
    second = start_intake(*args, log=tmp_path / "run2.log")
    time.sleep(rng.uniform(0.5, 5.0))
    second.send_signal(signal.SIGKILL)
    second.wait(30)
    # 3: runs to the end
    final = run_intake(*args)
    assert final.returncode == 0, final.stderr
    _check_every_record_once(out, ids)
    # and a fourth run finds nothing to do
    again = run_intake(*args)
    assert again.returncode == 0 and "跳过已完成 5 份" in again.stderr, again.stderr
    _check_every_record_once(out, ids)


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory) -> dict:
    """hy-a and a copy under another name; a re-run; then hy-a re-scanned and run again."""
    tmp = tmp_path_factory.mktemp("dup")
    root, out = tmp / "in", tmp / "out"
    folder_dossier(root, "hy-a", [11])
    folder_dossier(root, "hy-a-copy", [11])  # the same scans saved again under another name
    runs = {"first": run_intake("batch", str(root), "--out", str(out), "--no-progress")}
    runs["status"] = run_intake("status", "--out", str(out))
    runs["rows_first"] = state_rows(out)
    runs["v1"] = read_record(out, "hy-a")
    runs["rerun"] = run_intake("batch", str(root), "--out", str(out), "--no-progress")
    runs["rows_rerun"] = state_rows(out)
    (root / "hy-a" / "page-2.png").write_bytes((root / "hy-a-copy" / "page-1.png").read_bytes())
    (root / "hy-a" / "page-1.png").unlink()  # the company re-scanned its dossier (renamed page: new content)
    runs["changed"] = run_intake("batch", str(root), "--out", str(out), "--no-progress")
    runs["v2"] = read_record(out, "hy-a")
    runs["rows_changed"] = state_rows(out)
    runs["outbox"] = outbox_keys(out)
    runs["out"] = out
    return runs


def test_same_dossier_dropped_twice_is_reported_as_duplicate(two_runs):
    first = two_runs["first"]
    assert first.returncode == 0, first.stderr
    assert "重复 1 份" in first.stderr
    assert "hy-a-copy 与档案 hy-a（第 1 版）内容完全相同" in first.stderr
    assert "duplicate" in two_runs["status"].stdout and "重复" in two_runs["status"].stdout
    rows = {r["dossier_id"]: r for r in two_runs["rows_first"]}
    assert (rows["hy-a-copy"]["status"], rows["hy-a-copy"]["duplicate_of"]) == ("duplicate", "hy-a")
    assert rows["hy-a"]["status"] == "done"


def test_rerun_over_the_same_input_skips_what_is_done(two_runs):
    rerun = two_runs["rerun"]
    assert rerun.returncode == 0 and "跳过已完成 1 份；重复 1 份" in rerun.stderr, rerun.stderr
    assert len(two_runs["rows_rerun"]) == 2  # the duplicate is reported again, not stored again


def test_changed_dossier_is_processed_again_as_a_new_version_that_replaces_the_old(two_runs):
    assert two_runs["changed"].returncode == 0, two_runs["changed"].stderr
    assert (two_runs["v1"]["version"], two_runs["v1"]["replaces_version"]) == (1, None)
    assert (two_runs["v2"]["version"], two_runs["v2"]["replaces_version"]) == (2, 1)
    assert two_runs["v2"]["content_hash"] != two_runs["v1"]["content_hash"]
    versions = sorted((r["version"], r["status"]) for r in two_runs["rows_changed"] if r["dossier_id"] == "hy-a")
    assert versions == [(1, "done"), (2, "done")]
    assert sorted(two_runs["outbox"]) == ["hy-a:1", "hy-a:2"]
