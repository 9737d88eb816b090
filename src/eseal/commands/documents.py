"""``eseal documents purge [--dry-run]``: remove the deleted documents whose retention period has ended (their
signings, revisions and rows, then the blobs nothing references any more) — the same job the web server runs every
``ESEAL_PURGE_INTERVAL_SECONDS``; for cron, or for a server run with the interval at 0. ``--dry-run`` lists them and
changes nothing. Settings (data directory, database, master key, blob store) come from the ESEAL_* environment."""

from __future__ import annotations

import argparse
from typing import Any

from eseal.commands.errors import CliError

DRY_RUN_SHOWN = 200


def register(subparsers: Any) -> None:
    p: argparse.ArgumentParser = subparsers.add_parser("documents", help="document housekeeping (purge after retention)")
    sub = p.add_subparsers(dest="documents_command", metavar="ACTION")
    purge = sub.add_parser(
        "purge", help="purge deleted documents whose retention period has ended",
        description="Delete the documents deleted more than ESEAL_DOCUMENT_RETENTION_DAYS ago (rows and blobs no "
                    "other row references). Configuration from the ESEAL_* environment (ESEAL_DATA_DIR, "
                    "ESEAL_DATABASE_URL, ESEAL_MASTER_KEY_FILE, ESEAL_STORAGE ...).")
    purge.add_argument("--dry-run", action="store_true", help="only list what would be purged")
    purge.add_argument("--database-url", help="database URL (default: ESEAL_DATABASE_URL / the data directory)")
    purge.set_defaults(handler=run_purge)

    def usage(_args: argparse.Namespace) -> int:
        p.print_help()
        return 2

    p.set_defaults(handler=usage)


def _services(args: argparse.Namespace) -> Any:
    """The platform services on an existing, migrated database (the master key is read, never created here)."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    from eseal.platform.bootstrap import build_services
    from eseal.platform.core import Settings, SettingsError, make_engine

    try:
        settings = Settings.from_env()
        if args.database_url:
            settings = settings.with_(database_url=args.database_url)
    except SettingsError as exc:
        raise CliError(f"configuration error: {exc}", 2) from exc
    key_file = settings.storage.master_key_file
    if not key_file.is_file():
        raise CliError(f"no master key file {key_file} (ESEAL_MASTER_KEY_FILE / ESEAL_DATA_DIR)", 2)
    where = settings.database_url.split("@")[-1].split("?")[0]
    engine = make_engine(settings.database_url)
    try:
        has_table = inspect(engine).has_table("documents")
    except SQLAlchemyError as exc:
        engine.dispose()
        raise CliError(f"cannot read the database ({where}): {exc.__class__.__name__}", 2) from exc
    if not has_table:
        engine.dispose()
        raise CliError(f"no documents table in {where} (run `eseal serve` once to create the schema)", 2)
    try:
        return build_services(settings, upgrade=False, engine=engine)
    except (SettingsError, ValueError) as exc:
        engine.dispose()
        raise CliError(f"configuration error: {exc}", 2) from exc


def run_purge(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from eseal.commands import texts
    from eseal.platform.documents import due_for_purge, purge_job

    services = _services(args)
    try:
        now = services.clock.now()
        if args.dry_run:
            with services.session() as db:
                due = due_for_purge(db, services, now=now, limit=DRY_RUN_SHOWN + 1)
            more = len(due) > DRY_RUN_SHOWN
            print(texts.purge_due_zh(min(len(due), DRY_RUN_SHOWN), more=more))
            for candidate in due[:DRY_RUN_SHOWN]:
                print(texts.purge_candidate_zh(candidate))
            if more:
                print(texts.purge_more_zh(DRY_RUN_SHOWN))
            return 0
        purge, sweep = purge_job(services, now=now)
        print(texts.purge_done_zh(purge, sweep))
        return 0
    except SQLAlchemyError as exc:
        raise CliError(f"purge failed, nothing kept of the failed step: {exc.__class__.__name__}", 1) from exc
    finally:
        services.engine.dispose()
