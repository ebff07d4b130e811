"""The review-system feed against a real local HTTP receiver that is down, then fails, then accepts."""
from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from service_fixtures import child_env, folder_dossier, free_port, read_record, run_intake, wait_for

from intake.service.config import default_state_url
from intake.service.feed import FeedSender
from intake.service.state import StateDB

TOKEN = "s3cret-token"


class Receiver:
    """Answers 503 to the first `fail_first` requests, then 200; remembers what it accepted by key."""

    def __init__(self, port: int, fail_first: int) -> None:
        self.fail_first, self.requests = fail_first, 0
        self.accepted: Counter = Counter()
        self.bodies: dict[str, dict] = {}
        self.headers: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests += 1
                receiver.headers.append(dict(self.headers))
                if receiver.requests <= receiver.fail_first:
                    self.send_response(503)
                else:
                    key = self.headers["Idempotency-Key"]
                    if key not in receiver.bodies:  # de-duplicate by key, as a receiver should
                        receiver.bodies[key] = json.loads(body)
                    receiver.accepted[key] += 1
                    self.send_response(201)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_receiver_failing_the_first_attempts_still_gets_every_record_exactly_once(tmp_path):
    root, out = tmp_path / "in", tmp_path / "out"
    folder_dossier(root, "f1", [70])
    folder_dossier(root, "f2", [71])
    port = free_port()
    url = f"http://127.0.0.1:{port}/records"
    env = child_env(INTAKE_FEED_URL=url, INTAKE_FEED_TOKEN=TOKEN, INTAKE_FEED_BACKOFF_BASE="0.2",
                    INTAKE_FEED_BACKOFF_CAP="1")

    # the review system is down during the batch: nothing is lost, it waits in the outbox
    result = run_intake("batch", str(root), "--out", str(out), "--no-progress", env=env)
    assert result.returncode == 0, result.stderr
    assert "待重试 2 条" in result.stderr
    status = run_intake("feed", "status", "--out", str(out), env=env).stdout
    assert "f1:1" in status and "f2:1" in status and "待送达 waiting 2" in status

    # it comes back, failing its first 3 requests; the sender retries with backoff until all is delivered
    receiver = Receiver(port, fail_first=3)
    try:
        state = StateDB(default_state_url(out))
        sender = FeedSender(url, TOKEN, timeout=5, backoff_base=0.2, backoff_cap=1.0)
        wait_for(lambda: sender.push(state) and state.outbox_counts()[0] == 0, 60, "the outbox drained", 0.1)
        assert receiver.requests >= 5  # 3 failures, then one success per record
        assert receiver.accepted == {"f1:1": 1, "f2:1": 1}
        assert {h["Authorization"] for h in receiver.headers} == {f"Bearer {TOKEN}"}
        for key, body in receiver.bodies.items():
            assert body == read_record(out, key.split(":")[0])

        # an operator's `feed retry` afterwards sends nothing again
        retry = run_intake("feed", "retry", "--out", str(out), env=env)
        assert retry.returncode == 0 and "本次送达 0 条" in retry.stdout, retry.stdout + retry.stderr
        assert receiver.accepted == {"f1:1": 1, "f2:1": 1}
    finally:
        receiver.close()


def test_feed_retry_sends_everything_waiting_now_ignoring_the_backoff(tmp_path):
    root, out = tmp_path / "in", tmp_path / "out"
    folder_dossier(root, "g1", [72])
    port = free_port()
    url = f"http://127.0.0.1:{port}/records"
    env = child_env(INTAKE_FEED_URL=url, INTAKE_FEED_TOKEN=TOKEN, INTAKE_FEED_BACKOFF_BASE="3600")
    assert run_intake("batch", str(root), "--out", str(out), "--no-progress", env=env).returncode == 0
    down = run_intake("feed", "retry", "--out", str(out), env=env)
    assert down.returncode == 1 and "待送达 1 条" in down.stdout  # still down: exit 1, kept
    receiver = Receiver(port, fail_first=0)
    try:
        started = time.monotonic()
        retry = run_intake("feed", "retry", "--out", str(out), env=env)  # the hour-long backoff is ignored
        assert retry.returncode == 0, retry.stdout + retry.stderr
        assert time.monotonic() - started < 60
        assert receiver.accepted == {"g1:1": 1}
        assert "已送达 delivered" in run_intake("feed", "status", "--out", str(out), env=env).stdout
    finally:
        receiver.close()
