"""Review fixes: bounded inputs, request body limit, open redirects via control characters, brute force of
the 核验密码 across challenges, secrets in httpx logs."""

from __future__ import annotations

import logging

import httpx
import pytest
from apihelpers import api_error, fresh_proof


@pytest.mark.parametrize("path,body,field", [
    ("/api/v1/auth/person/lookup", {"account": "1" * 65}, "account"),
    ("/api/v1/auth/enterprise/login", {"credit_code": "9" * 18, "password": "p" * 129, "agree": True}, "password"),
    ("/api/v1/register/person", {"mode": "phone", "phone": "13800000009", "sms_code": "1" * 200, "agree": True},
     "sms_code"),
    ("/api/v1/face/checks", {"purpose": "login", "return_to": "/" + "a" * 300}, "return_to"),
    ("/api/v1/sms/send", {"purpose": "x" * 33, "phone": "13800000009"}, "purpose"),
])
def test_overlong_strings_are_refused_before_any_work(client, path, body, field):
    r = client.post(path, json=body)
    assert r.status_code == 422
    assert api_error(r) == {"code": "invalid_input", "message": "请检查输入内容", "field": field}


def test_every_request_string_field_is_bounded(app):
    """OpenAPI lists each request body: no string property may lack maxLength (new endpoints included)."""
    spec = app.openapi()
    unbounded = []
    for name, schema in spec["components"]["schemas"].items():
        if not name.endswith("In"):
            continue
        for prop, definition in schema.get("properties", {}).items():
            options = definition.get("anyOf", [definition])
            if any(o.get("type") == "string" and "maxLength" not in o and "enum" not in o for o in options):
                unbounded.append(f"{name}.{prop}")
    assert unbounded == []


def test_request_body_size_limit(client):
    big = {"account": "x", "padding": "y" * (1024 * 1024)}
    r = client.post("/api/v1/auth/person/lookup", json=big)
    assert r.status_code == 413
    assert api_error(r) == {"code": "body_too_large", "message": "提交的内容过大", "field": None}

    def chunks():  # no Content-Length: the limit still applies while reading
        for _ in range(40):
            yield b"y" * 32768

    r = client.post("/api/v1/auth/person/lookup", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    # normal requests are untouched
    assert client.post("/api/v1/auth/person/lookup", json={"account": "13800000009"}).status_code == 200


@pytest.mark.parametrize("evil", ["/\t/evil.example", "/\n/evil.example", "/ /evil.example", "//evil.example",
                                  "/\\evil.example", "https://evil.example"])
def test_next_never_leaves_the_site(client, demo_data, evil):
    from eseal.platform.identity import safe_next

    assert safe_next(evil) == "/home"
    client.post("/api/v1/auth/person/login", json={"account": demo_data["person_phone"], "method": "password",
                                                    "password": demo_data["person_password"], "agree": True})
    r = client.get("/login", params={"next": evil}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/home"
    r = client.get("/api/v1/oauth/wechat/start", params={"next": evil, "mode": "bind",
                                                         "challenge": fresh_proof(client, "account.bind_oauth")},
                   follow_redirects=False)
    assert r.status_code == 302
    with client.app.state.services.session() as db:
        from sqlalchemy import select

        from eseal.platform.identity import OAuthState

        assert db.scalars(select(OAuthState.next_url)).all()[-1] == "/me"


def test_verification_password_guessing_is_limited_across_challenges(client, demo_data):
    client.post("/api/v1/auth/person/login", json={"account": demo_data["person_phone"], "method": "password",
                                                    "password": demo_data["person_password"], "agree": True})
    me = client.get("/api/v1/me").json()["account"]["id"]
    codes = []
    for attempt in range(12):
        ch = client.post("/api/v1/willingness/challenges", json={
            "action": "account.change_password", "target_type": "account", "target_id": str(me)}).json()
        r = client.post(f"/api/v1/willingness/challenges/{ch['challenge_id']}/satisfy",
                        json={"method": "password", "password": f"{100000 + attempt}"})
        codes.append(r.status_code)
    assert codes[:10] == [400] * 10 and codes[10:] == [429, 429]
    # the right password is refused too while locked (no oracle), and works again an hour later
    ch = client.post("/api/v1/willingness/challenges", json={
        "action": "account.change_password", "target_type": "account", "target_id": str(me)}).json()
    right = {"method": "password", "password": demo_data["verification_password"]}
    r = client.post(f"/api/v1/willingness/challenges/{ch['challenge_id']}/satisfy", json=right)
    assert api_error(r)["code"] == "verification_password_locked"
    client.app.state.services.clock.advance(hours=1, seconds=1)
    ch = client.post("/api/v1/willingness/challenges", json={
        "action": "account.change_password", "target_type": "account", "target_id": str(me)}).json()
    r = client.post(f"/api/v1/willingness/challenges/{ch['challenge_id']}/satisfy", json=right)
    assert r.status_code == 200 and r.json()["status"] == "satisfied"


def test_wechat_app_secret_never_reaches_the_logs(caplog):
    from datetime import UTC, datetime

    from eseal.platform.core import Settings
    from eseal.platform.identity.providers import WeChatOAuthProvider

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.params["secret"] == "TOP-SECRET-APP-SECRET"  # it is still sent
        return httpx.Response(200, json={"openid": "o-1"})

    provider = WeChatOAuthProvider(Settings(wechat_app_id="wx1", wechat_app_secret="TOP-SECRET-APP-SECRET"),
                                   transport=httpx.MockTransport(handler))
    with caplog.at_level(logging.DEBUG):
        assert provider.exchange(None, "AUTH-CODE-123", datetime.now(UTC)) == "o-1"
    assert "HTTP Request" in caplog.text  # httpx did log the call...
    assert "TOP-SECRET-APP-SECRET" not in caplog.text and "AUTH-CODE-123" not in caplog.text  # ...without secrets


def test_oauth_callback_only_completes_in_the_browser_that_started_it(make_client, register_person):
    from urllib.parse import parse_qs, urlparse

    owner = make_client()
    register_person(owner)
    r = owner.get("/api/v1/oauth/wechat/start", params={"mode": "bind",
                                                        "challenge": fresh_proof(owner, "account.bind_oauth")},
                  follow_redirects=False)
    q = parse_qs(urlparse(r.headers["location"]).query)
    owner.post("/dev/oauth/wechat/authorize", data={"state": q["state"][0], "redirect_uri": q["redirect_uri"][0],
                                                     "openid": "attacker-openid", "csrf_token": owner.csrf})
    # the attacker starts a quick login with their own WeChat, stops at the callback URL and sends it on
    attacker = make_client()
    r = attacker.get("/api/v1/oauth/wechat/start", follow_redirects=False)
    q = parse_qs(urlparse(r.headers["location"]).query)
    r = attacker.post("/dev/oauth/wechat/authorize", data={"state": q["state"][0], "redirect_uri": q["redirect_uri"][0],
                                                           "openid": "attacker-openid", "csrf_token": attacker.csrf},
                      follow_redirects=False)
    callback = r.headers["location"]
    victim = make_client()
    r = victim.get(callback, follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == "/login?oauth=failed"
    assert victim.get("/api/v1/session").json()["authenticated"] is False
    # the same URL in the attacker's own browser still works (the state was not burnt by the victim)
    r = attacker.get(callback, follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == "/home"
    assert attacker.get("/api/v1/session").json()["authenticated"] is True
