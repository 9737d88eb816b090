"""Sliding-window rate limits stored in the database (works across workers and restarts)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from eseal.platform.errors import PlatformError
from eseal.platform.models import RateEvent


def hit(db: Session, now: datetime, scope: str, key: str, *, limit: int, window: timedelta,
        code: str = "rate_limited", message: str = "操作过于频繁，请稍后再试") -> None:
    """Count one event for (scope, key); raise 429 when more than ``limit`` happened within ``window``."""
    since = now - window
    count = db.scalar(select(func.count()).select_from(RateEvent).where(
        RateEvent.scope == scope, RateEvent.key == key, RateEvent.created_at > since)) or 0
    if count >= limit:
        oldest = db.scalar(select(func.min(RateEvent.created_at)).where(
            RateEvent.scope == scope, RateEvent.key == key, RateEvent.created_at > since))
        retry = int((oldest + window - now).total_seconds()) + 1 if oldest else int(window.total_seconds())
        raise PlatformError(code, message, status=429, retry_after=max(retry, 1))
    db.add(RateEvent(scope=scope, key=key, created_at=now))


def recent(db: Session, now: datetime, scope: str, key: str, window: timedelta) -> int:
    """How many events of (scope, key) happened within ``window`` (for limits that count failures only)."""
    return db.scalar(select(func.count()).select_from(RateEvent).where(
        RateEvent.scope == scope, RateEvent.key == key, RateEvent.created_at > now - window)) or 0


def add(db: Session, now: datetime, scope: str, key: str) -> None:
    db.add(RateEvent(scope=scope, key=key, created_at=now))


def prune(db: Session, now: datetime, older_than: timedelta = timedelta(days=2)) -> int:
    """Delete counted events and one-time rows nobody can use any more (run at start; cheap)."""
    from eseal.platform.db import affected_rows
    from eseal.platform.models import DevOAuthCode, OAuthState, SmsCode

    removed = affected_rows(db.execute(delete(RateEvent).where(RateEvent.created_at < now - older_than)))
    removed += affected_rows(db.execute(delete(OAuthState).where(OAuthState.expires_at < now - older_than)))
    removed += affected_rows(db.execute(delete(DevOAuthCode).where(DevOAuthCode.created_at < now - older_than)))
    removed += affected_rows(db.execute(delete(SmsCode).where(SmsCode.expires_at < now - timedelta(days=30))))
    return removed
