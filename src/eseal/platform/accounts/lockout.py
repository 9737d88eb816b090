"""Login lockout (manual §2): 5 consecutive failures lock for 1 minute, doubling with each further failure,
at most 24 h. Counted per ACCOUNT once the identifier resolves (phone and ID number share one counter) and per
identifier for unknown identifiers; wrong passwords, wrong SMS codes and failed face checks all count.
"""

from __future__ import annotations

import logging
import math
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eseal.platform.accounts.lookup import id_key
from eseal.platform.accounts.models import Account, LoginThrottle
from eseal.platform.core import PlatformError, Services, audit

log = logging.getLogger(__name__)

LOCK_AFTER = 5                     # consecutive failures before the first lockout
LOCK_BASE = timedelta(minutes=1)   # first lockout; doubles with each further failure
LOCK_MAX = timedelta(hours=24)


def throttle_key(kind: str, identifier: str) -> str:
    return f"{kind}:{identifier}"


def person_throttle_key(svc: Services, kind: str, value: str, id_type: str | None) -> str:
    """Lockout key of a person identifier; ID numbers only as their blind index (never in clear)."""
    if kind == "phone":
        return throttle_key("person", f"phone:{value}")
    return throttle_key("person", f"id:{id_key(svc, id_type or 'resident_id', value)}")


def _account_throttle_key(account: Account) -> str:
    return throttle_key("person", f"account:{account.id}")


def person_account_throttle_key(db: Session, account: Account) -> str:
    """The lockout counter of a person ACCOUNT, whichever identifier (phone or ID number) was typed: counting
    per identifier let 5 wrong passwords by phone be followed by 5 more by ID number. Counters an older
    version kept per identifier are carried over (highest count, latest lock) when the account row is made."""
    key = _account_throttle_key(account)
    if db.get(LoginThrottle, key) is None:
        legacy = [row for k in throttle_keys(account)[1:] if (row := db.get(LoginThrottle, k)) is not None]
        locks = [r.locked_until for r in legacy if r.locked_until is not None]
        _insert_throttle(db, LoginThrottle(key=key, failures=max((r.failures for r in legacy), default=0),
                                           locked_until=max(locks) if locks else None))
    return key


def _insert_throttle(db: Session, row: LoginThrottle) -> LoginThrottle:
    """Insert a counter row, or return the one a concurrent request inserted first.

    Two logins of one account at the same moment both find no row; on PostgreSQL the second INSERT
    would fail the whole request with a duplicate key. The savepoint keeps the transaction usable.
    """
    try:
        with db.begin_nested():
            db.add(row)
    except IntegrityError:
        existing = db.get(LoginThrottle, row.key, populate_existing=True)
        if existing is None:
            raise
        return existing
    return row


def throttle_keys(account: Account) -> list[str]:
    if account.is_enterprise:
        return [throttle_key("enterprise", account.credit_code or "")]
    keys = [_account_throttle_key(account)]
    if account.login_phone:
        keys.append(throttle_key("person", f"phone:{account.login_phone}"))
    if account.id_key:
        keys.append(throttle_key("person", f"id:{account.id_key}"))
    return keys


def check_not_locked(db: Session, svc: Services, key: str) -> None:
    row = db.get(LoginThrottle, key)
    now = svc.clock.now()
    if row is not None and row.locked_until is not None and row.locked_until > now:
        wait = max(1, math.ceil((row.locked_until - now).total_seconds()))
        minutes = max(1, math.ceil(wait / 60))
        raise PlatformError("login_locked", f"登录失败次数过多，请{minutes}分钟后再试", retry_after=wait)


def record_failure(db: Session, svc: Services, key: str, *, ip: str | None, account_id: int | None,
                   method: str) -> None:
    now = svc.clock.now()
    row = db.get(LoginThrottle, key) or _insert_throttle(db, LoginThrottle(key=key, failures=0))
    row.failures += 1
    row.last_failure_at = now
    audit.record(db, now, "login.failure", actor=account_id, subject=key.split(":", 1)[0], ip=ip, method=method,
                 failures=row.failures)
    if row.failures >= LOCK_AFTER:
        duration = min(LOCK_BASE * (2 ** (row.failures - LOCK_AFTER)), LOCK_MAX)
        row.locked_until = now + duration
        audit.record(db, now, "login.locked", actor=account_id, subject=key.split(":", 1)[0], ip=ip,
                     seconds=int(duration.total_seconds()))
        log.warning("login locked for %ss after %s failures", int(duration.total_seconds()), row.failures)


def record_success(db: Session, svc: Services, key: str, account: Account, *, ip: str | None, method: str) -> None:
    row = db.get(LoginThrottle, key)
    if row is not None:
        row.failures = 0
        row.locked_until = None
    audit.record(db, svc.clock.now(), "login.success", actor=account.id, subject=f"account:{account.id}", ip=ip,
                 method=method)


def clear(db: Session, key: str) -> None:
    """Reset the counter ``key`` (a success, or a password reset)."""
    row = db.get(LoginThrottle, key)
    if row is not None:
        row.failures, row.locked_until = 0, None
