"""The CSRF token cookie (double submit), as a pure ASGI middleware.

Every visitor gets a token in the ``eseal_csrf`` cookie, exposed to handlers as ``request.state.csrf_token``.
A handler may replace ``request.state.csrf_token`` (``deps.rotate_csrf``: login, role switch, logout); the new
value is then sent as the cookie, so a token known before the privilege change is dead after it.

Pure ASGI (no ``BaseHTTPMiddleware``: that one costs a task and a stream per request), and not run at all for
the paths that never use a token: static files and the Swagger UI assets.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from eseal.platform.core import new_token
from eseal.web.deps import CSRF_COOKIE, SESSION_COOKIE, session_csrf_token

NO_TOKEN_PATHS = ("/static/", "/api/v1/docs-assets/")
MAX_AGE = 30 * 24 * 3600


class CsrfCookie:
    def __init__(self, app: Any, *, secure: bool) -> None:
        self.app, self.secure = app, secure

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"].startswith(NO_TOKEN_PATHS):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        sent = request.cookies.get(CSRF_COOKIE) or ""
        session_token = request.cookies.get(SESSION_COOKIE) or ""
        if session_token and len(session_token) <= 200:
            # a browser with a session always gets (and must send) the token bound to that session
            token = session_csrf_token(scope["app"].state.services, session_token)
        else:
            token = sent if sent and len(sent) <= 100 else new_token(24)
        state = scope.setdefault("state", {})
        state["csrf_token"] = token

        async def send_with_cookie(message: Any) -> None:
            if message["type"] == "http.response.start":
                current = state.get("csrf_token", token)
                if current != sent:
                    message = {**message, "headers": [*message.get("headers", ()), self._cookie(current)]}
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _cookie(self, token: str) -> tuple[bytes, bytes]:
        carrier = Response()
        carrier.set_cookie(CSRF_COOKIE, token, httponly=False, samesite="lax", secure=self.secure, path="/",
                           max_age=MAX_AGE)
        return carrier.raw_headers[-1]
