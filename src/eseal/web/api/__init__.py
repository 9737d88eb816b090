"""JSON API v1 (contract: docs/api.md). Every route here is CSRF-protected for unsafe methods.

One module per platform domain: ``accounts`` (registration, login, 我的, roles), ``identity`` (face checks,
willingness, WeChat/Alipay), ``meta`` (health, form options, the current session).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.routing import APIRoute

import eseal.web.api.accounts as accounts
import eseal.web.api.documents as documents
import eseal.web.api.documents_listing as documents_listing
import eseal.web.api.grants as grants
import eseal.web.api.identity as identity
import eseal.web.api.meta as meta
import eseal.web.api.scan as scan
import eseal.web.api.seal_applications as seal_applications
import eseal.web.api.seals as seals
import eseal.web.api.signing as signing
import eseal.web.api.signing_profile as signing_profile
import eseal.web.api.verification as verification
import eseal.web.api.verify as verify
from eseal.web.api.schemas import ERROR_RESPONSES
from eseal.web.deps import csrf_protect, enterprise_gate
from eseal.web.routing import UnitOfWorkRoute

# every /api/v1 route: CSRF for unsafe methods, and the §3.2 enterprise face gate (deps.GATE_ROUTES are exempt)
router = APIRouter(route_class=UnitOfWorkRoute, dependencies=[Depends(csrf_protect), Depends(enterprise_gate)], responses=ERROR_RESPONSES)
# the order of the OpenAPI document (/api/v1/openapi.json)
PARTS: tuple[APIRouter, ...] = (
    meta.router, accounts.auth_router, identity.face_router, accounts.entry_router, identity.willingness_router,
    accounts.me_router, identity.me_router, identity.oauth_router, verification.reclaim_router, verification.me_router,
    seal_applications.router, seal_applications.cert_auth_router, seals.router, documents_listing.router,
    documents.router, signing.router, signing_profile.router, grants.router, verify.router, verify.public_router,
    scan.router)


def _add_flat(target: APIRouter, part: APIRouter) -> None:
    """Each route of ``part`` added to ``target`` itself, as ``include_router`` combines them (the target's
    dependencies first, its responses under the route's), instead of one included router per part: FastAPI matches
    an included router by walking its routes (twice: to match, then to handle), so 21 nested routers cost every API
    request ~0.1 ms of routing. The endpoint is the one the part's ``UnitOfWorkRoute`` built (it already commits in
    its thread), so the copy is a plain ``APIRoute`` (no second wrapper)."""
    for route in part.routes:
        if not isinstance(route, APIRoute):  # pragma: no cover - the API parts hold only path operations
            raise TypeError(f"{route!r} is not an APIRoute")
        target.add_api_route(
            route.path, route.endpoint, response_model=route.response_model, status_code=route.status_code,
            tags=route.tags, dependencies=route.dependencies, summary=route.summary, description=route.description,
            response_description=route.response_description, responses=route.responses,
            deprecated=route.deprecated, methods=route.methods, operation_id=route.operation_id,
            response_model_include=route.response_model_include, response_model_exclude=route.response_model_exclude,
            response_model_by_alias=route.response_model_by_alias,
            response_model_exclude_unset=route.response_model_exclude_unset,
            response_model_exclude_defaults=route.response_model_exclude_defaults,
            response_model_exclude_none=route.response_model_exclude_none, include_in_schema=route.include_in_schema,
            response_class=route.response_class, name=route.name, route_class_override=APIRoute,
            callbacks=route.callbacks, openapi_extra=route.openapi_extra,
            generate_unique_id_function=route.generate_unique_id_function,
            strict_content_type=route.strict_content_type, max_body_size=route.max_body_size,
            form_limits=route.form_limits)


for _part in PARTS:
    _add_flat(router, _part)

__all__ = ["router"]
