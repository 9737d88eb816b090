"""HTTP adapters for real identity services (httpx, short timeouts, errors → ProviderError).

The wire formats are deliberately simple and documented here, so an integrator can put a small
adapter service in front of a vendor:

* SMS gateway: ``POST {url}`` JSON ``{"phone", "text"}``, header ``Authorization: Bearer <token>``;
  any 2xx with ``{"ok": true}`` is success.
* Liveness/face service: ``POST {url}/sessions`` ``{"reference", "name", "id_type", "id_number",
  "return_url"}`` → ``{"session_id", "verify_url"}``; ``GET {url}/sessions/{id}`` →
  ``{"status": "pending"|"passed"|"failed", "score": "0.98"}``.
* Real-name check: ``POST {url}`` ``{"name", "id_type", "id_number"}`` → ``{"match": true|false}``.
* Business registry (工商登记核验): ``POST {url}`` ``{"credit_code", "name", "legal_rep_name"}`` →
  ``{"result": "match"|"mismatch"|"not_found", "mismatched": ["name", "legal_rep_name"]}`` (``mismatched``
  optional: which fields differ on a mismatch).
* WeChat (网页授权, shaped like open.weixin.qq.com / api.weixin.qq.com ``sns/oauth2/access_token``) and
  Alipay (``alipay.system.oauth.token``). The Alipay request signature (RSA2 over the sorted
  parameters) is not implemented yet: ``AlipayOAuthProvider`` expects an adapter that signs.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import httpx

from eseal.platform.core import FaceResult, FaceStart, ProviderError, RegistryAnswer, RegistryStatus, Settings

log = logging.getLogger(__name__)
TIMEOUT = httpx.Timeout(10.0, connect=5.0)


class _RedactQuery(logging.Filter):
    """httpx logs every request URL at INFO ("HTTP Request: GET https://...?secret=...&code=..."): the WeChat
    token call carries the app secret and the authorization code in the query. Drop query strings from those
    records so no secret reaches the logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(_strip_query(a) for a in record.args)
        return True


def _strip_query(value: Any) -> Any:
    if isinstance(value, httpx.URL) and value.query:
        return value.copy_with(query=None).copy_with(fragment=None).__str__() + "?[redacted]"
    if isinstance(value, str) and "?" in value and "://" in value:
        return value.split("?", 1)[0] + "?[redacted]"
    return value


if not any(isinstance(f, _RedactQuery) for f in logging.getLogger("httpx").filters):
    logging.getLogger("httpx").addFilter(_RedactQuery())


