"""Shared fixtures: a fresh platform database per test (SQLite file, or a PostgreSQL schema with
ESEAL_TEST_DATABASE=postgresql), the app, a CSRF-ready TestClient, a live uvicorn server, and
helpers to read the development SMS outbox. Tests using these fixtures are auto-marked ``db``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asn1crypto.pdf  # noqa: F401 - registers the Adobe CMS attribute names before any test builds an attribute
import pytest

# (asn1crypto builds CMSAttributeType's name -> OID map at the first attribute made by name and never again: a test
# worker that made one before pyHanko's signer imported asn1crypto.pdf could not then sign with embedded revocation
# info, "ValueError: adobe_revocation_info_archival" — an order-dependent failure under -n 2. The product reads that
# attribute by its OID.)

DB_FIXTURES = {"app", "client", "live_server", "services", "db_engine", "demo_data", "make_client", "sms_outbox",
               "last_sms_code"}
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if DB_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> None:
    """argon2id with a tiny cost in tests (the production cost is ~0.2 s per hash)."""
    from eseal.platform.core import configure_hasher

    configure_hasher(time_cost=1, memory_cost=1024)


def _backend() -> str:
    value = os.environ.get("ESEAL_TEST_DATABASE", "sqlite").lower()
    if value not in ("sqlite", "postgresql"):
        raise pytest.UsageError("ESEAL_TEST_DATABASE must be sqlite or postgresql")
    return value


@pytest.fixture(scope="session")
def _pg_database() -> Iterator[str | None]:
    """PostgreSQL run: one fresh database for the session (dropped at the end); each test gets a schema."""
    if _backend() != "postgresql":
        yield None
        return
    from sqlalchemy import create_engine, text

    name = f"eseal_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating from scratch every time is slow)."""
    from eseal.platform.core import make_engine, upgrade_schema

    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_schema(engine)
    engine.dispose()  # closing the last connection checkpoints the WAL into the file
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture
def db_engine(_pg_database: str | None, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A SQLAlchemy engine on a fresh database (SQLite: already migrated from a template copy;
    PostgreSQL: an empty schema, migrated by the app)."""
    import shutil

    from sqlalchemy import create_engine, text

    from eseal.platform.core import make_engine

    if _pg_database is None:
        target = tmp_path / "eseal-test.db"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), target)
        engine = make_engine(f"sqlite:///{target}")
        yield engine
        engine.dispose()
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with create_engine(_pg_database, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    from sqlalchemy.engine import make_url

    # the schema travels inside the URL, so CLI commands given this URL see the same tables
    url = make_url(_pg_database).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = create_engine(url, pool_pre_ping=True)
    yield engine
    engine.dispose()


class TickingClock:
    """Wall clock with an adjustable offset (live servers: real time passes, tests may jump ahead)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, seconds: float = 0, **kwargs: float) -> datetime:
        self.offset += timedelta(seconds=seconds, **kwargs)
        return self.now()


def _build_services(engine: Any, data_dir: Path, clock: Any) -> Any:
    from eseal.platform.bootstrap import build_services
    from eseal.platform.core import Settings

    settings = Settings(data_dir=data_dir, database_url=engine.url.render_as_string(hide_password=False))
    return build_services(settings, clock=clock, engine=engine)


@pytest.fixture
def services(db_engine: Any, tmp_path: Path) -> Any:
    """Platform services on a fresh, migrated database with a FrozenClock (``services.clock.advance(...)``)."""
    from eseal.platform.core import FrozenClock

    return _build_services(db_engine, tmp_path / "data", FrozenClock())


@pytest.fixture
def app(services: Any) -> Any:
    """The full app (API, dev routes, H5 pages) on a fresh database. Clock: ``app.state.services.clock``."""
    from eseal.web.app import create_app

    return create_app(services=services)


