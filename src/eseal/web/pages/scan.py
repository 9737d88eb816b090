"""扫码 (home tile): the camera (getUserMedia + the vendored jsQR decoder) or a photo (相册 / 拍照) decoded by the
server (``POST /api/v1/scan/photo``). Our report QR opens the report's public page, a signing-task QR opens the
task, anything else gets a clear message (``static/js/scan.js``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from eseal.web.pages.common import User, app_context, face_gate, render
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False, default_response_class=HTMLResponse)

JSQR = "vendor/jsqr/jsQR.js"


@router.get("/scan")
def scan(request: Request, ctx: User) -> Response:
    gate = face_gate(ctx)
    if gate is not None:
        return gate
    return render(request, "scan.html", {**app_context(ctx), "jsqr": JSQR})
