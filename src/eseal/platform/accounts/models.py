"""SQLAlchemy 2 models of the platform core (accounts, sessions, identity checks, audit).

One ``accounts`` table holds both kinds (法人用户 enterprise / 个人用户 person) because sessions,
willingness challenges, audit rows and (later) seals and documents all point at "an account".
Lookup columns are unique and nullable, so each kind fills only its own:
``credit_code`` (enterprise login), ``login_phone`` (person phone login), ``id_key``
(person ID login).

ID numbers are never stored in clear (``eseal.platform.pii``): ``*_enc`` is the SM4-GCM ciphertext,
``*_key`` the keyed blind index of ``"<id_type>:<number>"`` (HMAC-SM3 under a key derived from the master
key) used for equality lookups, ``*_masked`` what the pages show.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eseal.platform.db import Base, UTCDateTime

KIND_ENTERPRISE = "enterprise"
KIND_PERSON = "person"


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="active")
    phone: Mapped[str | None] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    verification_password_hash: Mapped[str | None] = mapped_column(String(255))
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # enterprise (法人用户)
    legal_type: Mapped[str | None] = mapped_column(String(32))
    enterprise_name: Mapped[str | None] = mapped_column(String(200))
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    legal_rep_name: Mapped[str | None] = mapped_column(String(100))
    legal_rep_id_type: Mapped[str | None] = mapped_column(String(32))
    legal_rep_id_enc: Mapped[str | None] = mapped_column(String(255))
    legal_rep_id_masked: Mapped[str | None] = mapped_column(String(40))
    legal_rep_id_key: Mapped[str | None] = mapped_column(String(64), index=True)
    # person (个人用户)
    person_name: Mapped[str | None] = mapped_column(String(100))
    id_type: Mapped[str | None] = mapped_column(String(32))
    id_number_enc: Mapped[str | None] = mapped_column(String(255))
    id_number_masked: Mapped[str | None] = mapped_column(String(40))
    id_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    login_phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    realname_verified: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def is_enterprise(self) -> bool:
        return self.kind == KIND_ENTERPRISE

    @property
    def has_id_number(self) -> bool:
        return self.id_key is not None

    @property
    def display_name(self) -> str:
        if self.is_enterprise:
            return self.enterprise_name or ""
        return self.person_name or (self.phone or "")


class WebSession(Base):
    """Server-side login session; the cookie holds a random token, we store its SHA-256."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    login_method: Mapped[str] = mapped_column(String(32))
    # role switch: a person acting for an enterprise (grants: later issue)
    acting_as_enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    # §3.2: enterprise accounts must pass the legal representative's face check before the seal app
    enterprise_face_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))


class SmsCode(Base):
    __tablename__ = "sms_codes"
    __table_args__ = (Index("ix_sms_codes_phone_purpose", "phone", "purpose", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str] = mapped_column(String(32))
    ref: Mapped[str | None] = mapped_column(String(64))  # e.g. the willingness challenge id
    code_hmac: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    consumed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ip: Mapped[str | None] = mapped_column(String(64))


class SmsOutbox(Base):
    """Messages 'sent' by the development SMS provider (never used in production)."""

    __tablename__ = "sms_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RateEvent(Base):
    """One counted event for sliding-window rate limits (per phone, per IP, ...)."""

    __tablename__ = "rate_events"
    __table_args__ = (Index("ix_rate_events_scope_key_at", "scope", "key", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LoginThrottle(Base):
    """Consecutive login failures per login identifier; drives the exponential lockout."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class FaceCheck(Base):
    __tablename__ = "face_checks"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(32))
    ref: Mapped[str | None] = mapped_column(String(64))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    subject_name: Mapped[str] = mapped_column(String(100))
    subject_id_type: Mapped[str] = mapped_column(String(32))
    # the number itself is handed to the provider at creation and not kept (blind index + mask only)
    subject_id_key: Mapped[str | None] = mapped_column(String(64))
    subject_id_masked: Mapped[str | None] = mapped_column(String(40))
    client_binding: Mapped[str] = mapped_column(String(64))
    provider: Mapped[str] = mapped_column(String(16))
    provider_ref: Mapped[str | None] = mapped_column(String(128))
    verify_url: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    score: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    consumed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class OAuthBinding(Base):
    __tablename__ = "oauth_bindings"
    __table_args__ = (
        Index("uq_oauth_bindings_provider_subject", "provider", "subject", unique=True),
        Index("uq_oauth_bindings_account_provider", "account_id", "provider", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OAuthState(Base):
    """A pending OAuth round trip (state parameter), single use, 10 minutes."""

    __tablename__ = "oauth_states"

    state: Mapped[str] = mapped_column(String(64), primary_key=True)
    provider: Mapped[str] = mapped_column(String(16))
    mode: Mapped[str] = mapped_column(String(16))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    next_url: Mapped[str] = mapped_column(String(300))
    # the browser that started the round trip (hash of its CSRF cookie); the callback must come from it
    client_binding: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    consumed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DevOAuthCode(Base):
    """Authorization codes issued by the development OAuth provider."""

    __tablename__ = "dev_oauth_codes"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    provider: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    consumed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WillingnessChallenge(Base):
    __tablename__ = "willingness_challenges"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    acting_as_enterprise_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str] = mapped_column(String(64))
    target_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    method: Mapped[str | None] = mapped_column(String(16))
    satisfied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    consumed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuditEntry(Base):
    """Append-only, hash-chained audit row (UPDATE/DELETE refused by database triggers)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    event: Mapped[str] = mapped_column(String(64), index=True)
    actor_account_id: Mapped[int | None] = mapped_column(Integer, index=True)
    subject: Mapped[str | None] = mapped_column(String(128))
    ip: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # 1 = SHA-256 chain (rows before migration 0004), 2 = HMAC-SHA-256 under the audit key (eseal.platform.audit)
    hash_version: Mapped[int] = mapped_column(Integer, default=2, server_default="1")


class AuditHead(Base):
    """Single row holding the chain head; locked (FOR UPDATE) to serialise appends."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
