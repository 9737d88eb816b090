"""Identity-provider interfaces and the ``Providers`` container held by ``Services``.

Implementations (development simulators, HTTP adapters) live in ``eseal.platform.identity.providers``;
they receive the DB session when they need to persist (the dev ones).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from eseal.platform.core.errors import ProviderError

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


class RegistryStatus(StrEnum):
    """The business registry's answer about (credit code, name, legal representative)."""

    MATCH = "match"            # the code exists and both the name and the legal representative match
    MISMATCH = "mismatch"      # the code exists, but the name or the legal representative differs
    NOT_FOUND = "not_found"    # no organisation with this credit code
    # a provider failure is not an answer: the provider raises ProviderError


@dataclass(frozen=True)
class RegistryAnswer:
    status: RegistryStatus
    mismatched: tuple[str, ...] = ()  # on MISMATCH: which of "name", "legal_rep_name" differ (when known)


class EnterpriseRegistry(Protocol):
    """Business-registry check (工商登记核验): does the organisation with ``credit_code`` carry this registered
    name and this legal representative?"""

    name: str
    simulated: bool

    def verify(self, *, credit_code: str, name: str, legal_rep_name: str) -> RegistryAnswer: ...


class UnconfiguredRegistry:
    """No business registry configured (a ``Providers`` built by hand in a test): every check fails clearly."""

    name = "none"
    simulated = False

    def verify(self, *, credit_code: str, name: str, legal_rep_name: str) -> RegistryAnswer:
        raise ProviderError("no enterprise registry provider configured (ESEAL_REGISTRY_PROVIDER)")


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
    registry: EnterpriseRegistry = field(default_factory=UnconfiguredRegistry)

    def names(self) -> dict[str, str]:
        return {
            "sms": self.sms.name,
            "face": self.face.name,
            "realname": self.realname.name,
            "oauth": next(iter(self.oauth.values())).name if self.oauth else "none",
            "registry": self.registry.name,
        }
