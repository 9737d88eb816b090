"""The ``eseal`` command line.

Each sub-command group lives in ``eseal.commands.<name>`` and exposes ``register(subparsers)``;
handlers are called with the parsed namespace and return an exit code. Errors meant for the user
are raised as :class:`CliError` and printed as one line, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Command group modules, in the order `eseal --help` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "serve",
    "demo",
    "ca",
    "seal",
    "ses",
    "art",
    "sign",
    "verify",
    "audit",
)


class CliError(Exception):
    """A user-facing error: printed as ``eseal: <message>`` and exits with ``code``."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eseal", description="eseal 统一电子印章管理平台")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"eseal.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"eseal.commands.{name}":
                raise
            continue  # command group not built yet
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except CliError as exc:
        # One line, always: library messages (asn1crypto's "while parsing ...") may carry newlines.
        message = " ".join(part.strip() for part in str(exc).splitlines() if part.strip())
        print(f"eseal: {message}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    # `python -m eseal.cli` runs this file as __main__; command modules raise eseal.cli.CliError, a
    # different class object, so dispatch through the imported module for the one-line error handling.
    from eseal.cli import main as _package_main

    sys.exit(_package_main())
