"""State database tables and engine (SQLite by default, PostgreSQL by URL).

Times are epoch seconds (float): the same comparisons work on both databases.
"""
from __future__ import annotations

from sqlalchemy.exc import DBAPIError
from sqlalchemy import (
    Column, Engine, Float, Index, Integer, MetaData, String, Table, Text, UniqueConstraint, create_engine, event,
)

# Row statuses. pending → processing → done | failed; processing → pending when a claim
# is abandoned or its holder died; failed → quarantined when the watcher moves the input.
PENDING, PROCESSING, DONE, FAILED, DUPLICATE, QUARANTINED = (
    "pending", "processing", "done", "failed", "duplicate", "quarantined")
STATUSES = (DONE, PROCESSING, PENDING, FAILED, DUPLICATE, QUARANTINED)
TERMINAL = (DONE, FAILED, DUPLICATE, QUARANTINED)

metadata = MetaData()

# One row per version of a dossier id (a content it was processed with), plus one
# row per duplicate drop (version NULL: a duplicate never gets a record).
dossiers = Table(
    "dossiers", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dossier_id", String(255), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("version", Integer),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("source", Text, nullable=False),
    Column("output", Text),
    Column("pages", Integer),
    Column("replaces_version", Integer),
    Column("duplicate_of", String(255)),
    Column("duplicate_of_version", Integer),
    Column("error", Text),
    Column("owner", String(255)),
    Column("lease_until", Float),
    Column("archived_to", Text),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    UniqueConstraint("dossier_id", "version", name="uq_dossier_version"),  # NULLs (duplicates) never clash
    Index("ix_dossiers_hash", "content_hash"),
    Index("ix_dossiers_status", "status"),
)

# The feed's durable outbox: a row is added in the transaction that marks a dossier
# done, and stays until the review system has answered 2xx for its key.
outbox = Table(
    "outbox", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("idempotency_key", String(300), nullable=False, unique=True),  # "<dossier_id>:<version>"
    Column("dossier_id", String(255), nullable=False),
    Column("version", Integer, nullable=False),
    Column("payload", Text, nullable=False),  # the record JSON as written (a later version never overwrites it)
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", Float, nullable=False),
    Column("locked_until", Float),  # a sender holds the row while it posts
    Column("last_error", Text),
    Column("delivered_at", Float),
    Column("created_at", Float, nullable=False),
    Index("ix_outbox_due", "delivered_at", "next_attempt_at"),
)


def make_engine(url: str) -> Engine:
    """An engine with the tables created; SQLite in WAL mode with write transactions serialised."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record) -> None:
            dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN below, not pysqlite
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
            cur.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent when a process is killed
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:
            # Take the write lock at BEGIN: a read-then-update (claim, register) is never
            # interleaved with another process's.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        engine = create_engine(url, pool_pre_ping=True)
    for attempt in range(3):
        try:
            metadata.create_all(engine)
            break
        except DBAPIError:  # two processes creating the tables at once on PostgreSQL
            if attempt == 2:
                raise
    return engine
