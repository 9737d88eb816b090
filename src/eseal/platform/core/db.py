"""Database engine, declarative base and schema upgrade (Alembic, run by the app at start).

SQLite (default, file in the data directory) and PostgreSQL (``postgresql+psycopg://``) are both
first-class: every test marked ``db`` runs on both.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import deque
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, MetaData, create_engine, event, text
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

# The session type every service function receives (``db``); adapters (web/) type with it and never import SQLAlchemy.
DbSession = Session

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite transaction mode (execution option of a connection; see make_engine)
TX_OPTION = "eseal_sqlite_begin"
DEFERRED = "deferred"
_READING = "eseal_sqlite_reading"  # connection info: a deferred transaction that has not written yet
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "SAVEPOINT", "CREATE", "DROP", "ALTER", "WITH")
_DEFERRED_ATTR = "_eseal_deferred_bind"
_BUSY_TIMEOUT_MS = 30_000
_LOCK_POLL_S = 0.002


class _WriterQueue:
    """The threads of THIS process waiting for SQLite's write lock, served first come, first served.

    Without it every waiting thread polled ``BEGIN IMMEDIATE`` (20 request threads: thousands of tries a second,
    CPU taken from the lock holder, and no order: the tail). With it a waiting thread sleeps on its own lock and
    only the head of the queue competes (with the other processes of the database) for SQLite's lock. Ownership is
    handed over by ``release`` to the oldest waiter; any thread may release (a unit of work may end elsewhere)."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._held = False
        self._waiters: deque[threading.Lock] = deque()

    def acquire(self, timeout: float) -> bool:
        with self._mutex:
            if not self._held:
                self._held = True
                return True
            turn = threading.Lock()
            turn.acquire()
            self._waiters.append(turn)
        if turn.acquire(timeout=timeout):
            return True
        with self._mutex:
            if turn in self._waiters:  # still waiting: give up
                self._waiters.remove(turn)
                return False
        return True  # handed over just as the wait timed out: ours now

    def release(self) -> None:
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().release()  # ``_held`` stays True: the oldest waiter owns it now
            else:
                self._held = False


class _Connection(sqlite3.Connection):
    """A SQLite connection that gives its place in the engine's :class:`_WriterQueue` back when its transaction ends:
    after ``commit()`` / ``rollback()`` (SQLAlchemy's, the pool's reset on return) and at ``close()`` (an invalidated
    or discarded connection). ``_writer_queue`` is set by ``make_engine``'s connect hook."""

    _writer_queue: _WriterQueue | None = None
    _queued = False

    def _leave_queue(self) -> None:
        if self._queued:
            self._queued = False
            assert self._writer_queue is not None
            self._writer_queue.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._leave_queue()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._leave_queue()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._leave_queue()

    def __del__(self) -> None:  # dropped without close (never by the pool): SQLite rolls back, the turn goes too
        self._leave_queue()


