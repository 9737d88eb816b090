"""Identity checks: SMS codes, face checks, willingness (意愿认证) challenges, WeChat/Alipay quick login
(OAuth state and bindings), real-name checks, and the provider implementations (dev simulators, HTTP adapters).

Builds on ``eseal.platform.core`` only; accounts are seen through the ``Principal`` protocol
(``eseal.platform.accounts`` builds on identity, never the reverse).
"""

import eseal.platform.identity.face as face
import eseal.platform.identity.oauth as oauth
import eseal.platform.identity.realname as realname
import eseal.platform.identity.registry as registry
import eseal.platform.identity.sms as sms
import eseal.platform.identity.willingness as willingness
from eseal.platform.identity.models import (
    DevOAuthCode,
    FaceCheck,
    OAuthBinding,
    OAuthState,
    SmsCode,
    SmsOutbox,
    WillingnessChallenge,
)
from eseal.platform.identity.oauth import CallbackResult, safe_next
from eseal.platform.identity.principal import Principal
from eseal.platform.identity.providers import DevOAuthProvider, build_providers
from eseal.platform.identity.retention import prune
from eseal.platform.identity.serializers import (
    ChallengeView,
    FaceCheckView,
    OAuthBindingView,
    OutboxMessage,
    SmsSent,
)
from eseal.platform.identity.willingness import ACTION_LABELS

__all__ = [
    "ACTION_LABELS", "CallbackResult", "ChallengeView", "DevOAuthCode", "DevOAuthProvider", "FaceCheck", "FaceCheckView",
    "OAuthBinding", "OAuthBindingView", "OAuthState", "OutboxMessage", "Principal", "SmsCode", "SmsOutbox",
    "SmsSent", "WillingnessChallenge", "build_providers", "face", "oauth", "prune", "realname", "registry", "safe_next", "sms",
    "willingness",
]
