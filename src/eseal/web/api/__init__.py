"""JSON API v1 (contract: docs/api.md). Every route here is CSRF-protected for unsafe methods.

One module per platform domain: ``accounts`` (registration, login, 我的, roles), ``identity`` (face checks,
willingness, WeChat/Alipay), ``meta`` (health, form options, the current session).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

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
for _part in (meta.router, accounts.auth_router, identity.face_router, accounts.entry_router,
              identity.willingness_router, accounts.me_router, identity.me_router, identity.oauth_router,
              verification.reclaim_router, verification.me_router, seal_applications.router,
              seal_applications.cert_auth_router, seals.router, documents_listing.router, documents.router, signing.router, signing_profile.router, grants.router, verify.router, verify.public_router, scan.router):
    router.include_router(_part)

__all__ = ["router"]
