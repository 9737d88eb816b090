"""The composition root: check the configuration, connect, upgrade the schema, wire the providers and the
container (``build_services``). The one module that knows every domain package; nothing in them imports it.
"""

from __future__ import annotations

from sqlalchemy import inspect, select
from sqlalchemy.engine import Engine

from eseal.platform.accounts import Account
from eseal.platform.core import (
    Clock,
    PiiCipher,
    Providers,
    Services,
    Settings,
    SettingsError,
    load_master_key,
    make_engine,
    make_sessionmaker,
    pii_cipher,
    ratelimit,
    upgrade_schema,
)
from eseal.platform.identity import build_providers, prune
from eseal.platform.storage import build_blob_store, install_blob_store

__all__ = ["build_services", "check_master_key"]


def build_services(
    settings: Settings,
    *,
    clock: Clock | None = None,
    providers: Providers | None = None,
    upgrade: bool = True,
    engine: Engine | None = None,
) -> Services:
    """Check the configuration, connect, upgrade the schema and wire the providers and the blob store."""
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
    install_blob_store(services, build_blob_store(settings.storage))
    if upgrade:
        with services.session() as db:
            now = services.clock.now()
            ratelimit.prune(db, now)
            prune(db, now)
    return services


def check_master_key(engine: Engine, master_key: bytes) -> None:
    """Refuse to start with a master key that did not encrypt the stored ID numbers.

    Why at start: with the wrong key, blind-index lookups silently find nothing ("not registered") and
    new registrations would duplicate people; one clear error up front is better than both.
    """
    if "accounts" not in inspect(engine).get_table_names():
        return
    with engine.connect() as conn:
        stored = conn.scalar(select(Account.id_number_enc).where(Account.id_number_enc.is_not(None)).limit(1)) \
            or conn.scalar(select(Account.legal_rep_id_enc).where(Account.legal_rep_id_enc.is_not(None)).limit(1))
    expected = pii_cipher(master_key).key_id
    found = PiiCipher.key_id_of(stored)
    if stored is not None and found != expected:
        raise SettingsError(
            f"the database's ID numbers were encrypted under master key {found}, but ESEAL_MASTER_KEY_FILE holds "
            f"master key {expected}; configure the original master key file")
