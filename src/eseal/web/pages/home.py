"""The seal app shell (manual §3.2, §4): home (with the §3.2 face-check dialog), the face-check return pages,
and the screens of later issues (授权管理) shown as "coming soon" until their domains arrive.

Enterprise accounts that have not yet passed the legal-representative face check are sent to ``/home``, which
shows the "需要通过人脸验证方可进入" dialog instead of the app.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

import eseal.web.pages.helpers as helpers
from eseal.web.deps import SessionContext
from eseal.web.pages.common import User, app_context, face_gate, render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/home")
def home(request: Request, ctx: User) -> Response:
    context = app_context(ctx)
    context["face_dev"] = helpers.face_is_simulated(request)
    return render(request, "home.html", context)


@router.get("/face/done")
def enterprise_face_done(request: Request, ctx: User) -> Response:
    if not ctx.needs_enterprise_face_check:
        return RedirectResponse("/home", status_code=303)
    return render(request, "face_done.html", {"action": "enterprise_entry", "back_url": "/home", "retry_url": "/home"})


@router.get("/role/face-done")
def role_face_done(request: Request, ctx: User) -> Response:
    """Return page of the legal representative's face check before acting for an enterprise."""
    return render(request, "face_done.html", {"action": "role_switch", "back_url": "/home", "retry_url": "/home"})


COMING_SOON = {
    "grants": ("授权管理", "法人单位可在这里为管理员和被授权人分配印章使用权限。",
               ["新增管理员，授权全部或部分印章", "新增被授权人，设置授权时间和次数",
                "被授权人切换企业角色接受授权", "所有授权操作需通过意愿认证"]),
}


def _coming_soon(request: Request, ctx: SessionContext, key: str) -> Response:
    gate = face_gate(ctx)
    if gate is not None:
        return gate
    heading, description, upcoming = COMING_SOON[key]
    context = app_context(ctx)
    context.update({"active": key, "heading": heading, "description": description, "upcoming": upcoming})
    return render(request, "soon.html", context)


@router.get("/grants")
def grants(request: Request, ctx: User) -> Response:
    return _coming_soon(request, ctx, "grants")
