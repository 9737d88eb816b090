"""Login, registration, role switch, enterprise entry and logout issue fresh session and CSRF tokens:
a token planted or read before the change no longer authorises state-changing requests."""

from __future__ import annotations

from apihelpers import api_error, switch_with_face
from fastapi.testclient import TestClient

PLANTED = "planted-by-an-attacker-0123456789"


def _csrf_refused(client, token: str) -> bool:
    r = client.post("/api/v1/willingness/challenges", json={"action": "x", "target_type": "account", "target_id": "1"},
                    headers={"X-CSRF-Token": token})
    return r.status_code == 403 and api_error(r)["code"] == "csrf_failed"


def _login(client, demo_data, account_key="person_phone"):
    return client.post("/api/v1/auth/person/login", json={"account": demo_data[account_key], "method": "password",
                                                           "password": demo_data["person_password"], "agree": True})


def test_login_replaces_a_planted_csrf_token(client, demo_data):
    client.cookies.set("eseal_csrf", PLANTED, domain="testserver.local")
    assert client.csrf == PLANTED
    r = _login(client, demo_data)
    assert r.status_code == 200
    fresh = r.json()["session"]["csrf_token"]
    assert fresh != PLANTED and client.csrf == fresh  # the cookie was replaced as well
    assert _csrf_refused(client, PLANTED)
    ok = client.post("/api/v1/willingness/challenges", json={"action": "account.change_password",
                                                             "target_type": "account", "target_id": "1"},
                     headers={"X-CSRF-Token": fresh})
    assert ok.status_code == 201


def test_registration_login_rotates_csrf(client, register_person):
    before = client.csrf
    p = register_person(client)
    assert p["session"]["csrf_token"] == client.csrf != before
    assert _csrf_refused(client, before)


def test_role_switch_rotates_session_and_csrf(app, client, demo_data):
    assert _login(client, demo_data, "legal_rep_phone").status_code == 200
    old_session, old_csrf = client.cookies.get("eseal_session"), client.csrf
    r = switch_with_face(client, demo_data["enterprise_id"])
    assert r.status_code == 200 and r.json()["session"]["acting_as"]["id"] == demo_data["enterprise_id"]
    assert client.cookies.get("eseal_session") != old_session
    assert r.json()["session"]["csrf_token"] == client.csrf != old_csrf
    assert _csrf_refused(client, old_csrf)
    assert client.get("/api/v1/session").json()["acting_as"]["id"] == demo_data["enterprise_id"]
    # the pre-switch session token is dead
    stale = TestClient(app, cookies={"eseal_session": old_session})
    assert stale.get("/api/v1/session").json()["authenticated"] is False
    # switching back also rotates
    current = client.cookies.get("eseal_session")
    assert client.post("/api/v1/session/acting-as", json={"enterprise_id": None}).status_code == 200
    assert client.cookies.get("eseal_session") != current


def test_enterprise_entry_rotates_session_and_keeps_the_face_state(app, client, demo_data):
    r = client.post("/api/v1/auth/enterprise/login", json={"credit_code": demo_data["credit_code"],
                                                           "password": demo_data["enterprise_password"], "agree": True})
    assert r.status_code == 200
    old_session, old_csrf = client.cookies.get("eseal_session"), client.csrf
    fc = client.post("/api/v1/face/checks", json={"purpose": "enterprise_entry"}).json()["face_check_id"]
    assert client.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": "pass"}).status_code == 200
    r = client.post("/api/v1/session/enterprise-entry", json={"face_check_id": fc})
    assert r.status_code == 200 and r.json()["session"]["enterprise_face_verified"] is True
    assert client.cookies.get("eseal_session") != old_session and client.csrf != old_csrf
    assert client.get("/api/v1/session").json()["enterprise_face_verified"] is True
    stale = TestClient(app, cookies={"eseal_session": old_session})
    assert stale.get("/api/v1/session").json()["authenticated"] is False


def test_logout_rotates_csrf(client, demo_data):
    assert _login(client, demo_data).status_code == 200
    before = client.csrf
    assert client.post("/api/v1/auth/logout").json() == {"ok": True}
    assert client.csrf != before
    r = client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": before})
    assert r.status_code == 403 and api_error(r)["code"] == "csrf_failed"
