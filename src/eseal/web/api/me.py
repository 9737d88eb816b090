"""我的: account info, passwords, 认证记录, roles (acting as an enterprise), OAuth bindings (docs/api.md §4.7)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel
from sqlalchemy import select

from eseal.platform import accounts, audit, face, oauth, roles, sms, willingness
from eseal.platform.errors import NotFound, PlatformError
from eseal.platform.models import Account, AuditEntry
from eseal.platform.providers.base import OAUTH_LABELS
from eseal.platform.security import hash_password
from eseal.platform.sessions import revoke_all, rotate_session
from eseal.platform.views import enterprise_brief
from eseal.web.api import schemas as S
from eseal.web.deps import (
    DbDep,
    ServicesDep,
    SessionDep,
    client_binding,
    client_ip,
    rotate_csrf,
    set_session_cookie,
)

router = APIRouter(tags=["me"])

AUTH_RECORD_EVENTS = ("account.registered", "login.success", "login.failure", "login.locked", "logout",
                      "password.reset", "password.changed", "verification_password.set", "face.check.completed",
                      "enterprise.entry", "willingness.created", "willingness.satisfied", "willingness.failed",
                      "willingness.consumed", "role.switched", "oauth.bound", "oauth.unbound", "oauth.login", "phone.bound")


class PasswordIn(BaseModel):
    new_password: S.Secret | None = None
    new_password_confirm: S.Secret | None = None
    willingness_challenge_id: S.Ident | None = None


class VerificationPasswordIn(BaseModel):
    password: S.Secret | None = None
    password_confirm: S.Secret | None = None
    willingness_challenge_id: S.Ident | None = None


class PhoneIn(BaseModel):
    phone: S.Ident | None = None
    sms_code: S.Secret | None = None
    willingness_challenge_id: S.Ident | None = None


class ActingAsIn(BaseModel):
    enterprise_id: int | None = None
    face_check_id: S.Ident | None = None


@router.get("/me", response_model=S.AccountEnvelope)
def me(ctx: SessionDep) -> dict[str, Any]:
    return {"account": ctx.account_view}


@router.post("/me/password", response_model=S.OkOut)
def change_password(body: PasswordIn, request: Request, db: DbDep, svc: ServicesDep, ctx: SessionDep) -> dict[str, Any]:
    password = accounts.check_new_password(body.new_password, body.new_password_confirm, "new_password",
                                           "new_password_confirm")
    willingness.require_willingness(db, svc, body.willingness_challenge_id, account_id=ctx.account.id,
                                    action="account.change_password", target_type="account",
                                    target_id=ctx.account.id,
                                    acting_as_enterprise_id=ctx.acting_as.id if ctx.acting_as else None,
                                    ip=client_ip(request))
    now = svc.clock.now()
    ctx.account.password_hash = hash_password(password)
    revoke_all(db, now, ctx.account.id, except_session_id=ctx.loaded.row.id)  # log out other devices
    audit.record(db, now, "password.changed", actor=ctx.account.id, subject=f"account:{ctx.account.id}",
                 ip=client_ip(request))
    return {"ok": True}


@router.post("/me/verification-password", response_model=S.OkOut)
def set_verification_password(body: VerificationPasswordIn, request: Request, db: DbDep, svc: ServicesDep,
                              ctx: SessionDep) -> dict[str, Any]:
    password = accounts.check_verification_password(body.password, body.password_confirm)
    # Also the FIRST one needs a fresh proof (SMS code to the bound phone, or face): a 核验密码 is a persistent
    # willingness credential, and a stolen session must not be able to mint one.
    action = "account.change_verification_password" if ctx.account.verification_password_hash \
        else "account.set_verification_password"
    willingness.require_willingness(db, svc, body.willingness_challenge_id, account_id=ctx.account.id,
                                    action=action, target_type="account", target_id=ctx.account.id,
                                    acting_as_enterprise_id=ctx.acting_as.id if ctx.acting_as else None,
                                    ip=client_ip(request))
    ctx.account.verification_password_hash = hash_password(password)
    audit.record(db, svc.clock.now(), "verification_password.set", actor=ctx.account.id,
                 subject=f"account:{ctx.account.id}", ip=client_ip(request))
    return {"ok": True}


@router.post("/me/phone", response_model=S.AccountEnvelope)
def bind_phone(body: PhoneIn, request: Request, db: DbDep, svc: ServicesDep, ctx: SessionDep) -> dict[str, Any]:
    """Bind (or change) the phone: SMS code to the NEW phone (purpose ``bind_phone``); changing an existing
    phone also needs a willingness challenge ``account.change_phone``. For persons it is the login phone."""
    account = ctx.account
    phone = accounts.check_phone(body.phone)
    if not account.is_enterprise and db.scalar(
            select(Account.id).where(Account.login_phone == phone, Account.id != account.id)) is not None:
        raise PlatformError("already_registered", "该手机号已被其他账号使用", "phone", status=409)
    if account.phone:
        willingness.require_willingness(db, svc, body.willingness_challenge_id, account_id=account.id,
                                        action="account.change_phone", target_type="account",
                                        target_id=account.id,
                                        acting_as_enterprise_id=ctx.acting_as.id if ctx.acting_as else None,
                                        ip=client_ip(request))
    sms.check_code(db, svc, phone, "bind_phone", body.sms_code or "")
    account.phone = phone
    if not account.is_enterprise:
        account.login_phone = phone
    audit.record(db, svc.clock.now(), "phone.bound", actor=account.id, subject=f"account:{account.id}",
                 ip=client_ip(request))
    return {"account": ctx.account_view}


@router.get("/me/auth-records", response_model=S.AuthRecordsOut)
def auth_records(db: DbDep, ctx: SessionDep) -> dict[str, Any]:
    rows = db.scalars(select(AuditEntry).where(AuditEntry.actor_account_id == ctx.account.id,
                                               AuditEntry.event.in_(AUTH_RECORD_EVENTS))
                      .order_by(AuditEntry.id.desc()).limit(100)).all()
    return {"records": [{"id": r.id, "at": r.created_at.isoformat(), "event": r.event,
                         "event_label": audit.EVENT_LABELS.get(r.event, r.event), "detail": json.loads(r.detail)}
                        for r in rows]}


@router.get("/me/roles", response_model=S.RolesOut)
def my_roles(db: DbDep, ctx: SessionDep) -> dict[str, Any]:
    items: list[dict[str, Any]] = [{"type": "self", "label": "个人" if not ctx.account.is_enterprise else "法人"}]
    for ent in roles.enterprises_for(db, ctx.account):
        items.append({"type": "enterprise", "label": ent.enterprise_name, "enterprise_id": ent.id,
                      "name": ent.enterprise_name,
                      "credit_code": ent.credit_code})
    return {"current": enterprise_brief(ctx.acting_as), "roles": items}


@router.post("/session/acting-as", response_model=S.SessionEnvelope)
def acting_as(body: ActingAsIn, request: Request, response: Response, db: DbDep, svc: ServicesDep,
              ctx: SessionDep) -> dict[str, Any]:
    now = svc.clock.now()
    if body.enterprise_id is None:
        ctx.loaded.row.acting_as_enterprise_id = None
        ctx.loaded.row.enterprise_face_verified_at = None
        ctx.acting_as, ctx.enterprise_face_verified = None, False
    else:
        if ctx.account.is_enterprise:
            raise PlatformError("forbidden", "法人账号无需切换角色", "enterprise_id", status=403)
        ent = roles.can_act_for(db, ctx.account, body.enterprise_id)
        if ent is None:
            raise NotFound("无权以该企业身份操作", "enterprise_id")
        # §3.2 for the legal representative acting as the enterprise: a passed liveness check of THIS
        # person, made for THIS enterprise, whose ID is the registered legal-rep ID (name + ID number alone
        # is public-ish knowledge and must not be enough)
        check = face.consume(db, svc, body.face_check_id, purpose="role_switch", client_binding=client_binding(request),
                             account_id=ctx.account.id, ref=str(ent.id))
        if not roles.face_check_matches(ent, check.subject_id_type, check.subject_id_key):
            raise PlatformError("face_not_passed", "人脸识别记录与当前操作不符", "face_check_id")
        ctx.loaded.row.acting_as_enterprise_id = ent.id
        ctx.loaded.row.enterprise_face_verified_at = now
        ctx.acting_as, ctx.enterprise_face_verified = ent, True
    # new role, new credentials: fresh session token and CSRF token (the old ones stop working)
    token = rotate_session(db, now, ctx.loaded)
    set_session_cookie(request, response, token)
    ctx.csrf_token = rotate_csrf(request, token)
    audit.record(db, now, "role.switched", actor=ctx.account.id, subject=f"account:{ctx.account.id}",
                 ip=client_ip(request), acting_as=body.enterprise_id)
    return {"session": ctx.to_dict()}


@router.get("/me/oauth-bindings", response_model=S.BindingsOut)
def my_bindings(db: DbDep, ctx: SessionDep) -> dict[str, Any]:
    return {"bindings": [{"provider": b.provider, "label": OAUTH_LABELS.get(b.provider, b.provider),
                          "bound_at": b.created_at.isoformat()} for b in oauth.bindings(db, ctx.account.id)]}


@router.delete("/me/oauth-bindings/{provider}", response_model=S.OkOut)
def unbind(provider: str, request: Request, db: DbDep, svc: ServicesDep, ctx: SessionDep) -> dict[str, Any]:
    oauth.unbind(db, svc, ctx.account.id, provider, client_ip(request))
    return {"ok": True}
