"""Account pages of the mobile H5 app (manual §1 注册, §2 登录, 我的): entry, login, registration, agreements,
password recovery, the 我的 screens. Forms post JSON to ``/api/v1`` from ``static/js``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from eseal.engine.ids import ID_TYPE_LABELS
from eseal.platform.core import OAUTH_LABELS
from eseal.web.deps import ServicesDep
from eseal.web.pages.agreements import AGREEMENTS
from eseal.web.pages.common import (
    ID_TYPES,
    LEGAL_TYPES,
    User,
    Visitor,
    app_context,
    face_gate,
    next_path,
    render,
)
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False, default_response_class=HTMLResponse)


# ---------------------------------------------------------------- entry and login (§2)

@router.get("/")
def index(ctx: Visitor) -> Response:
    return RedirectResponse("/home" if ctx else "/login", status_code=303)


def _oauth_message(request: Request) -> str | None:
    outcome = request.query_params.get("oauth")
    label = OAUTH_LABELS.get(request.query_params.get("provider", ""), "第三方")
    if outcome == "unbound":
        return f"该{label}未绑定账号，请先用账号登录后在“我的”中绑定"
    if outcome == "failed":
        return "授权登录失败或已过期，请重试"
    return None


@router.get("/login")
def login(request: Request, ctx: Visitor) -> Response:
    target = next_path(request.query_params.get("next"))
    if ctx is not None and not request.query_params.get("oauth"):
        return RedirectResponse(target, status_code=303)
    kind = "id" if request.query_params.get("kind") == "id" else "phone"
    return render(request, "login.html", {
        "id_types": ID_TYPES, "kind": kind, "account": request.query_params.get("account", ""),
        "next": target, "oauth_message": _oauth_message(request),
    })


@router.get("/login/face-done")
def login_face_done(request: Request) -> Response:
    return render(request, "face_done.html", {"action": "login", "back_url": "/login", "retry_url": "/login"})


@router.get("/login/enterprise")
def login_enterprise(request: Request, ctx: Visitor) -> Response:
    if ctx is not None:
        return RedirectResponse(next_path(request.query_params.get("next")), status_code=303)
    return render(request, "login_enterprise.html", {"credit_code": request.query_params.get("credit_code", "")})


@router.get("/password/forgot")
@router.get("/password/forgot/face-done")
def forgot_password(request: Request) -> Response:
    account_type = "enterprise" if request.query_params.get("type") == "enterprise" else "person"
    return render(request, "forgot.html", {"account_type": account_type})


# ---------------------------------------------------------------- registration (§1)

@router.get("/register")
def register_person(request: Request) -> Response:
    q = request.query_params
    mode = "phone" if q.get("mode") == "phone" else "realname"
    id_type = q.get("id_type") if q.get("id_type") in ID_TYPE_LABELS else "resident_id"
    return render(request, "register_person.html", {
        "mode": mode, "id_types": ID_TYPES, "id_type": id_type,
        "id_number": q.get("id_number", ""), "phone": q.get("phone", ""),
    })


@router.get("/register/enterprise")
def register_enterprise(request: Request, svc: ServicesDep) -> Response:
    return render(request, "register_enterprise.html", {"legal_types": LEGAL_TYPES,
                                                        "registry_simulated": svc.providers.registry.simulated})


@router.get("/enterprise/reclaim")
def reclaim_enterprise(request: Request, svc: ServicesDep) -> Response:
    """认领单位账号: the legal representative takes back a credit code someone else registered (F2 #3)."""
    return render(request, "reclaim.html", {"registry_simulated": svc.providers.registry.simulated,
                                            "credit_code": request.query_params.get("credit_code", "")[:18]})


@router.get("/agreement/{doc}")
def agreement(request: Request, doc: str) -> Response:
    if doc not in AGREEMENTS:
        return RedirectResponse("/agreement/user", status_code=303)
    title, sections = AGREEMENTS[doc]
    embed = request.query_params.get("embed") == "1"
    return render(request, "agreement.html", {"doc_title": title, "sections": sections, "embed": embed})



# ---------------------------------------------------------------- 我的

@router.get("/me")
def me(request: Request, ctx: User) -> Response:
    return face_gate(ctx) or render(request, "me.html", app_context(ctx))


@router.get("/me/records")
def auth_records(request: Request, ctx: User) -> Response:
    return face_gate(ctx) or render(request, "records.html", app_context(ctx))


@router.get("/me/realname")
def realname(request: Request, ctx: User) -> Response:
    """实名认证 of a person registered by phone (F2 #11); enterprises and verified persons go back to 我的."""
    if ctx.account.is_enterprise or ctx.account.realname_verified:
        return face_gate(ctx) or RedirectResponse("/me", status_code=303)
    return face_gate(ctx) or render(request, "me_realname.html", {**app_context(ctx), "id_types": ID_TYPES})


@router.get("/me/verify-password")
def verify_password(request: Request, ctx: User) -> Response:
    """设置核验密码: the ≥ 6-digit password used for willingness checks."""
    return face_gate(ctx) or render(request, "password_form.html", {**app_context(ctx), "kind": "verify"})


@router.get("/me/password")
def login_password(request: Request, ctx: User) -> Response:
    """设置/修改登录密码 (persons registered by SMS have none until they set one here)."""
    return face_gate(ctx) or render(request, "password_form.html", {**app_context(ctx), "kind": "login"})
