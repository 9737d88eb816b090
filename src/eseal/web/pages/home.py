"""The seal app shell (manual §3.2, §4): home (with the §3.2 face-check dialog) and the face-check return pages
(授权管理 is ``pages/grants.py``).

Enterprise accounts that have not yet passed the legal-representative face check are sent to ``/home``, which
shows the "需要通过人脸验证方可进入" dialog instead of the app.

The 申领印章 tile is greyed (``aria-disabled``, like the tiles that were 即将开放: a tap toasts the reason) when the
permission table (``grants.action_refusal`` on ``seal.apply``) refuses it to the acting session, with its reason.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

import eseal.web.pages.helpers as helpers
from eseal.platform import grants
from eseal.web.deps import ActorDep, ServicesDep
from eseal.web.pages.common import User, app_context, render
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/home")
def home(request: Request, ctx: User, svc: ServicesDep, actor: ActorDep) -> Response:
    context = app_context(ctx)
    context["face_dev"] = helpers.face_is_simulated(request)
    # 申领印章 greyed with the permission table's refusal (an administrator / grantee acting for an enterprise)
    context["apply_refusal"] = None if ctx.needs_enterprise_face_check else grants.action_refusal(
        ctx.db, svc, actor=actor, action="seal.apply")
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
