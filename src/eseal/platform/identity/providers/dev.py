"""Development (simulated) providers. Everything here is labelled 模拟 and refused in production."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select

from eseal.platform.core import FaceResult, FaceStart, PlatformError
from eseal.platform.identity.models import DevOAuthCode, SmsOutbox

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
