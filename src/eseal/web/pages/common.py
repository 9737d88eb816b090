"""What every H5 page shares: rendering (never cached), the visitor dependencies, the app context, the §3.2 gate."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response

import eseal.web.pages.helpers as helpers
from eseal.engine.ids import ID_TYPE_LABELS, LEGAL_TYPE_LABELS
from eseal.platform.accounts import enterprise_brief
from eseal.platform.core import OAUTH_LABELS
from eseal.platform.identity import safe_next
from eseal.web.deps import SessionContext, optional_session, require_page_session
from eseal.web.templating import templates

helpers.install(templates.env)

ID_TYPES: list[tuple[str, str]] = list(ID_TYPE_LABELS.items())
LEGAL_TYPES: list[tuple[str, str]] = list(LEGAL_TYPE_LABELS.items())

Visitor = Annotated[SessionContext | None, Depends(optional_session)]
User = Annotated[SessionContext, Depends(require_page_session)]


def render(request: Request, name: str, context: dict[str, Any] | None = None) -> Response:
    response = templates.TemplateResponse(request, f"pages/{name}", context or {})
    # Pages show personal data: never let a shared cache keep them.
    response.headers["Cache-Control"] = "no-store"
    return response


def next_path(value: str | None, default: str = "/home") -> str:
    """Only same-site absolute paths: ``next`` must never become an open redirect (one rule for the
    whole app: ``eseal.platform.identity.safe_next``)."""
    return safe_next(value, default)


def app_context(ctx: SessionContext) -> dict[str, Any]:
    return {"ctx": ctx, "acc": ctx.account_view, "acting": enterprise_brief(ctx.acting_as),
            "oauth_labels": OAUTH_LABELS}


def face_gate(ctx: SessionContext) -> Response | None:
    """§3.2: an enterprise must pass the legal-rep face check before any screen of the seal app."""
    if ctx.needs_enterprise_face_check:
        return RedirectResponse("/home", status_code=303)
    return None
