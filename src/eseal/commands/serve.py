"""``eseal serve``: production-style start (uvicorn); the schema is upgraded before serving."""

from __future__ import annotations

import argparse
from typing import Any

from eseal.commands.bootstrap import database_place
from eseal.commands.errors import CliError


def register(subparsers: Any) -> None:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "serve", help="run the web app (JSON API + H5 pages)",
        description="Run the eseal web app with uvicorn. Configuration comes from ESEAL_* environment variables "
                    "(ESEAL_DATA_DIR, ESEAL_DATABASE_URL, ESEAL_ENV, provider settings; see docs/api.md).")
    p.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (default 1)")
    p.set_defaults(handler=run)


def prepare() -> Any:
    """Validate the settings and upgrade the schema once, before any worker starts."""
    from eseal.platform.core import Settings, SettingsError, load_master_key, make_engine, upgrade_schema
    from eseal.platform.identity import build_providers

    try:
        settings = Settings.from_env()
        settings.check_production_safety()
        build_providers(settings)
    except (SettingsError, ValueError) as exc:
        raise CliError(f"configuration error: {exc}", 2) from exc
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    master_key = load_master_key(settings)
    engine = make_engine(settings.database_url)
    try:
        upgrade_schema(engine, master_key=master_key)  # data migrations encrypt with it
    except Exception as exc:  # one line for the user, not a traceback
        detail = (str(getattr(exc, "orig", None) or exc).splitlines() or [type(exc).__name__])[0]
        where = database_place(settings.database_url)
        raise CliError(f"cannot upgrade the database schema ({where}): {detail}", 1) from exc
    finally:
        engine.dispose()
    return settings


def configure_logging() -> None:
    """English, one line per event, to stderr (uvicorn configures only its own loggers)."""
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)


def run(args: argparse.Namespace) -> int:
    from eseal.web.server import serve

    if args.workers < 1:
        raise CliError("--workers must be at least 1")
    configure_logging()
    prepare()
    serve("eseal.web.asgi:app", host=args.host, port=args.port, workers=args.workers, log_level="info",
          proxy_headers=True)
    return 0
