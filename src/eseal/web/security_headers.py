"""Security headers on every response (pure ASGI, one pass over the response start; no per-request allocation
beyond the header list).

* ``Content-Security-Policy``: everything from this origin only, no inline script, no inline style attribute,
  no third-party origin; ``frame-ancestors 'none'`` (+ ``X-Frame-Options: DENY``) so no page can be framed.
  Exceptions, per path prefix: the agreement texts are opened by the registration forms in a same-origin
  iframe sheet (``frame-ancestors 'self'``, ``SAMEORIGIN``); Swagger UI (``/api/v1/docs``) sets inline styles
  and ``data:`` images from its bundle, so its page allows ``style-src 'unsafe-inline'`` (still no inline script:
  its start-up code is ``/static/js/api-docs.js``).
* ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin`` (no URL ever leaves for another site).
* ``Strict-Transport-Security`` in production only (development runs on plain http://localhost).

A header a route set itself is kept. :func:`headers_for` gives the same headers to the 500 handler, whose
response Starlette sends outside the user middleware.
"""

from __future__ import annotations

from typing import Any

BASE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
FRAMABLE_BY_SELF = ("/agreement/",)
SWAGGER_UI = "/api/v1/docs"
HSTS = "max-age=31536000; includeSubDomains"


def _csp(**over: str) -> str:
    policy = {**BASE_POLICY, **{k.replace("_", "-"): v for k, v in over.items()}}
    return "; ".join(f"{k} {v}" for k, v in policy.items())


def _encode(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]


class HeaderSets:
    """The three precomputed header sets (default, framable by the app itself, Swagger UI)."""

    def __init__(self, *, hsts: bool) -> None:
        common = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
        if hsts:
            common["Strict-Transport-Security"] = HSTS
        self.default = {**common, "Content-Security-Policy": _csp(), "X-Frame-Options": "DENY"}
        self.framable = {**common, "Content-Security-Policy": _csp(frame_ancestors="'self'"),
                         "X-Frame-Options": "SAMEORIGIN"}
        self.swagger = {**common, "Content-Security-Policy": _csp(style_src="'self' 'unsafe-inline'"),
                        "X-Frame-Options": "DENY"}
        self.raw = {id(d): _encode(d) for d in (self.default, self.framable, self.swagger)}

    def for_path(self, path: str) -> dict[str, str]:
        if path.startswith(FRAMABLE_BY_SELF):
            return self.framable
        if path == SWAGGER_UI:
            return self.swagger
        return self.default


class SecurityHeaders:
    """ASGI middleware adding :class:`HeaderSets` to every HTTP response start."""

    def __init__(self, app: Any, *, hsts: bool) -> None:
        self.app = app
        self.sets = HeaderSets(hsts=hsts)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.sets.raw[id(self.sets.for_path(scope["path"]))]

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {k.lower() for k, _ in headers}
                headers.extend(h for h in extra if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def headers_for(sets: HeaderSets, path: str) -> dict[str, str]:
    """The headers of ``path`` as a dict, for responses built outside the middleware (the 500 handler)."""
    return dict(sets.for_path(path))
