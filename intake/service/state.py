"""The state database: which content of which dossier is pending, processing, done, failed or a duplicate.

Every change is one short transaction. A claim is a compare-and-set
(`UPDATE … WHERE status = 'pending'`), so two workers never take the same row;
finishing is a compare-and-set on the claim's owner, so a worker that lost its
claim (it was presumed dead) can never mark the row done or queue it twice.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import Connection, and_, func, insert, or_, select, text, update

from intake.service.identity import owner_alive
from intake.service.schema import (
    DONE, DUPLICATE, FAILED, PENDING, PROCESSING, QUARANTINED, dossiers, make_engine, outbox,
)

_REGISTER_LOCK = 727_001  # PostgreSQL advisory lock serialising registrations


@dataclass(frozen=True)
class Registration:
    """What to do with a dossier found in the input."""
    row_id: int
    dossier_id: str
    action: str  # process | skip (done already) | duplicate | archive (done, input not moved yet)
    status: str
    version: int | None
    replaces_version: int | None = None
    duplicate_of: str | None = None
    duplicate_of_version: int | None = None


class StateDB:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.is_postgres = self.engine.dialect.name == "postgresql"

    def close(self) -> None:
        self.engine.dispose()

    # -- registration ------------------------------------------------------------------

    def register(self, dossier_id: str, content_hash: str, source: str, *, redrop: bool,
                 reprocess: bool = False, max_attempts: int = 3) -> Registration:
        """Record that `source` holds `content_hash` for `dossier_id`, and say what to do.

        redrop: the input arrived anew (the watcher: the earlier drop was archived), so
        content already done is a duplicate; a batch re-run over the same input skips it.
        reprocess: done content is processed again as a new version (pipeline upgrades).
        """
        now = time.time()
        with self.engine.begin() as conn:
            if self.is_postgres:
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _REGISTER_LOCK})
            latest = _one(conn, select(dossiers).where(
                dossiers.c.dossier_id == dossier_id, dossiers.c.version.is_not(None)
            ).order_by(dossiers.c.version.desc()).limit(1))
            if latest and latest["content_hash"] == content_hash:
                same = self._same_content(conn, latest, source, redrop, reprocess, max_attempts, now)
                if same:
                    return same
            elif not redrop:
                reported = _one(conn, select(dossiers).where(
                    dossiers.c.dossier_id == dossier_id, dossiers.c.content_hash == content_hash,
                    dossiers.c.status == DUPLICATE))
                if reported:  # a batch re-run sees the same duplicate again: already reported
                    return _registration(reported, "duplicate")
            original = None if reprocess and latest and latest["content_hash"] == content_hash else _one(
                conn, select(dossiers).where(
                    dossiers.c.content_hash == content_hash, dossiers.c.version.is_not(None),
                    dossiers.c.status.in_([DONE, PENDING, PROCESSING]),
                ).order_by(dossiers.c.id).limit(1))
            if original:
                row = _insert(conn, dossier_id=dossier_id, content_hash=content_hash, version=None,
                              status=DUPLICATE, source=source, duplicate_of=original["dossier_id"],
                              duplicate_of_version=original["version"], now=now)
                return _registration(row, "duplicate")
            if latest and latest["status"] in (PENDING, FAILED, QUARANTINED) or (
                    latest and latest["status"] == PROCESSING
                    and not owner_alive(latest["owner"], latest["lease_until"], now)):
                # That version was never delivered: it is retried with the new content.
                row = _update(conn, latest["id"], content_hash=content_hash, source=source, status=PENDING,
                              attempts=0, error=None, owner=None, lease_until=None, archived_to=None, now=now)
                return _registration(row, "process")
            version = (latest["version"] + 1) if latest else 1
            row = _insert(conn, dossier_id=dossier_id, content_hash=content_hash, version=version,
                          status=PENDING, source=source, replaces_version=latest["version"] if latest else None,
                          now=now)
            return _registration(row, "process")

    def _same_content(self, conn: Connection, latest: dict, source: str, redrop: bool, reprocess: bool,
                      max_attempts: int, now: float) -> Registration | None:
        status = latest["status"]
        if status == DONE:
            if reprocess:
                return None  # a new version below
            if not redrop:
                return _registration(latest, "skip")
            if latest["archived_to"] is None:  # done, but the watcher stopped before moving the input
                row = _update(conn, latest["id"], source=source, now=now)
                return _registration(row, "archive")
            return None  # dropped again after it was archived: a duplicate below
        if status == PROCESSING:
            return _registration(latest, "process")  # the claim decides who works on it
        if status == FAILED and not redrop and latest["attempts"] >= max_attempts:
            return _registration(latest, "skip")
        row = _update(conn, latest["id"], status=PENDING, source=source, error=None, archived_to=None,
                      attempts=0 if redrop else latest["attempts"], now=now)
        return _registration(row, "process")

    # -- claims ------------------------------------------------------------------------

    def claim(self, row_id: int, owner: str, lease_seconds: float) -> dict | None:
        """Take a pending row for `owner`; None when someone else has it or it is finished."""
        now = time.time()
        with self.engine.begin() as conn:
            done = conn.execute(update(dossiers).where(dossiers.c.id == row_id, dossiers.c.status == PENDING).values(
                status=PROCESSING, owner=owner, lease_until=now + lease_seconds,
                attempts=dossiers.c.attempts + 1, updated_at=now))
            if done.rowcount != 1:
                return None
            return _one(conn, select(dossiers).where(dossiers.c.id == row_id))

    def renew(self, row_id: int, owner: str, lease_seconds: float) -> bool:
        now = time.time()
        with self.engine.begin() as conn:
            return conn.execute(update(dossiers).where(
                dossiers.c.id == row_id, dossiers.c.owner == owner, dossiers.c.status == PROCESSING,
            ).values(lease_until=now + lease_seconds, updated_at=now)).rowcount == 1

    def release(self, row_id: int, owner: str) -> None:
        """Give a claim back untouched (a clean stop in the middle of a dossier)."""
        with self.engine.begin() as conn:
            conn.execute(update(dossiers).where(
                dossiers.c.id == row_id, dossiers.c.owner == owner, dossiers.c.status == PROCESSING,
            ).values(status=PENDING, owner=None, lease_until=None, attempts=dossiers.c.attempts - 1,
                     updated_at=time.time()))

    def finish(self, row_id: int, owner: str, *, ok: bool, output: str, pages: int, error: str | None,
               payload: str | None) -> bool:
        """Mark the claimed row done (queueing the record for the feed) or failed, in one transaction."""
        now = time.time()
        with self.engine.begin() as conn:
            row = _one(conn, select(dossiers).where(dossiers.c.id == row_id))
            changed = conn.execute(update(dossiers).where(
                dossiers.c.id == row_id, dossiers.c.owner == owner, dossiers.c.status == PROCESSING,
            ).values(status=DONE if ok else FAILED, output=output, pages=pages, error=error, owner=None,
                     lease_until=None, updated_at=now)).rowcount == 1
            if changed and ok and payload is not None:
                key = f"{row['dossier_id']}:{row['version']}"
                exists = conn.execute(select(outbox.c.id).where(outbox.c.idempotency_key == key)).first()
                if not exists:
                    conn.execute(insert(outbox).values(
                        idempotency_key=key, dossier_id=row["dossier_id"], version=row["version"], payload=payload,
                        attempts=0, next_attempt_at=now, created_at=now))
            return changed

    def fail(self, row_id: int, error: str) -> None:
        """Give up on a row that is not done (its worker keeps dying, or the database failed under it)."""
        with self.engine.begin() as conn:
            conn.execute(update(dossiers).where(dossiers.c.id == row_id, dossiers.c.status != DONE).values(
                status=FAILED, error=error, owner=None, lease_until=None, updated_at=time.time()))

    def recover_stale(self, ids: Iterable[int] | None = None) -> list[int]:
        """Processing rows whose holder is dead (or whose lease ran out) go back to pending."""
        now = time.time()
        recovered = []
        with self.engine.begin() as conn:
            query = select(dossiers.c.id, dossiers.c.owner, dossiers.c.lease_until).where(
                dossiers.c.status == PROCESSING)
            if ids is not None:
                query = query.where(dossiers.c.id.in_(list(ids)))
            for row_id, owner, lease in conn.execute(query).all():
                if owner_alive(owner, lease, now):
                    continue
                changed = conn.execute(update(dossiers).where(
                    dossiers.c.id == row_id, dossiers.c.status == PROCESSING, dossiers.c.owner == owner,
                ).values(status=PENDING, owner=None, lease_until=None, updated_at=now)).rowcount
                if changed:
                    recovered.append(row_id)
        return recovered

    def input_moved(self, row_id: int, dest: str, status: str | None = None) -> None:
        """The watcher moved the input to archive/ or quarantine/."""
        values: dict[str, Any] = {"archived_to": dest}
        if status:
            values["status"] = status
        with self.engine.begin() as conn:
            _update(conn, row_id, now=time.time(), **values)

    # -- queries -----------------------------------------------------------------------

    def get(self, row_id: int) -> dict | None:
        with self.engine.connect() as conn:
            return _one(conn, select(dossiers).where(dossiers.c.id == row_id))

    def rows(self, ids: Iterable[int] | None = None, statuses: Iterable[str] | None = None) -> list[dict]:
        query = select(dossiers).order_by(dossiers.c.dossier_id, dossiers.c.id)
        if ids is not None:
            query = query.where(dossiers.c.id.in_(list(ids)))
        if statuses is not None:
            query = query.where(dossiers.c.status.in_(list(statuses)))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return dict(conn.execute(select(dossiers.c.status, func.count()).group_by(dossiers.c.status)).all())

    # -- outbox ------------------------------------------------------------------------

    def outbox_take(self, lock_seconds: float, *, force: bool, after_id: int = 0, limit: int = 100) -> list[dict]:
        """Lock undelivered rows that are due (or all, with force) for one sender."""
        now = time.time()
        taken = []
        with self.engine.begin() as conn:
            query = select(outbox).where(
                outbox.c.id > after_id, outbox.c.delivered_at.is_(None),
                or_(outbox.c.locked_until.is_(None), outbox.c.locked_until < now),
            ).order_by(outbox.c.id).limit(limit)
            if not force:
                query = query.where(outbox.c.next_attempt_at <= now)
            for row in conn.execute(query).all():
                row = dict(row._mapping)
                changed = conn.execute(update(outbox).where(
                    outbox.c.id == row["id"], outbox.c.delivered_at.is_(None),
                    or_(outbox.c.locked_until.is_(None), outbox.c.locked_until < now),
                ).values(locked_until=now + lock_seconds)).rowcount
                if changed:
                    taken.append(row)
        return taken

    def outbox_refresh(self, dossier_id: str, version: int, payload: str) -> bool:
        """Queue a record that changed after it was queued (a later dossier of the same company
        adds `duplicate_company` to it). A row not yet sent just takes the new payload; once the
        receiver has the old one, a new row goes out under `<dossier_id>:<version>:<n>`."""
        now = time.time()
        with self.engine.begin() as conn:
            mine = and_(outbox.c.dossier_id == dossier_id, outbox.c.version == version)
            rows = [dict(r._mapping) for r in conn.execute(select(outbox).where(mine).order_by(outbox.c.id))]
            if not rows or rows[-1]["payload"] == payload:
                return False  # never queued (not done through the service), or nothing new
            last = rows[-1]
            if last["delivered_at"] is None and (last["locked_until"] or 0) < now:
                conn.execute(update(outbox).where(outbox.c.id == last["id"]).values(payload=payload))
                return True
            conn.execute(insert(outbox).values(
                idempotency_key=f"{dossier_id}:{version}:{len(rows)}", dossier_id=dossier_id, version=version,
                payload=payload, attempts=0, next_attempt_at=now, created_at=now))
            return True

    def outbox_unlock(self, ids: list[int]) -> None:
        if ids:
            with self.engine.begin() as conn:
                conn.execute(update(outbox).where(outbox.c.id.in_(ids)).values(locked_until=None))

    def outbox_delivered(self, row_id: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(outbox).where(outbox.c.id == row_id).values(
                delivered_at=time.time(), attempts=outbox.c.attempts + 1, locked_until=None, last_error=None))

    def outbox_failed(self, row_id: int, error: str, next_attempt_at: float) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(outbox).where(outbox.c.id == row_id).values(
                attempts=outbox.c.attempts + 1, locked_until=None, last_error=error[:500],
                next_attempt_at=next_attempt_at))

    def outbox_rows(self, undelivered_only: bool = False) -> list[dict]:
        query = select(outbox.c.id, outbox.c.idempotency_key, outbox.c.dossier_id, outbox.c.version,
                       outbox.c.attempts, outbox.c.next_attempt_at, outbox.c.last_error, outbox.c.delivered_at,
                       outbox.c.created_at).order_by(outbox.c.id)
        if undelivered_only:
            query = query.where(outbox.c.delivered_at.is_(None))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def outbox_counts(self) -> tuple[int, int]:
        """(undelivered, delivered)."""
        with self.engine.connect() as conn:
            waiting = conn.execute(select(func.count()).where(outbox.c.delivered_at.is_(None))).scalar_one()
            sent = conn.execute(select(func.count()).where(outbox.c.delivered_at.is_not(None))).scalar_one()
        return waiting, sent

    def next_due(self) -> float | None:
        """When the earliest undelivered outbox row is due, if any."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.min(outbox.c.next_attempt_at)).where(
                and_(outbox.c.delivered_at.is_(None)))).scalar_one()


def _one(conn: Connection, query) -> dict | None:
    row = conn.execute(query).first()
    return dict(row._mapping) if row else None


def _insert(conn: Connection, *, now: float, **values: Any) -> dict:
    result = conn.execute(insert(dossiers).values(attempts=0, created_at=now, updated_at=now, **values))
    return _one(conn, select(dossiers).where(dossiers.c.id == result.inserted_primary_key[0]))


def _update(conn: Connection, row_id: int, *, now: float, **values: Any) -> dict:
    conn.execute(update(dossiers).where(dossiers.c.id == row_id).values(updated_at=now, **values))
    return _one(conn, select(dossiers).where(dossiers.c.id == row_id))


def _registration(row: dict, action: str) -> Registration:
    return Registration(
        row_id=row["id"], dossier_id=row["dossier_id"], action=action, status=row["status"], version=row["version"],
        replaces_version=row["replaces_version"], duplicate_of=row["duplicate_of"],
        duplicate_of_version=row["duplicate_of_version"],
    )
