"""Opening the store: an engine for a URL, migrated to the newest schema, safe for several writers.

SQLite: WAL, a busy timeout, and every transaction opened with `BEGIN IMMEDIATE`, so a writer waits
for the lock up front instead of failing when a read transaction tries to become a write one; a
`read_only` connection reads a snapshot and holds no one back.
PostgreSQL: per-key advisory locks (`serialize`) keep two runs from rewriting one document, or
resolving, at the same time.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import os
import signal
from pathlib import Path
from typing import IO

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
        reading = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine


READ_ONLY = "docintel_read_only"


def read_only(engine: sa.Engine) -> sa.Connection:
    """A connection for reading only: on SQLite its transaction takes no write lock (a WAL snapshot), so
    a long export never holds writers back. (A write through it could fail when another run writes first.)"""
    return engine.connect().execution_options(**{READ_ONLY: True})


def serialize(conn: sa.Connection, key: str) -> None:
    """Hold a lock named `key` until the caller's transaction ends (PostgreSQL advisory lock; SQLite
    transactions are serialized already)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:n)"), {"n": _lock_number(key)})


def _lock_number(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)


class Writer:
    """This process as one of the runs writing a store (a shared lock: PostgreSQL's session advisory
    lock, or flock on `<store>.writers` beside a SQLite file; either dies with the process). `last()`
    lets go and says whether no other run is writing: that run, the last to finish, resolves entities
    for everyone, so overlapping runs end as one run over all their files would."""

    def __init__(self, engine: sa.Engine) -> None:
        self._conn: sa.Connection | None = None
        self._file: IO[str] | None = None
        self._key = _lock_number("docintel.writers")
        if engine.dialect.name == "postgresql":
            self._conn = engine.connect()
            self._conn.execute(sa.text("SELECT pg_advisory_lock_shared(:n)"), {"n": self._key})
            self._conn.commit()
        elif engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
            self._file = open(f"{engine.url.database}.writers", "a+")  # noqa: SIM115 (held until last())
            fcntl.flock(self._file, fcntl.LOCK_SH)

    def last(self) -> bool:
        """Stop counting as a writer; True when no other run is writing the store now."""
        try:
            if self._conn is not None:
                self._conn.execute(sa.text("SELECT pg_advisory_unlock_shared(:n)"), {"n": self._key})
                alone = bool(self._conn.execute(sa.text("SELECT pg_try_advisory_lock(:n)"), {"n": self._key}).scalar())
                if alone:
                    self._conn.execute(sa.text("SELECT pg_advisory_unlock(:n)"), {"n": self._key})
                return alone
            if self._file is not None:
                fcntl.flock(self._file, fcntl.LOCK_UN)
                try:
                    fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return False
            return True
        finally:
            self.close()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.invalidate()  # the DBAPI connection is closed, and its session locks with it
            self._conn.close()
            self._conn = None
        if self._file is not None:
            self._file.close()
            self._file = None

    def __del__(self) -> None:
        self.close()


def fault_point(name: str) -> None:
    """Crash tests only: with DOCINTEL_FAULT=name:N the run is SIGKILLed the N-th time this process gets
    here: its whole process group, so a worker process in a write takes its run down with it."""
    spec = os.environ.get(FAULT_VARIABLE, "")
    point, _, count = spec.partition(":")
    if point != name:
        return
    _passes[name] = _passes.get(name, 0) + 1
    if _passes[name] >= int(count or 1):
        os.killpg(os.getpgid(0), signal.SIGKILL)


_passes: dict[str, int] = {}


def migrate(engine: sa.Engine) -> None:
    """Bring the schema to the newest migration; a no-op when it is there already, safe when several
    processes open a new store at once."""
    if _revision(engine) == head_revision():
        return  # the usual case, told without alembic (importing it is 0.2 s of every run's start)
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        serialize(conn, "docintel.migrate")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@functools.cache
def head_revision() -> str:
    """The newest migration's revision: each file in migrations/versions is named after its revision
    (`0010_graph_state.py` holds revision "0010"; tests/store checks the chain)."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def _revision(engine: sa.Engine) -> str | None:
    """The store's migration revision; None for a new store (no alembic_version table yet)."""
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except sa.exc.DBAPIError:
        return None


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
