"""How a command reaches the platform: the settings from the ESEAL_* environment, an existing migrated database
(never created or upgraded here: that is ``eseal serve``'s job), the platform services or a session on it, and
database errors turned into :class:`CliError`.

The one module of ``eseal.commands`` that touches SQLAlchemy. Its imports of the platform and SQLAlchemy are
inside the functions: ``eseal.cli`` imports every command module at start-up and ``eseal sign`` must not pay for
a database library it never uses (E3 #12).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from eseal.commands.errors import CliError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

    from eseal.platform.core import Services, Settings

__all__ = ["database_errors", "database_place", "open_database", "open_services", "session", "settings_from_env"]

CONFIGURATION_ERROR = "configuration error: "


def settings_from_env(*, database_url: str | None = None, prefix: str = "") -> Settings:
    """The platform settings from the ESEAL_* environment (``database_url`` overriding ESEAL_DATABASE_URL); a
    :class:`SettingsError` becomes ``CliError(prefix + message, 2)``."""
    from eseal.platform.core import Settings, SettingsError

    try:
        settings = Settings.from_env()
        if database_url:
            settings = settings.with_(database_url=database_url)
    except SettingsError as exc:
        raise CliError(f"{prefix}{exc}", 2) from exc
    return settings


def database_place(url: str) -> str:
    """Where a database URL points, for messages: host and database, without the credentials or the query."""
    return url.split("@")[-1].split("?")[0]


def open_database(url: str, table: str, *, where: str, unreadable: str) -> Engine:
    """An engine on ``url`` once the database answers and holds ``table`` (the schema exists), else CliError(2).

    ``unreadable`` is the message when the database cannot be read, ``{error}`` standing for the error's class.
    """
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    from eseal.platform.core import make_engine

    engine = make_engine(url)
    try:
        has_table = inspect(engine).has_table(table)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise CliError(unreadable.replace("{error}", exc.__class__.__name__), 2) from exc
    if not has_table:
        engine.dispose()
        raise CliError(f"no {table} table in {where} (run `eseal serve` once to create the schema)", 2)
    return engine


def open_services(settings: Settings, *, table: str) -> Services:
    """The platform services on an existing, migrated database that holds ``table``: the master key file is read,
    never created, and the schema is not upgraded. The caller disposes of ``services.engine``."""
    from eseal.platform.bootstrap import build_services
    from eseal.platform.core import SettingsError

    key_file = settings.storage.master_key_file
    if not key_file.is_file():
        raise CliError(f"no master key file {key_file} (ESEAL_MASTER_KEY_FILE / ESEAL_DATA_DIR)", 2)
    where = database_place(settings.database_url)
    engine = open_database(settings.database_url, table, where=where,
                           unreadable=f"cannot read the database ({where}): " + "{error}")
    try:
        return build_services(settings, upgrade=False, engine=engine)
    except (SettingsError, ValueError) as exc:
        engine.dispose()
        raise CliError(f"{CONFIGURATION_ERROR}{exc}", 2) from exc


@contextmanager
def session(engine: Engine) -> Iterator[Session]:
    """A session on ``engine`` (for a command that needs the database but not the whole services)."""
    from eseal.platform.core import make_sessionmaker

    with make_sessionmaker(engine)() as db:
        yield db


@contextmanager
def database_errors(message: str, code: int) -> Iterator[None]:
    """Turn a database error raised inside the block into ``CliError(message, code)``; ``{error}`` in ``message``
    stands for the error's class (the detail may quote SQL and values: not for the terminal)."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except SQLAlchemyError as exc:
        raise CliError(message.replace("{error}", exc.__class__.__name__), code) from exc
