"""Shared FastAPI dependencies: services, DB unit of work, CSRF, the current session.

Page routes (``eseal.web.pages``) use ``optional_session`` / ``require_page_session``; API routes
use ``require_session``. State-changing routes depend on ``csrf_protect`` (the API router does so
globally; page routers handling form posts should add ``dependencies=[Depends(csrf_protect)]``).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

import anyio
import anyio.to_thread
from anyio.lowlevel import RunVar
from fastapi import Depends, Request, Response

from eseal.platform.accounts import (
    Account,
    AccountView,
    Actor,
    EnterpriseBrief,
    LoadedSession,
    SessionChange,
    account_view,
    enterprise_brief,
    load_session,
    start_session,
)
from eseal.platform.core import (
    DbSession,
    PlatformError,
    Services,
    audit,
    constant_eq,
    deferred_bind,
    hmac_hex,
    new_token,
    sha256_hex,
)

SESSION_COOKIE = "eseal_session"
CSRF_COOKIE = "eseal_csrf"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


# Dependencies that do no I/O and no noticeable CPU work are ``async def``: FastAPI runs a sync dependency in a
# threadpool call of its own (a thread hop and a wait for the pool's limiter, per dependency, per request). Those
# that touch the database (``optional_session``) stay sync: they would block the event loop. ``get_db`` is async and
# hops to a thread only for a commit, rollback or close that has I/O to do.


class LoginRedirect(Exception):
    """Raised by ``require_page_session`` for anonymous visitors; becomes a 303 to /login."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.location = "/login?next=" + quote(next_path, safe="/")


async def get_services(request: Request) -> Services:
    return request.app.state.services


async def get_db(request: Request) -> AsyncIterator[DbSession]:
    """One transaction per request, committed BEFORE the response is sent (``scope="function"``: with
    FastAPI's default "request" scope the commit would run after the client already has its answer,
    so the next request could miss the write). Business errors (PlatformError) still COMMIT, because they are
    raised after deliberate state changes such as failed-attempt counters and audit rows; anything
    else rolls back.

    ``async``: making the session does no I/O, and a sync endpoint's unit of work has usually been committed in
    its own thread already (``web.routing.UnitOfWorkRoute``); only a session that still has work (an open
    transaction, queued audit rows) commits, rolls back or closes in a threadpool call. That is two thread hops
    fewer per request.

    SQLite transaction mode (``platform.core.db``): requests with an unsafe method take the write lock at BEGIN
    (serialized, as before); safe methods, and the routes marked with ``defer_write_lock``, begin DEFERRED and take
    it at their first write, so reads never queue behind writers (docs/api.md "Transactions")."""
    services: Services = request.app.state.services
    db = services.sessionmaker(bind=deferred_bind(services.engine)) if defers_write_lock(request) \
        else services.sessionmaker()
    try:
        yield db
        await _settle(db, db.commit)
    except PlatformError:
        await _settle(db, db.commit)
        raise
    except BaseException:
        await _settle(db, db.rollback)
        raise
    finally:
        try:
            await _settle(db, db.close)
        finally:
            _give_back_slot(db)  # the connection is back in the pool (optional_session took the slot)


async def _settle(db: DbSession, step: Callable[[], None]) -> None:
    """``step()`` (commit, rollback or close) in a worker thread when it has I/O to do; nothing when ``db`` holds
    no transaction and no queued audit row (then all three are no-ops on a session without a connection). As
    FastAPI ends a sync generator dependency: shielded from cancellation (a client gone mid-request must still
    give its connection, and on SQLite the write lock, back) and outside the threadpool's limiter (every pool
    thread may be waiting for the connection this step returns)."""
    if db.in_transaction() or audit.has_pending(db):
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(step, limiter=anyio.CapacityLimiter(1))


async def defer_write_lock() -> None:
    """Marker for an unsafe-method route (``dependencies=[Depends(defer_write_lock)]``): its SQLite transaction
    begins DEFERRED, i.e. its reads run beside other writers and the write lock is taken at its first write.
    For routes whose slow part (the argon2 password check of the logins) comes before their first write and
    whose reads tolerate READ COMMITTED staleness (what PostgreSQL gives every route). ``get_db`` reads the
    marker from the matched route (router dependencies such as the face gate open the session before a route's
    own dependencies run)."""


def defers_write_lock(request: Request) -> bool:
    if request.method not in UNSAFE_METHODS:
        return True
    route = request.scope.get("route")
    return any(d.dependency is defer_write_lock for d in getattr(route, "dependencies", ()))


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def client_binding(request: Request) -> str:
    """Identifies this browser (hash of its CSRF cookie): face checks are bound to it."""
    return sha256_hex("browser:" + request.cookies.get(CSRF_COOKIE, getattr(request.state, "csrf_token", "")))


