"""The state database on SQLite and on a real PostgreSQL server: registration, claims, versions, outbox.

No OCR here: these pin the rules every intake path relies on.
"""
from __future__ import annotations

import multiprocessing
import random

import pytest
from service_fixtures import postgres_url  # noqa: F401  (fixture)

from intake.service.config import ConfigError, load_config
from intake.service.feed import backoff_delay
from intake.service.identity import content_hash, owner_id
from intake.service.state import StateDB


@pytest.fixture(params=["sqlite", "postgresql"])
def state_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state.db'}"
    base = request.getfixturevalue("postgres_url")
    # a fresh database per test, so tests never see each other's rows
    import psycopg

    name = f"t{random.randrange(10**9)}"
    with psycopg.connect(base.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return base.rsplit("/", 1)[0] + f"/{name}"


def test_rerun_skips_what_is_done_and_a_copy_is_a_duplicate(state_url):
    state = StateDB(state_url)
    first = state.register("a", "h1", "/in/a", redrop=False)
    assert (first.action, first.version) == ("process", 1)
    assert state.claim(first.row_id, owner_id(), 60)
    assert state.finish(first.row_id, owner_id(), ok=True, output="o", pages=1, error=None, payload="{}")
    assert state.register("a", "h1", "/in/a", redrop=False).action == "skip"
    copy = state.register("a-copy", "h1", "/in/a-copy", redrop=False)
    assert (copy.action, copy.duplicate_of, copy.duplicate_of_version) == ("duplicate", "a", 1)
    assert state.register("a-copy", "h1", "/in/a-copy", redrop=False).row_id == copy.row_id  # reported once
    assert state.counts() == {"done": 1, "duplicate": 1}


def test_changed_content_is_a_new_version_that_replaces_the_old(state_url):
    state = StateDB(state_url)
    v1 = state.register("a", "h1", "/in/a", redrop=False)
    state.claim(v1.row_id, owner_id(), 60)
    state.finish(v1.row_id, owner_id(), ok=True, output="o", pages=1, error=None, payload="{}")
    v2 = state.register("a", "h2", "/in/a", redrop=False)
    assert (v2.action, v2.version, v2.replaces_version) == ("process", 2, 1)
    # the same changed content seen again before it is processed is still that one version
    assert state.register("a", "h2", "/in/a", redrop=False).row_id == v2.row_id


def test_watcher_redrop_of_archived_content_is_a_duplicate(state_url):
    state = StateDB(state_url)
    reg = state.register("a", "h1", "/in/a", redrop=True)
    state.claim(reg.row_id, owner_id(), 60)
    state.finish(reg.row_id, owner_id(), ok=True, output="o", pages=1, error=None, payload="{}")
    assert state.register("a", "h1", "/in/a", redrop=True).action == "archive"  # done, never moved: finish the move
    state.input_moved(reg.row_id, "/in/archive/a")
    again = state.register("a", "h1", "/in/a", redrop=True)
    assert (again.action, again.duplicate_of, again.duplicate_of_version) == ("duplicate", "a", 1)


def test_stale_claim_of_a_dead_process_is_retaken_and_its_late_finish_is_refused(state_url):
    state = StateDB(state_url)
    reg = state.register("a", "h1", "/in/a", redrop=False)
    dead = f"{owner_id().split(':')[0]}:{2**22 + 7}:dead"  # this host, a pid that does not exist
    assert state.claim(reg.row_id, dead, 60)
    assert state.recover_stale() == [reg.row_id]
    assert state.claim(reg.row_id, owner_id(), 60)
    assert not state.finish(reg.row_id, dead, ok=True, output="o", pages=1, error=None, payload="{}")
    assert state.finish(reg.row_id, owner_id(), ok=True, output="o", pages=1, error=None, payload="{}")
    assert [r["idempotency_key"] for r in state.outbox_rows()] == ["a:1"]


def _claim_all(url: str, ids: list[int], queue) -> None:
    state = StateDB(url)
    mine = [row_id for row_id in ids if state.claim(row_id, owner_id(), 60)]
    queue.put(mine)


def test_two_workers_never_take_the_same_dossier(state_url):
    state = StateDB(state_url)
    ids = [state.register(f"d{i}", f"h{i}", f"/in/d{i}", redrop=False).row_id for i in range(40)]
    ctx = multiprocessing.get_context("spawn")  # fresh processes, no shared connections
    queue = ctx.Queue()
    procs = [ctx.Process(target=_claim_all, args=(state_url, ids if n == 0 else ids[::-1], queue)) for n in range(2)]
    for p in procs:
        p.start()
    taken = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(60)
    assert sorted(taken[0] + taken[1]) == sorted(ids)
    assert not set(taken[0]) & set(taken[1])


def test_content_hash_ignores_the_name_but_not_the_bytes(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "p1.jpg").write_bytes(b"\xff\xd8\xff scan")
    assert content_hash(tmp_path / "a") == content_hash(tmp_path / "b")
    (tmp_path / "b" / "p1.jpg").write_bytes(b"\xff\xd8\xff scan, rescanned")
    assert content_hash(tmp_path / "a") != content_hash(tmp_path / "b")


def test_config_precedence_is_command_line_then_environment_then_file(tmp_path):
    file = tmp_path / "intake.toml"
    file.write_text('feed_url = "http://file"\nquiet_seconds = 3\nbroker_url = "redis://file"\n', encoding="utf-8")
    env = {"INTAKE_CONFIG": str(file), "INTAKE_FEED_URL": "http://env", "INTAKE_POLLING": "yes"}
    config = load_config(env=env, overrides={"feed_url": "http://cli", "state_url": None})
    assert (config.feed_url, config.quiet_seconds, config.broker_url, config.polling) == (
        "http://cli", 3.0, "redis://file", True)
    assert load_config(env=env).feed_url == "http://env"
    file.write_text("quiet_secs = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="quiet_secs"):
        load_config(env=env)


def test_backoff_doubles_with_jitter_and_is_capped():
    rng = random.Random(1)
    delays = [backoff_delay(n, 2.0, 30.0, rng) for n in range(1, 9)]
    for n, delay in enumerate(delays, 1):
        ceiling = min(30.0, 2.0 * 2 ** (n - 1))
        assert ceiling / 2 <= delay <= ceiling


def test_example_config_in_deploy_is_valid_and_documents_every_key():
    from dataclasses import fields
    from pathlib import Path

    from intake.service.config import ServiceConfig

    example = Path(__file__).resolve().parents[1] / "deploy" / "intake.example.toml"
    assert load_config(example, env={}) == ServiceConfig()  # the file states the defaults
    text = example.read_text(encoding="utf-8")
    readme = (example.parents[1] / "README.md").read_text(encoding="utf-8")
    for f in fields(ServiceConfig):
        assert f.name in text and f"`{f.name}`" in readme, f.name


def test_record_changed_after_queueing_goes_to_the_feed_again(state_url):
    # A later dossier of the same company adds duplicate_company to a record already queued.
    state = StateDB(state_url)
    reg = state.register("a", "h1", "/in/a", redrop=False)
    state.claim(reg.row_id, owner_id(), 60)
    state.finish(reg.row_id, owner_id(), ok=True, output="o", pages=1, error=None, payload='{"findings": []}')
    assert not state.outbox_refresh("a", 1, '{"findings": []}')  # nothing new
    assert state.outbox_refresh("a", 1, '{"findings": ["dup"]}')  # not sent yet: the row takes it
    rows = state.outbox_take(60, force=True)
    assert [(r["idempotency_key"], r["payload"]) for r in rows] == [("a:1", '{"findings": ["dup"]}')]
    state.outbox_delivered(rows[0]["id"])
    assert state.outbox_refresh("a", 1, '{"findings": ["dup", "dup2"]}')  # the receiver has a:1
    assert [r["idempotency_key"] for r in state.outbox_take(60, force=True)] == ["a:1:1"]
    assert not state.outbox_refresh("never-queued", 1, "{}")
