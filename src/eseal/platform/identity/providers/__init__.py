"""Identity providers behind small interfaces, each with a development and an HTTP implementation.

* SMS: ``DevSmsProvider`` writes to the ``sms_outbox`` table; ``HttpSmsProvider`` posts to a gateway.
* Face (liveness + comparison with the ID photo): ``DevFaceProvider`` (simulated, clearly labelled);
  ``HttpFaceProvider`` talks to a liveness service.
* Real-name check (name + ID number): ``DevRealNameProvider``; ``HttpRealNameProvider``.
* Business registry (credit code + name + legal representative): ``DevEnterpriseRegistry`` (simulated: the seeded
  list of ``dev_registry`` plus a documented rule for other codes); ``HttpEnterpriseRegistry``.
* OAuth quick login: ``DevOAuthProvider`` (simulated WeChat/Alipay consent page);
  ``WeChatOAuthProvider`` / ``AlipayOAuthProvider`` shaped like the real APIs.

Development providers are refused at start in production mode (Settings.check_production_safety).
The interfaces and the ``Providers`` container live in ``eseal.platform.core.providers``.
"""

from __future__ import annotations

from eseal.platform.core import (
    EnterpriseRegistry,
    FaceProvider,
    OAuthProvider,
    Providers,
    RealNameProvider,
    Settings,
    SmsProvider,
)
from eseal.platform.identity.providers.dev import (
    REALNAME_MISMATCH_PREFIX,
    DevEnterpriseRegistry,
    DevFaceProvider,
    DevOAuthProvider,
    DevRealNameProvider,
    DevSmsProvider,
)
from eseal.platform.identity.providers.dev_registry import DEV_REGISTRY, DevRegistryEntry
from eseal.platform.identity.providers.http import (
    AlipayOAuthProvider,
    HttpEnterpriseRegistry,
    HttpFaceProvider,
    HttpRealNameProvider,
    HttpSmsProvider,
    WeChatOAuthProvider,
)

__all__ = ["DEV_REGISTRY", "REALNAME_MISMATCH_PREFIX", "AlipayOAuthProvider", "DevEnterpriseRegistry", "DevFaceProvider",
           "DevOAuthProvider", "DevRealNameProvider", "DevRegistryEntry", "DevSmsProvider", "HttpEnterpriseRegistry",
           "HttpFaceProvider", "HttpRealNameProvider", "HttpSmsProvider",
           "Providers", "WeChatOAuthProvider", "build_providers"]


def build_providers(settings: Settings, transport: object | None = None) -> Providers:
    """Instantiate the providers chosen in the settings (``transport``: httpx transport for tests)."""
    settings.check_production_safety()
    chosen, services = settings.providers, settings.http_services
    sms: SmsProvider = DevSmsProvider() if chosen.sms == "dev" else HttpSmsProvider(
        services.sms.url, services.sms.token, transport=transport)
    face: FaceProvider = DevFaceProvider() if chosen.face == "dev" else HttpFaceProvider(
        services.face.url, services.face.token, transport=transport)
    realname: RealNameProvider = (
        DevRealNameProvider() if chosen.realname == "dev"
        else HttpRealNameProvider(services.realname.url, services.realname.token, transport=transport)
    )
    registry: EnterpriseRegistry = (
        DevEnterpriseRegistry() if chosen.registry == "dev"
        else HttpEnterpriseRegistry(services.registry.url, services.registry.token, transport=transport)
    )
    oauth: dict[str, OAuthProvider]
    if chosen.oauth == "dev":
        oauth = {p: DevOAuthProvider(p) for p in ("wechat", "alipay")}
    else:
        oauth = {
            "wechat": WeChatOAuthProvider(settings, transport=transport),
            "alipay": AlipayOAuthProvider(settings, transport=transport),
        }
    return Providers(sms=sms, face=face, realname=realname, oauth=oauth, registry=registry)
