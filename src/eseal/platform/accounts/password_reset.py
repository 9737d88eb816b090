"""Password reset (找回密码): by an SMS code to the bound phone, or by a face check (persons logging in by ID).

Neither step tells whether the identifier names an account (docs/platform.md "忘记密码 and enumeration"): for
an unknown identifier, or an account without a bound phone, the code is made, counted and checked exactly as
for a real one, under a stand-in key instead of a phone number, and simply never sent. Same answers, same
limits, same cooldown, same wrong-try counting; the only step skipped is the SMS gateway call.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from eseal.platform.accounts.actor import Actor
from eseal.platform.accounts.lockout import clear_all, person_throttle_key, throttle_key, throttle_keys
from eseal.platform.accounts.lookup import find_enterprise, find_person, resolve_person_identifier
from eseal.platform.accounts.models import Account
from eseal.platform.accounts.sessions import revoke_all
from eseal.platform.accounts.validation import check_new_password, parse_credit_code
from eseal.platform.core import PlatformError, Services, audit, hash_password, hmac_hex
from eseal.platform.identity import SmsSent, face, sms

PURPOSE = "reset_password"


def _target(db: Session, svc: Services, account_type: str | None, account: str | None,
            id_type: str | None) -> tuple[Account | None, str, str]:
    """→ (the account or None, kind of identifier, where its reset codes live: the bound phone, or a stand-in
    key of the identifier when there is no account or no phone; never shown, never sent)."""
    if account_type == "enterprise":
        code = parse_credit_code(account, "account").code
        found, kind, ident = find_enterprise(db, code), "credit_code", throttle_key("enterprise", code)
    elif account_type == "person":
        kind, value, t = resolve_person_identifier(account, id_type)
        found, ident = find_person(db, svc, kind, value, t), person_throttle_key(svc, kind, value, t)
    else:
        raise PlatformError("invalid_input", "请选择账号类型", "account_type")
    if found is not None and found.phone:
        return found, kind, found.phone
    return found, kind, "void:" + hmac_hex(svc.master_key, "reset-sink-v1", ident)[:15]


def send_reset_code(db: Session, svc: Services, *, actor: Actor, account_type: str | None, account: str | None,
                    id_type: str | None) -> SmsSent:
    """发送验证码 on 忘记密码: the same answer for every well-formed identifier (no masked phone either)."""
    found, _kind, sink = _target(db, svc, account_type, account, id_type)
    deliver = found is not None and found.phone == sink
    sent = sms.send_code(db, svc, sink, PURPOSE, ip=actor.ip, actor=found.id if deliver and found else None,
                         deliver=deliver)
    return SmsSent(sent=True, phone_masked=None, expires_in=sent.expires_in, resend_after=sent.resend_after)


def reset_password(db: Session, svc: Services, *, actor: Actor, account_type: str | None, account: str | None,
                   id_type: str | None, method: str, sms_code: str | None, face_check_id: str | None,
                   new_password: str | None, new_password_confirm: str | None) -> Account:
    ip, client_binding = actor.ip, actor.client_binding
    found, kind, sink = _target(db, svc, account_type, account, id_type)
    password = check_new_password(new_password, new_password_confirm, "new_password", "new_password_confirm")
    if method == "sms":
        sms.check_code(db, svc, sink, PURPOSE, sms_code or "")
    elif method == "face":
        if kind != "id_number" or (found is not None and not found.realname_verified):
            raise PlatformError("method_unavailable", "人脸认证仅身份证登录时可用", "method")
        # no account: no check can match (-1 is nobody's id), refused like someone else's check
        face.consume(db, svc, face_check_id, purpose=PURPOSE, client_binding=client_binding,
                     account_id=found.id if found is not None else -1)
    else:
        raise PlatformError("method_unavailable", "请选择验证方式", "method")
    if found is None or (method == "sms" and found.phone != sink):  # a stand-in code was never sent to anyone
        raise PlatformError("sms_code_expired", "验证码已失效，请重新获取", "sms_code")
    now = svc.clock.now()
    found.password_hash = hash_password(password)
    revoke_all(db, now, found.id)
    # a successful reset also lifts every lockout of this account (all sources): the way back in for an
    # enterprise, whose only login is the password (docs/platform.md "Lockout")
    for key in throttle_keys(found):
        clear_all(db, key)
    audit.record(db, now, "password.reset", actor=found.id, subject=f"account:{found.id}", ip=ip, method=method)
    return found