def session_csrf_token(services: Services, session_token: str) -> str:
    """The CSRF token of an authenticated session: HMAC of its (secret) session token under a key derived from
    the master key. A cookie planted in the victim's browser (subdomain, plain-HTTP injection) plus a matching
    header is useless: for a logged-in session only this value is accepted."""
    return hmac_hex(services.master_key, "csrf-session-v1", sha256_hex(session_token))[:48]


def rotate_csrf(request: Request, session_token: str | None = None) -> str:
    """Issue a fresh CSRF token for this browser (sent as the ``eseal_csrf`` cookie by the app middleware).

    Called whenever the session's privileges change (login, registration, role switch, enterprise entry,
    logout): a token planted or read before the change no longer authorises state-changing requests. With the
    new ``session_token`` the CSRF token is bound to that session (``session_csrf_token``); without one
    (logout) it is a fresh random token for the anonymous visitor.
    """
    services: Services = request.app.state.services
    request.state.csrf_token = session_csrf_token(services, session_token) if session_token else new_token(24)
    return request.state.csrf_token


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    services: Services = request.app.state.services
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax",
                        secure=services.settings.secure_cookies, path="/")


def clear_session_cookie(request: Request, response: Response) -> None:
    services: Services = request.app.state.services
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                           secure=services.settings.secure_cookies)


async def csrf_protect(request: Request) -> None:
    """Double-submit check: header ``X-CSRF-Token`` (or form field ``csrf_token``) == cookie ``eseal_csrf``."""
    if request.method not in UNSAFE_METHODS:
        return
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get("csrf_token")
            sent = value if isinstance(value, str) else ""
    if not cookie or not sent or not constant_eq(cookie, sent):
        raise PlatformError("csrf_failed", "页面已过期，请刷新后重试")
    session_token = request.cookies.get(SESSION_COOKIE)
    if session_token:
        # authenticated (or claiming to be): the token must be the one bound to THIS session. A stale or
        # unknown session cookie gets the same answer; the anonymous double-submit check above is enough
        # only when there is no session cookie at all.
        services: Services = request.app.state.services
        if not constant_eq(sent, session_csrf_token(services, session_token)):
            raise PlatformError("csrf_failed", "页面已过期，请刷新后重试")


@dataclass(frozen=True)
class SessionView:
    """``GET /session`` and the ``session`` of every login answer (docs/api.md)."""

    authenticated: bool
    account: AccountView | None
    acting_as: EnterpriseBrief | None
    enterprise_face_verified: bool
    needs_enterprise_face_check: bool
    csrf_token: str


@dataclass(frozen=True)
class SessionEnvelope:
    session: SessionView


@dataclass
class SessionContext:
    """What a handler or template knows about the visitor."""

    account: Account
    acting_as: Account | None
    enterprise_face_verified: bool
    csrf_token: str
    loaded: LoadedSession
    db: DbSession

    @property
    def needs_enterprise_face_check(self) -> bool:
        """§3.2 gate: an enterprise login AND a person acting for an enterprise need the legal rep's face check."""
        return (self.account.is_enterprise or self.acting_as is not None) and not self.enterprise_face_verified

    @property
    def account_view(self) -> AccountView:
        return account_view(self.db, self.account)

    @property
    def acting_account_id(self) -> int:
        """The account whose objects this session may touch (enterprise when acting as one)."""
        return self.acting_as.id if self.acting_as is not None else self.account.id

    def view(self) -> SessionView:
        return SessionView(authenticated=True, account=self.account_view, acting_as=enterprise_brief(self.acting_as),
                           enterprise_face_verified=self.enterprise_face_verified,
                           needs_enterprise_face_check=self.needs_enterprise_face_check, csrf_token=self.csrf_token)

    def apply(self, request: Request, response: Response, change: SessionChange) -> SessionEnvelope:
        """After a privilege change (role switch, enterprise entry): new session cookie, new CSRF token."""
        self.acting_as, self.enterprise_face_verified = change.acting_as, change.enterprise_face_verified
        set_session_cookie(request, response, change.token)
        self.csrf_token = rotate_csrf(request, change.token)
        return SessionEnvelope(self.view())


def anonymous_view(csrf_token: str) -> SessionView:
    return SessionView(authenticated=False, account=None, acting_as=None, enterprise_face_verified=False,
                       needs_enterprise_face_check=False, csrf_token=csrf_token)


