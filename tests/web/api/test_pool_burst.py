"""A burst of more concurrent requests than the database pool has connections must queue, not stall.

Each request reads its session (``deps.optional_session``) and then runs its endpoint in the routes' threadpool.
Before 2026-12-03 the session check was a sync dependency, in that same pool, and its transaction (its pooled
connection) stays open for the route: with more requests than connections, every pool thread could be waiting for
a connection in a session check while every connection belonged to a checked request waiting for a pool thread,
until the pool's 30 s timeout answered 500 (seen here: 80 requests, the test engine's 15 connections, anyio's 40
threads: 40 x 500). The session check now runs in threads of its own limiter, so a routes' thread is only taken by a
request that holds its connection. The second test holds the same invariant from the other side: 24 signings at
once through 2 pool threads. The third mixes in requests that take their connection in a route's thread (password
logins: no session check), which can fill every pool thread: before 2026-12-04 100 logins with 25 reads and 25 signing
prepares at once answered 500 for ~70 of them after 30 s on both databases (SQLite and PostgreSQL:
``ESEAL_TEST_DATABASE``)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from d1_helpers import SEAL_PASSWORD, make_pdf, person_with_seal, stamp, uploaded

from eseal.platform.documents import Document, DocumentRevision
from uvicorn_thread import serving

pytestmark = [pytest.mark.db, pytest.mark.slow]

BURST = 80


@pytest.fixture
def served(app: Any) -> Iterator[str]:
    """uvicorn on the test's app; ``GET /__test__/threads?tokens=N`` sets the served event loop's pool threads."""
    import anyio.to_thread
    from fastapi.responses import JSONResponse

    async def set_threads(request: Any) -> JSONResponse:
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = int(request.query_params["tokens"])
        return JSONResponse({"tokens": limiter.total_tokens})

    app.add_route("/__test__/threads", set_threads)
    with serving(app, limit_concurrency=500, backlog=512) as base:
        yield base


def test_a_burst_larger_than_the_pool_is_served(app: Any, client: Any, register_person: Any, served: str) -> None:
    pool = app.state.services.engine.pool
    connections = pool.size() + pool._max_overflow  # the pool's capacity, to size the burst
    assert BURST > 2 * connections, "the burst must exceed the pool for the test to mean anything"
    person_with_seal(app, client, register_person)
    doc = uploaded(client)
    cookies = {c.name: c.value for c in client.cookies.jar}
    barrier = threading.Barrier(BURST)
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def one(n: int) -> None:
        with httpx.Client(base_url=served, cookies=cookies, timeout=120) as http:
            barrier.wait()
            r = http.get(f"/api/v1/documents/{doc['id']}" if n % 2 else "/api/v1/documents")
        with lock:
            statuses[r.status_code] += 1

    threads = [threading.Thread(target=one, args=(n,)) for n in range(BURST)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert statuses == {200: BURST}, dict(statuses)


PARALLEL_SIGNINGS = 24


def test_parallel_signings_through_two_pool_threads_all_finish(app: Any, client: Any, register_person: Any,
                                                                 served: str) -> None:
    """The same invariant from the other side: with only 2 pool threads in the server's event loop (anyio's
    default limiter, set in the loop by the first request), 24 signing submits and reads at once all finish (before
    the fix: QueuePool timeouts, every connection held by a request waiting for one of the 2 threads)."""
    _, seal_id = person_with_seal(app, client, register_person)
    jobs = []
    for n in range(PARALLEL_SIGNINGS):
        doc = uploaded(client, make_pdf(text=f"threads {n}"), f"线程{n}.pdf")
        r = client.post(f"/api/v1/documents/{doc['id']}/signing/prepare", json={"stamps": [stamp(seal_id)]})
        assert r.status_code == 200, r.text
        jobs.append((doc["id"], r.json()["challenge"]["challenge_id"]))
    cookies = {c.name: c.value for c in client.cookies.jar}
    headers = {"X-CSRF-Token": client.csrf}
    with httpx.Client(base_url=served, cookies=cookies, timeout=30) as http:  # the served loop's limiter: 2 threads
        assert http.get("/__test__/threads?tokens=2").json() == {"tokens": 2}
    barrier = threading.Barrier(PARALLEL_SIGNINGS)
    results: list[tuple[int, int]] = []
    lock = threading.Lock()

    def one(doc_id: int, cid: str) -> None:
        with httpx.Client(base_url=served, cookies=cookies, headers=headers, timeout=120) as http:
            body = {"stamps": [stamp(seal_id)], "willingness_challenge_id": cid, "seal_password": SEAL_PASSWORD}
            barrier.wait()
            signed = http.post(f"/api/v1/documents/{doc_id}/signing", json=body).status_code
            listed = http.get("/api/v1/documents").status_code
        with lock:
            results.append((signed, listed))

    threads = [threading.Thread(target=one, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert results == [(200, 200)] * PARALLEL_SIGNINGS, results
    with app.state.services.session() as db:
        for doc_id, _ in jobs:
            doc = db.get(Document, doc_id)
            assert doc is not None and doc.status == "signed"
            rev = db.get(DocumentRevision, doc.current_revision_id)
            assert rev is not None and rev.number == 1


LOGINS = 100
CHECKED = 60


def test_logins_and_checked_requests_in_one_burst_are_served(app: Any, client: Any, register_person: Any,
                                                             served: str) -> None:
    """Logins take their connection in a route's thread and may fill all of them; checked requests (reads,
    prepares, and profile changes, which on SQLite take the write lock at BEGIN) must then not hold a connection
    or the write lock while they wait for one of those threads (``deps.optional_session``)."""
    people = [register_person(client) for _ in range(3)]
    _, seal_id = person_with_seal(app, client, register_person)
    doc = uploaded(client)
    cookies = {c.name: c.value for c in client.cookies.jar}
    headers = {"X-CSRF-Token": client.csrf}
    barrier = threading.Barrier(LOGINS + CHECKED)
    statuses: Counter[tuple[str, int]] = Counter()
    lock = threading.Lock()

    def login(n: int) -> None:
        person = people[n % len(people)]
        with httpx.Client(base_url=served, timeout=120) as http:
            http.get("/api/v1/health")  # a CSRF cookie for the anonymous visitor
            csrf = {"X-CSRF-Token": http.cookies.get("eseal_csrf") or ""}
            barrier.wait()
            r = http.post("/api/v1/auth/person/login", headers=csrf, json={
                "account": person["phone"], "method": "password", "password": "Passw0rd1", "agree": True})
        with lock:
            statuses["login", r.status_code] += 1

    def checked(n: int) -> None:
        with httpx.Client(base_url=served, cookies=cookies, headers=headers, timeout=120) as http:
            barrier.wait()
            if n % 3 == 0:
                r, kind = http.get(f"/api/v1/documents/{doc['id']}"), "read"
            elif n % 3 == 1:  # begins DEFERRED on SQLite (defer_write_lock)
                r = http.post(f"/api/v1/documents/{doc['id']}/signing/prepare", json={"stamps": [stamp(seal_id)]})
                kind = "prepare"
            else:  # takes SQLite's write lock at BEGIN
                r, kind = http.put("/api/v1/signing/profile", json={"profile": "gm"}), "profile"
        with lock:
            statuses[kind, r.status_code] += 1

    threads = [threading.Thread(target=login, args=(n,)) for n in range(LOGINS)]
    threads += [threading.Thread(target=checked, args=(n,)) for n in range(CHECKED)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert statuses == {("login", 200): LOGINS, ("read", 200): CHECKED // 3, ("prepare", 200): CHECKED // 3,
                        ("profile", 200): CHECKED // 3}, dict(statuses)
