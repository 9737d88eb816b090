"""The service container: everything a request handler or CLI command needs, built once per app.

Why one object: tests swap the clock, the providers or the database in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from eseal.platform.clock import Clock
from eseal.platform.db import make_engine, make_sessionmaker, upgrade_schema
from eseal.platform.pii import PiiCipher
from eseal.platform.providers import Providers, build_providers
from eseal.platform.settings import Settings, load_master_key


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
        from eseal.platform.audit import AUDIT_KEY_INFO, audit_key

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

    def now(self):
        return self.clock.now()

    @property
    def pii(self) -> PiiCipher:
        """Encryption and blind index of ID numbers (keys derived from the master key)."""
        return _pii_cipher(self.master_key)


@lru_cache(maxsize=8)
def _pii_cipher(master_key: bytes) -> PiiCipher:
    return PiiCipher(master_key)


def build_services(
    settings: Settings,
    *,
    clock: Clock | None = None,
    providers: Providers | None = None,
    upgrade: bool = True,
    engine: Engine | None = None,
) -> Services:
    """Check the configuration, connect, upgrade the schema and wire the providers."""
    settings.check_production_safety()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = engine or make_engine(settings.database_url)
    master_key = load_master_key(settings)
    if upgrade:
        upgrade_schema(engine, master_key=master_key)
    check_master_key(engine, master_key)
    services = Services(
        settings=settings,
        engine=engine,
        sessionmaker=make_sessionmaker(engine),
        clock=clock or Clock(),
        master_key=master_key,
        providers=providers or build_providers(settings),
    )
    if upgrade:
        from eseal.platform.ratelimit import prune

        with services.session() as db:
            prune(db, services.clock.now())
    return services


def check_master_key(engine: Engine, master_key: bytes) -> None:
    """Refuse to start with a master key that did not encrypt the stored ID numbers.

    Why at start: with the wrong key, blind-index lookups silently find nothing ("not registered") and
    new registrations would duplicate people; one clear error up front is better than both.
    """
    from sqlalchemy import inspect, select

    from eseal.platform.models import Account
    from eseal.platform.settings import SettingsError

    if "accounts" not in inspect(engine).get_table_names():
        return
    with engine.connect() as conn:
        stored = conn.scalar(select(Account.id_number_enc).where(Account.id_number_enc.is_not(None)).limit(1)) \
            or conn.scalar(select(Account.legal_rep_id_enc).where(Account.legal_rep_id_enc.is_not(None)).limit(1))
    expected = _pii_cipher(master_key).key_id
    found = PiiCipher.key_id_of(stored)
    if stored is not None and found != expected:
        raise SettingsError(
            f"the database's ID numbers were encrypted under master key {found}, but ESEAL_MASTER_KEY_FILE holds "
            f"master key {expected}; configure the original master key file")
