"""Face checks, enterprise entry (§3.2), willingness challenges (docs/api.md §4.5, §4.6)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from eseal.platform import accounts, audit, face, ratelimit, roles, willingness
from eseal.platform.errors import NotFound, PlatformError
from eseal.platform.sessions import rotate_session
from eseal.web.api import schemas as S
from eseal.web.deps import (
    DbDep,
    OptionalSessionDep,
    ServicesDep,
    SessionDep,
    client_binding,
    client_ip,
    rotate_csrf,
    set_session_cookie,
)

router = APIRouter(tags=["identity"])


class FaceCheckIn(BaseModel):
    purpose: S.Code
    account_type: S.Code | None = None
    account: S.Ident | None = None
    id_type: S.Code | None = None
    challenge_id: S.Ident | None = None
    enterprise_id: int | None = None
    return_to: S.Path | None = None


class EnterpriseEntryIn(BaseModel):
    face_check_id: S.Ident | None = None


class ChallengeIn(BaseModel):
    action: S.Ident
    target_type: S.Ident
    target_id: S.Ident | int


class SatisfyIn(BaseModel):
    method: S.Code
    password: S.Secret | None = None
    sms_code: S.Secret | None = None
    face_check_id: S.Ident | None = None


def _return_url(value: str | None) -> str:
    from eseal.platform.oauth import safe_next

    return safe_next(value, "") if value else ""


@router.post("/face/checks", status_code=201, response_model=S.FaceCheckOut)
def create_face_check(body: FaceCheckIn, request: Request, db: DbDep, svc: ServicesDep,
                      ctx: OptionalSessionDep) -> dict[str, Any]:
    binding, ip = client_binding(request), client_ip(request)
    # each check may open a session at a paid liveness service: limit per IP
    ratelimit.hit(db, svc.clock.now(), "face_ip", ip, limit=30, window=timedelta(hours=1))
    return_url = _return_url(body.return_to)
    if return_url and not svc.providers.face.simulated:
        # an external liveness service sends the browser back: it needs an absolute URL
        return_url = svc.settings.public_url.rstrip("/") + return_url
    if body.purpose == "willingness":
        if ctx is None:
            raise PlatformError("not_authenticated", "请先登录", status=401)
        ch = willingness.get_challenge(db, body.challenge_id or "", ctx.account.id)
        check = willingness.start_face(db, svc, ch, ctx.account, client_binding=binding, return_url=return_url, ip=ip)
        return face.view(svc, check)
    ref = None
    if body.purpose == "role_switch":
        # a person acting for an enterprise as its legal representative proves it is that person (liveness
        # bound to the person's real-name ID, which must be the enterprise's registered legal-rep ID)
        if ctx is None:
            raise PlatformError("not_authenticated", "请先登录", status=401)
        if ctx.account.is_enterprise:
            raise PlatformError("forbidden", "法人账号无需切换角色", "enterprise_id", status=403)
        ent = roles.can_act_for(db, ctx.account, body.enterprise_id) if body.enterprise_id is not None else None
        if ent is None:
            raise NotFound("无权以该企业身份操作", "enterprise_id")
        subject, account_id, ref = accounts.face_subject(svc, ctx.account), ctx.account.id, str(ent.id)
    elif body.purpose == "enterprise_entry":
        if ctx is None:
            raise PlatformError("not_authenticated", "请先登录", status=401)
        if not ctx.account.is_enterprise:
            raise PlatformError("method_unavailable", "个人用户无需人脸认证", "purpose")
        subject, account_id = accounts.face_subject(svc, ctx.account), ctx.account.id
    elif body.purpose in ("login", "reset_password"):
        if body.account_type != "person":
            raise PlatformError("method_unavailable", "人脸认证仅身份证登录时可用", "account_type")
        found, kind = accounts.resolve_account(db, svc, body.account_type, body.account, body.id_type)
        if found is None:
            raise PlatformError("account_not_found", "该账号未注册", "account", status=404)
        if kind != "id_number" or "face" not in accounts.login_methods(found, kind):
            raise PlatformError("method_unavailable", "人脸认证仅身份证登录时可用", "account")
        subject, account_id = accounts.face_subject(svc, found), found.id
    else:
        raise PlatformError("invalid_input", "人脸识别用途错误", "purpose")
    if subject is None:
        raise PlatformError("method_unavailable", "该账号无法进行人脸识别", "purpose")
    name, id_type, number = subject
    check = face.create_check(db, svc, purpose=body.purpose, name=name, id_type=id_type, id_number=number,
                              account_id=account_id, client_binding=binding, ref=ref, return_url=return_url, ip=ip)
    return face.view(svc, check)


@router.get("/face/checks/{check_id}", response_model=S.FaceCheckOut)
def get_face_check(check_id: str, request: Request, db: DbDep, svc: ServicesDep) -> dict[str, Any]:
    return face.view(svc, face.get_check(db, svc, check_id, client_binding(request)))


@router.post("/session/enterprise-entry", response_model=S.SessionEnvelope)
def enterprise_entry(body: EnterpriseEntryIn, request: Request, response: Response, db: DbDep, svc: ServicesDep,
                     ctx: SessionDep) -> dict[str, Any]:
    if not ctx.account.is_enterprise:
        raise PlatformError("method_unavailable", "个人用户无需人脸认证", "face_check_id")
    face.consume(db, svc, body.face_check_id, purpose="enterprise_entry", client_binding=client_binding(request),
                 account_id=ctx.account.id)
    now = svc.clock.now()
    ctx.loaded.row.enterprise_face_verified_at = now
    ctx.enterprise_face_verified = True
    # the session gains access to the seal app: fresh session and CSRF tokens
    token = rotate_session(db, now, ctx.loaded)
    set_session_cookie(request, response, token)
    ctx.csrf_token = rotate_csrf(request, token)
    audit.record(db, now, "enterprise.entry", actor=ctx.account.id, subject=f"account:{ctx.account.id}",
                 ip=client_ip(request))
    return {"session": ctx.to_dict()}


@router.post("/willingness/challenges", status_code=201, response_model=S.ChallengeOut)
def create_challenge(body: ChallengeIn, request: Request, db: DbDep, svc: ServicesDep,
                     ctx: SessionDep) -> dict[str, Any]:
    ch = willingness.create_challenge(db, svc, ctx.account, action=body.action, target_type=body.target_type,
                                      target_id=str(body.target_id),
                                      acting_as_enterprise_id=ctx.acting_as.id if ctx.acting_as else None,
                                      ip=client_ip(request))
    return willingness.view(db, svc, ch)


@router.get("/willingness/challenges/{challenge_id}", response_model=S.ChallengeOut)
def get_challenge(challenge_id: str, db: DbDep, svc: ServicesDep, ctx: SessionDep) -> dict[str, Any]:
    return willingness.view(db, svc, willingness.get_challenge(db, challenge_id, ctx.account.id))


@router.post("/willingness/challenges/{challenge_id}/sms", response_model=S.SmsSentOut)
def challenge_sms(challenge_id: str, request: Request, db: DbDep, svc: ServicesDep, ctx: SessionDep) -> dict[str, Any]:
    ch = willingness.get_challenge(db, challenge_id, ctx.account.id)
    return willingness.send_sms(db, svc, ch, ctx.account, ip=client_ip(request))


@router.post("/willingness/challenges/{challenge_id}/satisfy", response_model=S.ChallengeOut)
def satisfy_challenge(challenge_id: str, body: SatisfyIn, request: Request, db: DbDep, svc: ServicesDep,
                      ctx: SessionDep) -> dict[str, Any]:
    ch = willingness.satisfy(db, svc, challenge_id, ctx.account, method=body.method, password=body.password,
                             sms_code=body.sms_code, face_check_id=body.face_check_id,
                             client_binding=client_binding(request), ip=client_ip(request))
    return willingness.view(db, svc, ch)
