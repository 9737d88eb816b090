"""A burst of more concurrent requests than the database pool has connections must queue, not stall.

Each request reads its session in a threadpool call (``deps.optional_session``) and runs its endpoint in another.
Before 2026-12-03 the session's transaction, and so its pooled connection, stayed open between the two calls: with
more requests than connections, every pool thread could be waiting for a connection while every connection
belonged to a request waiting for a pool thread, until the pool's 30 s timeout answered 500 (seen here: 80
requests, the test engine's 15 connections, anyio's 40 threads). The session check now ends its read transaction,
so a connection is held only by a thread that is running (SQLite and PostgreSQL: ``ESEAL_TEST_DATABASE``)."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from d1_helpers import person_with_seal, uploaded

pytestmark = [pytest.mark.db, pytest.mark.slow]

BURST = 80


@pytest.fixture
def served(app: Any) -> Iterator[str]:
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off",
                                           limit_concurrency=500, backlog=512))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


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
