"""WeChat / Alipay quick login: browser redirects (docs/api.md §4.8)."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from eseal.platform import oauth
from eseal.platform.sessions import create_session, revoke_session
from eseal.web.deps import (
    SESSION_COOKIE,
    DbDep,
    OptionalSessionDep,
    ServicesDep,
    client_binding,
    client_ip,
    rotate_csrf,
    set_session_cookie,
)

router = APIRouter(tags=["oauth"])


def _with_query(url: str, **params: str) -> str:
    return url + ("&" if "?" in url else "?") + urlencode(params)


@router.get("/oauth/{provider}/start")
def oauth_start(provider: str, request: Request, db: DbDep, svc: ServicesDep, ctx: OptionalSessionDep,
                mode: str = "login", next: str | None = None, challenge: str | None = None) -> RedirectResponse:
    mode = "bind" if mode == "bind" else "login"
    base = svc.settings.public_url.rstrip("/") if svc.settings.is_production else str(request.base_url).rstrip("/")
    redirect_uri = f"{base}/api/v1/oauth/{provider}/callback"
    url = oauth.start(db, svc, provider, mode=mode, account_id=ctx.account.id if ctx else None, next_url=next,
                      redirect_uri=redirect_uri, client_binding=client_binding(request),
                      account=ctx.account if ctx else None, willingness_challenge_id=challenge,
                      acting_as_enterprise_id=ctx.acting_as.id if ctx and ctx.acting_as else None,
                      ip=client_ip(request))
    return RedirectResponse(url, status_code=302)


@router.get("/oauth/{provider}/callback")
def oauth_callback(provider: str, request: Request, db: DbDep, svc: ServicesDep, code: str | None = None,
                   state: str | None = None) -> RedirectResponse:
    result = oauth.callback(db, svc, provider, code=code, state=state, ip=client_ip(request),
                            client_binding=client_binding(request))
    if result.outcome == "login" and result.account is not None:
        now = svc.clock.now()
        revoke_session(db, now, request.cookies.get(SESSION_COOKIE))
        token = create_session(db, now, result.account, f"oauth:{provider}", ip=client_ip(request),
                               user_agent=request.headers.get("user-agent"))
        response = RedirectResponse(result.next_url, status_code=302)
        set_session_cookie(request, response, token)
        rotate_csrf(request, token)
        return response
    if result.outcome in ("bound", "conflict"):
        return RedirectResponse(_with_query(result.next_url, oauth=result.outcome), status_code=302)
    if result.outcome == "unbound":
        return RedirectResponse(_with_query("/login", oauth="unbound", provider=provider), status_code=302)
    return RedirectResponse(_with_query("/login", oauth="failed"), status_code=302)
