"""Housekeeping of one-time identity rows nobody can use any more (run at start by ``build_services``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from eseal.platform.core import affected_rows
from eseal.platform.identity.models import DevOAuthCode, OAuthState, SmsCode


def prune(db: Session, now: datetime, older_than: timedelta = timedelta(days=2)) -> int:
    """Delete expired OAuth round trips, dev OAuth codes and month-old SMS codes; returns the rows removed."""
    removed = affected_rows(db.execute(delete(OAuthState).where(OAuthState.expires_at < now - older_than)))
    removed += affected_rows(db.execute(delete(DevOAuthCode).where(DevOAuthCode.created_at < now - older_than)))
    removed += affected_rows(db.execute(delete(SmsCode).where(SmsCode.expires_at < now - timedelta(days=30))))
    return removed
