"""Page routes of the mobile H5 app (manual §1 注册, §2 登录, §3.2 人脸识别, §4 首页 shell, 我的).

Every page is server-rendered once; forms post JSON to ``/api/v1`` from ``static/js``. Pages that
need a login use ``require_page_session`` (303 to ``/login?next=…``); enterprise accounts that have
not yet passed the legal-representative face check are sent to ``/home``, which shows the
"需要通过人脸验证方可进入" dialog instead of the app.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from eseal.engine.ids import ID_TYPE_LABELS, LEGAL_TYPE_LABELS
from eseal.platform.views import enterprise_brief
from eseal.web.deps import SessionContext, optional_session, require_page_session
from eseal.web.pages import helpers
from eseal.web.pages.agreements import AGREEMENTS
from eseal.web.templating import templates

helpers.install(templates.env)

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

ID_TYPES: list[tuple[str, str]] = list(ID_TYPE_LABELS.items())
LEGAL_TYPES: list[tuple[str, str]] = list(LEGAL_TYPE_LABELS.items())

Visitor = Annotated[SessionContext | None, Depends(optional_session)]
User = Annotated[SessionContext, Depends(require_page_session)]

OAUTH_LABELS = {"wechat": "微信", "alipay": "支付宝"}


def _render(request: Request, name: str, context: dict[str, Any] | None = None) -> Response:
    response = templates.TemplateResponse(request, f"pages/{name}", context or {})
    # Pages show personal data: never let a shared cache keep them.
    response.headers["Cache-Control"] = "no-store"
    return response


def _safe_next(value: str | None, default: str = "/home") -> str:
    """Only same-site absolute paths: ``next`` must never become an open redirect (one rule for the
    whole app: ``eseal.platform.oauth.safe_next``)."""
    from eseal.platform.oauth import safe_next

    return safe_next(value, default)


def _app_context(ctx: SessionContext) -> dict[str, Any]:
    return {"ctx": ctx, "acc": ctx.account_view, "acting": enterprise_brief(ctx.acting_as),
            "oauth_labels": OAUTH_LABELS}


def _face_gate(ctx: SessionContext) -> Response | None:
    """§3.2: an enterprise must pass the legal-rep face check before any screen of the seal app."""
    if ctx.needs_enterprise_face_check:
        return RedirectResponse("/home", status_code=303)
    return None


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
    next_path = _safe_next(request.query_params.get("next"))
    if ctx is not None and not request.query_params.get("oauth"):
        return RedirectResponse(next_path, status_code=303)
    kind = "id" if request.query_params.get("kind") == "id" else "phone"
    return _render(request, "login.html", {
        "id_types": ID_TYPES, "kind": kind, "account": request.query_params.get("account", ""),
        "next": next_path, "oauth_message": _oauth_message(request),
    })


@router.get("/login/face-done")
def login_face_done(request: Request) -> Response:
    return _render(request, "face_done.html", {"action": "login", "back_url": "/login", "retry_url": "/login"})


@router.get("/login/enterprise")
def login_enterprise(request: Request, ctx: Visitor) -> Response:
    if ctx is not None:
        return RedirectResponse(_safe_next(request.query_params.get("next")), status_code=303)
    return _render(request, "login_enterprise.html", {"credit_code": request.query_params.get("credit_code", "")})


@router.get("/password/forgot")
@router.get("/password/forgot/face-done")
def forgot_password(request: Request) -> Response:
    account_type = "enterprise" if request.query_params.get("type") == "enterprise" else "person"
    return _render(request, "forgot.html", {"account_type": account_type})


# ---------------------------------------------------------------- registration (§1)

@router.get("/register")
def register_person(request: Request) -> Response:
    q = request.query_params
    mode = "phone" if q.get("mode") == "phone" else "realname"
    id_type = q.get("id_type") if q.get("id_type") in ID_TYPE_LABELS else "resident_id"
    return _render(request, "register_person.html", {
        "mode": mode, "id_types": ID_TYPES, "id_type": id_type,
        "id_number": q.get("id_number", ""), "phone": q.get("phone", ""),
    })


@router.get("/register/enterprise")
def register_enterprise(request: Request) -> Response:
    return _render(request, "register_enterprise.html", {"legal_types": LEGAL_TYPES})


@router.get("/agreement/{doc}")
def agreement(request: Request, doc: str) -> Response:
    if doc not in AGREEMENTS:
        return RedirectResponse("/agreement/user", status_code=303)
    title, sections = AGREEMENTS[doc]
    embed = request.query_params.get("embed") == "1"
    return _render(request, "agreement.html", {"doc_title": title, "sections": sections, "embed": embed})


# ---------------------------------------------------------------- the seal app (§3.2, §4, 我的)

@router.get("/home")
def home(request: Request, ctx: User) -> Response:
    context = _app_context(ctx)
    context["face_dev"] = helpers.face_is_simulated(request)
    return _render(request, "home.html", context)


@router.get("/face/done")
def enterprise_face_done(request: Request, ctx: User) -> Response:
    if not ctx.needs_enterprise_face_check:
        return RedirectResponse("/home", status_code=303)
    return _render(request, "face_done.html", {"action": "enterprise_entry", "back_url": "/home", "retry_url": "/home"})


@router.get("/role/face-done")
def role_face_done(request: Request, ctx: User) -> Response:
    """Return page of the legal representative's face check before acting for an enterprise."""
    return _render(request, "face_done.html", {"action": "role_switch", "back_url": "/home", "retry_url": "/home"})


COMING_SOON = {
    "docs": ("我的文档", "签署完成的文档和业务文档将在这里集中管理。",
             ["查看文档详情，下载和浏览已签署文档", "按名称、关键字搜索文档", "按签署日期、来源平台筛选",
              "批量下载和删除文档"]),
    "grants": ("授权管理", "法人单位可在这里为管理员和被授权人分配印章使用权限。",
               ["新增管理员，授权全部或部分印章", "新增被授权人，设置授权时间和次数",
                "被授权人切换企业角色接受授权", "所有授权操作需通过意愿认证"]),
}


def _coming_soon(request: Request, ctx: SessionContext, key: str) -> Response:
    gate = _face_gate(ctx)
    if gate is not None:
        return gate
    heading, description, upcoming = COMING_SOON[key]
    context = _app_context(ctx)
    context.update({"active": key, "heading": heading, "description": description, "upcoming": upcoming})
    return _render(request, "soon.html", context)


@router.get("/docs")
def my_documents(request: Request, ctx: User) -> Response:
    return _coming_soon(request, ctx, "docs")


@router.get("/grants")
def grants(request: Request, ctx: User) -> Response:
    return _coming_soon(request, ctx, "grants")


@router.get("/me")
def me(request: Request, ctx: User) -> Response:
    return _face_gate(ctx) or _render(request, "me.html", _app_context(ctx))


@router.get("/me/records")
def auth_records(request: Request, ctx: User) -> Response:
    return _face_gate(ctx) or _render(request, "records.html", _app_context(ctx))


@router.get("/me/verify-password")
def verify_password(request: Request, ctx: User) -> Response:
    """设置核验密码: the ≥ 6-digit password used for willingness checks."""
    return _face_gate(ctx) or _render(request, "password_form.html", {**_app_context(ctx), "kind": "verify"})


@router.get("/me/password")
def login_password(request: Request, ctx: User) -> Response:
    """设置/修改登录密码 (persons registered by SMS have none until they set one here)."""
    return _face_gate(ctx) or _render(request, "password_form.html", {**_app_context(ctx), "kind": "login"})
