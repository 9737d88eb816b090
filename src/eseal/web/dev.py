"""Development-only routes (never mounted when ESEAL_ENV=production): the SMS outbox, the face-check
simulator and the WeChat/Alipay consent simulator. Every page says loudly that it is simulated."""

from __future__ import annotations

import html
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import TemplateNotFound
from pydantic import BaseModel

from eseal.platform.core import OAUTH_LABELS, NotFound, mask_name
from eseal.platform.identity import DevOAuthProvider, FaceCheck, face, safe_next, sms
from eseal.web.api.schemas import ERROR_RESPONSES, Code
from eseal.web.deps import ClientDep, DbDep, ServicesDep, csrf_protect, enterprise_gate
from eseal.web.routing import UnitOfWorkRoute
from eseal.web.templating import templates

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/dev", include_in_schema=False, dependencies=[Depends(csrf_protect)])
# in the OpenAPI document of development servers only (never mounted in production), errors documented as for /api/v1
api_router = APIRouter(route_class=UnitOfWorkRoute, prefix="/dev", tags=["dev"], dependencies=[Depends(csrf_protect), Depends(enterprise_gate)],
                       responses=ERROR_RESPONSES)

def _page(title: str, banner: str, body: str) -> HTMLResponse:
    """A self-contained mobile page in the app's look (/static/css/app.css), loudly labelled simulated
    (no inline style: CSP style-src 'self'; the banner is styled by .devbanner)."""
    return HTMLResponse(
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1,viewport-fit=cover'>"
        f"<title>{html.escape(title)} · 统一电子印章</title><link rel='stylesheet' href='/static/css/app.css'>"
        "<link rel='icon' href='/favicon.ico'></head>"
        "<body><div class='app app--white'>"
        f"<div class='devbanner dev-banner' role='note'>{html.escape(banner)}</div>"
        f"<header class='navbar navbar--clear'><div class='navbar__side'></div>"
        f"<h1 class='navbar__title'>{html.escape(title)}</h1><div class='navbar__side'></div></header>"
        f"<main class='page-pad'>{body}</main></div></body></html>")


def _code_in(text: str) -> str | None:
    import re

    match = re.search(r"验证码为(\d{6})", text)
    return match.group(1) if match else None


@router.get("/sms-outbox", response_class=HTMLResponse)
def sms_outbox_page(db: DbDep, phone: str | None = None) -> HTMLResponse:
    rows = "".join(
        f"<div class='card' data-phone='{html.escape(m.phone)}'><div><b>{html.escape(m.phone)}</b>"
        f"<span class='muted small dev-outbox__time'>{m.created_at_display} UTC</span></div>"
        f"<p class='dev-outbox__text'>{html.escape(m.text)}</p></div>"
        for m in sms.outbox(db, phone))
    empty = "<div class='card muted'>（暂无短信）</div>"
    return _page("短信发件箱", "开发模拟短信 · 未真实发送（development SMS outbox）",
                 f"<div id='sms-outbox'>{rows or empty}</div>")


@router.get("/sms-outbox.json")
def sms_outbox_json(db: DbDep, phone: str | None = None) -> dict[str, Any]:
    return {"messages": [{"id": m.id, "phone": m.phone, "text": m.text, "code": _code_in(m.text),
                          "created_at": m.created_at_iso} for m in sms.outbox(db, phone)]}


FACE_PURPOSE_LABELS = {"login": "登录验证", "reset_password": "找回密码", "enterprise_entry": "法定代表人人脸验证",
                       "willingness": "意愿认证", "role_switch": "法定代表人人脸验证",
                       "reclaim": "认领单位账号 · 法定代表人人脸验证", "realname": "实名认证"}


@router.get("/face/{check_id}", response_class=HTMLResponse)
def face_page(check_id: str, request: Request, db: DbDep, svc: ServicesDep, actor: ClientDep,
              return_to: str | None = None) -> Any:
    check: FaceCheck = face.get_dev_check(db, check_id, actor.client_binding)
    context = {"check_id": check.id, "subject_name_masked": mask_name(check.subject_name) or "",
               "subject_id_masked": check.subject_id_masked or "", "status": face.status_of(svc, check),
               "purpose_label": FACE_PURPOSE_LABELS.get(check.purpose, "身份核验"),
               "csrf_token": request.state.csrf_token, "return_to": safe_next(return_to, "")}
    try:  # the styled page of the H5 templates; the plain fallback keeps the dev routes self-sufficient
        return templates.TemplateResponse(request, "pages/dev_face.html", context)
    except TemplateNotFound:
        return _plain_face_page(context)


