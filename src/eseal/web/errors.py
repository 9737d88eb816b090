"""Errors as JSON: ``{"error": {"code", "message", "field"[, "retry_after"]}}`` with the right HTTP status.

A ``PlatformError`` carries a stable code and the Chinese text the user reads; its HTTP status comes from the
platform's one code table (``eseal.platform.core.errors.STATUS_BY_CODE``, read as ``exc.status``). Errors that
FastAPI/Starlette raise themselves (unknown path, wrong method, malformed JSON) get their code and text here.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from eseal.platform.core import PlatformError, ProviderError
from eseal.web.deps import LoginRedirect

log = logging.getLogger("eseal.web")

# Starlette's own HTTP errors: status → (code, Chinese text)
HTTP_ERRORS: dict[int, tuple[str, str]] = {
    401: ("not_authenticated", "请先登录"),
    403: ("forbidden", "无权访问"),
    404: ("not_found", "页面不存在"),
    405: ("method_not_allowed", "请求方式不支持"),
}
BODY_TOO_LARGE = ("body_too_large", "提交的内容过大")
INVALID_INPUT = ("invalid_input", "请检查输入内容")


def error_body(code: str, message: str, field: str | None = None,
               retry_after: int | None = None) -> dict[str, object]:
    body: dict[str, object] = {"code": code, "message": message, "field": field}
    if retry_after is not None:
        body["retry_after"] = retry_after
    return body


def error_response(status: int, body: dict[str, object], retry_after: int | None = None) -> JSONResponse:
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def platform_error_response(exc: PlatformError) -> JSONResponse:
    return error_response(exc.status, error_body(exc.code, exc.message, exc.field, exc.retry_after), exc.retry_after)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PlatformError)
    async def platform_error(_request: Request, exc: PlatformError) -> JSONResponse:
        if isinstance(exc, ProviderError):
            log.warning("provider error: %s", exc.detail)
        return platform_error_response(exc)

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
        return error_response(422, error_body(*INVALID_INPUT, field))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, message = HTTP_ERRORS.get(exc.status_code, ("http_error", "请求失败"))
        return error_response(exc.status_code, error_body(code, message))
