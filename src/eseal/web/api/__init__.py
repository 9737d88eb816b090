"""JSON API v1 (contract: docs/api.md). Every route here is CSRF-protected for unsafe methods."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from eseal.web.api import meta
from eseal.web.deps import csrf_protect

router = APIRouter(dependencies=[Depends(csrf_protect)])
router.include_router(meta.router)
