"""Feed to the review system: POST each outbox row's record JSON until it is acknowledged.

Each request carries `Authorization: Bearer <token>` and `Idempotency-Key:
<dossier_id>:<version>`, so a receiver that sees a row twice (a sender that died
after posting but before marking it delivered) can drop the repeat. A failed
attempt waits `base · 2^(n-1)` seconds, capped, times a random 0.5–1 (jitter, so
a receiver coming back is not hit by every site at once). A row is only ever
marked delivered on a 2xx (or 409: the receiver already has that key).
A record that changes after the receiver has it (a later dossier of the same
company adds `duplicate_company`) goes out again as `<dossier_id>:<version>:<n>`:
the newest key of a dossier version is its current record.
"""
from __future__ import annotations

import logging
import random
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from intake.service.logs import event
from intake.service.state import StateDB

log = logging.getLogger(__name__)


def backoff_delay(attempts: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Seconds to wait after the `attempts`-th failure.

    >>> backoff_delay(1, 5, 3600, random.Random(0)) <= 5 and backoff_delay(30, 5, 3600) <= 3600
    True
    """
    rng = rng or random
    ceiling = min(cap, base * 2 ** max(0, attempts - 1))
    return ceiling * (0.5 + rng.random() / 2)


@dataclass
class PushResult:
    delivered: int = 0
    failed: int = 0

    def __add__(self, other: "PushResult") -> "PushResult":
        return PushResult(self.delivered + other.delivered, self.failed + other.failed)


class FeedSender:
    def __init__(self, url: str, token: str | None, timeout: float = 10.0, backoff_base: float = 5.0,
                 backoff_cap: float = 3600.0) -> None:
        self.url, self.token, self.timeout = url, token, timeout
        self.backoff_base, self.backoff_cap = backoff_base, backoff_cap

    @classmethod
    def from_config(cls, config) -> "FeedSender | None":
        if not config.feed_url:
            return None
        return cls(config.feed_url, config.feed_token, config.feed_timeout, config.feed_backoff_base,
                   config.feed_backoff_cap)

    def push(self, state: StateDB, force: bool = False) -> PushResult:
        """One attempt for every row that is due (every undelivered row with force)."""
        result = PushResult()
        after = 0  # rows are taken in id order, so no row is tried twice in one push
        while True:
            rows = state.outbox_take(self.timeout * 3, force=force, after_id=after, limit=50)
            if not rows:
                return result
            for row in rows:
                after = row["id"]
                error = self._post(row["idempotency_key"], row["payload"])
                if error is None:
                    state.outbox_delivered(row["id"])
                    result.delivered += 1
                    event(log, "feed_delivered", key=row["idempotency_key"], attempt=row["attempts"] + 1)
                else:
                    delay = backoff_delay(row["attempts"] + 1, self.backoff_base, self.backoff_cap)
                    state.outbox_failed(row["id"], error, time.time() + delay)
                    result.failed += 1
                    event(log, "feed_failed", level=logging.WARNING, key=row["idempotency_key"],
                          attempt=row["attempts"] + 1, retry_in=round(delay, 1), error=error)
                    if not force:  # the endpoint is struggling: the rest waits for the next push
                        state.outbox_unlock([r["id"] for r in rows if r["id"] > row["id"]])
                        return result

    def _post(self, key: str, payload: str) -> str | None:
        """None on success, else a short reason."""
        headers = {"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": key}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=payload.encode("utf-8"), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
                return None
        except urllib.error.HTTPError as exc:
            if exc.code == 409:  # the receiver already has this key
                return None
            return f"HTTP {exc.code} {exc.reason}"
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            return f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
