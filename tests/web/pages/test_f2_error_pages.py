"""[F2 #7] A browser asking for a page that does not exist (or is refused, or fails) gets an HTML page in the
app's look with a way back; API clients (and everything under /api/) keep the JSON error."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from eseal.web.app import create_app

pytestmark = pytest.mark.db

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def assert_html_error(res, status: int, title: str) -> None:
    assert res.status_code == status
    assert res.headers["content-type"].startswith("text/html")
    assert f"<title>{title} · 统一电子印章</title>" in res.text
    assert 'href="/" id="error-home"' in res.text and "返回首页" in res.text
    assert 'href="/static/css/app.css' in res.text  # the app's look
    assert res.headers["cache-control"] == "no-store"
    assert "content-security-policy" in res.headers


def test_unknown_page_is_an_html_404_for_browsers(client):
    res = client.get("/no-such-page", headers={"Accept": BROWSER_ACCEPT})
    assert_html_error(res, 404, "页面不存在")
    assert "404" in res.text


def test_unknown_page_stays_json_for_api_clients(client):
    for accept in ("application/json", "*/*", "application/json, text/html;q=0.5"):
        res = client.get("/no-such-page", headers={"Accept": accept})
        assert res.status_code == 404 and res.json()["error"]["code"] == "not_found", accept


def test_api_paths_answer_json_even_to_browsers(client):
    res = client.get("/api/v1/no-such-thing", headers={"Accept": BROWSER_ACCEPT})
    assert res.status_code == 404 and res.json()["error"]["code"] == "not_found"
    res = client.get("/api/v1/me", headers={"Accept": BROWSER_ACCEPT})
    assert res.status_code == 401 and res.json()["error"]["code"] == "not_authenticated"


def test_refused_page_request_is_an_html_403(app):
    with TestClient(app) as c:  # a form post without the CSRF token (a forged cross-site form)
        res = c.post("/dev/face/fc_nope", data={"outcome": "pass"}, headers={"Accept": BROWSER_ACCEPT})
    assert_html_error(res, 403, "无权访问")


def test_unknown_dev_face_check_is_an_html_404(client):
    assert_html_error(client.get("/dev/face/fc_nope", headers={"Accept": BROWSER_ACCEPT}), 404, "页面不存在")


def test_server_error_is_an_html_500_for_browsers_and_json_for_the_api(services):
    app = create_app(services=services)

    def boom() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/boom-page", boom)
    app.add_api_route("/api/v1/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as c:
        page = c.get("/boom-page", headers={"Accept": BROWSER_ACCEPT})
        api = c.get("/api/v1/boom", headers={"Accept": BROWSER_ACCEPT})
    assert_html_error(page, 500, "系统繁忙")
    assert "boom" not in page.text  # no internals shown
    assert api.status_code == 500 and api.json()["error"]["code"] == "internal_error"
    assert api.headers["x-frame-options"] == "DENY"  # sent outside the middleware, headers still there
