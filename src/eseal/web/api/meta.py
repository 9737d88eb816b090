"""Health, options for the forms, and the current session."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import text

from eseal.engine.ids import ID_TYPE_LABELS, LEGAL_TYPE_LABELS
from eseal.platform.providers.base import OAUTH_LABELS
from eseal.web.api import schemas as S
from eseal.web.deps import DbDep, OptionalSessionDep, ServicesDep, anonymous_dict

router = APIRouter(tags=["meta"])


@router.get("/health")
def health(db: DbDep, services: ServicesDep) -> dict[str, Any]:
    db.execute(text("SELECT 1"))
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
def current_session(request: Request, ctx: OptionalSessionDep) -> dict[str, Any]:
    if ctx is None:
        return anonymous_dict(request.state.csrf_token)
    return ctx.to_dict()
