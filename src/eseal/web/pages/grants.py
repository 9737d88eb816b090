"""授权管理 pages (manual §4.6 管理员 / 被授权人; §5.7 接受授权 is on 首页's role switch, ``static/js/grant_home.js``).

The routes render shells; ``static/js/grant_*.js`` fill them from the grants API (docs/api.md §4.15): the list with
its two segments, the 新增 form, the details page with 变更 / 撤销授权 / history / 导出 CSV. Who may do what is
decided by the API (``eseal.platform.grants.permissions``); the pages show its refusals. A person in its own
identity sees the grants it received (``GET /me/grants``) with 接收授权 for the pending ones.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from eseal.web.pages.common import ID_TYPES, User, app_context, face_gate, render
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False, default_response_class=HTMLResponse)

ROLES = {"admin": "管理员", "grantee": "被授权人"}


def _context(ctx: User) -> dict[str, object]:
    context = app_context(ctx)
    enterprise = ctx.account.is_enterprise or ctx.acting_as is not None
    context.update({"active": "grants", "mode": "enterprise" if enterprise else "person",
                    "enterprise_id": ctx.acting_account_id, "id_types": ID_TYPES, "roles": ROLES})
    return context


def _role(request: Request) -> str:
    role = request.query_params.get("role", "admin")
    return role if role in ROLES else "admin"


@router.get("/grants")
def grant_list(request: Request, ctx: User) -> Response:
    """授权管理 tab: 管理员 / 被授权人 lists (enterprise) or 我收到的授权 (person in its own identity)."""
    gate = face_gate(ctx)
    if gate is not None:
        return gate
    return render(request, "grant_list.html", {**_context(ctx), "role": _role(request)})


@router.get("/grants/new")
def grant_new(request: Request, ctx: User) -> Response:
    """新增管理员 / 新增被授权人: person, scope (全部印章 or chosen seals), window and count → 提交 → 意愿认证."""
    gate = face_gate(ctx)
    if gate is not None:
        return gate
    context = _context(ctx)
    if context["mode"] != "enterprise":
        return RedirectResponse("/grants", status_code=303)
    role = _role(request)
    return render(request, "grant_new.html", {**context, "role": role, "role_label": ROLES[role]})


@router.get("/grants/{grant_id}")
def grant_detail(request: Request, ctx: User, grant_id: str) -> Response:
    """授权详情: the grant, 变更 (scope / window / count), 撤销授权, the history of the grant and its uses, CSV."""
    gate = face_gate(ctx)
    if gate is not None:
        return gate
    context = _context(ctx)
    if not grant_id.isdigit() or context["mode"] != "enterprise":
        return RedirectResponse("/grants", status_code=303)
    return render(request, "grant_detail.html", {**context, "grant_id": grant_id})
