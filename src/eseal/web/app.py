"""FastAPI application factory.

``create_app()`` wires settings → services (DB upgraded at start) → routers:
* ``/api/v1`` JSON API (``eseal.web.api``), OpenAPI at ``/api/v1/openapi.json`` and ``/api/v1/docs``;
* ``/dev/...`` development-only pages (SMS outbox, face simulator, OAuth simulator) — 404 in production;
* ``/static`` from ``src/eseal/web/static``;
* the H5 pages (``eseal.web.pages.router``).

Errors are rendered by ``eseal.web.errors``.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from eseal.platform.bootstrap import build_services
from eseal.platform.core import Clock, Providers, Services, Settings
from eseal.platform.jobs import JobRunner, scheduled_jobs
from eseal.web import dev, dev_filing, pages
from eseal.web.access_log import install_query_redaction
from eseal.web.api import router as api_router
from eseal.web.csrf_cookie import CsrfCookie
from eseal.web.errors import BODY_TOO_LARGE, error_body, error_response, install_error_handlers
from eseal.web.security_headers import HeaderSets, SecurityHeaders
from eseal.web.templating import STATIC_DIR

log = logging.getLogger("eseal.web")


def create_app(
    settings: Settings | None = None,
    *,
    services: Services | None = None,
    clock: Clock | None = None,
    providers: Providers | None = None,
    include_pages: bool = True,
) -> FastAPI:
    """Build the app. ``include_pages=False`` serves only the API and dev routes (API tests)."""
    if services is None:
        settings = settings or Settings.from_env()
        services = build_services(settings, clock=clock, providers=providers)
    settings = services.settings
    jobs = JobRunner(services, scheduled_jobs(services))  # settings.jobs; none by default in code-built settings

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        jobs.start()  # the background jobs run between the server's start and stop (eseal.platform.jobs)
        try:
            yield
        finally:
            await asyncio.to_thread(jobs.stop)

    app = FastAPI(
        title="eseal 统一电子印章管理平台 API",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # served below, from local assets (intranet deployments)
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.services = services
    app.state.jobs = jobs
    app.state.settings = settings
    install_query_redaction()

    app.add_middleware(CsrfCookie, secure=settings.secure_cookies)  # pure ASGI; skips static files
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes,  # before any body is parsed
                       overrides=UPLOAD_LIMITS)
    # outermost: every response (413s, redirects, static files) gets the headers; the 500 page reads app.state
    app.add_middleware(SecurityHeaders, hsts=settings.is_production)
    app.state.security_headers = HeaderSets(hsts=settings.is_production)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:  # browsers ask for it on pages without <link rel=icon> (Swagger, dev pages)
        return FileResponse(STATIC_DIR / "img" / "favicon.ico", media_type="image/x-icon",
                            headers={"Cache-Control": "public, max-age=86400"})

    _install_api_docs(app)
    app.include_router(api_router, prefix="/api/v1")

    if not settings.is_production:
        app.include_router(dev.router)
        app.include_router(dev.api_router, prefix="/api/v1")
        app.include_router(dev_filing.router)

    STATIC_DIR.mkdir(parents=True, exist_ok=True)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    if include_pages:
        app.include_router(pages.router)
    return app


def _install_api_docs(app: FastAPI) -> None:
    """Swagger UI at /api/v1/docs; its JS/CSS are swagger-ui-dist 5 (reads OpenAPI 3.1), vendored from the npm
    registry at install time by scripts/vendor-js.sh into static/vendor/swagger-ui/ (no CDN: intranet
    deployments)."""
    swagger_dir = STATIC_DIR / "vendor" / "swagger-ui"
    app.mount("/api/v1/docs-assets", StaticFiles(directory=str(swagger_dir), check_dir=False), name="docs-assets")
    assets: dict[str, str] = {"swagger_js_url": "/api/v1/docs-assets/swagger-ui-bundle.js",
                              "swagger_css_url": "/api/v1/docs-assets/swagger-ui.css",
                              "swagger_favicon_url": "/api/v1/docs-assets/favicon-32x32.png"}

    @app.get("/api/v1/docs", include_in_schema=False)
    def api_docs() -> Response:
        if not (swagger_dir / "swagger-ui-bundle.js").is_file():
            return HTMLResponse("<!doctype html><meta charset='utf-8'><title>eseal API v1</title>"
                                "<p>Swagger UI 未安装：请运行 make setup（scripts/vendor-js.sh）。"
                                "接口文档 JSON：<a href='/api/v1/openapi.json'>/api/v1/openapi.json</a></p>",
                                status_code=503)
        return HTMLResponse(_swagger_page(assets))


def _swagger_page(assets: dict[str, str]) -> str:
    """Swagger UI from local assets; its start-up code is /static/js/api-docs.js (CSP: no inline script)."""
    return ("<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<link rel='stylesheet' href='{assets['swagger_css_url']}'>"
            f"<link rel='icon' href='{assets['swagger_favicon_url']}'><title>eseal API v1</title></head>"
            "<body><div id='swagger-ui'></div>"
            f"<script src='{assets['swagger_js_url']}'></script>"
            "<script src='/static/js/api-docs.js' data-openapi-url='/api/v1/openapi.json'></script>"
            "</body></html>")


# routes taking pictures: the body may exceed the general limit (the service refuses a picture over 5 MB while
# reading it, with its own message); (path pattern, limit in bytes)
UPLOAD_LIMITS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^/api/v1/seal-applications/\d+/materials/[a-z_]+$"), 8 * 1024 * 1024),
    # 验签: 20 MB + the engine's signed-document allowance (8 MB) + multipart framing; the service reads the exact bound
    (re.compile(r"^/api/v1/verify$"), 28 * 1024 * 1024 + 64 * 1024),
    (re.compile(r"^/api/v1/scan/photo$"), 5 * 1024 * 1024 + 64 * 1024),  # 扫码 photo ≤ 5 MB
)
# routes that read their body as a stream and enforce their own limit chunk by chunk (上传文件 ≤ 20 MB: the
# documents service counts while spooling to a temporary file): only a declared Content-Length over the limit is
# refused here; the body is NOT buffered by the middleware
STREAMED_UPLOADS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^/api/v1/documents$"), 20 * 1024 * 1024),
)


class BodySizeLimit:
    """Refuse request bodies larger than ``limit`` bytes (or an ``overrides`` path's own limit) with 413
    ``body_too_large``.

    Pure ASGI: a declared ``Content-Length`` over the limit is refused at once; a chunked body is read
    (at most ``limit`` bytes are buffered) before the app sees it, so no handler ever parses a huge body.
    """

    def __init__(self, app: Any, limit: int, overrides: tuple[tuple[re.Pattern[str], int], ...] = ()) -> None:
        self.app, self.limit, self.overrides = app, limit, overrides

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        streamed = next((n for pattern, n in STREAMED_UPLOADS if pattern.match(scope["path"])), None)
        limit = streamed or next((n for pattern, n in self.overrides if pattern.match(scope["path"])), self.limit)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                too_big = True
            if too_big:
                await self._refuse(scope, receive, send)
                return
        if streamed is not None:  # the route counts the chunks itself
            await self.app(scope, receive, send)
            return
        messages, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # client went away
                messages.append(message)
                break
            size += len(message.get("body", b""))
            if size > limit:
                await self._refuse(scope, receive, send)
                return
            messages.append(message)
            if not message.get("more_body", False):
                break

        async def replay() -> Any:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Any, receive: Any, send: Any) -> None:
        log.warning("request body over %s bytes refused: %s %s", self.limit, scope["method"], scope["path"])
        response = error_response(413, error_body(*BODY_TOO_LARGE))
        await response(scope, receive, send)
