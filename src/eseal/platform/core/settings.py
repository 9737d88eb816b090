"""Settings read from the environment (12-factor): one frozen record of the ESEAL_* variables, read by
concern through small frozen groups (``settings.storage``, ``settings.web``, ``settings.providers``,
``settings.wechat``, ``settings.alipay``, ``settings.http_services``) that are what consumers receive.

Why a plain dataclass instead of pydantic-settings: one fewer dependency, and tests build
``Settings(...)`` directly without touching ``os.environ``.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path

log = logging.getLogger(__name__)

PROVIDER_KINDS = ("sms", "face", "realname", "oauth", "registry")


class SettingsError(ValueError):
    """Invalid or unsafe configuration (e.g. development providers in production)."""


@dataclass(frozen=True)
class StorageSettings:
    """Where the data lives: the data directory, the database, the master key file, and the blob store
    (``backend`` "local": files under ``blob_dir``; "s3": ``s3_bucket`` at ``s3_endpoint_url`` under ``s3_prefix``,
    credentials and region from the standard AWS environment)."""

    data_dir: Path
    database_url: str
    master_key_file: Path
    backend: str = "local"
    blob_dir: Path = Path("var/blobs")
    s3_bucket: str = ""
    s3_endpoint_url: str = ""
    s3_prefix: str = ""


@dataclass(frozen=True)
class WebSettings:
    """The web surface: public URL, request size limit, cookie security."""

    public_url: str
    max_body_bytes: int
    secure_cookies: bool


@dataclass(frozen=True)
class ProviderChoice:
    """Which implementation ("dev" simulated or "http" real) each identity provider uses."""

    sms: str
    face: str
    realname: str
    oauth: str
    registry: str = "dev"  # business registry (工商登记核验)

    def development(self) -> list[str]:
        return [kind for kind in PROVIDER_KINDS if getattr(self, kind) == "dev"]


@dataclass(frozen=True)
class HttpService:
    """An HTTP identity service: its URL and bearer token."""

    url: str
    token: str


@dataclass(frozen=True)
class HttpServices:
    sms: HttpService
    face: HttpService
    realname: HttpService
    registry: HttpService = HttpService("", "")


@dataclass(frozen=True)
class SealSettings:
    """Seals: how long a new certificate/seal is valid, and where lifecycle changes are filed (备案)."""

    validity_days: int
    filing_provider: str  # dev (kept in the visible outbox, 模拟) | http
    filing_http: HttpService


@dataclass(frozen=True)
class DocumentSettings:
    """Documents: how many days a deleted document is kept before the purge job removes it."""

    retention_days: int = 30


@dataclass(frozen=True)
class JobSettings:
    """Background jobs run inside the web server (``eseal.platform.jobs``): seconds between two runs of the purge of
    deleted documents whose retention ended (0: not run in-process; ``eseal documents purge`` from cron instead)."""

    purge_interval_seconds: int = 0


@dataclass(frozen=True)
class WeChatSettings:
    base_url: str
    api_url: str
    app_id: str
    app_secret: str


@dataclass(frozen=True)
class AlipaySettings:
    base_url: str
    gateway_url: str
    app_id: str


@dataclass(frozen=True)
class Settings:
    env: str = "development"
    data_dir: Path = Path("var")
    database_url: str = ""
    master_key_file: Path | None = None
    public_url: str = "http://127.0.0.1:8000"
    sms_provider: str = "dev"
    face_provider: str = "dev"
    realname_provider: str = "dev"
    oauth_provider: str = "dev"
    registry_provider: str = "dev"
    sms_http_url: str = ""
    sms_http_token: str = ""
    face_http_url: str = ""
    face_http_token: str = ""
    realname_http_url: str = ""
    realname_http_token: str = ""
    registry_http_url: str = ""
    registry_http_token: str = ""
    wechat_base_url: str = "https://open.weixin.qq.com"
    wechat_api_url: str = "https://api.weixin.qq.com"
    wechat_app_id: str = ""
    wechat_app_secret: str = ""
    alipay_base_url: str = "https://openauth.alipay.com"
    alipay_gateway_url: str = "https://openapi.alipay.com/gateway.do"
    alipay_app_id: str = ""
    # request bodies above this size are refused with 413 before any handler runs (JSON forms are tiny;
    # a later document-upload issue raises it with ESEAL_MAX_BODY_BYTES)
    max_body_bytes: int = 1024 * 1024
    # production sends Secure cookies even when ESEAL_PUBLIC_URL says http:// (TLS usually ends at a proxy);
    # only an explicit ESEAL_INSECURE_COOKIES=1 allows plain-HTTP cookies there (e.g. a closed test network)
    insecure_cookies: bool = False
    # blob store (eseal.platform.storage): ESEAL_STORAGE=local (files under ESEAL_BLOB_DIR, default <data dir>/blobs)
    # or s3 (ESEAL_S3_BUCKET, ESEAL_S3_ENDPOINT_URL, ESEAL_S3_PREFIX; AWS_* variables for credentials and region)
    storage_backend: str = "local"
    blob_dir: Path | None = None
    s3_bucket: str = ""
    s3_endpoint_url: str = ""
    s3_prefix: str = ""
    # seals (eseal.platform.seals): ESEAL_SEAL_VALIDITY_DAYS, ESEAL_FILING_PROVIDER=dev|http, ESEAL_FILING_HTTP_URL/TOKEN
    seal_validity_days: int = 365
    filing_provider: str = "dev"
    filing_http_url: str = ""
    filing_http_token: str = ""
    # documents (eseal.platform.documents): ESEAL_DOCUMENT_RETENTION_DAYS, how long a deleted document is kept
    document_retention_days: int = 30
    # jobs (eseal.platform.jobs): ESEAL_PURGE_INTERVAL_SECONDS, how often the web server purges deleted documents
    # whose retention ended; the environment default is hourly (3600), a Settings built in code (tests) runs no
    # job unless it asks (0 = off)
    purge_interval_seconds: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_dir", Path(self.data_dir))
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{Path(self.data_dir).resolve() / 'eseal.db'}")
        if self.master_key_file is None:
            object.__setattr__(self, "master_key_file", Path(self.data_dir) / "master.key")
        if self.env not in ("development", "production"):
            raise SettingsError(f"ESEAL_ENV must be 'development' or 'production', not {self.env!r}")
        for kind in PROVIDER_KINDS:
            value = getattr(self, f"{kind}_provider")
            if value not in ("dev", "http"):
                raise SettingsError(f"ESEAL_{kind.upper()}_PROVIDER must be 'dev' or 'http', not {value!r}")
        if self.storage_backend not in ("local", "s3"):
            raise SettingsError(f"ESEAL_STORAGE must be 'local' or 's3', not {self.storage_backend!r}")
        if self.storage_backend == "s3" and not self.s3_bucket:
            raise SettingsError("ESEAL_STORAGE=s3 needs ESEAL_S3_BUCKET")
        if not 1 <= self.document_retention_days <= 3650:
            raise SettingsError("ESEAL_DOCUMENT_RETENTION_DAYS must be 1-3650 days")
        if not 0 <= self.purge_interval_seconds <= 7 * 86400:
            raise SettingsError("ESEAL_PURGE_INTERVAL_SECONDS must be 0 (off) to 604800 seconds")

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def secure_cookies(self) -> bool:
        if self.public_url.lower().startswith("https://"):
            return True
        return self.is_production and not self.insecure_cookies

    @property
    def storage(self) -> StorageSettings:
        return StorageSettings(Path(self.data_dir), self.database_url,
                               Path(self.master_key_file or Path(self.data_dir) / "master.key"),
                               self.storage_backend, Path(self.blob_dir or Path(self.data_dir) / "blobs"),
                               self.s3_bucket, self.s3_endpoint_url, self.s3_prefix)

    @property
    def web(self) -> WebSettings:
        return WebSettings(self.public_url, self.max_body_bytes, self.secure_cookies)

    @property
    def providers(self) -> ProviderChoice:
        return ProviderChoice(self.sms_provider, self.face_provider, self.realname_provider, self.oauth_provider,
                              self.registry_provider)

    @property
    def http_services(self) -> HttpServices:
        return HttpServices(HttpService(self.sms_http_url, self.sms_http_token),
                            HttpService(self.face_http_url, self.face_http_token),
                            HttpService(self.realname_http_url, self.realname_http_token),
                            HttpService(self.registry_http_url, self.registry_http_token))

    @property
    def seals(self) -> SealSettings:
        return SealSettings(self.seal_validity_days, self.filing_provider,
                            HttpService(self.filing_http_url, self.filing_http_token))

    @property
    def documents(self) -> DocumentSettings:
        return DocumentSettings(self.document_retention_days)

    @property
    def jobs(self) -> JobSettings:
        return JobSettings(self.purge_interval_seconds)

    @property
    def wechat(self) -> WeChatSettings:
        return WeChatSettings(self.wechat_base_url, self.wechat_api_url, self.wechat_app_id, self.wechat_app_secret)

    @property
    def alipay(self) -> AlipaySettings:
        return AlipaySettings(self.alipay_base_url, self.alipay_gateway_url, self.alipay_app_id)

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    def check_production_safety(self) -> None:
        """Refuse development (simulated) providers when running in production mode."""
        if not self.is_production:
            return
        dev = [f"ESEAL_{k.upper()}_PROVIDER=dev" for k in self.providers.development()]
        if self.filing_provider == "dev":  # seal filing (备案) is a provider too: its simulator only keeps an outbox
            dev.append("ESEAL_FILING_PROVIDER=dev")
        if dev:
            raise SettingsError("production mode refuses development providers: " + ", ".join(dev))

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("ESEAL_DATA_DIR", "var"))

        def get(name: str, default: str = "") -> str:
            return env.get(name, default)

        key_file = get("ESEAL_MASTER_KEY_FILE")
        return cls(
            env=get("ESEAL_ENV", "development"),
            data_dir=data_dir,
            database_url=get("ESEAL_DATABASE_URL"),
            master_key_file=Path(key_file) if key_file else None,
            public_url=get("ESEAL_PUBLIC_URL", "http://127.0.0.1:8000"),
            sms_provider=get("ESEAL_SMS_PROVIDER", "dev"),
            face_provider=get("ESEAL_FACE_PROVIDER", "dev"),
            realname_provider=get("ESEAL_REALNAME_PROVIDER", "dev"),
            oauth_provider=get("ESEAL_OAUTH_PROVIDER", "dev"),
            registry_provider=get("ESEAL_REGISTRY_PROVIDER", "dev"),
            sms_http_url=get("ESEAL_SMS_HTTP_URL"),
            sms_http_token=get("ESEAL_SMS_HTTP_TOKEN"),
            face_http_url=get("ESEAL_FACE_HTTP_URL"),
            face_http_token=get("ESEAL_FACE_HTTP_TOKEN"),
            realname_http_url=get("ESEAL_REALNAME_HTTP_URL"),
            realname_http_token=get("ESEAL_REALNAME_HTTP_TOKEN"),
            registry_http_url=get("ESEAL_REGISTRY_HTTP_URL"),
            registry_http_token=get("ESEAL_REGISTRY_HTTP_TOKEN"),
            wechat_base_url=get("ESEAL_OAUTH_WECHAT_URL", "https://open.weixin.qq.com"),
            wechat_api_url=get("ESEAL_OAUTH_WECHAT_API_URL", "https://api.weixin.qq.com"),
            wechat_app_id=get("ESEAL_OAUTH_WECHAT_APP_ID"),
            wechat_app_secret=get("ESEAL_OAUTH_WECHAT_APP_SECRET"),
            alipay_base_url=get("ESEAL_OAUTH_ALIPAY_URL", "https://openauth.alipay.com"),
            alipay_gateway_url=get("ESEAL_OAUTH_ALIPAY_GATEWAY_URL", "https://openapi.alipay.com/gateway.do"),
            alipay_app_id=get("ESEAL_OAUTH_ALIPAY_APP_ID"),
            max_body_bytes=_int(get("ESEAL_MAX_BODY_BYTES", str(1024 * 1024)), "ESEAL_MAX_BODY_BYTES"),
            insecure_cookies=get("ESEAL_INSECURE_COOKIES", "").strip().lower() in ("1", "true", "yes"),
            storage_backend=get("ESEAL_STORAGE", "local").strip().lower(),
            blob_dir=Path(get("ESEAL_BLOB_DIR")) if get("ESEAL_BLOB_DIR") else None,
            s3_bucket=get("ESEAL_S3_BUCKET"),
            s3_endpoint_url=get("ESEAL_S3_ENDPOINT_URL"),
            s3_prefix=get("ESEAL_S3_PREFIX"),
            seal_validity_days=_whole(get("ESEAL_SEAL_VALIDITY_DAYS", "365"), "ESEAL_SEAL_VALIDITY_DAYS"),
            filing_provider=get("ESEAL_FILING_PROVIDER", "dev").strip().lower(),
            filing_http_url=get("ESEAL_FILING_HTTP_URL"),
            filing_http_token=get("ESEAL_FILING_HTTP_TOKEN"),
            document_retention_days=_whole(get("ESEAL_DOCUMENT_RETENTION_DAYS", "30"), "ESEAL_DOCUMENT_RETENTION_DAYS"),
            purge_interval_seconds=_whole(get("ESEAL_PURGE_INTERVAL_SECONDS", "3600"), "ESEAL_PURGE_INTERVAL_SECONDS"),
        )


def _int(value: str, name: str) -> int:
    try:
        number = int(value)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number of bytes, not {value!r}") from exc
    if number < 1024:
        raise SettingsError(f"{name} must be at least 1024")
    return number


def _whole(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, not {value!r}") from exc


def load_master_key(settings: Settings) -> bytes:
    """Return the 32-byte master key, creating the file (mode 0600) on first run.

    Used for HMAC of SMS codes now and for encrypting private keys later.
    """
    path = settings.storage.master_key_file
    if path.exists():
        if path.stat().st_mode & 0o077:
            log.warning("master key file %s is readable by group/others; run: chmod 600 %s", path, path)
        raw = path.read_bytes().strip()
        key = bytes.fromhex(raw.decode("ascii"))
        if len(key) < 32:
            raise SettingsError(f"master key file {path} must hold at least 32 bytes (hex)")
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key.hex() + "\n")
    return key
