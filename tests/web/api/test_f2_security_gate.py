"""[F2] item 1: the enterprise face gate (manual §3.2) is enforced by the API, not only by the pages.

Until the legal representative's face check passed, an enterprise session may call only the gate's own routes
(``eseal.web.deps.GATE_ROUTES``); every other route of the OpenAPI document answers 403
``enterprise_face_required``. The walk below covers every path × method of ``app.openapi()``, so a route added
later without the gate fails here.
"""

from __future__ import annotations

import re

from apihelpers import api_error

from eseal.web.deps import GATE_ROUTES

GATE_ERROR = {"code": "enterprise_face_required", "message": "请先完成法定代表人人脸识别", "field": None}
EXPECTED_GATE_ROUTES = {
    ("GET", "/api/v1/session"),                            # session state
    ("POST", "/api/v1/face/checks"),                       # start the face check
    ("GET", "/api/v1/face/checks/{check_id}"),             # poll it
    ("POST", "/api/v1/session/enterprise-entry"),          # use the passed check: opens the gate
    ("POST", "/api/v1/auth/logout"),                       # the way out
    ("POST", "/api/v1/dev/face/{check_id}/simulate"),      # the development face simulator (not in production)
}


def _operations(app):
    for path, methods in app.openapi()["paths"].items():
        for method in methods:
            yield method.upper(), path


def _call(client, method, path):
    url = re.sub(r"\{[^}]+\}", "x1", path)
    if method in ("POST", "PUT", "PATCH"):
        return client.request(method, url, json={})
    return client.request(method, url)


def test_the_allow_list_is_small_and_explicit():
    assert set(GATE_ROUTES) == EXPECTED_GATE_ROUTES


def test_every_route_but_the_gate_refuses_an_ungated_enterprise_session(app, client, register_enterprise):
    register_enterprise(client)
    assert client.get("/api/v1/session").json()["needs_enterprise_face_check"] is True
    operations = sorted(set(_operations(app)))
    assert len(operations) >= 25  # the whole document, not a subset
    assert {op for op in operations if op in GATE_ROUTES} == EXPECTED_GATE_ROUTES  # every gate route exists
    refused, passed = [], []
    for method, path in operations:
        if (method, path) == ("POST", "/api/v1/auth/logout"):
            continue  # would end the session under test; checked below
        r = _call(client, method, path)
        is_gate = r.status_code == 403 and r.headers["content-type"].startswith("application/json") \
            and api_error(r) == GATE_ERROR
        (refused if is_gate else passed).append((method, path))
    assert set(passed) == EXPECTED_GATE_ROUTES - {("POST", "/api/v1/auth/logout")}, passed
    assert len(refused) == len(operations) - len(EXPECTED_GATE_ROUTES)
    assert client.post("/api/v1/auth/logout").json() == {"ok": True}
    assert client.get("/api/v1/session").json()["authenticated"] is False


def test_issue_examples_me_records_and_password_change_by_willingness(client, make_client, register_enterprise):
    """The issue's reproduction: /me, /me/auth-records and a password change through a willingness challenge."""
    e = register_enterprise(client)
    for url in ("/api/v1/me", "/api/v1/me/auth-records", "/api/v1/me/roles"):
        r = client.get(url)
        assert r.status_code == 403 and api_error(r) == GATE_ERROR, url
    account_id = e["session"]["account"]["id"]
    r = client.post("/api/v1/willingness/challenges", json={"action": "account.change_password",
                                                            "target_type": "account", "target_id": str(account_id)})
    assert r.status_code == 403 and api_error(r) == GATE_ERROR
    r = client.post("/api/v1/me/password", json={"new_password": "Other1234", "new_password_confirm": "Other1234",
                                                 "willingness_challenge_id": "wc_x"})
    assert r.status_code == 403 and api_error(r) == GATE_ERROR
    # nothing was changed: the old password still logs in, the new one does not
    for password, status in (("Other1234", 401), (e["password"], 200)):
        r = make_client().post("/api/v1/auth/enterprise/login", json={"credit_code": e["credit_code"],
                                                                      "password": password, "agree": True})
        assert r.status_code == status


def test_after_the_face_check_the_enterprise_may_use_the_api(client, register_enterprise):
    e = register_enterprise(client)
    fc = client.post("/api/v1/face/checks", json={"purpose": "enterprise_entry"}).json()["face_check_id"]
    assert client.get(f"/api/v1/face/checks/{fc}").json()["status"] == "pending"
    assert client.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": "pass"}).status_code == 200
    r = client.post("/api/v1/session/enterprise-entry", json={"face_check_id": fc})
    assert r.status_code == 200 and r.json()["session"]["needs_enterprise_face_check"] is False
    assert client.get("/api/v1/me").json()["account"]["credit_code"] == e["credit_code"]
    assert client.get("/api/v1/me/auth-records").status_code == 200


def test_a_fresh_enterprise_login_is_gated_again(client, make_client, register_enterprise):
    e = register_enterprise(make_client())
    r = client.post("/api/v1/auth/enterprise/login", json={"credit_code": e["credit_code"], "password": e["password"],
                                                           "agree": True})
    assert r.status_code == 200
    r = client.get("/api/v1/me")
    assert r.status_code == 403 and api_error(r) == GATE_ERROR


def test_persons_and_anonymous_visitors_are_not_gated(client, make_client, register_person):
    assert make_client().get("/api/v1/health").status_code == 200
    register_person(client)
    assert client.get("/api/v1/me").status_code == 200
    assert client.get("/api/v1/me/auth-records").status_code == 200
