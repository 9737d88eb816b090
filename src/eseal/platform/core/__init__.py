"""Platform core: grouped settings, the services container, database, clock, errors, security helpers, ID-number
encryption (pii), the audit chain, rate limits and the identity-provider interfaces.

Every domain package (``accounts``, ``identity``, …) builds on this one; core imports none of them.
"""

from eseal.platform.core import audit, ratelimit, security
from eseal.platform.core.clock import Clock, FrozenClock
from eseal.platform.core.db import (
    Base,
    DbSession,
    UTCDateTime,
    affected_rows,
    alembic_config,
    deferred_bind,
    downgrade_schema,
    make_engine,
    make_sessionmaker,
    ping,
    ping_engine,
    upgrade_schema,
)
from eseal.platform.core.errors import NotFound, PlatformError, ProviderError
from eseal.platform.core.models import AuditEntry, AuditHead, RateEvent
from eseal.platform.core.pii import PiiCipher, PiiKeyError
from eseal.platform.core.providers import (
    OAUTH_LABELS,
    EnterpriseRegistry,
    FaceProvider,
    FaceResult,
    FaceStart,
    OAuthProvider,
    Providers,
    RealNameProvider,
    RegistryAnswer,
    RegistryStatus,
    SmsProvider,
)
from eseal.platform.core.security import (
    configure_hasher,
    constant_eq,
    hash_password,
    hash_pin,
    hmac_hex,
    is_phone,
    mask_id,
    mask_name,
    mask_phone,
    new_token,
    random_digits,
    sha256_hex,
    verify_password,
    verify_pin,
)
from eseal.platform.core.services import Services, pii_cipher
from eseal.platform.core.settings import (
    AlipaySettings,
    HttpService,
    HttpServices,
    ProviderChoice,
    Settings,
    SettingsError,
    StorageSettings,
    WebSettings,
    WeChatSettings,
    load_master_key,
)

__all__ = [
    "OAUTH_LABELS", "AlipaySettings", "AuditEntry", "AuditHead", "Base", "Clock", "DbSession",
    "EnterpriseRegistry", "FaceProvider", "FaceResult", "FaceStart", "FrozenClock", "HttpService",
    "HttpServices", "NotFound", "OAuthProvider", "PiiCipher", "PiiKeyError", "PlatformError",
    "ProviderChoice", "ProviderError", "Providers", "RateEvent", "RealNameProvider", "RegistryAnswer",
    "RegistryStatus", "Services", "Settings", "SettingsError", "SmsProvider", "StorageSettings",
    "UTCDateTime", "WeChatSettings", "WebSettings", "affected_rows", "alembic_config", "audit",
    "configure_hasher", "constant_eq", "deferred_bind", "downgrade_schema", "hash_password", "hash_pin", "hmac_hex",
    "is_phone", "load_master_key", "make_engine", "make_sessionmaker", "mask_id", "mask_name", "mask_phone",
    "new_token", "pii_cipher", "ping", "ping_engine", "random_digits", "ratelimit", "security",
    "sha256_hex", "upgrade_schema", "verify_password", "verify_pin",
]
