"""验签 pages (manual §4.4 / §5.4): upload (no login needed) → 立即验证 → the report (overall verdict, then per
signature the 8 items with reasons, seal, signer, times, the seal's lifecycle state at signing time, grant) →
下载验证报告; and the public page of a report's QR code (verdict only, no personal data).

Shells only: ``static/js/verify_upload.js``, ``verify_report.js`` and ``verify_public.js`` read the API
(docs/api.md "Verification").
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from eseal.web.pages.common import Visitor, app_context, render
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False, default_response_class=HTMLResponse)

_SERIAL = re.compile(r"^[A-Za-z0-9_-]{8,80}$")


def _context(ctx: Visitor) -> dict[str, object]:
    return app_context(ctx) if ctx is not None else {"ctx": None}


@router.get("/verify")
def upload(request: Request, ctx: Visitor) -> Response:
    """上传文件 → 立即验证 (anyone; the API rate-limits anonymous use)."""
    return render(request, "verify_upload.html", {**_context(ctx), "max_mb": 20})


@router.get("/verify/{serial}")
def report(request: Request, ctx: Visitor, serial: str) -> Response:
    """The full report of a verification (the API decides who may read it)."""
    if not _SERIAL.match(serial):
        return RedirectResponse("/verify", status_code=303)
    return render(request, "verify_report.html", {**_context(ctx), "serial": serial})


@router.get("/r/{serial}")
def public(request: Request, serial: str) -> Response:
    """The page a report's QR code opens: the verdict for that serial and nothing personal."""
    return render(request, "verify_public.html", {"serial": serial if _SERIAL.match(serial) else ""})
