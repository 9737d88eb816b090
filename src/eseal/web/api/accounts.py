"""Accounts: registration, login, logout, password reset, SMS codes (docs/api.md §4.2–§4.4) and 我的: account
info, passwords, bound phone, 认证记录, roles, enterprise entry (§4.5, §4.7).

The routes adapt: parse the body, call one ``eseal.platform.accounts`` service, map the result.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

import eseal.web.api.schemas as S
from eseal.platform import accounts
from eseal.platform.accounts import AuthRecord, LookupResult, RolesView
from eseal.platform.identity import SmsSent
from eseal.web.deps import (
    SESSION_COOKIE,
    ActorDep,
    ClientDep,
    DbDep,
    ServicesDep,
    SessionDep,
    SessionEnvelope,
    begin_session,
    clear_session_cookie,
    defer_write_lock,
    rotate_csrf,
)
from eseal.web.routing import UnitOfWorkRoute

auth_router = APIRouter(route_class=UnitOfWorkRoute, tags=["auth"])
me_router = APIRouter(route_class=UnitOfWorkRoute, tags=["me"])
entry_router = APIRouter(route_class=UnitOfWorkRoute, tags=["identity"])


class SmsSendIn(BaseModel):
    """``phone`` for register / bind_phone / reclaim; ``account`` (+ ``account_type``, ``id_type``) for login and
    reset_password (the code goes to the account's bound phone)."""

    purpose: S.Code = Field(json_schema_extra={"enum": ["register", "login", "reset_password", "bind_phone",
                                                        "reclaim"]})
    phone: S.Ident | None = S.PHONE_FIELD
    account_type: S.Code | None = S.enum(*S.ACCOUNT_TYPES)
    account: S.Ident | None = S.text("手机号、证件号码或统一社会信用代码")
    id_type: S.Code | None = S.ID_TYPE_FIELD


class EnterpriseRegisterIn(BaseModel):
    model_config = S.required("legal_type", "name", "credit_code", "legal_rep_name", "legal_rep_id_number", "phone",
                              "sms_code", "password", "password_confirm", "agree")
    legal_type: S.Code | None = S.enum(*S.LEGAL_TYPES)
    name: S.Name | None = S.text("公司或单位名称（与营业执照一致）")
    credit_code: S.Ident | None = S.doc("统一社会信用代码（18 位，校验位）", pattern=S.CREDIT_CODE)
    legal_rep_name: S.Name | None = S.text("法定代表人姓名")
    legal_rep_id_number: S.Ident | None = S.doc("法定代表人居民身份证号（校验位）", pattern=S.RESIDENT_ID)
    phone: S.Ident | None = S.PHONE_FIELD
    sms_code: S.Secret | None = S.SMS_CODE_FIELD
    password: S.Secret | None = S.PASSWORD_FIELD
    password_confirm: S.Secret | None = S.PASSWORD_FIELD
    agree: bool | None = S.AGREE


class PersonRegisterIn(BaseModel):
    """``mode`` realname: ``id_type``, ``id_number`` and ``name`` too; phone: phone + SMS code only (未实名).
    ``password`` is optional (SMS login only)."""

    model_config = S.required("mode", "phone", "sms_code", "agree")
    mode: S.Code | None = S.enum("realname", "phone")
    id_type: S.Code | None = S.ID_TYPE_FIELD
    id_number: S.Ident | None = S.text("证件号码（居民身份证：18 位，校验位）")
    name: S.Name | None = S.text("姓名")
    phone: S.Ident | None = S.PHONE_FIELD
    sms_code: S.Secret | None = S.SMS_CODE_FIELD
    password: S.Secret | None = S.PASSWORD_FIELD
    password_confirm: S.Secret | None = S.PASSWORD_FIELD
    agree: bool | None = S.AGREE


class EnterpriseLoginIn(BaseModel):
    model_config = S.required("credit_code", "password", "agree")
    credit_code: S.Ident | None = S.doc("统一社会信用代码", pattern=S.CREDIT_CODE)
    password: S.Secret | None = S.text()
    agree: bool | None = S.AGREE


class PersonLookupIn(BaseModel):
    model_config = S.required("account")
    account: S.Ident | None = S.text("手机号或证件号码")
    id_type: S.Code | None = S.ID_TYPE_FIELD


class PersonLoginIn(BaseModel):
    """``method`` password: ``password``; sms: ``sms_code`` (purpose login); face: ``face_check_id`` (passed)."""

    model_config = S.required("account", "method", "agree")
    account: S.Ident | None = S.text("手机号或证件号码")
    id_type: S.Code | None = S.ID_TYPE_FIELD
    method: S.Code | None = S.enum("password", "sms", "face")
    password: S.Secret | None = S.text()
    sms_code: S.Secret | None = S.SMS_CODE_FIELD
    face_check_id: S.Ident | None = S.FACE_CHECK_FIELD
    agree: bool | None = S.AGREE


class ResetIn(BaseModel):
    model_config = S.required("account_type", "account", "method", "new_password", "new_password_confirm")
    account_type: S.Code | None = S.enum(*S.ACCOUNT_TYPES)
    account: S.Ident | None = S.text("手机号、证件号码或统一社会信用代码")
    id_type: S.Code | None = S.ID_TYPE_FIELD
    method: S.Code | None = S.enum("sms", "face")
    sms_code: S.Secret | None = S.SMS_CODE_FIELD
    face_check_id: S.Ident | None = S.FACE_CHECK_FIELD
    new_password: S.Secret | None = S.PASSWORD_FIELD
    new_password_confirm: S.Secret | None = S.PASSWORD_FIELD


class PasswordIn(BaseModel):
    model_config = S.required("new_password", "new_password_confirm", "willingness_challenge_id")
    new_password: S.Secret | None = S.PASSWORD_FIELD
    new_password_confirm: S.Secret | None = S.PASSWORD_FIELD
    willingness_challenge_id: S.Ident | None = S.CHALLENGE_FIELD


class VerificationPasswordIn(BaseModel):
    model_config = S.required("password", "password_confirm")
    password: S.Secret | None = S.doc("核验密码：6-20 位数字", pattern=S.DIGITS_6_TO_20)
    password_confirm: S.Secret | None = S.doc(pattern=S.DIGITS_6_TO_20)
    willingness_challenge_id: S.Ident | None = S.CHALLENGE_FIELD


class PhoneIn(BaseModel):
    model_config = S.required("phone", "sms_code")
    phone: S.Ident | None = S.PHONE_FIELD
    sms_code: S.Secret | None = S.SMS_CODE_FIELD
    willingness_challenge_id: S.Ident | None = S.CHALLENGE_FIELD


class ActingAsIn(BaseModel):
    enterprise_id: int | None = Field(default=None, description="切换到的企业；null 切回个人")
    face_check_id: S.Ident | None = S.FACE_CHECK_FIELD


class EnterpriseEntryIn(BaseModel):
    model_config = S.required("face_check_id")
    face_check_id: S.Ident | None = S.FACE_CHECK_FIELD


def _logged_in(request: Request, response: Response, db: DbDep, svc: ServicesDep, account: accounts.Account,
               method: str) -> SessionEnvelope:
    return SessionEnvelope(begin_session(request, response, db, svc, account, method).view())


# ---------------------------------------------------------------- registration, login, logout, reset

@auth_router.post("/sms/send", response_model=S.SmsSentOut)
def send_sms(body: SmsSendIn, db: DbDep, svc: ServicesDep, actor: ClientDep) -> SmsSent:
    return accounts.send_code(db, svc, actor=actor, purpose=body.purpose, phone=body.phone,
                              account_type=body.account_type, account=body.account, id_type=body.id_type)


@auth_router.post("/register/enterprise", status_code=201, response_model=S.SessionEnvelope)
def register_enterprise(body: EnterpriseRegisterIn, request: Request, response: Response, db: DbDep,
                        svc: ServicesDep, actor: ClientDep) -> SessionEnvelope:
    form = accounts.EnterpriseRegistration(
        legal_type=body.legal_type or "", name=body.name or "", credit_code=body.credit_code or "",
        legal_rep_name=body.legal_rep_name or "", legal_rep_id_number=body.legal_rep_id_number or "",
        phone=body.phone or "", sms_code=body.sms_code or "", password=body.password or "",
        password_confirm=body.password_confirm or "", agree=body.agree is True)
    account = accounts.register_enterprise(db, svc, actor=actor, form=form)
    return _logged_in(request, response, db, svc, account, "register")


@auth_router.post("/register/person", status_code=201, response_model=S.SessionEnvelope)
def register_person(body: PersonRegisterIn, request: Request, response: Response, db: DbDep,
                    svc: ServicesDep, actor: ClientDep) -> SessionEnvelope:
    data = body.model_dump()
    form = accounts.PersonRegistration(mode=data.pop("mode") or "", phone=data.pop("phone") or "",
                                       sms_code=data.pop("sms_code") or "", agree=bool(data.pop("agree")), **data)
    account = accounts.register_person(db, svc, actor=actor, form=form)
    return _logged_in(request, response, db, svc, account, "register")


@auth_router.post("/auth/enterprise/login", response_model=S.SessionEnvelope, dependencies=[Depends(defer_write_lock)])
def login_enterprise(body: EnterpriseLoginIn, request: Request, response: Response, db: DbDep,
                     svc: ServicesDep, actor: ClientDep) -> SessionEnvelope:
    account = accounts.login_enterprise(db, svc, actor=actor, credit_code=body.credit_code, password=body.password,
                                        agree=body.agree)
    return _logged_in(request, response, db, svc, account, "password")


@auth_router.post("/auth/person/lookup", response_model=S.LookupOut)
def person_lookup(body: PersonLookupIn, db: DbDep, svc: ServicesDep, actor: ClientDep) -> LookupResult:
    return accounts.person_lookup(db, svc, actor=actor, account=body.account, id_type=body.id_type)


@auth_router.post("/auth/person/login", response_model=S.SessionEnvelope, dependencies=[Depends(defer_write_lock)])
def login_person(body: PersonLoginIn, request: Request, response: Response, db: DbDep, svc: ServicesDep,
                 actor: ClientDep) -> SessionEnvelope:
    account = accounts.login_person(db, svc, actor=actor, account=body.account, id_type=body.id_type,
                                    method=body.method or "", password=body.password, sms_code=body.sms_code,
                                    face_check_id=body.face_check_id, agree=body.agree)
    return _logged_in(request, response, db, svc, account, body.method or "")


@auth_router.post("/auth/logout", response_model=S.OkOut)
def logout(request: Request, response: Response, db: DbDep, svc: ServicesDep, actor: ClientDep) -> S.Ok:
    accounts.end_session(db, svc, request.cookies.get(SESSION_COOKIE), ip=actor.ip)
    clear_session_cookie(request, response)
    rotate_csrf(request)
    return S.OK


@auth_router.post("/auth/password/reset", response_model=S.OkOut)
def reset_password(body: ResetIn, db: DbDep, svc: ServicesDep, actor: ClientDep) -> S.Ok:
    accounts.reset_password(db, svc, actor=actor, account_type=body.account_type, account=body.account, id_type=body.id_type,
                            method=body.method or "", sms_code=body.sms_code, face_check_id=body.face_check_id,
                            new_password=body.new_password, new_password_confirm=body.new_password_confirm)
    return S.OK


# ---------------------------------------------------------------- 我的, roles, enterprise entry

@me_router.get("/me", response_model=S.AccountEnvelope)
def me(ctx: SessionDep) -> S.AccountEnvelopeView:
    return S.AccountEnvelopeView(ctx.account_view)


@me_router.post("/me/password", response_model=S.OkOut)
def change_password(body: PasswordIn, db: DbDep, svc: ServicesDep, ctx: SessionDep, actor: ActorDep) -> S.Ok:
    accounts.change_password(db, svc, actor=actor, new_password=body.new_password,
                             new_password_confirm=body.new_password_confirm,
                             willingness_challenge_id=body.willingness_challenge_id, keep_session_id=ctx.loaded.row.id)
    return S.OK


@me_router.post("/me/verification-password", response_model=S.OkOut)
def set_verification_password(body: VerificationPasswordIn, db: DbDep, svc: ServicesDep, _ctx: SessionDep,
                              actor: ActorDep) -> S.Ok:
    accounts.set_verification_password(db, svc, actor=actor, password=body.password,
                                       password_confirm=body.password_confirm,
                                       willingness_challenge_id=body.willingness_challenge_id)
    return S.OK


@me_router.post("/me/phone", response_model=S.AccountEnvelope)
def bind_phone(body: PhoneIn, db: DbDep, svc: ServicesDep, ctx: SessionDep, actor: ActorDep) -> S.AccountEnvelopeView:
    """Bind (or change) the phone: SMS code to the NEW phone (purpose ``bind_phone``); changing an existing
    phone also needs a willingness challenge ``account.change_phone``. For persons it is the login phone."""
    accounts.bind_phone(db, svc, actor=actor, phone=body.phone, sms_code=body.sms_code,
                        willingness_challenge_id=body.willingness_challenge_id)
    return S.AccountEnvelopeView(ctx.account_view)


@me_router.get("/me/auth-records", response_model=S.AuthRecordsOut)
def auth_records(db: DbDep, _ctx: SessionDep, actor: ActorDep) -> S.AuthRecordsView:
    records: list[AuthRecord] = accounts.auth_records(db, actor=actor)
    return S.AuthRecordsView(tuple(records))


@me_router.get("/me/roles", response_model=S.RolesOut)
def my_roles(db: DbDep, ctx: SessionDep) -> RolesView:
    return accounts.roles_of(db, ctx.account, ctx.acting_as)


@me_router.post("/session/acting-as", response_model=S.SessionEnvelope)
def acting_as(body: ActingAsIn, request: Request, response: Response, db: DbDep, svc: ServicesDep,
              ctx: SessionDep, actor: ActorDep) -> SessionEnvelope:
    change = accounts.switch_role(db, svc, actor=actor, loaded=ctx.loaded, enterprise_id=body.enterprise_id,
                                  face_check_id=body.face_check_id)
    return ctx.apply(request, response, change)


@entry_router.post("/session/enterprise-entry", response_model=S.SessionEnvelope)
def enterprise_entry(body: EnterpriseEntryIn, request: Request, response: Response, db: DbDep, svc: ServicesDep,
                     ctx: SessionDep, actor: ActorDep) -> SessionEnvelope:
    change = accounts.enter_enterprise(db, svc, actor=actor, loaded=ctx.loaded, face_check_id=body.face_check_id)
    return ctx.apply(request, response, change)
