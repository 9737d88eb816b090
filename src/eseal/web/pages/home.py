"""The seal app shell (manual §3.2, §4): home (with the §3.2 face-check dialog) and the face-check return pages
(授权管理 is ``pages/grants.py``).

Enterprise accounts that have not yet passed the legal-representative face check are sent to ``/home``, which
shows the "需要通过人脸验证方可进入" dialog instead of the app.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

import eseal.web.pages.helpers as helpers
from eseal.web.pages.common import User, app_context, render

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
