"""``eseal documents purge [--dry-run]``: remove the deleted documents whose retention period has ended (their
signings, revisions and rows, then the blobs nothing references any more) — the same job the web server runs every
``ESEAL_PURGE_INTERVAL_SECONDS``; for cron, or for a server run with the interval at 0. ``--dry-run`` lists them and
changes nothing. Settings (data directory, database, master key, blob store) come from the ESEAL_* environment."""

from __future__ import annotations

import argparse
from typing import Any

from eseal.commands.bootstrap import CONFIGURATION_ERROR, database_errors, open_services, settings_from_env
from eseal.commands.usage import usage_handler

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
    p.set_defaults(handler=usage_handler(p))


def run_purge(args: argparse.Namespace) -> int:
    from eseal.commands import texts
    from eseal.platform.documents import due_for_purge, purge_job

    # the platform services on an existing, migrated database (the master key is read, never created here)
    services = open_services(settings_from_env(database_url=args.database_url, prefix=CONFIGURATION_ERROR),
                             table="documents")
    try:
        with database_errors("purge failed, nothing kept of the failed step: {error}", 1):
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
    finally:
        services.engine.dispose()
