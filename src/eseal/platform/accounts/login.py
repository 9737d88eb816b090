"""Logging in (manual §2 登录): enterprise by credit code + password; person by phone or ID number with a password,
an SMS code or a face check; and WeChat/Alipay quick login (the round trip itself is ``identity.oauth``).

These functions decide WHO logs in (lockout, credentials, audit); ``sessions.start_session`` then opens the session
(the one start sequence shared by every way in).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from eseal.platform.accounts.actor import Actor
from eseal.platform.accounts.lockout import (
    check_not_locked,
    clear_all,
    person_account_throttle_key,
    person_throttle_key,
    record_failure,
    record_success,
    throttle_key,
)
from eseal.platform.accounts.lookup import (
    find_enterprise,
    find_person,
    login_methods,
    resolve_person_identifier,
)
from eseal.platform.accounts.models import Account
from eseal.platform.accounts.validation import parse_credit_code, require_agreement
from eseal.platform.core import PlatformError, Services, audit, ratelimit, verify_password
from eseal.platform.identity import CallbackResult, face, sms

FAILED_LOGINS_PER_IP_PER_HOUR = 100
IP_WINDOW = timedelta(hours=1)


def _login_ip_limit(db: Session, svc: Services, ip: str | None) -> None:
    """Per source address: at most 100 FAILED logins an hour. Successful logins do not count (one office behind one
    NAT address logs in all day; the per-account+source lockout stops guessing first). Read only, before the
    password hash: no write (and on SQLite no write lock) before argon2."""
    if ratelimit.recent(db, svc.clock.now(), "login_ip_fail", ip or "unknown", IP_WINDOW) \
            >= FAILED_LOGINS_PER_IP_PER_HOUR:
        raise PlatformError("rate_limited", "登录失败次数过多，请稍后再试", retry_after=int(IP_WINDOW.total_seconds()))


def _failed(db: Session, svc: Services, key: str, *, ip: str | None, account_id: int | None, method: str) -> None:
    record_failure(db, svc, key, ip=ip, account_id=account_id, method=method)
    ratelimit.add(db, svc.clock.now(), "login_ip_fail", ip or "unknown")


def login_enterprise(db: Session, svc: Services, *, actor: Actor, credit_code: str | None, password: str | None,
                     agree: bool | None) -> Account:
    ip = actor.ip
    require_agreement(agree)
    credit = parse_credit_code(credit_code)
    key = throttle_key("enterprise", credit.code)
    check_not_locked(db, svc, key, ip=ip)
    _login_ip_limit(db, svc, ip)
    account = find_enterprise(db, credit.code)
    ok = verify_password(account.password_hash if account else None, password or "")
    if not ok or account is None or account.status != "active":
        _failed(db, svc, key, ip=ip, account_id=account.id if account else None, method="password")
        check_not_locked(db, svc, key, ip=ip)
        raise PlatformError("login_failed", "账号或密码错误")
    record_success(db, svc, key, account, ip=ip, method="password")
    return account


def login_person(db: Session, svc: Services, *, actor: Actor, account: str | None, id_type: str | None, method: str,
                 password: str | None, sms_code: str | None, face_check_id: str | None,
                 agree: bool | None) -> Account:
    ip, client_binding = actor.ip, actor.client_binding
    require_agreement(agree)
    kind, value, t = resolve_person_identifier(account, id_type)
    ident_key = person_throttle_key(svc, kind, value, t)
    # a password lockout does not stop an SMS or face login (lockout.py): each method looks at its own counters
    factor = method if method in ("sms", "face") else "password"
    check_not_locked(db, svc, ident_key, ip=ip, method=factor)  # unknown identifiers: per identifier
    _login_ip_limit(db, svc, ip)
    found = find_person(db, svc, kind, value, t)
    # a known account is locked per ACCOUNT (phone and ID number share one counter)
    key = person_account_throttle_key(db, found) if found is not None else ident_key
    check_not_locked(db, svc, key, ip=ip, method=factor)
    if method not in ("password", "sms", "face"):
        raise PlatformError("method_unavailable", "请选择登录方式", "method")
    if method == "password":
        ok = verify_password(found.password_hash if found else None, password or "")
        if not ok or found is None:
            _failed(db, svc, key, ip=ip, account_id=found.id if found else None, method="password")
            check_not_locked(db, svc, key, ip=ip)
            raise PlatformError("login_failed", "账号或密码错误")
    elif found is None:
        raise PlatformError("account_not_found", "该账号未注册", "account")
    elif method not in login_methods(found, kind):
        raise PlatformError("method_unavailable", "该账号不支持此登录方式", "method")
    elif method == "sms":
        try:
            sms.check_code(db, svc, found.phone or "", "login", sms_code or "")
        except PlatformError:
            # wrong SMS codes count toward the account lockout too (each code also allows only 5 tries)
            _failed(db, svc, key, ip=ip, account_id=found.id, method="sms")
            check_not_locked(db, svc, key, ip=ip, method="sms")
            raise
    else:
        try:
            face.consume(db, svc, face_check_id, purpose="login", client_binding=client_binding, account_id=found.id)
        except PlatformError:
            _failed(db, svc, key, ip=ip, account_id=found.id, method="face")
            raise
    assert found is not None
    if found.status != "active":
        raise PlatformError("login_failed", "账号已停用")
    record_success(db, svc, key, found, ip=ip, method=method)
    if ident_key != key:
        clear_all(db, ident_key)
    return found


def login_oauth(db: Session, svc: Services, *, actor: Actor, result: CallbackResult,
                provider: str) -> Account | None:
    """The account a finished quick-login round trip (outcome "login") logs in, or None (then: failed).

    Enterprise accounts never log in by WeChat/Alipay (bindings made before this rule stay inert)."""
    account = db.get(Account, result.account_id) if result.account_id is not None else None
    if account is None or account.status != "active" or account.is_enterprise:
        return None
    now, ip = svc.clock.now(), actor.ip
    audit.record(db, now, "oauth.login", actor=account.id, subject=f"account:{account.id}", ip=ip, provider=provider)
    audit.record(db, now, "login.success", actor=account.id, subject=f"account:{account.id}", ip=ip,
                 method=f"oauth:{provider}")
    return account
