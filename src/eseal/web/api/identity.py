"""Identity: face checks, willingness challenges (docs/api.md §4.5, §4.6), WeChat / Alipay quick login and its
bindings (§4.7, §4.8).

The routes adapt: parse, call one ``eseal.platform`` service, map the result (JSON, or a browser redirect).
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

import eseal.web.api.schemas as S
from eseal.platform import accounts
from eseal.platform.identity import ChallengeView, FaceCheckView, face, oauth, willingness
from eseal.web.deps import ActorDep, ClientDep, DbDep, ServicesDep, SessionDep, begin_session
from eseal.web.routing import UnitOfWorkRoute

face_router = APIRouter(route_class=UnitOfWorkRoute, tags=["identity"])
willingness_router = APIRouter(route_class=UnitOfWorkRoute, tags=["identity"])
me_router = APIRouter(route_class=UnitOfWorkRoute, tags=["me"])
oauth_router = APIRouter(route_class=UnitOfWorkRoute, tags=["oauth"])


class FaceCheckIn(BaseModel):
    purpose: S.Code = Field(json_schema_extra={"enum": list(face.PURPOSES)})
    account_type: S.Code | None = S.enum(*S.ACCOUNT_TYPES)
    account: S.Ident | None = S.text("login / reset_password：手机号、证件号码或统一社会信用代码")
    id_type: S.Code | None = S.ID_TYPE_FIELD
    challenge_id: S.Ident | None = S.text("willingness：意愿认证 challenge_id")
    enterprise_id: int | None = None
    return_to: S.Path | None = S.doc("核验完成后返回的本站路径（以 / 开头）", pattern="^/")


class ChallengeIn(BaseModel):
    action: S.Ident
    target_type: S.Ident
    target_id: S.Ident | int


class SatisfyIn(BaseModel):
    method: S.Code = Field(json_schema_extra={"enum": ["password", "sms", "face"]})
    password: S.Secret | None = S.doc("method password：核验密码", pattern=S.DIGITS_6_TO_20)
    sms_code: S.Secret | None = S.SMS_CODE_FIELD
    face_check_id: S.Ident | None = S.FACE_CHECK_FIELD


# ---------------------------------------------------------------- face checks

@face_router.post("/face/checks", status_code=201, response_model=S.FaceCheckOut)
def create_face_check(body: FaceCheckIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> FaceCheckView:
    return accounts.start_face_check(db, svc, actor=actor, purpose=body.purpose, account_type=body.account_type,
                                     account=body.account, id_type=body.id_type, challenge_id=body.challenge_id,
                                     enterprise_id=body.enterprise_id, return_to=body.return_to)


@face_router.get("/face/checks/{check_id}", response_model=S.FaceCheckOut)
def get_face_check(check_id: str, db: DbDep, svc: ServicesDep, actor: ClientDep) -> FaceCheckView:
    return face.view(svc, face.get_check(db, svc, check_id, actor.client_binding))


# ---------------------------------------------------------------- willingness (意愿认证)

@willingness_router.post("/willingness/challenges", status_code=201, response_model=S.ChallengeOut)
def create_challenge(body: ChallengeIn, db: DbDep, svc: ServicesDep, ctx: SessionDep,
                     actor: ActorDep) -> ChallengeView:
    ch = willingness.create_challenge(db, svc, ctx.account, action=body.action, target_type=body.target_type,
                                      target_id=str(body.target_id), acting_as_enterprise_id=actor.acting_as_id,
                                      ip=actor.ip)
    return willingness.view(svc, ch, ctx.account)


@willingness_router.get("/willingness/challenges/{challenge_id}", response_model=S.ChallengeOut)
def get_challenge(challenge_id: str, db: DbDep, svc: ServicesDep, ctx: SessionDep) -> ChallengeView:
    return willingness.view(svc, willingness.get_challenge(db, challenge_id, ctx.account.id), ctx.account)


@willingness_router.post("/willingness/challenges/{challenge_id}/sms", response_model=S.SmsSentOut)
def challenge_sms(challenge_id: str, db: DbDep, svc: ServicesDep, ctx: SessionDep,
                  actor: ActorDep) -> S.SmsSentView:
    ch = willingness.get_challenge(db, challenge_id, ctx.account.id)
    return willingness.send_sms(db, svc, ch, ctx.account, ip=actor.ip)


@willingness_router.post("/willingness/challenges/{challenge_id}/satisfy", response_model=S.ChallengeOut)
def satisfy_challenge(challenge_id: str, body: SatisfyIn, db: DbDep, svc: ServicesDep, ctx: SessionDep,
                      actor: ActorDep) -> ChallengeView:
    ch = willingness.satisfy(db, svc, challenge_id, ctx.account, method=body.method, password=body.password,
                             sms_code=body.sms_code, face_check_id=body.face_check_id,
                             client_binding=actor.client_binding, ip=actor.ip)
    return willingness.view(svc, ch, ctx.account)


# ---------------------------------------------------------------- WeChat / Alipay bindings (我的)

@me_router.get("/me/oauth-bindings", response_model=S.BindingsOut)
def my_bindings(db: DbDep, ctx: SessionDep) -> S.BindingsView:
    return S.BindingsView(tuple(oauth.binding_views(db, ctx.account.id)))


@me_router.delete("/me/oauth-bindings/{provider}", response_model=S.OkOut)
def unbind(provider: str, db: DbDep, svc: ServicesDep, ctx: SessionDep, actor: ActorDep) -> S.Ok:
    oauth.unbind(db, svc, ctx.account.id, provider, actor.ip)
    return S.OK


# ---------------------------------------------------------------- WeChat / Alipay quick login: browser redirects

def _with_query(url: str, **params: str) -> str:
    return url + ("&" if "?" in url else "?") + urlencode(params)


@oauth_router.get("/oauth/{provider}/start", status_code=302, response_class=RedirectResponse,
                  responses=S.REDIRECT_RESPONSES)
def oauth_start(provider: str, request: Request, db: DbDep, svc: ServicesDep, actor: ActorDep,
                mode: str = "login", next: str | None = None, challenge: str | None = None) -> RedirectResponse:
    mode = "bind" if mode == "bind" else "login"
    base = svc.settings.public_url.rstrip("/") if svc.settings.is_production else str(request.base_url).rstrip("/")
    redirect_uri = f"{base}/api/v1/oauth/{provider}/callback"
    url = oauth.start(db, svc, provider, mode=mode, account_id=actor.account.id if actor.account else None,
                      next_url=next, redirect_uri=redirect_uri, client_binding=actor.client_binding,
                      account=actor.account, willingness_challenge_id=challenge,
                      acting_as_enterprise_id=actor.acting_as_id, ip=actor.ip)
    return RedirectResponse(url, status_code=302)


@oauth_router.get("/oauth/{provider}/callback", status_code=302, response_class=RedirectResponse,
                  responses=S.REDIRECT_RESPONSES)
def oauth_callback(provider: str, request: Request, db: DbDep, svc: ServicesDep, actor: ClientDep,
                   code: str | None = None, state: str | None = None) -> RedirectResponse:
    result = oauth.callback(db, svc, provider, code=code, state=state, ip=actor.ip,
                            client_binding=actor.client_binding)
    if result.outcome == "login":
        account = accounts.login_oauth(db, svc, actor=actor, result=result, provider=provider)
        if account is not None:
            response = RedirectResponse(result.next_url, status_code=302)
            begin_session(request, response, db, svc, account, f"oauth:{provider}")
            return response
    if result.outcome in ("bound", "conflict", "already_bound"):  # 我的 names the provider in its message
        return RedirectResponse(_with_query(result.next_url, oauth=result.outcome, provider=provider),
                                status_code=302)
    if result.outcome == "unbound":
        return RedirectResponse(_with_query("/login", oauth="unbound", provider=provider), status_code=302)
    return RedirectResponse(_with_query("/login", oauth="failed"), status_code=302)
