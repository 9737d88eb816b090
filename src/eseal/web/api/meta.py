"""Health, options for the forms, and the current session."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

import eseal.web.api.schemas as S
from eseal.engine.ids import ID_TYPE_LABELS, LEGAL_TYPE_LABELS
from eseal.platform.core import OAUTH_LABELS, ping_engine
from eseal.web.deps import OptionalSessionDep, ServicesDep, SessionView, anonymous_view
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["meta"])


@router.get("/health")
def health(services: ServicesDep) -> dict[str, Any]:
    ping_engine(services.engine)  # no ORM session, no transaction: health never queues behind a writer
    return {"status": "ok", "database": "ok", "env": services.settings.env,
            "providers": services.providers.names()}


@router.get("/meta/options")
def options(services: ServicesDep) -> dict[str, Any]:
    return {
        "legal_types": [{"value": k, "label": v} for k, v in LEGAL_TYPE_LABELS.items()],
        "id_types": [{"value": k, "label": v} for k, v in ID_TYPE_LABELS.items()],
        "oauth_providers": [{"value": k, "label": v} for k, v in OAUTH_LABELS.items()],
        "dev_mode": not services.settings.is_production,
    }


@router.get("/session", response_model=S.SessionOut)
def current_session(request: Request, ctx: OptionalSessionDep) -> SessionView:
    if ctx is None:
        return anonymous_view(request.state.csrf_token)
    return ctx.view()