def begin_session(request: Request, response: Response, db: DbSession, svc: Services, account: Account,
                  method: str) -> SessionContext:
    """Log ``account`` in (every way in: registration, password / SMS / face login, WeChat/Alipay): the platform
    revokes this browser's old session and opens a new one; here the cookie is set and a fresh CSRF token issued
    (a token known before the login must not authorise requests after it)."""
    token, loaded = start_session(db, svc, account, method, old_token=request.cookies.get(SESSION_COOKIE),
                                  ip=client_ip(request), user_agent=request.headers.get("user-agent"))
    set_session_cookie(request, response, token)
    rotate_csrf(request, token)
    return SessionContext(account=account, acting_as=None, enterprise_face_verified=False,
                          csrf_token=request.state.csrf_token, loaded=loaded, db=db)


#: threads of the session checks of one event loop (``optional_session``), apart from the routes' threadpool
_SESSION_THREADS: RunVar[anyio.CapacityLimiter] = RunVar("eseal_session_threads")
SESSION_THREADS = 40
#: per event loop and engine: how many checked requests may hold a pooled connection (``optional_session``)
_HELD_SLOTS: RunVar[dict[object, anyio.CapacityLimiter | None]] = RunVar("eseal_held_connection_slots")
_SLOT_KEY = "eseal.held_connection_slot"
#: connections a full set of checked requests leaves to the requests that take theirs in a route's thread (logins)
FREE_CONNECTIONS = 2


def _session_threads() -> anyio.CapacityLimiter:
    try:
        return _SESSION_THREADS.get()
    except LookupError:
        limiter = anyio.CapacityLimiter(SESSION_THREADS)
        _SESSION_THREADS.set(limiter)
        return limiter


async def optional_session(request: Request,
                           db: Annotated[DbSession, Depends(get_db, scope="function")]) -> SessionContext | None:
    """The visitor's session (one joined SELECT), read in a thread of its own limiter, not of the threadpool the
    sync routes run in. With the check in the routes' threadpool (a sync dependency), a burst of more requests
    than connections had every pool thread waiting for a connection in its session check and every connection
    held by a checked request waiting for a pool thread for its route, until the pool's 30 s timeout answered 500
    (tests/web/api/test_pool_burst.py).

    A checked request must not hold what a route's thread waits for while it waits for that thread itself. The
    routes that take their connection in their own thread (the logins: no session check) can fill every pool
    thread, so (tests/web/api/test_pool_burst.py, logins and checked requests in one burst):

    * The check's transaction, and so its pooled connection, stays open for the route (ending it cost PostgreSQL
      three round trips a request: COMMIT, the pool's pre-ping and BEGIN; bench/api_load.py D1 fell from ~34 to
      ~20 operations/s), and at most the pool's capacity less ``FREE_CONNECTIONS`` checked requests hold one at
      a time (a slot per request, given back by ``get_db`` after the connection): the others are left to the
      routes' threads.
    * Except on SQLite for the routes whose transaction takes the write lock at BEGIN (unsafe methods not marked
      ``defer_write_lock``): a route's thread may wait for that lock, so the check reads in a transaction of its
      own, begun DEFERRED, that it commits (local, no round trip), and the route begins its own in its thread;
      the objects read stay loaded (expire_on_commit off). (Safe methods and the marked routes begin DEFERRED:
      their check holds a read snapshot, which no writer waits for.)"""
    services: Services = request.app.state.services
    if services.engine.dialect.name == "sqlite" and not defers_write_lock(request):
        return await anyio.to_thread.run_sync(_read_session_apart, request, db, limiter=_session_threads())
    slots = _held_slots(services)
    if slots is not None:
        slot = object()
        await slots.acquire_on_behalf_of(slot)
        db.info[_SLOT_KEY] = (slots, slot)
    ctx = await anyio.to_thread.run_sync(_read_session, request, db, limiter=_session_threads())
    if not db.in_transaction():
        _give_back_slot(db)  # no connection taken (no session cookie): nothing held across the hop
    return ctx


def _held_slots(services: Services) -> anyio.CapacityLimiter | None:
    """This event loop's slots for connections held across a thread hop, for the services' engine; None when the
    pool has no fixed capacity (NullPool, StaticPool)."""
    try:
        by_engine = _HELD_SLOTS.get()
    except LookupError:
        by_engine = {}
        _HELD_SLOTS.set(by_engine)
    engine = services.engine
    if engine in by_engine:
        return by_engine[engine]
    limiter = None
    pool = engine.pool
    size, overflow = getattr(pool, "size", None), getattr(pool, "_max_overflow", None)
    if callable(size) and isinstance(overflow, int) and overflow >= 0:
        limiter = anyio.CapacityLimiter(max(1, size() + overflow - FREE_CONNECTIONS))
    by_engine[engine] = limiter
    return limiter


def _give_back_slot(db: DbSession) -> None:
    held = db.info.pop(_SLOT_KEY, None)
    if held is not None:
        limiter, slot = held
        limiter.release_on_behalf_of(slot)


