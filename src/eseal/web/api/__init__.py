"""JSON API v1 (contract: docs/api.md). Every route here is CSRF-protected for unsafe methods."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from eseal.web.api import auth, identity, me, meta, oauth
from eseal.web.api.schemas import ERROR_RESPONSES
from eseal.web.deps import csrf_protect

router = APIRouter(dependencies=[Depends(csrf_protect)], responses=ERROR_RESPONSES)
for _module in (meta, auth, identity, me, oauth):
    router.include_router(_module.router)
