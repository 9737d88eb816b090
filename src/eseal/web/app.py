"""FastAPI application factory.

``create_app()`` wires settings → services (DB upgraded at start) → routers:
* ``/api/v1`` JSON API (``eseal.web.api``), OpenAPI at ``/api/v1/openapi.json`` and ``/api/v1/docs``;
* ``/dev/...`` development-only pages (SMS outbox, face simulator, OAuth simulator) — 404 in production;
* ``/static`` from ``src/eseal/web/static``;
* the H5 pages: ``eseal.web.pages.router`` when that module exists (owned by the H5 colleague).
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from eseal.platform.clock import Clock
from eseal.platform.errors import PlatformError, ProviderError
from eseal.platform.providers import Providers
from eseal.platform.security import new_token
from eseal.platform.services import Services, build_services
from eseal.platform.settings import Settings
from eseal.web.access_log import install_query_redaction
from eseal.web.deps import CSRF_COOKIE, SESSION_COOKIE, LoginRedirect, session_csrf_token
from eseal.web.templating import STATIC_DIR

log = logging.getLogger("eseal.web")

HTTP_CODES = {401: "not_authenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}
HTTP_MESSAGES = {401: "请先登录", 403: "无权访问", 404: "页面不存在", 405: "请求方式不支持"}


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

    app = FastAPI(
        title="eseal 统一电子印章管理平台 API",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # served below, from local assets when available (intranet deployments)
        redoc_url=None,
    )
    app.state.services = services
    app.state.settings = settings
    install_query_redaction()

    _install_csrf_cookie(app, secure=settings.secure_cookies)
    _install_error_handlers(app)
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)  # outermost: before any body is parsed

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    _install_api_docs(app)

    from eseal.web.api import router as api_router

    app.include_router(api_router, prefix="/api/v1")

    if not settings.is_production:
        from eseal.web.dev import api_router as dev_api_router
        from eseal.web.dev import router as dev_router

        app.include_router(dev_router)
        app.include_router(dev_api_router, prefix="/api/v1")

    STATIC_DIR.mkdir(parents=True, exist_ok=True)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    pages = _optional_module("eseal.web.pages") if include_pages else None
    if pages is not None and hasattr(pages, "router"):
        app.include_router(pages.router)
    return app


def _install_api_docs(app: FastAPI) -> None:
    """Swagger UI at /api/v1/docs; its JS/CSS come from the ``swagger-ui-bundle`` package when it is
    installed (no CDN needed), otherwise from FastAPI's default CDN."""
    from fastapi.openapi.docs import get_swagger_ui_html

    assets: dict[str, Any] = {}
    bundle = _optional_module("swagger_ui_bundle")
    if bundle is not None:
        app.mount("/api/v1/docs-assets", StaticFiles(directory=str(bundle.swagger_ui_path)), name="docs-assets")
        assets = {"swagger_js_url": "/api/v1/docs-assets/swagger-ui-bundle.js",
                  "swagger_css_url": "/api/v1/docs-assets/swagger-ui.css",
                  "swagger_favicon_url": "/api/v1/docs-assets/favicon-32x32.png"}

    @app.get("/api/v1/docs", include_in_schema=False)
    def api_docs() -> Response:
        return get_swagger_ui_html(openapi_url="/api/v1/openapi.json", title="eseal API v1", **assets)


def _optional_module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return None


def _install_csrf_cookie(app: FastAPI, *, secure: bool) -> None:
    """Give every visitor a CSRF token cookie (double submit) and expose it as request.state.csrf_token.

    A handler may replace ``request.state.csrf_token`` (``deps.rotate_csrf``: login, role switch, logout);
    the new value is then sent as the cookie, so a token known before the privilege change is dead after it.
    """

    @app.middleware("http")
    async def csrf_cookie(request: Request, call_next: Any) -> Response:
        sent = request.cookies.get(CSRF_COOKIE) or ""
        session_token = request.cookies.get(SESSION_COOKIE) or ""
        if session_token and len(session_token) <= 200:
            # a browser with a session always gets (and must send) the token bound to that session
            token = session_csrf_token(request.app.state.services, session_token)
        else:
            token = sent if sent and len(sent) <= 100 else new_token(24)
        request.state.csrf_token = token
        response: Response = await call_next(request)
        token = request.state.csrf_token
        if token != sent:
            response.set_cookie(CSRF_COOKIE, token, httponly=False, samesite="lax", secure=secure, path="/",
                                max_age=30 * 24 * 3600)
        return response


class BodySizeLimit:
    """Refuse request bodies larger than ``limit`` bytes with 413 ``body_too_large``.

    Pure ASGI: a declared ``Content-Length`` over the limit is refused at once; a chunked body is read
    (at most ``limit`` bytes are buffered) before the app sees it, so no handler ever parses a huge body.
    """

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.limit
            except ValueError:
                too_big = True
            if too_big:
                await self._refuse(scope, receive, send)
                return
        messages, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # client went away
                messages.append(message)
                break
            size += len(message.get("body", b""))
            if size > self.limit:
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
        response = error_response(413, {"code": "body_too_large", "message": "提交的内容过大", "field": None})
        await response(scope, receive, send)


def error_response(status: int, body: dict[str, Any], retry_after: int | None = None) -> JSONResponse:
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PlatformError)
    async def platform_error(_request: Request, exc: PlatformError) -> JSONResponse:
        if isinstance(exc, ProviderError):
            log.warning("provider error: %s", exc.detail)
        return error_response(exc.status, exc.to_dict(), exc.retry_after)

    @app.exception_handler(LoginRedirect)
    async def login_redirect(_request: Request, exc: LoginRedirect) -> RedirectResponse:
        return RedirectResponse(exc.location, status_code=303)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        field = None
        if errors:
            loc = [str(p) for p in errors[0].get("loc", ()) if p not in ("body", "query", "path")]
            field = loc[0] if loc else None
        return error_response(422, {"code": "invalid_input", "message": "请检查输入内容", "field": field})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = HTTP_CODES.get(exc.status_code, "http_error")
        message = HTTP_MESSAGES.get(exc.status_code, "请求失败")
        return error_response(exc.status_code, {"code": code, "message": message, "field": None})
