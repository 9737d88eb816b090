"""Identity-provider interfaces and the ``Providers`` container held by ``Services``.

Implementations (development simulators, HTTP adapters) live in ``eseal.platform.identity.providers``;
they receive the DB session when they need to persist (the dev ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

OAUTH_LABELS = {"wechat": "微信", "alipay": "支付宝"}


class SmsProvider(Protocol):
    name: str
    simulated: bool

    def send(self, db: Any, phone: str, text: str, now: datetime) -> None:
        """Deliver ``text`` to ``phone``; raise ProviderError on failure."""


@dataclass
class FaceStart:
    provider_ref: str
    verify_url: str | None  # None → the app's own dev simulator page


@dataclass
class FaceResult:
    status: str  # "pending" | "passed" | "failed"
    score: str | None = None


class FaceProvider(Protocol):
    name: str
    simulated: bool

    def start(self, *, check_id: str, name: str, id_type: str, id_number: str, return_url: str) -> FaceStart: ...

    def result(self, provider_ref: str) -> FaceResult: ...


class RealNameProvider(Protocol):
    name: str
    simulated: bool

    def verify(self, *, name: str, id_type: str, id_number: str) -> bool:
        """True when the name matches the ID number in the authority's records."""


class OAuthProvider(Protocol):
    name: str
    provider: str  # "wechat" | "alipay"
    simulated: bool

    def authorize_url(self, *, state: str, redirect_uri: str) -> str: ...

    def exchange(self, db: Any, code: str, now: datetime) -> str:
        """Exchange the authorization code for the provider's stable user id (openid / user_id)."""


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
