"""[G1] 50 parallel stampings against a grant of 10 uses THROUGH HTTP: a real uvicorn server (in a thread, on the
test's app and database) and 50 real httpx clients, each in its own thread, released together on the signing
submit of its own document → exactly 10 answer 200 with use numbers 1..10, the other 40 answer 409
``grant.exhausted`` with its reason; the grant has 0 left and 10 use events (SQLite and PostgreSQL:
``ESEAL_TEST_DATABASE=postgresql``). The service-level race is tests/platform/grants/test_g1_use_race.py.

Regression (2026-12-02, before the fix 10 × 200 and 40 × 500 on both databases): the signing route's answer is
validated by FastAPI in another threadpool call BEFORE get_db commits, so the request holding SQLite's write lock
(or a pooled connection) waited for a worker thread while all 40 workers waited for that lock / a connection → 30 s
timeouts ("database is locked", QueuePool timeout); the route now commits in its own thread. On PostgreSQL the
write section took the grant row before the seal row while consume() may already hold the seal row (PIN
rehash): deadlocks; the seal row now comes first."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from d1_helpers import SEAL_PASSWORD, make_pdf, stamp, uploaded
from g1_helpers import granted_and_acting, world
from sqlalchemy import select

from eseal.platform.documents import Signing
from eseal.platform.grants import Grant, GrantEvent
from uvicorn_thread import serving

pytestmark = [pytest.mark.db, pytest.mark.slow]

PARALLEL, USES = 50, 10


@pytest.fixture
def served(app) -> Iterator[str]:
    """uvicorn serving the test's ``app`` (same services, same database) on a free port; the base URL."""
    with serving(app, limit_concurrency=200, backlog=256) as base:
        yield base


def test_fifty_parallel_http_stampings_against_a_grant_of_ten(app, make_client, register_enterprise,
                                                               register_person, served):
    w = world(app, make_client, register_enterprise, register_person)
    seal_a = w["a"]["seals"][0]
    gid = granted_and_acting(app, w, seal_ids=[seal_a], uses_total=USES)
    person = w["person"]
    # 50 documents, each prepared (its own willingness challenge): every submit below is a valid request
    jobs = []
    for n in range(PARALLEL):
        doc = uploaded(person, make_pdf(text=f"G1 race {n}"), f"并发{n}.pdf")
        r = person.post(f"/api/v1/documents/{doc['id']}/signing/prepare", json={"stamps": [stamp(seal_a)]})
        assert r.status_code == 200, r.text
        jobs.append((doc["id"], r.json()["challenge"]["challenge_id"]))
    cookies = {c.name: c.value for c in person.cookies.jar}
    headers = {"X-CSRF-Token": person.csrf}

    barrier = threading.Barrier(PARALLEL)
    results: list[tuple[int, dict[str, Any]]] = []
    lock = threading.Lock()

    def one(doc_id: int, cid: str) -> None:
        with httpx.Client(base_url=served, cookies=cookies, headers=headers, timeout=300) as http:
            body = {"stamps": [stamp(seal_a)], "willingness_challenge_id": cid, "seal_password": SEAL_PASSWORD}
            barrier.wait()
            r = http.post(f"/api/v1/documents/{doc_id}/signing", json=body)
        with lock:
            results.append((r.status_code, r.json()))

    threads = [threading.Thread(target=one, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    assert len(results) == PARALLEL
    # the guard: exactly USES stampings, never one more, each with its own use number; nothing lost, nothing free
    assert sum(1 for status, _ in results if status == 200) == USES, sorted(status for status, _ in results)
    with app.state.services.session() as db:
        grant = db.get(Grant, gid)
        assert (grant.uses_left, grant.last_use_number) == (0, USES)
        numbers = db.scalars(select(Signing.use_number).where(Signing.grant_id == gid)).all()
        assert sorted(numbers) == list(range(1, USES + 1))
        uses = db.scalars(select(GrantEvent.use_number).where(GrantEvent.grant_id == gid,
                                                              GrantEvent.action == "use")).all()
        assert sorted(uses) == list(range(1, USES + 1))
        assert db.scalars(select(GrantEvent.id).where(GrantEvent.grant_id == gid,
                                                      GrantEvent.action == "give_back")).all() == []
    # the target: every other request refused with the reason
    others = Counter((status, body.get("error", {}).get("code"), body.get("error", {}).get("message"))
                     for status, body in results if status != 200)
    assert others == {(409, "grant.exhausted", "授权次数已用完，不能使用该印章"): PARALLEL - USES}, dict(others)
