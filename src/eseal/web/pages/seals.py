"""Seal pages of the H5 app (manual §4.1 / §5.1 申领印章, §4.2 / §5.2 印章详情, §6 认证记录's 申领记录) and the
certificate-application link page (数字证书申请, ``/cert-auth/<token>``, opened from an SMS without logging in).

The routes render shells; the screens fill themselves from the JSON API (docs/api.md §4.10 and "Seals") with
``static/js/seal_*.js`` and ``static/js/cert-auth.js``. A GET of ``/cert-auth/<token>`` never consumes the link:
only the tap on 前往签署 does (POST), so link scanners cannot use it up.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

import eseal.web.pages.helpers as helpers
from eseal.web.pages.common import ID_TYPES, User, app_context, face_gate, render
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False, default_response_class=HTMLResponse)

SIGNATURE_PAD = "vendor/signature_pad.umd.min.js"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


def _mode(ctx: User) -> str:
    """Whose seals: the enterprise (its own session, or a person acting for it) or the person."""
    return "enterprise" if (ctx.account.is_enterprise or ctx.acting_as is not None) else "person"


def _seal_context(request: Request, ctx: User) -> dict[str, object]:
    context = app_context(ctx)
    context.update({"mode": _mode(ctx), "dev": helpers.face_is_simulated(request), "id_types": ID_TYPES,
                    "signature_pad": SIGNATURE_PAD})
    return context


@router.get("/seals/apply")
def apply(request: Request, ctx: User) -> Response:
    """申领印章: choose kinds → forms / method → materials → willingness → wait for the certificate SMS.
    ``?application=<id>`` resumes an unfinished application at its current step (认证记录 → 立即认证)."""
    gate = face_gate(ctx)
    if gate is not None:
        return gate
    context = _seal_context(request, ctx)
    resume = request.query_params.get("application", "")
    context["resume_id"] = resume if resume.isdigit() else ""
    return render(request, "seal_apply.html", context)


@router.get("/seals/{seal_id}")
def details(request: Request, ctx: User, seal_id: str) -> Response:
    """印章详情 with the lifecycle actions (变更 / 续期 / 停用 / 启用 / 注销)."""
    gate = face_gate(ctx)
    if gate is not None:
        return gate
    if not seal_id.isdigit():
        return RedirectResponse("/home", status_code=303)
    return render(request, "seal_detail.html", {**_seal_context(request, ctx), "seal_id": seal_id})


@router.get("/seals/{seal_id}/change")
def change(request: Request, ctx: User, seal_id: str) -> Response:
    """变更 of a 个人方章: another font, the new face previewed, then willingness (enterprises: 该功能暂未开放)."""
    gate = face_gate(ctx)
    if gate is not None:
        return gate
    if not seal_id.isdigit() or _mode(ctx) == "enterprise":
        return RedirectResponse(f"/seals/{seal_id}" if seal_id.isdigit() else "/home", status_code=303)
    return render(request, "seal_change.html", {**_seal_context(request, ctx), "seal_id": seal_id})


@router.get("/seals/{seal_id}/cancel")
def cancel(request: Request, ctx: User, seal_id: str) -> Response:
    """注销 of an enterprise seal: materials + 经办人 / 单位法人 / 单位信息 + SMS code (persons cancel from 印章详情)."""
    gate = face_gate(ctx)
    if gate is not None:
        return gate
    if not seal_id.isdigit() or _mode(ctx) != "enterprise":
        return RedirectResponse(f"/seals/{seal_id}" if seal_id.isdigit() else "/home", status_code=303)
    return render(request, "seal_cancel.html", {**_seal_context(request, ctx), "seal_id": seal_id})


@router.get("/cert-auth/{token}")
def cert_auth(request: Request, token: str) -> Response:
    """数字证书申请 link page (no login: the token is the credential). Renders a shell only: reading the link's
    state and consuming it are the API's (GET consumes nothing; 前往签署 POSTs)."""
    valid = bool(_TOKEN.match(token))
    return render(request, "cert_auth.html", {
        "token": token if valid else "", "dev": helpers.face_is_simulated(request),
        "signature_pad": SIGNATURE_PAD,
    })
