"""``eseal audit verify`` / ``eseal audit anchor``: check the keyed hash chain of the audit log.

``verify`` recomputes the chain (exit 0 OK, 1 broken); ``--anchor HASH:COUNT`` additionally checks that the chain
still contains a row an operator recorded earlier with ``anchor`` (keep it outside the database: it catches
truncation of the newest rows together with a rewound chain head, which the chain alone cannot).
"""

from __future__ import annotations

import argparse
from typing import Any

from eseal.commands.bootstrap import database_errors, open_database, session, settings_from_env
from eseal.commands.errors import CliError
from eseal.commands.usage import usage_handler

UNREADABLE = "cannot read the audit log: {error}"


def register(subparsers: Any) -> None:
    p: argparse.ArgumentParser = subparsers.add_parser("audit", help="audit log tools")
    sub = p.add_subparsers(dest="audit_command", metavar="ACTION")
    v = sub.add_parser("verify", help="verify the hash chain of the audit log")
    _common(v)
    v.add_argument("--anchor", metavar="HASH:COUNT", help="an anchor printed earlier by `eseal audit anchor`")
    v.set_defaults(handler=verify)
    a = sub.add_parser("anchor", help="print the chain head (HASH:COUNT) to store outside the database")
    _common(a)
    a.set_defaults(handler=anchor)
    p.set_defaults(handler=usage_handler(p))


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", help="database URL (default: ESEAL_DATABASE_URL / the data directory)")
    parser.add_argument("--master-key-file", help="master key file (default: ESEAL_MASTER_KEY_FILE / data directory)")


def _open(args: argparse.Namespace) -> tuple[Any, str, bytes]:
    """(engine, url, audit key) — the master key is only READ here (never created)."""
    from pathlib import Path

    from eseal.platform.core import audit

    settings = settings_from_env()
    url = args.database_url or settings.database_url
    engine = open_database(url, "audit_log", where=url.split("@")[-1], unreadable=UNREADABLE)
    key_path = Path(args.master_key_file) if args.master_key_file else Path(settings.master_key_file or "")
    try:
        master_key = bytes.fromhex(key_path.read_text(encoding="ascii").strip())
    except (OSError, ValueError) as exc:
        engine.dispose()
        raise CliError(f"cannot read the master key file {key_path} (needed for the keyed audit chain; "
                       "--master-key-file)", 2) from exc
    return engine, url, audit.audit_key(master_key)


def verify(args: argparse.Namespace) -> int:
    from eseal.platform.core import audit

    try:
        anchor_value = audit.parse_anchor(args.anchor) if args.anchor else None
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    engine, _url, key = _open(args)
    try:
        with database_errors(UNREADABLE, 2), session(engine) as db:
            report = audit.verify_chain(db, key=key, anchor=anchor_value)
    finally:
        engine.dispose()
    if report.ok:
        extra = f", contains anchor row {anchor_value[1]}" if anchor_value else ""
        print(f"audit log OK: {report.rows} rows, hash chain intact{extra}")
        return 0
    print(f"audit log BROKEN at row {report.broken_id}: {report.reason}")
    return 1


def anchor(args: argparse.Namespace) -> int:
    from eseal.platform.core import audit

    engine, _url, key = _open(args)
    try:
        with database_errors(UNREADABLE, 2), session(engine) as db:
            report = audit.verify_chain(db, key=key)
            digest, count = audit.anchor_of(db)
    finally:
        engine.dispose()
    if not report.ok:
        print(f"audit log BROKEN at row {report.broken_id}: {report.reason} (no anchor printed)")
        return 1
    print(f"{digest}:{count}")
    return 0
