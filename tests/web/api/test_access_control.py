"""No IDOR: every object is checked against the acting account; CSRF; cookies; auth required."""

from __future__ import annotations

import pytest
from apihelpers import api_error, set_verification_password

from eseal.platform.core import Services
from eseal.web.app import create_app


def _vpw(client, pw="135790"):
    set_verification_password(client, pw)


def test_other_accounts_challenges_are_invisible_and_unusable(make_client, register_person):
    alice, bob = make_client(), make_client()
    a = register_person(alice)
    register_person(bob)
    _vpw(alice)
    _vpw(bob)
    a_id = a["session"]["account"]["id"]
    ch = alice.post("/api/v1/willingness/challenges", json={"action": "account.change_password",
                                                            "target_type": "account", "target_id": str(a_id)}).json()
    cid = ch["challenge_id"]
    # bob cannot read, satisfy, trigger SMS for, or start a face check on alice's challenge
    assert bob.get(f"/api/v1/willingness/challenges/{cid}").status_code == 404
    r = bob.post(f"/api/v1/willingness/challenges/{cid}/satisfy", json={"method": "password", "password": "135790"})
    assert r.status_code == 404 and api_error(r)["code"] == "not_found"
    assert bob.post(f"/api/v1/willingness/challenges/{cid}/sms", json={}).status_code == 404
    assert bob.post("/api/v1/face/checks", json={"purpose": "willingness", "challenge_id": cid}).status_code == 404
    # alice satisfies it; bob still cannot spend it on his own account
    alice.post(f"/api/v1/willingness/challenges/{cid}/satisfy", json={"method": "password", "password": "135790"})
    r = bob.post("/api/v1/me/password", json={"new_password": "Hijack123", "new_password_confirm": "Hijack123",
                                              "willingness_challenge_id": cid})
    assert r.status_code == 403
    # ...and it is still usable by alice
    r = alice.post("/api/v1/me/password", json={"new_password": "Mine12345", "new_password_confirm": "Mine12345",
                                                "willingness_challenge_id": cid})
    assert r.status_code == 200


def test_face_check_of_another_browser_cannot_be_used(make_client, register_person):
    victim, attacker = make_client(), make_client()
    v = register_person(victim)
    fc = victim.post("/api/v1/face/checks", json={"purpose": "login", "account_type": "person",
                                                  "account": v["id_number"]}).json()["face_check_id"]
    victim.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": "pass"})
    r = attacker.post("/api/v1/auth/person/login", json={"account": v["id_number"], "method": "face",
                                                         "face_check_id": fc, "agree": True})
    assert api_error(r)["code"] == "face_not_passed"
    assert attacker.get("/api/v1/session").json()["authenticated"] is False


def test_login_face_check_is_bound_to_the_account(make_client, register_person):
    c = make_client()
    first = register_person(c)
    second = register_person(make_client())
    fc = c.post("/api/v1/face/checks", json={"purpose": "login", "account_type": "person",
                                             "account": first["id_number"]}).json()["face_check_id"]
    c.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": "pass"})
    r = c.post("/api/v1/auth/person/login", json={"account": second["id_number"], "method": "face",
                                                  "face_check_id": fc, "agree": True})
    assert api_error(r)["code"] == "face_not_passed"


def test_unbinding_only_touches_own_bindings(make_client, register_person):
    c = make_client()
    register_person(c)
    r = c.delete("/api/v1/me/oauth-bindings/wechat")
    assert r.status_code == 404


@pytest.mark.parametrize(("method", "path"), [("GET", "/api/v1/me"), ("GET", "/api/v1/me/auth-records"),
                                              ("POST", "/api/v1/willingness/challenges"),
                                              ("GET", "/api/v1/me/roles"), ("POST", "/api/v1/session/acting-as")])
def test_authentication_required(client, method, path):
    r = client.request(method, path, json={"action": "a", "target_type": "b", "target_id": "c"})
    assert r.status_code == 401 and api_error(r) == {"code": "not_authenticated", "message": "请先登录", "field": None}


def test_csrf_header_required_for_state_changes(client, register_person):
    register_person(client)
    for headers in ({"X-CSRF-Token": ""}, {"X-CSRF-Token": "forged"}):
        r = client.post("/api/v1/auth/logout", headers=headers)
        assert r.status_code == 403 and api_error(r)["code"] == "csrf_failed"
    assert client.get("/api/v1/session").json()["authenticated"] is True
    # a forged header without the matching cookie fails too
    client.cookies.delete("eseal_csrf")
    r = client.post("/api/v1/auth/logout")
    assert r.status_code == 403