def _client(token: str = "", transport: Any = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(timeout=TIMEOUT, headers=headers, transport=transport)


def _json(response: httpx.Response, what: str) -> dict[str, Any]:
    if response.status_code // 100 != 2:
        raise ProviderError(f"{what}: HTTP {response.status_code}")
    try:
        data = response.json()
    except ValueError as exc:
        raise ProviderError(f"{what}: response is not JSON") from exc
    if not isinstance(data, dict):
        raise ProviderError(f"{what}: unexpected JSON shape")
    return data


def _call(what: str, fn: Any) -> dict[str, Any]:
    try:
        return _json(fn(), what)
    except httpx.HTTPError as exc:
        log.warning("%s failed: %s", what, type(exc).__name__)
        raise ProviderError(f"{what}: {type(exc).__name__}") from exc


class HttpSmsProvider:
    name = "http"
    simulated = False

    def __init__(self, url: str, token: str = "", transport: Any = None) -> None:
        if not url:
            raise ValueError("ESEAL_SMS_HTTP_URL is required when ESEAL_SMS_PROVIDER=http")
        self.url, self.token, self.transport = url, token, transport

    def send(self, db: Any, phone: str, text: str, now: datetime) -> None:
        with _client(self.token, self.transport) as c:
            data = _call("sms gateway", lambda: c.post(self.url, json={"phone": phone, "text": text}))
        if data.get("ok") is not True:
            raise ProviderError("sms gateway refused the message")


class HttpFaceProvider:
    name = "http"
    simulated = False

    def __init__(self, url: str, token: str = "", transport: Any = None) -> None:
        if not url:
            raise ValueError("ESEAL_FACE_HTTP_URL is required when ESEAL_FACE_PROVIDER=http")
        self.url, self.token, self.transport = url.rstrip("/"), token, transport

    def start(self, *, check_id: str, name: str, id_type: str, id_number: str, return_url: str) -> FaceStart:
        body = {"reference": check_id, "name": name, "id_type": id_type, "id_number": id_number,
                "return_url": return_url}
        with _client(self.token, self.transport) as c:
            data = _call("face service", lambda: c.post(f"{self.url}/sessions", json=body))
        if not data.get("session_id") or not data.get("verify_url"):
            raise ProviderError("face service: missing session_id/verify_url")
        return FaceStart(provider_ref=str(data["session_id"]), verify_url=str(data["verify_url"]))

    def result(self, provider_ref: str) -> FaceResult:
        with _client(self.token, self.transport) as c:
            data = _call("face service", lambda: c.get(f"{self.url}/sessions/{provider_ref}"))
        status = data.get("status")
        if status not in ("pending", "passed", "failed"):
            raise ProviderError("face service: bad status")
        score = data.get("score")
        return FaceResult(status=str(status), score=None if score is None else str(score))


class HttpRealNameProvider:
    name = "http"
    simulated = False

    def __init__(self, url: str, token: str = "", transport: Any = None) -> None:
        if not url:
            raise ValueError("ESEAL_REALNAME_HTTP_URL is required when ESEAL_REALNAME_PROVIDER=http")
        self.url, self.token, self.transport = url, token, transport

    def verify(self, *, name: str, id_type: str, id_number: str) -> bool:
        with _client(self.token, self.transport) as c:
            data = _call("real-name service",
                         lambda: c.post(self.url, json={"name": name, "id_type": id_type, "id_number": id_number}))
        match = data.get("match")
        if not isinstance(match, bool):
            raise ProviderError("real-name service: missing boolean 'match'")
        return match


class HttpEnterpriseRegistry:
    name = "http"
    simulated = False
    FIELDS = ("name", "legal_rep_name")

    def __init__(self, url: str, token: str = "", transport: Any = None) -> None:
        if not url:
            raise ValueError("ESEAL_REGISTRY_HTTP_URL is required when ESEAL_REGISTRY_PROVIDER=http")
        self.url, self.token, self.transport = url, token, transport

    def verify(self, *, credit_code: str, name: str, legal_rep_name: str) -> RegistryAnswer:
        body = {"credit_code": credit_code, "name": name, "legal_rep_name": legal_rep_name}
        with _client(self.token, self.transport) as c:
            data = _call("business registry", lambda: c.post(self.url, json=body))
        try:
            status = RegistryStatus(str(data.get("result")))
        except ValueError as exc:
            raise ProviderError("business registry: 'result' must be match, mismatch or not_found") from exc
        mismatched = data.get("mismatched") or []
        if not isinstance(mismatched, list):
            raise ProviderError("business registry: 'mismatched' must be a list")
        fields = tuple(f for f in self.FIELDS if f in mismatched) if status is RegistryStatus.MISMATCH else ()
        return RegistryAnswer(status, fields)


class WeChatOAuthProvider:
    """WeChat web authorisation (snsapi_base): authorize → code → sns/oauth2/access_token → openid."""

    name = "http"
    provider = "wechat"
    simulated = False

    def __init__(self, settings: Settings, transport: Any = None) -> None:
        self.s, self.transport = settings.wechat, transport

    def authorize_url(self, *, state: str, redirect_uri: str) -> str:
        query = urlencode({"appid": self.s.app_id, "redirect_uri": redirect_uri, "response_type": "code",
                           "scope": "snsapi_base", "state": state})
        return f"{self.s.base_url.rstrip('/')}/connect/oauth2/authorize?{query}#wechat_redirect"

    def exchange(self, db: Any, code: str, now: datetime) -> str:
        params = {"appid": self.s.app_id, "secret": self.s.app_secret, "code": code,
                  "grant_type": "authorization_code"}
        with _client(transport=self.transport) as c:
            data = _call("wechat oauth",
                         lambda: c.get(f"{self.s.api_url.rstrip('/')}/sns/oauth2/access_token", params=params))
        if data.get("errcode"):
            raise ProviderError(f"wechat oauth: errcode {data['errcode']}")
        openid = data.get("openid")
        if not openid:
            raise ProviderError("wechat oauth: no openid")
        return str(openid)


class AlipayOAuthProvider:
    """Alipay (支付宝) auth_base: publicAppAuthorize → auth_code → alipay.system.oauth.token → user id."""

    name = "http"
    provider = "alipay"
    simulated = False

    def __init__(self, settings: Settings, transport: Any = None) -> None:
        self.s, self.transport = settings.alipay, transport

    def authorize_url(self, *, state: str, redirect_uri: str) -> str:
        query = urlencode({"app_id": self.s.app_id, "scope": "auth_base", "redirect_uri": redirect_uri,
                           "state": state})
        return f"{self.s.base_url.rstrip('/')}/oauth2/publicAppAuthorize.htm?{query}"

    def exchange(self, db: Any, code: str, now: datetime) -> str:
        params = {"app_id": self.s.app_id, "method": "alipay.system.oauth.token", "charset": "utf-8",
                  "grant_type": "authorization_code", "code": code, "version": "1.0",
                  "timestamp": now.strftime("%Y-%m-%d %H:%M:%S")}
        with _client(transport=self.transport) as c:
            data = _call("alipay oauth", lambda: c.post(self.s.gateway_url, data=params))
        body = data.get("alipay_system_oauth_token_response") or {}
        subject = body.get("open_id") or body.get("user_id")
        if not subject:
            raise ProviderError("alipay oauth: no open_id/user_id")
        return str(subject)
