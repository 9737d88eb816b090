"""What identity checks need to know about an account, as a Protocol: identity never imports accounts
(accounts builds on identity), and ``eseal.platform.accounts.Account`` satisfies it structurally."""

from __future__ import annotations

from typing import Protocol

from eseal.platform.core import PiiCipher


class Principal(Protocol):
    """The account a check or challenge is for."""

    @property
    def id(self) -> int: ...

    @property
    def phone(self) -> str | None: ...

    @property
    def verification_password_hash(self) -> str | None: ...

    @property
    def is_enterprise(self) -> bool: ...

    @property
    def has_face_subject(self) -> bool: ...

    def face_subject(self, pii: PiiCipher) -> tuple[str, str, str] | None: ...
