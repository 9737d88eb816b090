"""Registration, login, logout, password reset, SMS codes (docs/api.md §4.2–§4.4)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel
from sqlalchemy import select

from eseal.platform import accounts, audit, ratelimit, sms
from eseal.platform.errors import PlatformError
from eseal.platform.models import Account
from eseal.platform.sessions import create_session, load_session, revoke_session
from eseal.web.api import schemas as S
from eseal.web.deps import (
    SESSION_COOKIE,
    DbDep,
    ServicesDep,
    SessionContext,
    clear_session_cookie,
    client_binding,
    client_ip,
    rotate_csrf,
    set_session_cookie,
)

router = APIRouter(tags=["auth"])


class SmsSendIn(BaseModel):
    purpose: S.Code
    phone: S.Ident | None = None
    account_type: S.Code | None = None
    account: S.Ident | None = None
    id_type: S.Code | None = None


class EnterpriseRegisterIn(BaseModel):
    legal_type: S.Code | None = None
    name: S.Name | None = None
    credit_code: S.Ident | None = None
    legal_rep_name: S.Name | None = None
    legal_rep_id_number: S.Ident | None = None
    phone: S.Ident | None = None
    sms_code: S.Secret | None = None
    password: S.Secret | None = None
    password_confirm: S.Secret | None = None
    agree: bool | None = None


class PersonRegisterIn(BaseModel):
    mode: S.Code | None = None
    id_type: S.Code | None = None
    id_number: S.Ident | None = None
    name: S.Name | None = None
    phone: S.Ident | None = None
    sms_code: S.Secret | None = None
    password: S.Secret | None = None
    password_confirm: S.Secret | None = None
    agree: bool | None = None


class EnterpriseLoginIn(BaseModel):
    credit_code: S.Ident | None = None
    password: S.Secret | None = None
    agree: bool | None = None


class PersonLookupIn(BaseModel):
    account: S.Ident | None = None
    id_type: S.Code | None = None


class PersonLoginIn(BaseModel):
    account: S.Ident | None = None
    id_type: S.Code | None = None
    method: S.Code | None = None
    password: S.Secret | None = None
    sms_code: S.Secret | None = None
    face_check_id: S.Ident | None = None
    agree: bool | None = None


class ResetIn(BaseModel):
    account_type: S.Code | None = None
    account: S.Ident | None = None
    id_type: S.Code | None = None
    method: S.Code | None = None
    sms_code: S.Secret | None = None
    face_check_id: S.Ident | None = None
    new_password: S.Secret | None = None
    new_password_confirm: S.Secret | None = None


def start_session(request: Request, response: Response, db: Any, svc: Any, account: Account,
                  method: str) -> dict[str, Any]:
    """Log ``account`` in: revoke the old session of this browser, create a new one, set the cookie, and
    issue a fresh CSRF token (a token known before the login must not authorise requests after it)."""
    now = svc.clock.now()
    revoke_session(db, now, request.cookies.get(SESSION_COOKIE))
    token = create_session(db, now, account, method, ip=client_ip(request),
                           user_agent=request.headers.get("user-agent"))
    set_session_cookie(request, response, token)
    rotate_csrf(request, token)
    loaded = load_session(db, now, token)
    assert loaded is not None
    ctx = SessionContext(account=account, acting_as=None, enterprise_face_verified=False,
                         csrf_token=request.state.csrf_token, loaded=loaded, db=db)
    return {"session": ctx.to_dict()}


@router.post("/sms/send", response_model=S.SmsSentOut)
def send_sms(body: SmsSendIn, request: Request, db: DbDep, svc: ServicesDep) -> dict[str, Any]:
    ip = client_ip(request)
    if body.purpose in ("register", "bind_phone"):
        phone = accounts.check_phone(body.phone)
        # early "already registered" hint only for person registration: an enterprise may register with
        # the phone its legal representative also uses as a personal login
        if body.purpose == "register" and body.account_type == "person":
            # the hint reveals whether a phone is registered: limited per IP like the login lookup
            ratelimit.hit(db, svc.clock.now(), "lookup_ip", ip, limit=60, window=timedelta(hours=1))
        if body.purpose == "register" and body.account_type == "person" and db.scalar(
                select(Account.id).where(Account.login_phone == phone)) is not None:
            raise PlatformError("already_registered", "该手机号已注册，请直接登录", "phone", status=409)
        return sms.send_code(db, svc, phone, body.purpose, ip=ip)
    if body.purpose in ("login", "reset_password"):
        found, _kind = accounts.resolve_account(db, svc, body.account_type, body.account, body.id_type)
        if found is None:
            raise PlatformError("account_not_found", "该账号未注册", "account", status=404)
        if not found.phone:
            raise PlatformError("no_bound_phone", "该账号未绑定手机号", "account")
        return sms.send_code(db, svc, found.phone, body.purpose, ip=ip, actor=found.id)
    raise PlatformError("invalid_input", "验证码用途错误", "purpose")


@router.post("/register/enterprise", status_code=201, response_model=S.SessionEnvelope)
def register_enterprise(body: EnterpriseRegisterIn, request: Request, response: Response, db: DbDep,
                        svc: ServicesDep) -> dict[str, Any]:
    form = accounts.EnterpriseRegistration(
        legal_type=body.legal_type or "", name=body.name or "", credit_code=body.credit_code or "",
        legal_rep_name=body.legal_rep_name or "", legal_rep_id_number=body.legal_rep_id_number or "",
        phone=body.phone or "", sms_code=body.sms_code or "", password=body.password or "",
        password_confirm=body.password_confirm or "", agree=body.agree is True)
    account = accounts.register_enterprise(db, svc, form, client_ip(request))
    return start_session(request, response, db, svc, account, "register")


@router.post("/register/person", status_code=201, response_model=S.SessionEnvelope)
def register_person(body: PersonRegisterIn, request: Request, response: Response, db: DbDep,
                    svc: ServicesDep) -> dict[str, Any]:
    data = body.model_dump()
    form = accounts.PersonRegistration(mode=data.pop("mode") or "", phone=data.pop("phone") or "",
                                       sms_code=data.pop("sms_code") or "", agree=bool(data.pop("agree")), **data)
    account = accounts.register_person(db, svc, form, client_ip(request))
    return start_session(request, response, db, svc, account, "register")


@router.post("/auth/enterprise/login", response_model=S.SessionEnvelope)
def login_enterprise(body: EnterpriseLoginIn, request: Request, response: Response, db: DbDep,
                     svc: ServicesDep) -> dict[str, Any]:
    account = accounts.login_enterprise(db, svc, body.credit_code, body.password, body.agree, client_ip(request))
    return start_session(request, response, db, svc, account, "password")


@router.post("/auth/person/lookup", response_model=S.LookupOut)
def person_lookup(body: PersonLookupIn, request: Request, db: DbDep, svc: ServicesDep) -> dict[str, Any]:
    return accounts.person_lookup(db, svc, body.account, body.id_type, client_ip(request))


@router.post("/auth/person/login", response_model=S.SessionEnvelope)
def login_person(body: PersonLoginIn, request: Request, response: Response, db: DbDep,
                 svc: ServicesDep) -> dict[str, Any]:
    account = accounts.login_person(db, svc, account=body.account, id_type=body.id_type, method=body.method or "",
                                    password=body.password, sms_code=body.sms_code, face_check_id=body.face_check_id,
                                    agree=body.agree, ip=client_ip(request), client_binding=client_binding(request))
    return start_session(request, response, db, svc, account, body.method or "")


@router.post("/auth/logout", response_model=S.OkOut)
def logout(request: Request, response: Response, db: DbDep, svc: ServicesDep) -> dict[str, Any]:
    now = svc.clock.now()
    loaded = load_session(db, now, request.cookies.get(SESSION_COOKIE))
    if loaded is not None:
        audit.record(db, now, "logout", actor=loaded.account.id, subject=f"account:{loaded.account.id}",
                     ip=client_ip(request))
    revoke_session(db, now, request.cookies.get(SESSION_COOKIE))
    clear_session_cookie(request, response)
    rotate_csrf(request)
    return {"ok": True}


@router.post("/auth/password/reset", response_model=S.OkOut)
def reset_password(body: ResetIn, request: Request, db: DbDep, svc: ServicesDep) -> dict[str, Any]:
    accounts.reset_password(db, svc, account_type=body.account_type, account=body.account, id_type=body.id_type,
                            method=body.method or "", sms_code=body.sms_code, face_check_id=body.face_check_id,
                            new_password=body.new_password, new_password_confirm=body.new_password_confirm,
                            ip=client_ip(request), client_binding=client_binding(request))
    return {"ok": True}
