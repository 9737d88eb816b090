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

from eseal.commands import art, audit, ca, demo, documents, seal, serve, ses, sign, verify
from eseal.commands.errors import CliError
from eseal.commands.usage import usage_handler

__all__ = ["CliError", "build_parser", "main"]

# Command groups, in the order `eseal --help` lists them. Each module imports only the standard library
# and eseal.commands.errors at module level (heavy libraries are imported inside its handlers), so
# importing all of them here costs nothing at start-up.
COMMAND_GROUPS = (serve, demo, ca, seal, ses, art, sign, verify, audit, documents)

# Exit status of a command whose output pipe was closed (`eseal … | head -1`), as a shell reports SIGPIPE.
EXIT_BROKEN_PIPE = 128 + 13


def _group_name(group: object) -> str:
    """The sub-command a group registers is its module's name (``eseal.commands.sign`` -> ``sign``)."""
    return getattr(group, "__name__", "").rsplit(".", 1)[-1]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or (``only``) the parser with just that sub-command group registered.

    ``eseal sign …`` needs only ``sign``'s arguments: building every group's sub-parsers costs ~6 ms of a
    cold start (E3 #12). Anything else (no command, ``--help``, an unknown command) gets the whole parser.
    """
    parser = argparse.ArgumentParser(prog="eseal", description="eseal 统一电子印章管理平台")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        if only is None or _group_name(group) == only:
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
    args_list = list(sys.argv[1:] if argv is None else argv)
    wanted = args_list[0] if args_list else None
    known = {_group_name(g) for g in COMMAND_GROUPS}
    parser = build_parser(wanted) if wanted in known else build_parser()
    args = parser.parse_args(args_list)
    handler = getattr(args, "handler", None) or usage_handler(parser)
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
