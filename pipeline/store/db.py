"""Opening the store: an engine for a URL, migrated to the newest schema, safe for several writers.

SQLite: WAL, a busy timeout, and every transaction opened with `BEGIN IMMEDIATE`, so a writer waits
for the lock up front instead of failing when a read transaction tries to become a write one.
PostgreSQL: per-key advisory locks (`serialize`) keep two runs from rewriting one document, or
resolving, at the same time.
"""

from __future__ import annotations

import functools
import hashlib
import os
import signal
from pathlib import Path

import sqlalchemy as sa

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_MS = 60_000
FAULT_VARIABLE = "DOCINTEL_FAULT"  # test hook: "point:N" kills the process at the N-th pass of a point


def make_engine(url: str) -> sa.Engine:
    """An engine for the URL; SQLite gets WAL, a busy timeout, immediate transactions, and its folder made."""
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    path = sa.engine.make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # pysqlite's own BEGIN is deferred and late: we send ours
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def serialize(conn: sa.Connection, key: str) -> None:
    """Hold a lock named `key` until the caller's transaction ends (PostgreSQL advisory lock; SQLite
    transactions are serialized already)."""
    if conn.dialect.name == "postgresql":
        number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:n)"), {"n": number})


def fault_point(name: str) -> None:
    """Crash tests only: with DOCINTEL_FAULT=name:N the process SIGKILLs itself the N-th time it gets here."""
    spec = os.environ.get(FAULT_VARIABLE, "")
    point, _, count = spec.partition(":")
    if point != name:
        return
    _passes[name] = _passes.get(name, 0) + 1
    if _passes[name] >= int(count or 1):
        os.kill(os.getpid(), signal.SIGKILL)


_passes: dict[str, int] = {}


def migrate(engine: sa.Engine) -> None:
    """Bring the schema to the newest migration; a no-op when it is there already, safe when several
    processes open a new store at once."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        serialize(conn, "docintel.migrate")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def safe_url(url: str) -> str:
    """The URL with any password masked, for printing and logging."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<unparseable store URL>"


@functools.cache
def open_store(url: str) -> sa.Engine:
    """The migrated engine for a store URL, made once per process."""
    engine = make_engine(url)
    migrate(engine)
    return engine
