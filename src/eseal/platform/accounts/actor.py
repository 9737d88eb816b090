"""Who performs an action: the ``actor`` every service function of the form ``(db, svc, *, actor, ...)`` receives."""

from __future__ import annotations

from dataclasses import dataclass

from eseal.platform.accounts.models import Account
from eseal.platform.core import PlatformError


@dataclass(frozen=True)
class Actor:
    """The logged-in account (None: an anonymous visitor), the enterprise it acts for, and where the request comes
    from: ``ip`` (audit, rate limits) and ``client_binding`` (hash identifying the browser; face checks and OAuth
    round trips are bound to it)."""

    account: Account | None = None
    acting_as: Account | None = None
    ip: str | None = None
    client_binding: str = ""

    @property
    def user(self) -> Account:
        """The logged-in account; anonymous visitors are refused (``not_authenticated``)."""
        if self.account is None:
            raise PlatformError("not_authenticated", "请先登录")
        return self.account

    @property
    def acting_as_id(self) -> int | None:
        return self.acting_as.id if self.acting_as is not None else None
