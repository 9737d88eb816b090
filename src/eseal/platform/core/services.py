"""The service container: everything a request handler or CLI command needs, built once per app
(``eseal.platform.bootstrap.build_services`` builds it).

Why one object: tests swap the clock, the providers or the database in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from eseal.engine.pki import KeyStore, LocalCA, TimeStampAuthority
from eseal.platform.core.audit import AUDIT_KEY_INFO, audit_key
from eseal.platform.core.clock import Clock
from eseal.platform.core.pii import PiiCipher
from eseal.platform.core.pki import platform_pki
from eseal.platform.core.providers import Providers
from eseal.platform.core.settings import Settings


@dataclass
class Services:
    settings: Settings
    engine: Engine
    sessionmaker: sessionmaker[Any]
    clock: Clock
    master_key: bytes
    providers: Providers
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # sessions carry the audit-chain key (derived from the master key): audit rows are HMAC-chained
        self.sessionmaker.configure(info={AUDIT_KEY_INFO: audit_key(self.master_key)})

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commit on success, roll back on error."""
        db: Session = self.sessionmaker()
        try:
            yield db
            db.commit()
        except BaseException:
            db.rollback()
            raise
        finally:
            db.close()

    def now(self) -> datetime:
        return self.clock.now()

    @property
    def pii(self) -> PiiCipher:
        """Encryption and blind index of ID numbers (keys derived from the master key)."""
        return _pii_cipher(self.master_key)

    @property
    def ca(self) -> LocalCA:
        """The platform CA (``<data dir>/ca``, created on first use; see ``core/pki.py``)."""
        return platform_pki(self).ca

    @property
    def keystore(self) -> KeyStore:
        """The keystore of seal keys (``<data dir>/keys``, under the platform master key)."""
        return platform_pki(self).keystore

    def tsa(self, family: str = "sm2") -> TimeStampAuthority:
        """The platform TSA: the CA's in-process time-stamping authority."""
        return platform_pki(self).tsa(family)


@lru_cache(maxsize=8)
def _pii_cipher(master_key: bytes) -> PiiCipher:
    return PiiCipher(master_key)


def pii_cipher(master_key: bytes) -> PiiCipher:
    """The (cached) ID-number cipher of a master key."""
    return _pii_cipher(master_key)
