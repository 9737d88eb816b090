"""``eseal audit verify``: recompute the hash chain of the audit log (exit 0 OK, 1 broken)."""

from __future__ import annotations

import argparse
from typing import Any

from eseal.cli import CliError


def register(subparsers: Any) -> None:
    p: argparse.ArgumentParser = subparsers.add_parser("audit", help="audit log tools")
    sub = p.add_subparsers(dest="audit_command", metavar="ACTION")
    v = sub.add_parser("verify", help="verify the hash chain of the audit log")
    v.add_argument("--database-url", help="database URL (default: ESEAL_DATABASE_URL / the data directory)")
    v.set_defaults(handler=verify)

    def usage(_args: argparse.Namespace) -> int:
        p.print_help()
        return 2

    p.set_defaults(handler=usage)


def verify(args: argparse.Namespace) -> int:
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    from eseal.platform.audit import verify_chain
    from eseal.platform.db import make_engine, make_sessionmaker
    from eseal.platform.settings import Settings, SettingsError

    try:
        url = args.database_url or Settings.from_env().database_url
    except SettingsError as exc:
        raise CliError(str(exc)) from exc
    engine = make_engine(url)
    try:
        if not inspect(engine).has_table("audit_log"):
            raise CliError(f"no audit_log table in {url.split('@')[-1]} (run `eseal serve` once to create the schema)", 2)
        with make_sessionmaker(engine)() as db:
            report = verify_chain(db)
    except SQLAlchemyError as exc:
        raise CliError(f"cannot read the audit log: {exc.__class__.__name__}", 2) from exc
    finally:
        engine.dispose()
    if report.ok:
        print(f"audit log OK: {report.rows} rows, hash chain intact")
        return 0
    print(f"audit log BROKEN at row {report.broken_id}: {report.reason}")
    return 1