def test_planted_csrf_cookie_does_not_work_for_a_logged_in_session(client, register_person):
    """D9: the CSRF token of a logged-in session is bound to the session; a cookie planted in the browser (e.g. from
    a sibling subdomain or injected over plain HTTP) together with a matching header is refused."""
    register_person(client)
    bound = client.csrf
    client.cookies.delete("eseal_csrf")
    client.cookies.set("eseal_csrf", "planted-by-attacker-0123456789", domain="testserver.local", path="/")
    assert client.csrf == "planted-by-attacker-0123456789"
    r = client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": "planted-by-attacker-0123456789"})
    assert r.status_code == 403 and api_error(r)["code"] == "csrf_failed"
    assert client.get("/api/v1/session").json()["authenticated"] is True
    # the next response puts the session's token back; the page (and the test client) then work again
    assert client.get("/api/v1/session").json()["csrf_token"] == bound == client.csrf
    assert client.post("/api/v1/auth/logout").status_code == 200


def test_csrf_token_changes_with_the_session(make_client, register_person):
    a, b = make_client(), make_client()
    register_person(a)
    register_person(b)
    assert a.csrf != b.csrf
    # b's (valid, own) token is not accepted for a's session
    b_token = b.csrf
    a.cookies.delete("eseal_csrf")
    a.cookies.set("eseal_csrf", b_token, domain="testserver.local", path="/")
    assert a.post("/api/v1/auth/logout", headers={"X-CSRF-Token": b_token}).status_code == 403


def test_production_cookies_are_secure_unless_explicitly_insecure(services):
    plain = services.settings.with_(env="production", public_url="http://seal.internal")
    assert plain.secure_cookies is True
    assert plain.with_(insecure_cookies=True).secure_cookies is False
    assert services.settings.with_(public_url="http://127.0.0.1:8000").secure_cookies is False  # development
    from eseal.platform.core import Settings

    assert Settings.from_env({"ESEAL_ENV": "production", "ESEAL_INSECURE_COOKIES": "1"}).insecure_cookies is True


def _register_raw(client):
    from apihelpers import new_phone

    phone = new_phone()
    client.post("/api/v1/sms/send", json={"purpose": "register", "phone": phone})
    code = client.get("/dev/sms-outbox.json", params={"phone": phone}).json()["messages"][0]["code"]
    r = client.post("/api/v1/register/person", json={"mode": "phone", "phone": phone, "sms_code": code, "agree": True})
    assert r.status_code == 201
    cookies = [h.lower() for h in r.headers.get_list("set-cookie") if h.startswith("eseal_session=")]
    assert len(cookies) == 1
    return cookies[0]


def test_cookie_flags(app, client):
    from fastapi.testclient import TestClient

    cookie = _register_raw(client)
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    csrf = TestClient(app).get("/healthz").headers["set-cookie"].lower()
    assert csrf.startswith("eseal_csrf=") and "samesite=lax" in csrf
    assert "httponly" not in csrf  # the CSRF cookie must be readable by the page's JS


def test_secure_cookie_behind_https(services):
    from fastapi.testclient import TestClient

    https = Services(**{**services.__dict__, "settings": services.settings.with_(public_url="https://seal.example")})
    client = TestClient(create_app(services=https), base_url="https://testserver")
    first = client.get("/api/v1/session")
    assert "secure" in first.headers["set-cookie"].lower()
    client.headers["X-CSRF-Token"] = first.json()["csrf_token"]
    assert "secure" in _register_raw(client)


def test_production_hides_dev_routes(services, tmp_path):
    from fastapi.testclient import TestClient

    from eseal.platform.identity.providers import (
        HttpFaceProvider,
        HttpRealNameProvider,
        HttpSmsProvider,
        Providers,
    )

    settings = services.settings.with_(env="production", sms_provider="http", face_provider="http",
                                       realname_provider="http", oauth_provider="http")
    providers = Providers(sms=HttpSmsProvider("http://sms.invalid"), face=HttpFaceProvider("http://face.invalid"),
                          realname=HttpRealNameProvider("http://rn.invalid"), oauth={})
    prod = Services(**{**services.__dict__, "settings": settings, "providers": providers})
    client = TestClient(create_app(services=prod))
    assert client.get("/dev/sms-outbox").status_code == 404
    assert client.get("/dev/sms-outbox.json").status_code == 404
    assert client.post("/api/v1/dev/face/fc_x/simulate", json={"outcome": "pass"}).status_code == 404
    assert client.get("/api/v1/meta/options").json()["dev_mode"] is False


def test_production_refuses_dev_providers_at_start(services):
    from eseal.platform.bootstrap import build_services
    from eseal.platform.core import SettingsError

    with pytest.raises(SettingsError):
        build_services(services.settings.with_(env="production"), engine=services.engine)


def test_openapi_documents_the_api(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/register/enterprise", "/api/v1/auth/person/login", "/api/v1/willingness/challenges",
                 "/api/v1/face/checks", "/api/v1/sms/send"):
        assert path in spec["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and "/api/v1/openapi.json" in docs.text
    # Swagger UI 5 is vendored by `make setup` (scripts/vendor-js.sh): served locally, no CDN
    assert "/api/v1/docs-assets/swagger-ui-bundle.js" in docs.text and "//cdn" not in docs.text
    asset = client.get("/api/v1/docs-assets/swagger-ui-bundle.js")
    assert asset.status_code == 200 and len(asset.content) > 1_000_000