def _read_session_apart(request: Request, db: DbSession) -> SessionContext | None:
    """:func:`_read_session` in a DEFERRED transaction of its own, committed here (SQLite, the routes that take the
    write lock at BEGIN: see ``optional_session``)."""
    services: Services = request.app.state.services
    own = not db.in_transaction()
    route_bind = db.bind
    if own:
        db.bind = deferred_bind(services.engine)
    try:
        ctx = _read_session(request, db)
        if own and db.in_transaction():
            db.commit()  # (the session's touch, if due, is written here)
    finally:
        db.bind = route_bind
    return ctx


def _read_session(request: Request, db: DbSession) -> SessionContext | None:
    services: Services = request.app.state.services
    loaded = load_session(db, services.clock.now(), request.cookies.get(SESSION_COOKIE))
    if loaded is None:
        return None
    return SessionContext(
        account=loaded.account,
        acting_as=loaded.acting_as,
        enterprise_face_verified=loaded.row.enterprise_face_verified_at is not None,
        csrf_token=getattr(request.state, "csrf_token", ""),
        loaded=loaded,
        db=db,
    )


async def require_session(ctx: Annotated[SessionContext | None, Depends(optional_session)]) -> SessionContext:
    if ctx is None:
        raise PlatformError("not_authenticated", "请先登录")
    return ctx


async def get_actor(request: Request, ctx: Annotated[SessionContext | None, Depends(optional_session)]) -> Actor:
    """The ``actor`` of the platform's service functions: who (if logged in), for whom, from where."""
    return Actor(account=ctx.account if ctx else None, acting_as=ctx.acting_as if ctx else None,
                 ip=client_ip(request), client_binding=client_binding(request))


async def get_client(request: Request) -> Actor:
    """The ``actor`` of routes for anonymous visitors (login, reset, SMS codes): where from, which browser."""
    return Actor(ip=client_ip(request), client_binding=client_binding(request))


async def require_page_session(
    request: Request, ctx: Annotated[SessionContext | None, Depends(optional_session)]
) -> SessionContext:
    if ctx is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRedirect(path)
    return ctx


async def require_enterprise_entry(ctx: Annotated[SessionContext, Depends(require_session)]) -> SessionContext:
    """For seal-application routes: enterprise accounts must have passed the legal-rep face check (§3.2)."""
    if ctx.needs_enterprise_face_check:
        raise PlatformError("enterprise_face_required", "请先完成法定代表人人脸识别")
    return ctx


# §3.2 gate: the only API routes an enterprise session (or a person acting for an enterprise) may call before
# the legal representative's face check passed; every other route answers 403 enterprise_face_required.
GATE_ROUTES: frozenset[tuple[str, str]] = frozenset({
    ("GET", "/api/v1/session"),                        # session state
    ("POST", "/api/v1/face/checks"),                   # start the face check
    ("GET", "/api/v1/face/checks/{check_id}"),         # poll it
    ("POST", "/api/v1/session/enterprise-entry"),      # use the passed check (opens the gate)
    ("POST", "/api/v1/auth/logout"),                   # the way out
    ("POST", "/api/v1/dev/face/{check_id}/simulate"),  # development face simulator (absent in production)
})


async def enterprise_gate(request: Request, ctx: Annotated[SessionContext | None, Depends(optional_session)]) -> None:
    """The §3.2 face gate of the whole API: a dependency of the ``/api/v1`` routers themselves (``web.api.router``
    and ``web.dev.api_router``), so every route gets it by default and only ``GATE_ROUTES`` are exempt.
    ``tests/web/api/test_f2_security_gate.py`` walks the OpenAPI document to keep it so."""
    if ctx is None or not ctx.needs_enterprise_face_check:
        return
    path, root = request.scope["path"], request.scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root):]
    if any(method == request.method and pattern.fullmatch(path) for method, pattern in _GATE_PATTERNS):
        return
    raise PlatformError("enterprise_face_required", "请先完成法定代表人人脸识别")


_GATE_PATTERNS = tuple((method, re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))))
                       for method, template in sorted(GATE_ROUTES))


# Annotated shorthands for handlers: ``def handler(db: DbDep, ctx: SessionDep): ...``
DbDep = Annotated[DbSession, Depends(get_db, scope="function")]
ServicesDep = Annotated[Services, Depends(get_services)]
OptionalSessionDep = Annotated[SessionContext | None, Depends(optional_session)]
SessionDep = Annotated[SessionContext, Depends(require_session)]
PageSessionDep = Annotated[SessionContext, Depends(require_page_session)]
EnterpriseEntryDep = Annotated[SessionContext, Depends(require_enterprise_entry)]
ActorDep = Annotated[Actor, Depends(get_actor)]
ClientDep = Annotated[Actor, Depends(get_client)]
