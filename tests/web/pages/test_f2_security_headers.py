"""[F2 #2] Security headers on every response: CSP without inline script or third-party origins, no framing,
nosniff, a referrer policy, HSTS in production only; and no inline script left in any template."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from eseal.platform.core import Services
from eseal.web.app import create_app
from eseal.web.templating import TEMPLATES_DIR

pytestmark = pytest.mark.db


def _directives(csp: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def assert_secure_headers(res, *, hsts: bool = False, framable_by_self: bool = False) -> None:
    h = res.headers
    csp = _directives(h["content-security-policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"], "no inline script, no eval, no third-party script"
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'self'"]
    for values in csp.values():  # no third-party origin anywhere
        assert not [v for v in values if re.match(r"(https?:|\*|//)", v)], csp
    if framable_by_self:
        assert csp["frame-ancestors"] == ["'self'"] and h["x-frame-options"] == "SAMEORIGIN"
    else:
        assert csp["frame-ancestors"] == ["'none'"] and h["x-frame-options"] == "DENY"
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "same-origin"
    assert ("strict-transport-security" in h) is hsts


@pytest.mark.parametrize("path", ["/login", "/login/enterprise", "/register", "/api/v1/session", "/healthz",
                                  "/static/css/app.css", "/static/js/app.js", "/api/v1/openapi.json",
                                  "/api/v1/nope", "/no-such-page", "/dev/sms-outbox"])
def test_every_response_carries_the_security_headers(client, path):
    res = client.get(path, headers={"Accept": "text/html"})
    assert_secure_headers(res)
    assert _directives(res.headers["content-security-policy"])["style-src"] == ["'self'"]


def test_error_and_redirect_responses_carry_them(client):
    assert_secure_headers(client.get("/me", follow_redirects=False))                 # 303 to /login
    assert_secure_headers(client.post("/api/v1/auth/enterprise/login", content=b"{"))  # 422
    assert_secure_headers(client.delete("/api/v1/session"))                          # 405
    big = client.post("/api/v1/sms/send", content=b"x" * (client.app.state.settings.max_body_bytes + 1))
    assert big.status_code == 413
    assert_secure_headers(big)


def test_agreement_may_be_framed_by_the_app_itself_only(client):
    """The registration forms open 《用户注册协议》 in a same-origin iframe sheet; nothing else frames."""
    assert_secure_headers(client.get("/agreement/user?embed=1"), framable_by_self=True)


def test_swagger_ui_gets_a_policy_that_works_without_inline_script(client):
    res = client.get("/api/v1/docs")
    assert res.status_code == 200
    assert_secure_headers(res)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", res.text), "inline <script> in the API docs page"


def test_hsts_only_in_production(services):
    prod = Services(**{**services.__dict__, "settings": services.settings.with_(env="production")})
    with TestClient(create_app(services=prod)) as c:
        res = c.get("/healthz")
    assert_secure_headers(res, hsts=True)
    assert res.headers["strict-transport-security"].startswith("max-age=31536000")


def test_no_template_has_inline_script_or_event_handler_or_style_attribute():
    offenders = []
    for file in sorted(TEMPLATES_DIR.rglob("*.html")):
        text = file.read_text(encoding="utf-8")
        for m in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=", text):
            offenders.append(f"{file.name}: {m.group(0).strip()}")
    assert not offenders, offenders
