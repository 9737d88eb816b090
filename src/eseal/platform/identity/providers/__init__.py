"""Identity providers behind small interfaces, each with a development and an HTTP implementation.

* SMS: ``DevSmsProvider`` writes to the ``sms_outbox`` table; ``HttpSmsProvider`` posts to a gateway.
* Face (liveness + comparison with the ID photo): ``DevFaceProvider`` (simulated, clearly labelled);
  ``HttpFaceProvider`` talks to a liveness service.
* Real-name check (name + ID number): ``DevRealNameProvider``; ``HttpRealNameProvider``.
* OAuth quick login: ``DevOAuthProvider`` (simulated WeChat/Alipay consent page);
  ``WeChatOAuthProvider`` / ``AlipayOAuthProvider`` shaped like the real APIs.

Development providers are refused at start in production mode (Settings.check_production_safety).
"""

from __future__ import annotations

from dataclasses import dataclass

from eseal.platform.providers.base import FaceProvider, OAuthProvider, RealNameProvider, SmsProvider
from eseal.platform.settings import Settings


@dataclass
class Providers:
    sms: SmsProvider
    face: FaceProvider
    realname: RealNameProvider
    oauth: dict[str, OAuthProvider]

    def names(self) -> dict[str, str]:
        return {
            "sms": self.sms.name,
            "face": self.face.name,
            "realname": self.realname.name,
            "oauth": next(iter(self.oauth.values())).name if self.oauth else "none",
        }


def build_providers(settings: Settings, transport: object | None = None) -> Providers:
    """Instantiate the providers chosen in the settings (``transport``: httpx transport for tests)."""
    from eseal.platform.providers import dev, http

    settings.check_production_safety()
    sms: SmsProvider = dev.DevSmsProvider() if settings.sms_provider == "dev" else http.HttpSmsProvider(
        settings.sms_http_url, settings.sms_http_token, transport=transport)
    face: FaceProvider = dev.DevFaceProvider() if settings.face_provider == "dev" else http.HttpFaceProvider(
        settings.face_http_url, settings.face_http_token, transport=transport)
    realname: RealNameProvider = (
        dev.DevRealNameProvider() if settings.realname_provider == "dev"
        else http.HttpRealNameProvider(settings.realname_http_url, settings.realname_http_token, transport=transport)
    )
    oauth: dict[str, OAuthProvider]
    if settings.oauth_provider == "dev":
        oauth = {p: dev.DevOAuthProvider(p) for p in ("wechat", "alipay")}
    else:
        oauth = {
            "wechat": http.WeChatOAuthProvider(settings, transport=transport),
            "alipay": http.AlipayOAuthProvider(settings, transport=transport),
        }
    return Providers(sms=sms, face=face, realname=realname, oauth=oauth)
