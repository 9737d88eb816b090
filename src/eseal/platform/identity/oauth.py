"""Quick login with WeChat / Alipay (manual §2.2 3)): state handling and account binding.

The provider only tells us a stable subject id (openid / user_id); the binding to an eseal account
is ours (table ``oauth_bindings``) and is created from a logged-in session (mode "bind").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from eseal.platform import audit
from eseal.platform.errors import NotFound, PlatformError
from eseal.platform.models import Account, OAuthBinding, OAuthState
from eseal.platform.security import constant_eq, new_token
from eseal.platform.services import Services

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
          redirect_uri: str, client_binding: str, account: Account | None = None,
          willingness_challenge_id: str | None = None, acting_as_enterprise_id: int | None = None,
          ip: str | None = None) -> str:
    """Begin a round trip. Binding adds a persistent way in, so it needs (a) a person account — quick login
    is a person feature (manual §2.2 only shows it there; an enterprise login is credit code + password
    followed by the legal-rep face check) — and (b) a fresh proof: a satisfied willingness challenge
    ``account.bind_oauth`` (SMS code to the bound phone or face), consumed here."""
    from eseal.platform import willingness

    if provider not in svc.providers.oauth:
        raise NotFound("不支持的登录方式")
    if mode == "bind" and account_id is None:
        raise PlatformError("not_authenticated", "请先登录", status=401)
    if mode == "bind":
        if account is not None and account.is_enterprise:
            raise PlatformError("method_unavailable", "法人账号不支持微信/支付宝快捷登录", "provider", status=403)
        willingness.require_willingness(db, svc, willingness_challenge_id, account_id=account_id or 0,
                                        action=BIND_ACTION, target_type="account", target_id=account_id or 0,
                                        acting_as_enterprise_id=acting_as_enterprise_id, ip=ip)
    now = svc.clock.now()
    state = new_token(24)
    db.add(OAuthState(state=state, provider=provider, mode=mode, account_id=account_id, client_binding=client_binding,
                      next_url=safe_next(next_url, "/me" if mode == "bind" else "/home"), created_at=now,
                      expires_at=now + STATE_TTL))
    return svc.providers.oauth[provider].authorize_url(state=state, redirect_uri=redirect_uri)


@dataclass
class CallbackResult:
    outcome: str  # "login" | "bound" | "unbound" | "conflict" | "failed"
    next_url: str
    account: Account | None = None


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
            return CallbackResult("conflict", row.next_url)
        if binding is None:
            db.add(OAuthBinding(account_id=row.account_id, provider=provider, subject=subject, created_at=now))
            audit.record(db, now, "oauth.bound", actor=row.account_id, subject=f"account:{row.account_id}", ip=ip,
                         provider=provider)
        return CallbackResult("bound", row.next_url, db.get(Account, row.account_id))
    if binding is None:
        return CallbackResult("unbound", "/login")
    account = db.get(Account, binding.account_id)
    if account is None or account.status != "active" or account.is_enterprise:
        # enterprise accounts never log in by WeChat/Alipay (bindings made before this rule stay inert)
        return CallbackResult("failed", "/login")
    audit.record(db, now, "oauth.login", actor=account.id, subject=f"account:{account.id}", ip=ip, provider=provider)
    audit.record(db, now, "login.success", actor=account.id, subject=f"account:{account.id}", ip=ip,
                 method=f"oauth:{provider}")
    return CallbackResult("login", row.next_url, account)


def bindings(db: Session, account_id: int) -> list[OAuthBinding]:
    return list(db.scalars(select(OAuthBinding).where(OAuthBinding.account_id == account_id)
                           .order_by(OAuthBinding.provider)))


def unbind(db: Session, svc: Services, account_id: int, provider: str, ip: str | None) -> None:
    row = db.scalar(select(OAuthBinding).where(OAuthBinding.account_id == account_id,
                                               OAuthBinding.provider == provider))
    if row is None:
        raise NotFound("未绑定该第三方账号")
    db.delete(row)
    audit.record(db, svc.clock.now(), "oauth.unbound", actor=account_id, subject=f"account:{account_id}", ip=ip,
                 provider=provider)
