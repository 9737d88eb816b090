"""Password reset (找回密码): by an SMS code to the bound phone, or by a face check (persons logging in by ID)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from eseal.platform.accounts.actor import Actor
from eseal.platform.accounts.lockout import clear, throttle_keys
from eseal.platform.accounts.lookup import resolve_account
from eseal.platform.accounts.models import Account
from eseal.platform.accounts.sessions import revoke_all
from eseal.platform.accounts.validation import check_new_password
from eseal.platform.core import PlatformError, Services, audit, hash_password
from eseal.platform.identity import face, sms


def reset_password(db: Session, svc: Services, *, actor: Actor, account_type: str | None, account: str | None,
                   id_type: str | None, method: str, sms_code: str | None, face_check_id: str | None,
                   new_password: str | None, new_password_confirm: str | None) -> Account:
    ip, client_binding = actor.ip, actor.client_binding
    found, kind = resolve_account(db, svc, account_type, account, id_type)
    password = check_new_password(new_password, new_password_confirm, "new_password", "new_password_confirm")
    if found is None:
        raise PlatformError("account_not_found", "该账号未注册", "account")
    if method == "sms":
        if not found.phone:
            raise PlatformError("no_bound_phone", "该账号未绑定手机号", "method")
        sms.check_code(db, svc, found.phone, "reset_password", sms_code or "")
    elif method == "face":
        if kind != "id_number" or not found.realname_verified:
            raise PlatformError("method_unavailable", "人脸认证仅身份证登录时可用", "method")
        face.consume(db, svc, face_check_id, purpose="reset_password", client_binding=client_binding,
                     account_id=found.id)
    else:
        raise PlatformError("method_unavailable", "请选择验证方式", "method")
    now = svc.clock.now()
    found.password_hash = hash_password(password)
    revoke_all(db, now, found.id)
    # a successful reset also lifts the lockout for this account's identifiers
    for key in throttle_keys(found):
        clear(db, key)
    audit.record(db, now, "password.reset", actor=found.id, subject=f"account:{found.id}", ip=ip, method=method)
    return found
