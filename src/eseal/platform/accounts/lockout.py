"""Login lockout (manual §2), hardened against lockout as denial of service (docs/platform.md "Lockout").

Credit codes are public, so a lockout counted per account alone let anyone lock a company out. Failures are
therefore counted twice, per account (once the identifier resolves: phone and ID number share one counter;
unknown identifiers are counted per identifier):

* per account AND source (client IP): ``LOCK_AFTER`` = 5 consecutive failures lock that source out for 1 minute,
  doubling with each further failure, at most 24 h (the numbers of manual §2). A stranger's wrong passwords lock
  the stranger's address, not the owner's.
* per account across all sources: ``ACCOUNT_LOCK_AFTER`` = 30 consecutive failures lock every source (same
  back-off from the 30th), against guessing spread over many addresses.

and in two families: wrong passwords, and wrong SMS codes / failed face checks (``#code`` counters). A password
login is refused while the password counters (this source, all sources) or this source's code counter are
locked; an SMS or face login looks at the code counters only, so a verified SMS or face login bypasses a password
lockout. A success clears this source's counters and the account-wide ones; a password reset clears all of them
(enterprise accounts log in by password only: 忘记密码 by the legal representative's SMS code is their way in).
Increments are single ``UPDATE … SET failures = failures + 1`` statements (no lost update under concurrency).
"""

from __future__ import annotations

import logging
import math
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eseal.platform.accounts.lookup import id_key
from eseal.platform.accounts.models import Account, LoginThrottle
from eseal.platform.core import PlatformError, Services, audit, sha256_hex

log = logging.getLogger(__name__)

LOCK_AFTER = 5                     # consecutive failures from one source before its first lockout
ACCOUNT_LOCK_AFTER = 30            # consecutive failures from all sources together before every source is locked
LOCK_BASE = timedelta(minutes=1)   # first lockout; doubles with each further failure
LOCK_MAX = timedelta(hours=24)
CODE_FAMILY = "#code"              # suffix of the counters of wrong SMS codes and failed face checks


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
        legacy = [row for k in throttle_keys(account)[1:] if (row := db.get(LoginThrottle, k)) is not None
                  and (row.failures or row.locked_until is not None)]
        if legacy:  # else nothing to carry over: the row is made by the first failure (no write before argon2)
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


def _source(key: str, ip: str | None) -> str:
    """The counter of ``key`` from one source (client IP, hashed: the key column is short)."""
    return f"{key}@{sha256_hex('source:' + (ip or 'unknown'))[:16]}"


def _family(key: str, method: str) -> str:
    return key if method == "password" else key + CODE_FAMILY


def _locked_message(key: str, method: str, minutes: int) -> str:
    if method != "password":
        return f"验证失败次数过多，请{minutes}分钟后再试"
    if key.startswith("enterprise:"):
        return f"密码错误次数过多，请{minutes}分钟后再试，或通过“忘记密码”验证法定代表人手机号重置密码"
    return f"密码错误次数过多，请{minutes}分钟后再试，或使用短信验证码/人脸识别登录"


def check_not_locked(db: Session, svc: Services, key: str, *, ip: str | None = None,
                     method: str = "password") -> None:
    """Refuse (``login_locked``, 423, with ``retry_after``) a login of ``key`` by ``method`` from ``ip`` while one
    of the counters that govern it is locked (module docstring)."""
    family = _family(key, method)
    keys = [family, _source(family, ip)]
    if method == "password":
        keys.append(_source(key + CODE_FAMILY, ip))  # this source was guessing codes: no password tries either
    now = svc.clock.now()
    rows = [db.get(LoginThrottle, k, populate_existing=True) for k in keys]  # counters change by UPDATE statements
    until = max((row.locked_until for row in rows if row is not None and row.locked_until is not None
                 and row.locked_until > now), default=None)
    if until is not None:
        wait = max(1, math.ceil((until - now).total_seconds()))
        minutes = max(1, math.ceil(wait / 60))
        raise PlatformError("login_locked", _locked_message(key, method, minutes), retry_after=wait)


