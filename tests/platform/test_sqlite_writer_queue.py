"""[D1] SQLite writers of one process queue first come, first served (``core.db._WriterQueue``) instead of polling
``BEGIN IMMEDIATE``; the turn is given back at every end of the transaction — commit, rollback, an error inside the
unit of work, the connection's invalidation or close — so a failing write never leaves the process's writers stuck.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import anyio
import pytest
from sqlalchemy import Column, Integer, MetaData, Table, select, text
from sqlalchemy.orm import Session

from eseal.platform.core import db as core_db
from eseal.platform.core.db import deferred_bind, make_engine

META = MetaData()
T = Table("t", META, Column("id", Integer, primary_key=True), Column("v", Integer))


@pytest.fixture
def engine(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'q.db'}")
    META.create_all(engine)
    try:
        yield engine
    finally:
        engine.dispose()


def _queue(engine) -> core_db._WriterQueue:
    with engine.connect() as conn:
        queue = conn.connection.dbapi_connection._writer_queue
        conn.rollback()
    assert isinstance(queue, core_db._WriterQueue)
    return queue


def _free(queue: core_db._WriterQueue) -> bool:
    """The turn can be taken at once (nobody holds it)."""
    if not queue.acquire(timeout=0.5):
        return False
    queue.release()
    return True


def test_the_queue_serves_waiters_in_arrival_order():
    queue = core_db._WriterQueue()
    assert queue.acquire(timeout=1)
    order: list[int] = []
    threads = []
    for n in range(5):
        def wait(n: int = n) -> None:
            assert queue.acquire(timeout=10)
            order.append(n)
            queue.release()
        threads.append(threading.Thread(target=wait))
        threads[-1].start()
        deadline = time.monotonic() + 5
        while len(queue._waiters) < n + 1:  # this thread is queued before the next one starts
            assert time.monotonic() < deadline
            time.sleep(0.001)
    queue.release()
    for t in threads:
        t.join(10)
    assert order == [0, 1, 2, 3, 4]


def test_a_waiter_gives_up_after_its_timeout_and_leaves_the_queue():
    queue = core_db._WriterQueue()
    assert queue.acquire(timeout=1)
    started = time.monotonic()
    assert not queue.acquire(timeout=0.1)
    assert time.monotonic() - started >= 0.09
    assert not queue._waiters
    queue.release()
    assert _free(queue)


def test_commit_rollback_and_errors_give_the_turn_back(engine):
    queue = _queue(engine)
    with engine.begin() as conn:  # BEGIN IMMEDIATE: the turn is taken
        conn.execute(T.insert().values(id=1, v=1))
        assert queue._held
    assert _free(queue)
    with engine.connect() as conn:
        conn.execute(T.insert().values(id=2, v=2))
        conn.rollback()
    assert _free(queue)
    with pytest.raises(RuntimeError), engine.begin() as conn:
        conn.execute(T.insert().values(id=3, v=3))
        raise RuntimeError("the route failed")
    assert _free(queue)
    with pytest.raises(Exception, match="UNIQUE"), engine.begin() as conn:  # a failing statement
        conn.execute(T.insert().values(id=1, v=9))
    assert _free(queue)
    with engine.connect() as conn:
        assert conn.execute(select(T.c.id).order_by(T.c.id)).scalars().all() == [1]


def test_an_invalidated_or_closed_connection_gives_the_turn_back(engine):
    queue = _queue(engine)
    conn = engine.connect()
    conn.execute(T.insert().values(id=1, v=1))
    assert queue._held
    conn.invalidate()  # the pool closes the DBAPI connection
    conn.close()
    assert _free(queue)
    raw = engine.raw_connection()
    cur = raw.cursor()
    core_db._begin_immediate(cur)
    assert queue._held
    raw.dbapi_connection.close()
    assert _free(queue)
    raw.invalidate()


def test_a_deferred_session_takes_its_turn_at_the_first_write_and_a_failing_unit_of_work_releases_it(engine):
    queue = _queue(engine)
    with Session(bind=deferred_bind(engine)) as db:
        db.execute(select(T.c.id)).all()
        assert not queue._held  # reading: no turn, no write lock
        db.execute(T.insert().values(id=1, v=1))
        assert queue._held
        db.rollback()
    assert _free(queue)
    db = Session(bind=deferred_bind(engine))
    db.execute(T.insert().values(id=2, v=2))
    db.close()  # closed without commit (the request went away): rolled back, turn given back
    assert _free(queue)


def test_concurrent_writers_of_one_process_all_commit_in_turn(engine):
    """20 threads, each 10 read-then-write transactions through a deferred session: every increment lands."""
    with engine.begin() as conn:
        conn.execute(T.insert().values(id=1, v=0))
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(10):
                with Session(bind=deferred_bind(engine)) as db:
                    db.execute(select(T.c.v)).all()
                    db.execute(text("UPDATE t SET v = v + 1 WHERE id = 1"))
                    db.commit()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    with engine.connect() as conn:
        assert conn.execute(select(T.c.v)).scalar_one() == 200
    assert _free(_queue(engine))


def test_another_process_holding_the_lock_is_still_waited_for(engine, tmp_path: Path):
    """The queue's head still polls for SQLite's lock (held here by a plain connection, like another process)."""
    import sqlite3

    other = sqlite3.connect(str(tmp_path / "q.db"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    done = threading.Event()

    def write() -> None:
        with engine.begin() as conn:
            conn.execute(T.insert().values(id=1, v=1))
        done.set()

    thread = threading.Thread(target=write)
    thread.start()
    assert not done.wait(0.2)  # waiting for the other "process"
    other.execute("COMMIT")
    other.close()
    assert done.wait(10)
    thread.join(10)
    assert _free(_queue(engine))


def _request(services, method: str):
    from starlette.requests import Request

    class _App:
        class state:  # the shape of app.state
            pass

    app = _App()
    app.state.services = services
    return Request({"type": "http", "method": method, "app": app, "headers": [], "path": "/x"})


@pytest.mark.parametrize("method", ["POST", "GET"])  # BEGIN IMMEDIATE at once / DEFERRED, upgraded at the write
@pytest.mark.parametrize("ending", ["ok", "business_error", "crash", "abandoned"])
def test_every_end_of_a_requests_unit_of_work_gives_the_turn_back(services, method, ending):
    """``web.deps.get_db`` as FastAPI drives it: committed, a PlatformError (committed), any other error (rolled
    back), or a generator dropped mid-way (closed): the process's next writer gets the lock at once."""
    from sqlalchemy import update as sa_update

    from eseal.platform.core import AuditHead, PlatformError
    from eseal.web.deps import get_db

    if services.engine.dialect.name != "sqlite":
        pytest.skip("the SQLite writer queue")
    queue = _queue(services.engine)

    async def drive() -> None:  # get_db is an async generator dependency
        unit = get_db(_request(services, method))
        db = await unit.__anext__()
        db.execute(sa_update(AuditHead).where(AuditHead.id == 0).values(last_id=0))  # a write that changes nothing
        assert queue._held
        if ending == "ok":
            with pytest.raises(StopAsyncIteration):
                await unit.__anext__()
        elif ending == "business_error":
            with pytest.raises(PlatformError):
                await unit.athrow(PlatformError("x", "x"))
        elif ending == "crash":
            with pytest.raises(RuntimeError):
                await unit.athrow(RuntimeError("the route failed"))
        else:
            await unit.aclose()

    anyio.run(drive)
    assert _free(queue)
    with services.engine.begin() as conn:  # another writer of this process: no wait
        started = time.monotonic()
        conn.execute(sa_update(AuditHead).where(AuditHead.id == 0).values(last_id=0))
    assert time.monotonic() - started < 5
