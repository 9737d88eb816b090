"""Sliding-window rate limits stored in the database (works across workers and restarts)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session

from eseal.platform.core.db import affected_rows
from eseal.platform.core.errors import PlatformError
from eseal.platform.core.models import RateEvent

# built once (the willingness, SMS, login and PIN limits count on many requests)
_COUNT = select(func.count()).select_from(RateEvent).where(
    RateEvent.scope == bindparam("scope"), RateEvent.key == bindparam("key"),
    RateEvent.created_at > bindparam("since"))


def hit(db: Session, now: datetime, scope: str, key: str, *, limit: int, window: timedelta,
        code: str = "rate_limited", message: str = "操作过于频繁，请稍后再试") -> None:
    """Count one event for (scope, key); refuse (``code``, default ``rate_limited``, with ``retry_after``) when
    more than ``limit`` happened within ``window``."""
    check(db, now, scope, key, limit=limit, window=window, code=code, message=message)
    db.add(RateEvent(scope=scope, key=key, created_at=now))


def check(db: Session, now: datetime, scope: str, key: str, *, limit: int, window: timedelta,
          code: str = "rate_limited", message: str = "操作过于频繁，请稍后再试") -> None:
    """Refuse as ``hit`` does, without counting an event: a second, longer window over the same events (an
    hourly ``hit`` and a daily ``check`` of one scope count each event once for both)."""
    since = now - window
    count = db.scalar(_COUNT, {"scope": scope, "key": key, "since": since}) or 0
    if count >= limit:
        oldest = db.scalar(select(func.min(RateEvent.created_at)).where(
            RateEvent.scope == scope, RateEvent.key == key, RateEvent.created_at > since))
        retry = int((oldest + window - now).total_seconds()) + 1 if oldest else int(window.total_seconds())
        raise PlatformError(code, message, retry_after=max(retry, 1))


def recent(db: Session, now: datetime, scope: str, key: str, window: timedelta) -> int:
    """How many events of (scope, key) happened within ``window`` (for limits that count failures only)."""
    return db.scalar(_COUNT, {"scope": scope, "key": key, "since": now - window}) or 0


def add(db: Session, now: datetime, scope: str, key: str) -> None:
    db.add(RateEvent(scope=scope, key=key, created_at=now))


def prune(db: Session, now: datetime, older_than: timedelta = timedelta(days=2)) -> int:
    """Delete counted events nobody counts any more (run at start with ``identity.prune``; cheap)."""
    return affected_rows(db.execute(delete(RateEvent).where(RateEvent.created_at < now - older_than)))
