"""JSON API v1 (contract: docs/api.md). Every route here is CSRF-protected for unsafe methods.

One module per platform domain: ``accounts`` (registration, login, 我的, roles), ``identity`` (face checks,
willingness, WeChat/Alipay), ``meta`` (health, form options, the current session).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

import eseal.web.api.accounts as accounts
import eseal.web.api.identity as identity
import eseal.web.api.meta as meta
from eseal.web.api.schemas import ERROR_RESPONSES
from eseal.web.deps import csrf_protect

router = APIRouter(dependencies=[Depends(csrf_protect)], responses=ERROR_RESPONSES)
for _module in (meta, accounts, identity):
    router.include_router(_module.router)

__all__ = ["router"]
