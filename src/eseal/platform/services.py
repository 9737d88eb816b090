"""The service container: everything a request handler or CLI command needs, built once per app.

Why one object: tests swap the clock, the providers or the database in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from eseal.platform.clock import Clock
from eseal.platform.db import make_engine, make_sessionmaker, upgrade_schema
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
    if upgrade:
        upgrade_schema(engine)
    services = Services(
        settings=settings,
        engine=engine,
        sessionmaker=make_sessionmaker(engine),
        clock=clock or Clock(),
        master_key=load_master_key(settings),
        providers=providers or build_providers(settings),
    )
    if upgrade:
        from eseal.platform.ratelimit import prune

        with services.session() as db:
            prune(db, services.clock.now())
    return services
