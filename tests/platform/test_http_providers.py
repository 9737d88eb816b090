"""HTTP adapters against a fake HTTP service (httpx.MockTransport): request shape and error handling."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest

from eseal.platform.core import ProviderError, Settings
from eseal.platform.identity.providers import (
    AlipayOAuthProvider,
    HttpFaceProvider,
    HttpRealNameProvider,
    HttpSmsProvider,
    WeChatOAuthProvider,
)
from eseal.web.errors import status_for

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


class FakeService:
    """Records requests; answers from a dict of (method, path) → (status, json)."""

    def __init__(self, routes):
        self.routes = routes
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status, body = self.routes.get((request.method, request.url.path), (404, {"error": "nope"}))
        if isinstance(body, Exception):
            raise body
        return httpx.Response(status, json=body)

    @property
    def transport(self):
        return httpx.MockTransport(self)


def test_sms_gateway_posts_phone_and_text_with_bearer_token():
    fake = FakeService({("POST", "/send"): (200, {"ok": True})})
    HttpSmsProvider("https://sms.example/send", "s3cret", transport=fake.transport).send(None, "13800000001", "hi", NOW)
    req = fake.requests[0]
    assert json.loads(req.content) == {"phone": "13800000001", "text": "hi"}
    assert req.headers["authorization"] == "Bearer s3cret"


@pytest.mark.parametrize("answer", [(500, {"ok": False}), (200, {"ok": False}), (200, ["not", "a", "dict"]),
                                    (200, httpx.ConnectError("down"))])
def test_sms_gateway_failures_raise_provider_error(answer):
    fake = FakeService({("POST", "/send"): answer})
    with pytest.raises(ProviderError) as info:
        HttpSmsProvider("https://sms.example/send", transport=fake.transport).send(None, "13800000001", "hi", NOW)
    assert status_for(info.value) == 502 and info.value.message == "服务暂时不可用，请稍后再试"


def test_face_service_session_and_result():
    fake = FakeService({
        ("POST", "/api/sessions"): (201, {"session_id": "L-1", "verify_url": "https://face.example/v/L-1"}),
        ("GET", "/api/sessions/L-1"): (200, {"status": "passed", "score": 0.97}),
    })
    provider = HttpFaceProvider("https://face.example/api/", "t", transport=fake.transport)
    start = provider.start(check_id="fc_1", name="张三", id_type="resident_id", id_number="11010519491231002X",
                           return_url="https://app/back")
    assert start.provider_ref == "L-1" and start.verify_url == "https://face.example/v/L-1"
    body = json.loads(fake.requests[0].content)
    assert body["reference"] == "fc_1" and body["id_number"] == "11010519491231002X"
    result = provider.result("L-1")
    assert result.status == "passed" and result.score == "0.97"


def test_face_service_bad_status_is_an_error():
    fake = FakeService({("GET", "/sessions/x"): (200, {"status": "maybe"})})
    with pytest.raises(ProviderError):
        HttpFaceProvider("https://face.example", transport=fake.transport).result("x")


def test_realname_service_match_and_mismatch():
    for match in (True, False):
        fake = FakeService({("POST", "/check"): (200, {"match": match})})
        provider = HttpRealNameProvider("https://rn.example/check", transport=fake.transport)
        assert provider.verify(name="张三", id_type="resident_id", id_number="11010519491231002X") is match
    fake = FakeService({("POST", "/check"): (200, {"result": "ok"})})
    with pytest.raises(ProviderError):
        HttpRealNameProvider("https://rn.example/check", transport=fake.transport).verify(
            name="张三", id_type="resident_id", id_number="11010519491231002X")


def test_wechat_oauth_shape():
    s = Settings(wechat_app_id="wxAPP", wechat_app_secret="sec", wechat_base_url="https://open.wx",
                 wechat_api_url="https://api.wx")
    fake = FakeService({("GET", "/sns/oauth2/access_token"): (200, {"openid": "o-123", "access_token": "a"})})
    provider = WeChatOAuthProvider(s, transport=fake.transport)
    url = provider.authorize_url(state="st", redirect_uri="https://app/cb")
    assert url.startswith("https://open.wx/connect/oauth2/authorize?appid=wxAPP") and "state=st" in url
    assert url.endswith("#wechat_redirect")
    assert provider.exchange(None, "CODE", NOW) == "o-123"
    assert fake.requests[0].url.params["code"] == "CODE"
    fake.routes[("GET", "/sns/oauth2/access_token")] = (200, {"errcode": 40029, "errmsg": "invalid code"})
    with pytest.raises(ProviderError):
        provider.exchange(None, "BAD", NOW)


def test_alipay_oauth_shape():
    s = Settings(alipay_app_id="2021", alipay_base_url="https://auth.ali", alipay_gateway_url="https://gw.ali/gateway.do")
    fake = FakeService({("POST", "/gateway.do"): (200, {"alipay_system_oauth_token_response": {"user_id": "2088"}})})
    provider = AlipayOAuthProvider(s, transport=fake.transport)
    assert "publicAppAuthorize.htm?app_id=2021" in provider.authorize_url(state="s", redirect_uri="https://app/cb")
    assert provider.exchange(None, "AUTHCODE", NOW) == "2088"
    form = dict(x.split("=", 1) for x in fake.requests[0].content.decode().split("&"))
    assert form["method"] == "alipay.system.oauth.token" and form["code"] == "AUTHCODE"
