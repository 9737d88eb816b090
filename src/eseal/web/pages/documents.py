"""我的文档 and 业务文档 pages (manual §4.5 / §4.6, §5.5 / §5.6): the lists (search, 筛选, multi-select 下载文档 /
删除), 文档详情 (basic info, signatures, history, 下载文档, 浏览文档) and the page-by-page viewer.

Shells only: ``static/js/doc_list.js``, ``doc_detail.js`` and ``doc_view.js`` read the JSON API (docs/api.md
"Documents and signing", "Document lists"). Another account's document is the API's 404, shown as such.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from eseal.web.pages.common import User, app_context, face_gate, render
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False, default_response_class=HTMLResponse)

TABS = ("mine", "business")


def _retention_days(request: Request) -> int | None:
    """How long a deleted document is kept (``settings.documents.retention_days``), stated in the 删除 dialog."""
    settings = getattr(getattr(request.app.state, "services", None), "settings", None)
    days = getattr(getattr(settings, "documents", None), "retention_days", None)
    return days if isinstance(days, int) else None


@router.get("/docs")
def documents(request: Request, ctx: User) -> Response:
    """我的文档 (``?tab=business``: 业务文档)."""
    gate = face_gate(ctx)
    if gate is not None:
        return gate
    tab = request.query_params.get("tab", "mine")
    context = app_context(ctx)
    context.update({"active": "docs", "tab": tab if tab in TABS else "mine", "retention_days": _retention_days(request)})
    return render(request, "doc_list.html", context)


@router.get("/docs/{document_id}")
def detail(request: Request, ctx: User, document_id: str) -> Response:
    """文档详情."""
    gate = face_gate(ctx)
    if gate is not None:
        return gate
    if not document_id.isdigit():
        return RedirectResponse("/docs", status_code=303)
    return render(request, "doc_detail.html", {**app_context(ctx), "document_id": document_id})


@router.get("/docs/{document_id}/view")
def view(request: Request, ctx: User, document_id: str) -> Response:
    """浏览文档: the server's page previews, one page after the other, loaded as they scroll into view."""
    gate = face_gate(ctx)
    if gate is not None:
        return gate
    if not document_id.isdigit():
        return RedirectResponse("/docs", status_code=303)
    return render(request, "doc_view.html", {**app_context(ctx), "document_id": document_id})