def _begin_immediate(cursor: Any) -> None:
    """``BEGIN IMMEDIATE`` after this connection's turn in the process's writer queue (up to 30 s in all).

    The queue's head then polls every 2 ms for the lock other processes may hold: SQLite's own busy handler sleeps
    with a back-off that reaches 100 ms per try, so a waiting transaction often slept long after the lock was freed.
    The handler is switched off for this one statement and on again after it. The turn is given back when the
    transaction ends (``_Connection``), or here if no transaction could begin."""
    conn = cursor.connection
    queue: _WriterQueue | None = getattr(conn, "_writer_queue", None)
    deadline = time.monotonic() + _BUSY_TIMEOUT_MS / 1000
    if queue is not None and not conn._queued:
        if not queue.acquire(timeout=_BUSY_TIMEOUT_MS / 1000):
            raise sqlite3.OperationalError("database is locked (waited for this process's writers)")
        conn._queued = True
    try:
        cursor.execute("PRAGMA busy_timeout=0")
        try:
            while True:
                try:
                    cursor.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        raise
                    if time.monotonic() >= deadline:
                        raise
                time.sleep(_LOCK_POLL_S)
        finally:
            cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
    except BaseException:
        if queue is not None and conn._queued:
            conn._queued = False
            queue.release()
        raise

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite forgets the zone; we restore it)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        writers = _WriterQueue()
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30, "factory": _Connection},
                               **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
            if isinstance(dbapi_conn, _Connection):
                dbapi_conn._writer_queue = writers

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            # Default: take the write lock at BEGIN (a deferred transaction that read first and writes later
            # fails with SQLITE_BUSY under concurrency: its WAL snapshot cannot be upgraded, and SQLite does not
            # wait). A connection from ``deferred_bind`` begins DEFERRED instead and is upgraded at its first
            # write (``_sqlite_upgrade``): readers never queue on the write lock.
            deferred = conn.get_execution_options().get(TX_OPTION) == DEFERRED
            if deferred:
                conn.exec_driver_sql("BEGIN")
            else:
                cursor = conn.connection.dbapi_connection.cursor()
                try:
                    _begin_immediate(cursor)
                finally:
                    cursor.close()
            conn.info[_READING] = deferred

        @event.listens_for(engine, "before_cursor_execute")
        def _sqlite_upgrade(conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
            if conn.info.get(_READING) and statement.lstrip()[:9].upper().startswith(_WRITES):
                # first write of a deferred transaction: end the read snapshot and wait for the write lock
                # (BEGIN IMMEDIATE honours busy_timeout). Reads made before this point may be as old as
                # under PostgreSQL's READ COMMITTED; from here on the transaction is serialized with all
                # other writers and sees the newest data.
                conn.info[_READING] = False
                cursor.execute("COMMIT")
                _begin_immediate(cursor)

        @event.listens_for(engine, "commit")
        @event.listens_for(engine, "rollback")
        def _sqlite_end(conn: Any) -> None:
            if not conn.invalidated:  # (an invalidated connection has no info to reset: its DBAPI connection is gone)
                conn.info[_READING] = False

        return engine
    # a connection per concurrent request (uvicorn runs sync routes on up to 40 threads); the default 5 + 10 made the
    # 16th concurrent login wait for a connection while others hashed passwords
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 30)
    return create_engine(url, pool_pre_ping=True, **kwargs)


def deferred_bind(engine: Engine) -> Engine:
    """The engine whose SQLite transactions begin DEFERRED and take the write lock at their first write
    (web requests: a GET that only reads never waits for a writer; see ``make_engine``). Same pool; on
    PostgreSQL the option changes nothing (row locks, READ COMMITTED)."""
    option_engine: Engine | None = engine.__dict__.get(_DEFERRED_ATTR)
    if option_engine is None:
        option_engine = engine.__dict__[_DEFERRED_ATTR] = engine.execution_options(**{TX_OPTION: DEFERRED})
    return option_engine


def ping_engine(engine: Engine) -> None:
    """Round trip to the database outside any ORM session (health check; on SQLite a read: no write lock)."""
    with deferred_bind(engine).connect() as conn:
        conn.execute(text("SELECT 1"))


def affected_rows(result: Any) -> int:
    """Rows matched by an UPDATE/DELETE (``CursorResult.rowcount``; typed loosely by SQLAlchemy)."""
    return int(result.rowcount)


def ping(db: Session) -> None:
    """Round trip to the database (health check)."""
    db.execute(text("SELECT 1"))


def make_sessionmaker(engine: Engine) -> sessionmaker[Any]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade_schema(engine: Engine, *, master_key: bytes | None = None, revision: str = "head") -> None:
    """Bring the schema to the newest Alembic revision (idempotent).

    ``master_key``: data migrations that encrypt existing rows need it (0002 encrypts ID numbers); on an
    empty database it is not needed, on a populated one its absence is a clear error.
    """
    from alembic import command

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        cfg.attributes["master_key"] = master_key
        command.upgrade(cfg, revision)


def downgrade_schema(engine: Engine, revision: str, *, master_key: bytes | None = None) -> None:
    """Go back to ``revision`` (tests and emergency rollbacks; decrypting data migrations need the key)."""
    from alembic import command

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        cfg.attributes["master_key"] = master_key
        command.downgrade(cfg, revision)