def _client_for(app: Any) -> Any:
    from fastapi.testclient import TestClient

    class BrowserClient(TestClient):
        """Sends ``X-CSRF-Token`` from the current ``eseal_csrf`` cookie on every request, as the pages' JS
        does, so tokens rotated by the server (login, role switch, logout) are followed. A test passing its
        own ``headers={"X-CSRF-Token": ...}`` still overrides it."""

        @property
        def csrf(self) -> str:
            return self.cookies.get("eseal_csrf") or ""

        def request(self, method: str, url: Any, **kwargs: Any) -> Any:  # type: ignore[override]
            if self.csrf:
                self.headers["X-CSRF-Token"] = self.csrf
            return super().request(method, url, **kwargs)

    client = BrowserClient(app)
    client.get("/api/v1/session")
    return client


@pytest.fixture
def client(app: Any) -> Iterator[Any]:
    """TestClient with the CSRF cookie fetched; ``X-CSRF-Token`` is sent on every request."""
    c = _client_for(app)
    yield c
    c.close()


@pytest.fixture
def browser_client() -> Iterator[Callable[[Any], Any]]:
    """``browser_client(app)`` → a CSRF-following TestClient (as ``client``) for an app built in the test."""
    made: list[Any] = []

    def make(app: Any) -> Any:
        made.append(_client_for(app))
        return made[-1]

    yield make
    for c in made:
        c.close()


@pytest.fixture
def make_client(app: Any) -> Iterator[Callable[[], Any]]:
    """Factory for more independent browsers (own cookies) on the same app."""
    made: list[Any] = []

    def make() -> Any:
        c = _client_for(app)
        made.append(c)
        return c

    yield make
    for c in made:
        c.close()


def read_outbox(app: Any, phone: str | None = None) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from eseal.platform.identity import SmsOutbox
    from eseal.web.dev import _code_in

    with app.state.services.session() as db:
        query = select(SmsOutbox).order_by(SmsOutbox.id.desc())
        if phone:
            query = query.where(SmsOutbox.phone == phone)
        return [{"phone": m.phone, "text": m.text, "code": _code_in(m.text), "created_at": m.created_at}
                for m in db.scalars(query)]


@pytest.fixture
def sms_outbox(request: pytest.FixtureRequest) -> Callable[..., list[dict[str, Any]]]:
    """``sms_outbox(phone=None, app=None)`` → messages, newest first (default app: the ``app`` fixture)."""

    def read(phone: str | None = None, app: Any = None) -> list[dict[str, Any]]:
        return read_outbox(app or request.getfixturevalue("app"), phone)

    return read


@pytest.fixture
def last_sms_code(request: pytest.FixtureRequest) -> Callable[..., str]:
    """``last_sms_code(phone, app=None)`` → the newest 6-digit code sent to ``phone``."""

    def last(phone: str, app: Any = None) -> str:
        messages = read_outbox(app or request.getfixturevalue("app"), phone)
        assert messages, f"no SMS sent to {phone}"
        return messages[0]["code"]

    return last


@pytest.fixture
def demo_data(app: Any) -> dict[str, Any]:
    """Seed the demo accounts (as ``eseal demo`` does) into the ``app`` database; returns credentials + ids."""
    from eseal.platform.demo import DEMO, seed_demo

    ids = seed_demo(app.state.services)
    return {**DEMO.as_dict(), **ids}


class LiveServer(str):
    """The base URL (a str) with ``.app`` and ``.services`` attached."""

    app: Any
    services: Any


@pytest.fixture
def live_server(db_engine: Any, tmp_path: Path) -> Iterator[LiveServer]:
    """uvicorn in a thread on a free 127.0.0.1 port with a fresh database; yields the base URL.

    ``live_server.app`` is the app (``last_sms_code(phone, app=live_server.app)``); its clock is a
    wall clock with ``live_server.services.clock.advance(seconds=...)``.
    """
    from eseal.web.app import create_app
    from uvicorn_thread import serving

    services = _build_services(db_engine, tmp_path / "data", TickingClock())
    app = create_app(services=services)
    with serving(app) as base:
        url = LiveServer(base)
        url.app, url.services = app, services
        yield url