def _count(db: Session, svc: Services, key: str, threshold: int, *, ip: str | None, account_id: int | None) -> int:
    """One more consecutive failure of counter ``key``; locks it from the ``threshold``-th. → the new count."""
    now = svc.clock.now()
    if db.get(LoginThrottle, key) is None:
        _insert_throttle(db, LoginThrottle(key=key, failures=0))
    failures = db.execute(update(LoginThrottle).where(LoginThrottle.key == key)
                          .values(failures=LoginThrottle.failures + 1, last_failure_at=now)
                          .returning(LoginThrottle.failures)
                          .execution_options(synchronize_session=False)).scalar_one()
    locked_until = None
    if failures >= threshold:
        duration = min(LOCK_BASE * (2 ** min(failures - threshold, 20)), LOCK_MAX)
        locked_until = now + duration
        audit.record(db, now, "login.locked", actor=account_id, subject=key.split(":", 1)[0], ip=ip,
                     seconds=int(duration.total_seconds()), scope="source" if "@" in key else "account")
        log.warning("login locked for %ss after %s failures (%s)", int(duration.total_seconds()), failures,
                    "one source" if "@" in key else "all sources")
    db.execute(update(LoginThrottle).where(LoginThrottle.key == key).values(locked_until=locked_until)
               .execution_options(synchronize_session=False))
    return failures


def record_failure(db: Session, svc: Services, key: str, *, ip: str | None, account_id: int | None,
                   method: str) -> None:
    """A failed login of ``key`` from ``ip``: counted for this source and for the account (``method`` password
    → the password counters, sms / face → the code counters)."""
    family = _family(key, method)
    failures = _count(db, svc, family, ACCOUNT_LOCK_AFTER, ip=ip, account_id=account_id)
    from_source = _count(db, svc, _source(family, ip), LOCK_AFTER, ip=ip, account_id=account_id)
    audit.record(db, svc.clock.now(), "login.failure", actor=account_id, subject=key.split(":", 1)[0], ip=ip,
                 method=method, failures=from_source, account_failures=failures)


def _reset(db: Session, *keys: str) -> None:
    """Reset the counters ``keys`` — only those that count something: the rows are read first (no lock), so the
    usual success (nothing to reset) writes nothing here and the write transaction stays short."""
    dirty = [k for k in db.scalars(select(LoginThrottle.key).where(
        LoginThrottle.key.in_(keys), or_(LoginThrottle.failures != 0, LoginThrottle.locked_until.is_not(None))))]
    if dirty:
        db.execute(update(LoginThrottle).where(LoginThrottle.key.in_(dirty)).values(failures=0, locked_until=None)
                   .execution_options(synchronize_session=False))


def record_success(db: Session, svc: Services, key: str, account: Account, *, ip: str | None, method: str) -> None:
    """A successful login ends the run of failures: this source's counters and the account-wide ones are reset
    (other sources stay locked)."""
    code = key + CODE_FAMILY
    _reset(db, key, code, _source(key, ip), _source(code, ip))
    audit.record(db, svc.clock.now(), "login.success", actor=account.id, subject=f"account:{account.id}", ip=ip,
                 method=method)


def clear_all(db: Session, key: str) -> None:
    """Reset every counter of ``key``: both families, all sources (a password reset, or an identifier's counters
    once its account logged in)."""
    every = or_(
        LoginThrottle.key == key, LoginThrottle.key == key + CODE_FAMILY,
        LoginThrottle.key.startswith(key + "@", autoescape=True),
        LoginThrottle.key.startswith(key + CODE_FAMILY + "@", autoescape=True),
    )
    counting = or_(LoginThrottle.failures != 0, LoginThrottle.locked_until.is_not(None))
    if db.scalar(select(LoginThrottle.key).where(every, counting).limit(1)) is None:
        return  # nothing to reset: no write (a login's write transaction stays short)
    db.execute(update(LoginThrottle).where(every).values(failures=0, locked_until=None)
               .execution_options(synchronize_session=False))
