"""Mobile H5 pages (Jinja2 templates + vanilla JS) for the 统一电子印章 app.

The pages are thin: they render the screens of the product manual and call the JSON API under
``/api/v1`` with ``fetch`` (see docs/api.md). ``create_app()`` includes :data:`router`. One module per area:
``accounts`` (entry, login, registration, 我的), ``home`` (the app shell, face-check return pages, coming-soon
screens), ``seals`` (申领印章, 印章详情, the certificate-application link page), ``signing`` (签署), ``verification``
(验签, the public report page), ``documents`` (我的文档, 业务文档), ``scan`` (扫码), ``grants`` (授权管理); ``common`` holds what they share.
"""

from fastapi import APIRouter

import eseal.web.pages.accounts as accounts
import eseal.web.pages.documents as documents
import eseal.web.pages.grants as grants
import eseal.web.pages.home as home
import eseal.web.pages.scan as scan
import eseal.web.pages.seals as seals
import eseal.web.pages.signing as signing
import eseal.web.pages.verification as verification
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)
router.include_router(accounts.router)
router.include_router(home.router)
router.include_router(seals.router)
router.include_router(signing.router)
router.include_router(verification.router)
router.include_router(documents.router)
router.include_router(scan.router)
router.include_router(grants.router)

__all__ = ["router"]
