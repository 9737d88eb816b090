"""The app wired to the HTTP adapters (fake SMS gateway and liveness service via httpx.MockTransport)."""

from __future__ import annotations

import json

import httpx
import pytest
from apihelpers import api_error, new_id_number, new_phone
from fastapi.testclient import TestClient

from eseal.platform.core import Services
from eseal.platform.identity.providers import build_providers
from eseal.web.app import create_app


class FakeWorld:
    """A fake SMS gateway + liveness service + real-name service."""

    def __init__(self):
        self.sms: list[dict] = []
        self.face_status = "pending"
        self.sessions = 0
        self.face_requests: list[dict] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if host == "sms.test":
            self.sms.append(json.loads(request.content))
            return httpx.Response(200, json={"ok": True})
        if host == "rn.test":
            body = json.loads(request.content)
            return httpx.Response(200, json={"match": body["name"] != "不匹配"})
        if host == "face.test" and request.method == "POST":
            self.face_requests.append(json.loads(request.content))
            self.sessions += 1
            return httpx.Response(200, json={"session_id": f"S{self.sessions}",
                                             "verify_url": f"https://face.test/verify/S{self.sessions}"})
        if host == "face.test":
            return httpx.Response(200, json={"status": self.face_status, "score": "0.99"})
        if host == "down.test":
            raise httpx.ConnectError("connection refused")
        return httpx.Response(404)


@pytest.fixture
def world(services, browser_client):
    fake = FakeWorld()
    settings = services.settings.with_(sms_provider="http", face_provider="http", realname_provider="http",
                                       sms_http_url="https://sms.test/send", face_http_url="https://face.test",
                                       realname_http_url="https://rn.test/check")
    providers = build_providers(settings, transport=httpx.MockTransport(fake))
    app = create_app(services=Services(**{**services.__dict__, "settings": settings, "providers": providers}))
    return fake, browser_client(app), app


def _code(fake):
    import re

    return re.search(r"(\d{6})", fake.sms[-1]["text"]).group(1)


def test_registration_and_face_login_through_http_providers(world):
    fake, client, _app = world
    phone, number = new_phone(), new_id_number()
    client.post("/api/v1/sms/send", json={"purpose": "register", "phone": phone})
    assert fake.sms[-1]["phone"] == phone
    r = client.post("/api/v1/register/person", json={"mode": "realname", "id_type": "resident_id", "id_number": number,
                                                     "name": "王真实", "phone": phone, "sms_code": _code(fake),
                                                     "agree": True})
    assert r.status_code == 201
    client.post("/api/v1/auth/logout")
    check = client.post("/api/v1/face/checks", json={"purpose": "login", "account_type": "person",
                                                    "account": number, "return_to": "/login/face-done"}).json()
    assert fake.face_requests[-1]["return_url"] == "http://127.0.0.1:8000/login/face-done"
    assert check["simulated"] is False and check["verify_url"] == "https://face.test/verify/S1"
    assert client.get(f"/api/v1/face/checks/{check['face_check_id']}").json()["status"] == "pending"
    # there is no simulator in this configuration
    assert client.post(f"/api/v1/dev/face/{check['face_check_id']}/simulate",
                       json={"outcome": "pass"}).status_code == 404
    fake.face_status = "passed"
    assert client.get(f"/api/v1/face/checks/{check['face_check_id']}").json()["status"] == "passed"
    r = client.post("/api/v1/auth/person/login", json={"account": number, "method": "face",
                                                      "face_check_id": check["face_check_id"], "agree": True})
    assert r.status_code == 200


def test_realname_mismatch_from_the_service(world):
    fake, client, _app = world
    phone = new_phone()
    client.post("/api/v1/sms/send", json={"purpose": "register", "phone": phone})
    r = client.post("/api/v1/register/person", json={"mode": "realname", "id_type": "resident_id",
                                                     "id_number": new_id_number(), "name": "不匹配", "phone": phone,
                                                     "sms_code": _code(fake), "agree": True})
    assert api_error(r)["code"] == "realname_failed"


def test_gateway_down_is_a_502_with_a_chinese_message(services):
    settings = services.settings.with_(sms_provider="http", sms_http_url="https://down.test/send")
    providers = build_providers(settings, transport=httpx.MockTransport(FakeWorld()))
    client = TestClient(create_app(services=Services(**{**services.__dict__, "settings": settings,
                                                        "providers": providers})))
    client.headers["X-CSRF-Token"] = client.get("/api/v1/session").json()["csrf_token"]
    phone = new_phone()
    r = client.post("/api/v1/sms/send", json={"purpose": "register", "phone": phone})
    assert r.status_code == 502
    assert api_error(r) == {"code": "provider_error", "message": "服务暂时不可用，请稍后再试", "field": None}
    # nothing was delivered, so no cooldown: the retry reaches the gateway again
    assert client.post("/api/v1/sms/send", json={"purpose": "register", "phone": phone}).status_code == 502
