"""签署 pages of the H5 app (manual §4.3 / §5.3): 上传文件 → 发起签署 (page previews, 选章, 单页 / 多页 / 骑缝签章,
drag the seal at true scale, several stamps, 清除所有签章) → 下一步 (the stamped preview) → 提交 → willingness with
the seal's own method → 签章成功 with 下载.

The routes render shells; ``static/js/sign_upload.js`` and ``static/js/sign_doc.js`` fill them from the JSON API
(docs/api.md "Documents and signing"). A face willingness check leaves the page and comes back to
``/sign/<id>?face_check_id=…`` (the stamps wait in ``sessionStorage``).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

import eseal.web.pages.helpers as helpers
from eseal.web.pages.common import User, app_context, face_gate, render
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False, default_response_class=HTMLResponse)

MAX_UPLOAD_MB = 20


def _context(request: Request, ctx: User) -> dict[str, object]:
    context = app_context(ctx)
    context.update({"dev": helpers.face_is_simulated(request), "max_mb": MAX_UPLOAD_MB})
    return context


@router.get("/sign")
def upload(request: Request, ctx: User) -> Response:
    """上传文件 (PDF only, ≤ 20 MB, progress) → 发起签署."""
    gate = face_gate(ctx)
    if gate is not None:
        return gate
    return render(request, "sign_upload.html", _context(request, ctx))


@router.get("/sign/{document_id}")
def sign(request: Request, ctx: User, document_id: str) -> Response:
    """发起签署 of one document (the API answers 404 for another account's document)."""
    gate = face_gate(ctx)
    if gate is not None:
        return gate
    if not document_id.isdigit():
        return RedirectResponse("/sign", status_code=303)
    return render(request, "sign_doc.html", {**_context(request, ctx), "document_id": document_id})
