"""Development (simulated) providers. Everything here is labelled 模拟 and refused in production."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select

from eseal.platform.core import (
    FaceResult,
    FaceStart,
    PlatformError,
    ProviderError,
    RegistryAnswer,
    RegistryStatus,
)
from eseal.platform.identity.models import DevOAuthCode, SmsOutbox
from eseal.platform.identity.providers.dev_registry import NOT_FOUND_PREFIX, UNAVAILABLE_PREFIX, seeded

# Real-name simulator: a name starting with this prefix never matches (lets tests exercise the failure path).
REALNAME_MISMATCH_PREFIX = "冒名"


class DevSmsProvider:
    """Stores the message in the ``sms_outbox`` table (GET /dev/sms-outbox) instead of sending it."""

    name = "dev"
    simulated = True

    def send(self, db: Any, phone: str, text: str, now: datetime) -> None:
        db.add(SmsOutbox(phone=phone, text=text, created_at=now))


class DevFaceProvider:
    """Simulated face check: the result is chosen on the app's /dev/face/<id> page."""

    name = "dev"
    simulated = True

    def start(self, *, check_id: str, name: str, id_type: str, id_number: str, return_url: str) -> FaceStart:
        query = urlencode({"return_to": return_url}) if return_url else ""
        return FaceStart(provider_ref=check_id, verify_url=f"/dev/face/{check_id}" + (f"?{query}" if query else ""))

    def result(self, provider_ref: str) -> FaceResult:
        # The dev page writes the outcome straight into the face_checks row; nothing to poll.
        return FaceResult(status="pending")


class DevRealNameProvider:
    """Accepts every well-formed name + ID, except names starting with 冒名 (simulated mismatch)."""

    name = "dev"
    simulated = True

    def verify(self, *, name: str, id_type: str, id_number: str) -> bool:
        return not name.startswith(REALNAME_MISMATCH_PREFIX)


class DevEnterpriseRegistry:
    """Simulated business registry (模拟工商登记核验): the seeded entries of ``dev_registry.DEV_REGISTRY`` must
    match exactly; other codes follow the documented rule there (``0000…`` not found, ``9999…`` unavailable,
    anything else found as typed)."""

    name = "dev"
    simulated = True

    def verify(self, *, credit_code: str, name: str, legal_rep_name: str) -> RegistryAnswer:
        entry = seeded(credit_code)
        if entry is not None:
            mismatched = tuple(f for f, ok in (("name", entry.name == name),
                                               ("legal_rep_name", entry.legal_rep_name == legal_rep_name)) if not ok)
            return RegistryAnswer(RegistryStatus.MISMATCH, mismatched) if mismatched \
                else RegistryAnswer(RegistryStatus.MATCH)
        organisation = credit_code[8:17]
        if organisation.startswith(NOT_FOUND_PREFIX):
            return RegistryAnswer(RegistryStatus.NOT_FOUND)
        if organisation.startswith(UNAVAILABLE_PREFIX):
            raise ProviderError("simulated registry unavailable (credit code rule 9999)")
        return RegistryAnswer(RegistryStatus.MATCH)


class DevOAuthProvider:
    """Simulates the WeChat/Alipay consent redirect with the app's /dev/oauth/<provider>/authorize page."""

    name = "dev"
    simulated = True

    def __init__(self, provider: str) -> None:
        self.provider = provider

    def authorize_url(self, *, state: str, redirect_uri: str) -> str:
        return f"/dev/oauth/{self.provider}/authorize?" + urlencode({"state": state, "redirect_uri": redirect_uri})

    @staticmethod
    def issue_code(db: Any, provider: str, subject: str, now: datetime) -> str:
        code = secrets.token_urlsafe(24)
        db.add(DevOAuthCode(code=code, provider=provider, subject=subject, created_at=now))
        return code

    def exchange(self, db: Any, code: str, now: datetime) -> str:
        row = db.scalar(select(DevOAuthCode).where(DevOAuthCode.code == code))
        if row is None or row.provider != self.provider or row.consumed_at is not None:
            raise PlatformError("oauth_failed", "授权失败，请重试")
        if (now - row.created_at).total_seconds() > 300:
            raise PlatformError("oauth_failed", "授权已过期，请重试")
        row.consumed_at = now
        return row.subject
