"""Server-side login sessions.

The cookie carries an opaque random token; the table stores only its SHA-256, so a database
leak does not hand out live sessions. A session belongs to one account and additionally records
``acting_as_enterprise_id`` (role switch: a person acting for an enterprise) and whether the
enterprise legal representative's face check passed (manual §3.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from eseal.platform.accounts.models import Account, WebSession
from eseal.platform.accounts.roles import can_act_for
from eseal.platform.core import Services, audit, new_token, sha256_hex

IDLE_TIMEOUT = timedelta(hours=12)
TOUCH_EVERY = timedelta(minutes=1)


@dataclass
class LoadedSession:
    row: WebSession
    account: Account
    acting_as: Account | None


def _new_session(db: Session, now: datetime, account: Account, method: str, *, ip: str | None = None,
                 user_agent: str | None = None) -> tuple[str, WebSession]:
    token = new_token()
    row = WebSession(token_hash=sha256_hex(token), account_id=account.id, created_at=now, last_seen_at=now,
                     expires_at=now + IDLE_TIMEOUT, login_method=method, ip=ip,
                     user_agent=(user_agent or "")[:300] or None)
    db.add(row)
    account.last_login_at = now
    db.flush()
    return token, row


def create_session(db: Session, now: datetime, account: Account, method: str, *, ip: str | None = None,
                   user_agent: str | None = None) -> str:
    return _new_session(db, now, account, method, ip=ip, user_agent=user_agent)[0]


def start_session(db: Session, svc: Services, account: Account, method: str, *, old_token: str | None,
                  ip: str | None = None, user_agent: str | None = None) -> tuple[str, LoadedSession]:
    """The one session-start sequence of every way in (registration, password / SMS / face login, WeChat/Alipay):
    revoke this browser's previous session, open a new one for ``account``; returns (token, loaded session)."""
    now = svc.clock.now()
    revoke_session(db, now, old_token)
    token, row = _new_session(db, now, account, method, ip=ip, user_agent=user_agent)
    # the row just made (not read back: every statement here runs inside the login's write transaction)
    return token, LoadedSession(row=row, account=account, acting_as=None)


def rotate_session(db: Session, now: datetime, loaded: LoadedSession) -> str:
    """Replace the session by a new one with a new token (same account, role and face-check state) and
    revoke the old one: called when the session's privileges change (role switch, enterprise entry), so a
    token captured before cannot ride on the new privileges (session fixation)."""
    old = loaded.row
    token = new_token()
    row = WebSession(token_hash=sha256_hex(token), account_id=old.account_id, created_at=now, last_seen_at=now,
                     expires_at=now + IDLE_TIMEOUT, login_method=old.login_method, ip=old.ip, user_agent=old.user_agent,
                     acting_as_enterprise_id=old.acting_as_enterprise_id,
                     enterprise_face_verified_at=old.enterprise_face_verified_at)
    old.revoked_at = now
    db.add(row)
    db.flush()
    loaded.row = row
    return token


# built once: every API request runs it (construction and cache key ~0.1 ms a call)
_BY_TOKEN = (select(WebSession, Account).join(Account, Account.id == WebSession.account_id)
             .where(WebSession.token_hash == bindparam("token_hash")))


def load_session(db: Session, now: datetime, token: str | None) -> LoadedSession | None:
    if not token or len(token) > 200:
        return None
    # one statement for the session and its account (every API request runs this)
    found = db.execute(_BY_TOKEN, {"token_hash": sha256_hex(token)}).one_or_none()
    if found is None:
        return None
    row, account = found
    if row.revoked_at is not None or row.expires_at <= now or account.status != "active":
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        row.expires_at = now + IDLE_TIMEOUT
    acting = None
    if row.acting_as_enterprise_id:
        # re-checked on every request: a withdrawn right ends the role at once
        acting = can_act_for(db, account, row.acting_as_enterprise_id)
        if acting is not None and not account.is_enterprise and row.enterprise_face_verified_at is None:
            acting = None  # acting for an enterprise requires the legal representative's face check (§3.2)
        if acting is None:
            row.acting_as_enterprise_id = None
            if not account.is_enterprise:
                row.enterprise_face_verified_at = None
    return LoadedSession(row=row, account=account, acting_as=acting)


def revoke_session(db: Session, now: datetime, token: str | None) -> None:
    if token:
        db.execute(update(WebSession).where(WebSession.token_hash == sha256_hex(token),
                                            WebSession.revoked_at.is_(None)).values(revoked_at=now))


def end_session(db: Session, svc: Services, token: str | None, *, ip: str | None) -> None:
    """Logout: audit it (when the token names a live session) and revoke the session."""
    now = svc.clock.now()
    loaded = load_session(db, now, token)
    if loaded is not None:
        from_account = loaded.account.id
        audit.record(db, now, "logout", actor=from_account, subject=f"account:{from_account}", ip=ip)
    revoke_session(db, now, token)


def revoke_all(db: Session, now: datetime, account_id: int, except_session_id: int | None = None) -> None:
    query = update(WebSession).where(WebSession.account_id == account_id, WebSession.revoked_at.is_(None))
    if except_session_id is not None:
        query = query.where(WebSession.id != except_session_id)
    db.execute(query.values(revoked_at=now).execution_options(synchronize_session=False))
