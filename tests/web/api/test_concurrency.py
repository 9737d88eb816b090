"""Concurrent requests against a real server: no errors, single-use objects used once, audit chain intact."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from eseal.platform.core.audit import verify_chain


def _browser(base):
    c = httpx.Client(base_url=base, timeout=30)
    c.headers["X-CSRF-Token"] = c.get("/api/v1/session").json()["csrf_token"]
    return c


def test_parallel_logins_and_single_use_challenge(live_server, demo_data_live):
    d = demo_data_live
    browsers = [_browser(live_server) for _ in range(6)]

    def login(c):
        r = c.post("/api/v1/auth/person/login", json={"account": d["person_phone"], "method": "password",
                                                      "password": d["person_password"], "agree": True})
        c.headers["X-CSRF-Token"] = r.json()["session"]["csrf_token"]  # rotated at login
        return r.status_code

    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(login, browsers)) == [200] * 6

    me = browsers[0].get("/api/v1/me").json()["account"]["id"]
    ch = browsers[0].post("/api/v1/willingness/challenges", json={
        "action": "account.change_password", "target_type": "account", "target_id": str(me)}).json()
    browsers[0].post(f"/api/v1/willingness/challenges/{ch['challenge_id']}/satisfy",
                     json={"method": "password", "password": d["verification_password"]})

    def change(i):
        return browsers[i].post("/api/v1/me/password", json={
            "new_password": f"Parallel{i}9", "new_password_confirm": f"Parallel{i}9",
            "willingness_challenge_id": ch["challenge_id"]}).status_code

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(change, range(6)))
    # exactly one wins; the others are refused (403: challenge already used, or 401: the winner's
    # password change logged the other sessions of this account out)
    assert results.count(200) == 1 and set(results) - {200} <= {401, 403}
    for c in browsers:
        c.close()
    with live_server.services.session() as db:
        assert verify_chain(db).ok


@pytest.fixture
def demo_data_live(live_server):
    from eseal.platform.demo import DEMO, seed_demo

    return {**DEMO.as_dict(), **seed_demo(live_server.services)}
