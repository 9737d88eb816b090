"""Quick login with WeChat / Alipay (manual §2.2 3)): state handling and account binding.

The provider only tells us a stable subject id (openid / user_id); the binding to an eseal account
is ours (table ``oauth_bindings``) and is created from a logged-in session (mode "bind").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

import eseal.platform.identity.willingness as willingness
from eseal.platform.core import OAUTH_LABELS, NotFound, PlatformError, Services, audit, constant_eq, new_token
from eseal.platform.identity.models import OAuthBinding, OAuthState
from eseal.platform.identity.principal import Principal
from eseal.platform.identity.serializers import OAuthBindingView

STATE_TTL = timedelta(minutes=10)


def safe_next(url: str | None, default: str = "/home") -> str:
    """Only same-site relative paths (no open redirect).

    Control characters and spaces are refused too: browsers drop tab/CR/LF from URLs, so ``/\t/evil.example``
    would be followed as ``//evil.example``.
    """
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url or len(url) > 300 \
            or any(ch <= " " or ch == "\x7f" for ch in url):
        return default
    return url


BIND_ACTION = "account.bind_oauth"


def start(db: Session, svc: Services, provider: str, *, mode: str, account_id: int | None, next_url: str | None,
          redirect_uri: str, client_binding: str, account: Principal | None = None,
          willingness_challenge_id: str | None = None, acting_as_enterprise_id: int | None = None,
          ip: str | None = None) -> str:
    """Begin a round trip. Binding adds a persistent way in, so it needs (a) a person account — quick login
    is a person feature (manual §2.2 only shows it there; an enterprise login is credit code + password
    followed by the legal-rep face check) — and (b) a fresh proof: a satisfied willingness challenge
    ``account.bind_oauth`` (SMS code to the bound phone or face), consumed here."""
    if provider not in svc.providers.oauth:
        raise NotFound("不支持的登录方式")
    if mode == "bind" and account_id is None:
        raise PlatformError("not_authenticated", "请先登录")
    if mode == "bind":
        if account is not None and account.is_enterprise:
            raise PlatformError("method_unavailable", "法人账号不支持微信/支付宝快捷登录", "provider")
        willingness.require_willingness(db, svc, willingness_challenge_id, account_id=account_id or 0,
                                        action=BIND_ACTION, target_type="account", target_id=account_id or 0,
                                        acting_as_enterprise_id=acting_as_enterprise_id, ip=ip)
    now = svc.clock.now()
    state = new_token(24)
    db.add(OAuthState(state=state, provider=provider, mode=mode, account_id=account_id, client_binding=client_binding,
                      next_url=safe_next(next_url, "/me" if mode == "bind" else "/home"), created_at=now,
                      expires_at=now + STATE_TTL))
    return svc.providers.oauth[provider].authorize_url(state=state, redirect_uri=redirect_uri)


@dataclass(frozen=True)
class CallbackResult:
    """How a round trip ended. ``account_id``: the account bound ("bound") or to log in ("login"; the caller,
    ``eseal.platform.accounts.login_oauth``, checks the account may log in and starts the session)."""

    # "login" | "bound" | "unbound" | "failed" | "conflict" (the provider identity is bound to another account)
    # | "already_bound" (this account is bound to another identity of the provider)
    outcome: str
    next_url: str
    account_id: int | None = None


def callback(db: Session, svc: Services, provider: str, *, code: str | None, state: str | None,
             ip: str | None, client_binding: str) -> CallbackResult:
    """Finish a round trip. The state must have been started by this same browser: otherwise an attacker
    could send a victim their own callback URL (code + state) and log the victim into the attacker's
    account, or bind the attacker's WeChat to the victim's (login CSRF)."""
    now = svc.clock.now()
    row = db.get(OAuthState, state) if state and len(state) <= 64 else None
    if row is None or row.provider != provider or row.consumed_at is not None or row.expires_at <= now or not code \
            or not constant_eq(row.client_binding or "", client_binding):
        return CallbackResult("failed", "/login")
    row.consumed_at = now
    try:
        subject = svc.providers.oauth[provider].exchange(db, code, now)
    except PlatformError:
        return CallbackResult("failed", row.next_url if row.mode == "bind" else "/login")
    binding = db.scalar(select(OAuthBinding).where(OAuthBinding.provider == provider, OAuthBinding.subject == subject))
    if row.mode == "bind":
        if binding is not None and binding.account_id != row.account_id:
            return CallbackResult("conflict", row.next_url)
        existing = db.scalar(select(OAuthBinding).where(OAuthBinding.account_id == row.account_id,
                                                        OAuthBinding.provider == provider))
        if existing is not None and existing.subject != subject:
            return CallbackResult("already_bound", row.next_url)
        if binding is None:
            db.add(OAuthBinding(account_id=row.account_id, provider=provider, subject=subject, created_at=now))
            audit.record(db, now, "oauth.bound", actor=row.account_id, subject=f"account:{row.account_id}", ip=ip,
                         provider=provider)
        return CallbackResult("bound", row.next_url, row.account_id)
    if binding is None:
        return CallbackResult("unbound", "/login")
    return CallbackResult("login", row.next_url, binding.account_id)


def bindings(db: Session, account_id: int) -> list[OAuthBinding]:
    return list(db.scalars(select(OAuthBinding).where(OAuthBinding.account_id == account_id)
                           .order_by(OAuthBinding.provider)))


def binding_views(db: Session, account_id: int) -> list[OAuthBindingView]:
    """The account's quick-login bindings as 我的 shows them."""
    return [OAuthBindingView(provider=b.provider, label=OAUTH_LABELS.get(b.provider, b.provider),
                             bound_at=b.created_at.isoformat()) for b in bindings(db, account_id)]


def bound_providers(db: Session, account_id: int) -> list[str]:
    """Providers bound to the account, alphabetically (the account view's ``oauth_bindings``)."""
    return list(db.scalars(select(OAuthBinding.provider).where(OAuthBinding.account_id == account_id)
                           .order_by(OAuthBinding.provider)))


def unbind(db: Session, svc: Services, account_id: int, provider: str, ip: str | None) -> None:
    row = db.scalar(select(OAuthBinding).where(OAuthBinding.account_id == account_id,
                                               OAuthBinding.provider == provider))
    if row is None:
        raise NotFound("未绑定该第三方账号")
    db.delete(row)
    audit.record(db, svc.clock.now(), "oauth.unbound", actor=account_id, subject=f"account:{account_id}", ip=ip,
                 provider=provider)