def _plain_face_page(c: dict[str, Any]) -> HTMLResponse:
    e = {k: html.escape(str(v)) for k, v in c.items()}
    return _page("人脸识别（模拟）", "开发环境：模拟人脸核验 · 非真实人脸识别（simulated face check）", f"""
<h3>人脸识别 · {e["purpose_label"]}</h3>
<p>核验对象：{e["subject_name_masked"]} {e["subject_id_masked"]}</p>
<p>当前状态：<span id='face-status'>{e["status"]}</span></p>
<form method='post' action='/dev/face/{e["check_id"]}'>
<input type='hidden' name='csrf_token' value='{e["csrf_token"]}'><input type='hidden' name='return_to' value='{e["return_to"]}'>
<button name='outcome' value='fail' id='face-fail'>模拟不通过</button>
<button name='outcome' value='pass' id='face-pass'>模拟通过</button>
</form>""")


@router.post("/face/{check_id}")
def face_submit(check_id: str, db: DbDep, svc: ServicesDep, actor: ClientDep, outcome: Annotated[str, Form()],
                return_to: Annotated[str, Form()] = "") -> Any:
    check = face.get_dev_check(db, check_id, actor.client_binding)
    face.complete(db, svc, check, outcome == "pass", score="simulated", ip=actor.ip)
    back = safe_next(return_to, "")
    if back:
        sep = "&" if "?" in back else "?"
        return RedirectResponse(f"{back}{sep}{urlencode({'face_check_id': check.id, 'status': check.status})}",
                                status_code=303)
    return RedirectResponse(f"/dev/face/{check.id}", status_code=303)


class SimulateIn(BaseModel):
    outcome: Code


@api_router.post("/face/{check_id}/simulate")
def face_simulate(check_id: str, body: SimulateIn, db: DbDep, svc: ServicesDep, actor: ClientDep) -> dict[str, Any]:
    check = face.get_dev_check(db, check_id, actor.client_binding)
    face.complete(db, svc, check, body.outcome == "pass", score="simulated", ip=actor.ip)
    return {"face_check_id": check.id, "status": check.status}


@router.get("/oauth/{provider}/authorize", response_class=HTMLResponse)
def oauth_authorize(provider: str, request: Request, state: str = "", redirect_uri: str = "") -> HTMLResponse:
    if provider not in OAUTH_LABELS:
        raise NotFound()
    label = OAUTH_LABELS[provider]
    token = html.escape(request.state.csrf_token)
    return _page(f"{label}授权", f"开发模拟 · {label}授权（simulated {provider} OAuth，非真实{label}）", f"""
<div class='card'><p><b>统一电子印章</b> 申请使用你的{label}身份快捷登录。</p>
<p class='muted small'>模拟环境：下面的标识代表一个{label}用户；同一标识再次授权即为同一用户。</p></div>
<form method='post' action='/dev/oauth/{provider}/authorize' class='mt-16'>
<input type='hidden' name='csrf_token' value='{token}'>
<input type='hidden' name='state' value='{html.escape(state)}'>
<input type='hidden' name='redirect_uri' value='{html.escape(redirect_uri)}'>
<div class='field'><label class='field__label' for='oauth-openid'>模拟用户标识（openid）</label>
<div class='field__row'><input id='oauth-openid' name='openid' value='dev-{provider}-user-1' autocomplete='off'></div></div>
<button class='btn btn--primary' id='oauth-approve'>同意授权</button>
</form>""")


@router.post("/oauth/{provider}/authorize")
def oauth_approve(provider: str, request: Request, db: DbDep, svc: ServicesDep, state: Annotated[str, Form()],
                  redirect_uri: Annotated[str, Form()], openid: Annotated[str, Form()]) -> RedirectResponse:
    if provider not in OAUTH_LABELS or not openid.strip():
        raise NotFound()
    # only redirect back to this app's own callback
    expected_path = f"/api/v1/oauth/{provider}/callback"
    if not redirect_uri.startswith(str(request.base_url).rstrip("/") + expected_path) \
            and not redirect_uri.startswith(svc.settings.public_url.rstrip("/") + expected_path):
        raise NotFound("回调地址不正确")
    code = DevOAuthProvider.issue_code(db, provider, openid.strip()[:128], svc.clock.now())
    return RedirectResponse(f"{redirect_uri}?{urlencode({'code': code, 'state': state})}", status_code=303)
