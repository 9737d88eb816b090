"""Errors as JSON: ``{"error": {"code", "message", "field"[, "retry_after"]}}`` with the right HTTP status.

A ``PlatformError`` carries a stable code and the Chinese text the user reads, never an HTTP status: the status
comes from the code, in ONE table here (``STATUS_BY_CODE``, read through :func:`status_for`). Errors that
FastAPI/Starlette raise themselves (unknown path, wrong method, malformed JSON) get their code and text here.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from eseal.platform.core import PlatformError, ProviderError
from eseal.web.deps import LoginRedirect
from eseal.web.error_pages import error_page, wants_html
from eseal.web.security_headers import headers_for

log = logging.getLogger("eseal.web")

# Starlette's own HTTP errors: status → (code, Chinese text)
HTTP_ERRORS: dict[int, tuple[str, str]] = {
    401: ("not_authenticated", "请先登录"),
    403: ("forbidden", "无权访问"),
    404: ("not_found", "页面不存在"),
    405: ("method_not_allowed", "请求方式不支持"),
}
# HTTP status of each platform error code; codes not listed are bad input (400).
STATUS_BY_CODE: dict[str, int] = {
    "not_authenticated": 401, "login_failed": 401,
    "forbidden": 403, "csrf_failed": 403, "enterprise_face_required": 403, "willingness_required": 403,
    "not_found": 404, "account_not_found": 404,
    "already_registered": 409,
    "login_locked": 423,
    "rate_limited": 429, "sms_rate_limited": 429, "sms_cooldown": 429, "verification_password_locked": 429,
    "provider_error": 502,
    # seal applications (S1b)
    "seal_application.kind_held": 409, "seal_application.kind_pending": 409, "seal_application.wrong_state": 409,
    "seal_application.not_cancellable": 409, "cert_auth.wrong_step": 409,
    "seal_application.material_too_large": 413, "cert_auth.signature_too_large": 413,
    "cert_auth.link_used": 410, "cert_auth.link_expired": 410, "cert_auth.cancelled": 410,
    "realname_required": 403, "seal_application.form_signing_failed": 503,
    # seals (S1a): a move the lifecycle table refuses, a seal that cannot sign now, a kind already held
    "seal.move_not_allowed": 409, "seal.kind_held": 409, "seal.renew_too_early": 409, "seal.change_not_open": 403,
    "seal.suspended": 409, "seal.cancelled": 409, "seal.not_yet_valid": 409, "seal.expired": 409,
    # storage
    "storage.too_large": 413, "storage.not_found": 404, "storage.backend_error": 503,
    # verification and 扫码 (D1b)
    "verify.too_large": 413, "scan.too_large": 413,
    # documents and signing (D1a)
    "document.too_large": 413, "sign.seal_password_wrong": 403, "sign.wrong_method": 403,
    "grant.forbidden": 403, "grant.seal_out_of_scope": 403, "grant.not_accepted": 409, "grant.revoked": 409,
    "grant.not_started": 409, "grant.expired": 409, "grant.exhausted": 409, "grant.duplicate": 409,
    "grant.not_pending": 409, "grant.person_never_logged_in": 409,
    "sign.certificate_unusable": 409, "sign.document_refused": 409, "sign.document_changed": 409,
    "sign.tsa_unavailable": 503, "sign.failed": 500,
}
# The one code whose class depends on the field at fault: an enterprise asking to bind WeChat/Alipay is refused
# (403), while an unavailable login or verification method is bad input (400).
STATUS_BY_CODE_AND_FIELD: dict[tuple[str, str], int] = {("method_unavailable", "provider"): 403}
DEFAULT_STATUS = 400




def status_for(exc: PlatformError) -> int:
    """The HTTP status answering a platform error, from its code (and, for one code, its field)."""
    by_field = STATUS_BY_CODE_AND_FIELD.get((exc.code, exc.field or ""))
    return by_field if by_field is not None else STATUS_BY_CODE.get(exc.code, DEFAULT_STATUS)


BODY_TOO_LARGE = ("body_too_large", "提交的内容过大")
INVALID_INPUT = ("invalid_input", "请检查输入内容")
INVALID_JSON = ("invalid_json", "提交的内容不是有效的JSON")
INTERNAL_ERROR = ("internal_error", "系统繁忙，请稍后重试")


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
    return error_response(status_for(exc), error_body(exc.code, exc.message, exc.field, exc.retry_after), exc.retry_after)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PlatformError)
    async def platform_error(request: Request, exc: PlatformError) -> Response:
        if isinstance(exc, ProviderError):
            log.warning("provider error: %s", exc.detail)
        if wants_html(request):
            return error_page(request, status_for(exc), exc.message)
        return platform_error_response(exc)

    @app.exception_handler(LoginRedirect)
    async def login_redirect(_request: Request, exc: LoginRedirect) -> RedirectResponse:
        return RedirectResponse(exc.location, status_code=303)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):  # its loc is ("body", <offset>): no field
            return error_response(422, error_body(*INVALID_JSON))
        field = None
        if errors:  # the first named part of the location (list indices and offsets are not field names)
            loc = [p for p in errors[0].get("loc", ()) if isinstance(p, str) and p not in ("body", "query", "path")]
            field = loc[0] if loc else None
        return error_response(422, error_body(*INVALID_INPUT, field))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_html(request):
            return error_page(request, exc.status_code)
        code, message = HTTP_ERRORS.get(exc.status_code, ("http_error", "请求失败"))
        return error_response(exc.status_code, error_body(code, message))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        """Unhandled errors are never shown (the server logs the traceback: Starlette re-raises after this).
        Starlette sends this response outside the user middleware, so the security headers are added here."""
        headers = headers_for(request.app.state.security_headers, request.url.path)
        if wants_html(request):
            return error_page(request, 500, headers=headers)
        response = error_response(500, error_body(*INTERNAL_ERROR))
        response.headers.update(headers)
        return response
