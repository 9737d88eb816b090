"""我的 (the account's own settings): login password, 核验密码 (verification password), bound phone, 认证记录.

Every change needs a fresh proof (a satisfied willingness challenge), because a stolen session must not be
able to turn itself into lasting credentials.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from eseal.platform.accounts.actor import Actor
from eseal.platform.accounts.lookup import phone_taken
from eseal.platform.accounts.models import Account
from eseal.platform.accounts.serializers import AuthRecord
from eseal.platform.accounts.sessions import revoke_all
from eseal.platform.accounts.validation import check_new_password, check_phone, check_verification_password
from eseal.platform.core import AuditEntry, PlatformError, Services, audit, hash_password
from eseal.platform.identity import sms, willingness

# The audit events shown in 认证记录 (newest 100).
AUTH_RECORD_EVENTS = ("account.registered", "login.success", "login.failure", "login.locked", "logout",
                      "password.reset", "password.changed", "verification_password.set", "face.check.completed",
                      "enterprise.entry", "willingness.created", "willingness.satisfied", "willingness.failed",
                      "willingness.consumed", "role.switched", "oauth.bound", "oauth.unbound", "oauth.login",
                      "phone.bound", "enterprise.reclaimed", "realname.verified")


def _require_proof(db: Session, svc: Services, actor: Actor, challenge_id: str | None, action: str) -> None:
    account = actor.user
    willingness.require_willingness(db, svc, challenge_id, account_id=account.id, action=action,
                                    target_type="account", target_id=account.id,
                                    acting_as_enterprise_id=actor.acting_as_id, ip=actor.ip)


def change_password(db: Session, svc: Services, *, actor: Actor, new_password: str | None,
                    new_password_confirm: str | None, willingness_challenge_id: str | None,
                    keep_session_id: int) -> None:
    """Set a new login password (proof: ``account.change_password``) and log out the other devices."""
    password = check_new_password(new_password, new_password_confirm, "new_password", "new_password_confirm")
    _require_proof(db, svc, actor, willingness_challenge_id, "account.change_password")
    account, now = actor.user, svc.clock.now()
    account.password_hash = hash_password(password)
    revoke_all(db, now, account.id, except_session_id=keep_session_id)  # log out other devices
    audit.record(db, now, "password.changed", actor=account.id, subject=f"account:{account.id}", ip=actor.ip)


def set_verification_password(db: Session, svc: Services, *, actor: Actor, password: str | None,
                              password_confirm: str | None, willingness_challenge_id: str | None) -> None:
    """Set or change the 核验密码. Also the FIRST one needs a fresh proof (SMS code to the bound phone, or face):
    a 核验密码 is a persistent willingness credential, and a stolen session must not be able to mint one."""
    value = check_verification_password(password, password_confirm)
    account = actor.user
    action = "account.change_verification_password" if account.verification_password_hash \
        else "account.set_verification_password"
    _require_proof(db, svc, actor, willingness_challenge_id, action)
    account.verification_password_hash = hash_password(value)
    audit.record(db, svc.clock.now(), "verification_password.set", actor=account.id,
                 subject=f"account:{account.id}", ip=actor.ip)


def bind_phone(db: Session, svc: Services, *, actor: Actor, phone: str | None, sms_code: str | None,
               willingness_challenge_id: str | None) -> Account:
    """Bind (or change) the phone: SMS code to the NEW phone (purpose ``bind_phone``); changing an existing
    phone also needs a willingness challenge ``account.change_phone``. For persons it is the login phone."""
    account = actor.user
    number = check_phone(phone)
    if not account.is_enterprise and phone_taken(db, number, except_account_id=account.id):
        raise PlatformError("already_registered", "该手机号已被其他账号使用", "phone")
    if account.phone:
        _require_proof(db, svc, actor, willingness_challenge_id, "account.change_phone")
    sms.check_code(db, svc, number, "bind_phone", sms_code or "")
    account.phone = number
    if not account.is_enterprise:
        account.login_phone = number
    audit.record(db, svc.clock.now(), "phone.bound", actor=account.id, subject=f"account:{account.id}", ip=actor.ip)
    return account


def _listed(row: AuditEntry) -> bool:
    """One face check, one row: a PASSED check is listed by the event it proved (法定代表人人脸识别, 登录成功 ·
    人脸识别, 意愿认证通过 · 人脸识别, 重置密码, 切换角色 — recorded in the same request); a passed check that
    proved nothing authenticated nothing. A failed check is a failed attempt and keeps its own row."""
    if row.event != "face.check.completed":
        return True
    return json.loads(row.detail).get("passed") is not True


def auth_records(db: Session, *, actor: Actor, limit: int = 100) -> list[AuthRecord]:
    """认证记录: the account's own authentication events, newest first."""
    query = select(AuditEntry).where(AuditEntry.actor_account_id == actor.user.id,
                                     AuditEntry.event.in_(AUTH_RECORD_EVENTS)).order_by(AuditEntry.id.desc())
    rows: list[AuditEntry] = []
    offset = 0
    while len(rows) < limit:  # fill the page although hidden rows are skipped
        batch = db.scalars(query.offset(offset).limit(limit)).all()
        rows += [r for r in batch if _listed(r)]
        if len(batch) < limit:
            break
        offset += limit
    return [AuthRecord(id=r.id, at=r.created_at.isoformat(), event=r.event,
                       event_label=audit.EVENT_LABELS.get(r.event, r.event), detail=json.loads(r.detail))
            for r in rows[:limit]]
