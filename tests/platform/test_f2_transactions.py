"""[F2] #14: SQLite takes the write lock only for requests that write.

Safe-method requests begin DEFERRED and are upgraded (BEGIN IMMEDIATE, which waits) at their first write; unsafe
methods still take the lock at BEGIN; health and static files need no ORM session at all.
"""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import select, update

from eseal.platform.accounts import LoginThrottle
from eseal.platform.demo import DEMO, seed_demo


def _sqlite_path(services) -> str:
    if services.engine.dialect.name != "sqlite":
        pytest.skip("the SQLite write lock")
    return services.engine.url.database


class WriteLockHolder:
    """Another process's writer: holds the SQLite write lock (BEGIN IMMEDIATE) until released."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.conn.execute("COMMIT")
        self.conn.close()


def _in_thread(fn):
    done, out = threading.Event(), {}

    def run():
        try:
            out["value"] = fn()
        except BaseException as exc:  # reported by the test
            out["error"] = exc
        done.set()

    threading.Thread(target=run, daemon=True).start()
    return done, out


def test_reads_do_not_queue_behind_a_writer(app, client, services):
    seed_demo(services)
    client.headers["X-CSRF-Token"] = client.post("/api/v1/auth/person/login", json={
        "account": DEMO.person_phone, "method": "password", "password": DEMO.person_password,
        "agree": True}).json()["session"]["csrf_token"]
    holder = WriteLockHolder(_sqlite_path(services))
    try:
        done, out = _in_thread(lambda: [client.get(p).status_code for p in
                                        ("/api/v1/health", "/api/v1/session", "/api/v1/me", "/api/v1/me/roles")])
        # the reads answer while the lock is held (before: each waited for BEGIN IMMEDIATE, up to busy_timeout)
        assert done.wait(15), "GET requests waited for the write lock"
    finally:
        holder.release()
    assert out.get("value") == [200, 200, 200, 200], out


def test_a_read_that_writes_waits_for_the_lock_and_succeeds(app, client, services):
    """GET /api/v1/me of a session idle for over a minute writes (last_seen): the deferred transaction is
    upgraded at that write and waits for the writer instead of failing with "database is locked"."""
    seed_demo(services)
    client.post("/api/v1/auth/person/login", json={
        "account": DEMO.person_phone, "method": "password", "password": DEMO.person_password, "agree": True})
    services.clock.advance(seconds=120)
    holder = WriteLockHolder(_sqlite_path(services))
    done, out = _in_thread(lambda: client.get("/api/v1/me"))
    done.wait(1)
    holder.release()
    assert done.wait(30)
    assert "error" not in out, out
    assert out["value"].status_code == 200, out["value"].text


def test_deferred_session_upgraded_at_first_write_sees_the_newest_row(services):
    """Read in a deferred transaction, another writer commits, then write: no SQLITE_BUSY, and the write applies to
    the newest row (on both backends)."""
    from eseal.platform.core import deferred_bind

    with services.session() as db:
        db.add(LoginThrottle(key="tx:upgrade", failures=0))
    reader = services.sessionmaker(bind=deferred_bind(services.engine))
    try:
        assert reader.scalar(select(LoginThrottle.failures).where(LoginThrottle.key == "tx:upgrade")) == 0
        with services.session() as db:  # a writer commits meanwhile
            db.get(LoginThrottle, "tx:upgrade").failures = 5
        reader.execute(update(LoginThrottle).where(LoginThrottle.key == "tx:upgrade")
                       .values(failures=LoginThrottle.failures + 1).execution_options(synchronize_session=False))
        reader.commit()
    finally:
        reader.close()
    with services.session() as db:
        assert db.get(LoginThrottle, "tx:upgrade").failures == 6


def test_static_files_carry_no_csrf_cookie(app):
    from fastapi.testclient import TestClient

    visitor = TestClient(app)  # no cookie yet
    r = visitor.get("/static/css/app.css")
    assert r.status_code == 200 and "set-cookie" not in r.headers
    # the API (and the pages) still hand one out
    assert visitor.get("/api/v1/session").headers["set-cookie"].startswith("eseal_csrf=")


def test_concurrent_touching_reads_and_logins(live_server):
    """Logged-in GETs that write (idle sessions are touched) beside concurrent logins: no error on either backend."""
    seed_demo(live_server.services)

    def browser() -> httpx.Client:
        c = httpx.Client(base_url=live_server, timeout=60)
        c.headers["X-CSRF-Token"] = c.get("/api/v1/session").json()["csrf_token"]
        return c

    def login(c: httpx.Client) -> int:
        r = c.post("/api/v1/auth/person/login", json={"account": DEMO.person_phone, "method": "password",
                                                      "password": DEMO.person_password, "agree": True})
        return r.status_code

    readers = [browser() for _ in range(6)]
    assert [login(c) for c in readers] == [200] * 6
    live_server.services.clock.advance(seconds=120)  # every reader's next GET touches its session (a write)
    writers = [browser() for _ in range(6)]
    with ThreadPoolExecutor(12) as pool:
        gets = [pool.submit(lambda c=c: [c.get("/api/v1/me").status_code for _ in range(5)]) for c in readers]
        posts = [pool.submit(login, c) for c in writers]
        assert [f.result() for f in gets] == [[200] * 5] * 6
        assert [f.result() for f in posts] == [200] * 6
    for c in readers + writers:
        c.close()
