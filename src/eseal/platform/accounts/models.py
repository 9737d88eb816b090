"""SQLAlchemy 2 models of accounts: the account (both kinds), its web sessions, its login-failure counters.

One ``accounts`` table holds both kinds (法人用户 enterprise / 个人用户 person) because sessions,
willingness challenges, audit rows and (later) seals and documents all point at "an account".
Lookup columns are unique and nullable, so each kind fills only its own:
``credit_code`` (enterprise login), ``login_phone`` (person phone login), ``id_key``
(person ID login).

ID numbers are never stored in clear (``eseal.platform.core.pii``): ``*_enc`` is the SM4-GCM ciphertext,
``*_key`` the keyed blind index of ``"<id_type>:<number>"`` (HMAC-SM3 under a key derived from the master
key) used for equality lookups, ``*_masked`` what the pages show.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from eseal.platform.core.db import Base, UTCDateTime
from eseal.platform.core.pii import PiiCipher

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
    # when the registered legal representative last passed the legal-rep face check for THIS enterprise (§3.2
    # entry or a reclaim); until then the enterprise is not in that person's 切换角色 list
    legal_rep_face_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # person (个人用户)
    person_name: Mapped[str | None] = mapped_column(String(100))
    id_type: Mapped[str | None] = mapped_column(String(32))
    id_number_enc: Mapped[str | None] = mapped_column(String(255))
    id_number_masked: Mapped[str | None] = mapped_column(String(40))
    id_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    login_phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    realname_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    # 签名格式 the account signs with (gm: GB/T 38540 SES, the default | pades: PAdES); platform.signing.profile
    signing_profile: Mapped[str] = mapped_column(String(8), default="gm", server_default="gm")

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

    @property
    def has_face_subject(self) -> bool:
        """Can this account be identified by a face check (without decrypting anything)?"""
        if self.is_enterprise:
            return bool(self.legal_rep_name and self.legal_rep_id_enc)
        return bool(self.id_number_enc and self.realname_verified and self.person_name)

    def face_subject(self, pii: PiiCipher) -> tuple[str, str, str] | None:
        """(name, id_type, id_number) whose face identifies this account, or None.

        The one place an ID number is decrypted: a liveness service needs it to start a check.
        """
        if not self.has_face_subject:
            return None
        if self.is_enterprise:
            number = pii.decrypt(self.legal_rep_id_enc or "", field="accounts.legal_rep_id_number")
            return self.legal_rep_name or "", self.legal_rep_id_type or "resident_id", number
        number = pii.decrypt(self.id_number_enc or "", field="accounts.id_number")
        return self.person_name or "", self.id_type or "resident_id", number


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


class LoginThrottle(Base):
    """Consecutive login failures per login identifier; drives the exponential lockout."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
