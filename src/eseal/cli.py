"""The ``eseal`` command line.

Each sub-command group lives in ``eseal.commands.<name>`` and exposes ``register(subparsers)``;
handlers are called with the parsed namespace and return an exit code. Errors meant for the user
are raised as :class:`CliError` and printed as one line, never as a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from eseal.commands import art, audit, ca, demo, seal, serve, ses, sign, verify
from eseal.commands.errors import CliError

__all__ = ["CliError", "build_parser", "main"]

# Command groups, in the order `eseal --help` lists them. Each module imports only the standard library
# and eseal.commands.errors at module level (heavy libraries are imported inside its handlers), so
# importing all of them here costs nothing at start-up.
COMMAND_GROUPS = (serve, demo, ca, seal, ses, art, sign, verify, audit)

# Exit status of a command whose output pipe was closed (`eseal … | head -1`), as a shell reports SIGPIPE.
EXIT_BROKEN_PIPE = 128 + 13


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eseal", description="eseal 统一电子印章管理平台")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(sub)
    return parser


def _silence_stdout() -> None:
    """After a closed pipe: point stdout at /dev/null so the interpreter's final flush stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        code = int(handler(args) or 0)
        sys.stdout.flush()  # inside the try: a closed pipe must not surface at interpreter exit
        return code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except CliError as exc:
        # One line, always: library messages (asn1crypto's "while parsing ...") may carry newlines.
        message = " ".join(part.strip() for part in str(exc).splitlines() if part.strip())
        print(f"eseal: {message}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
