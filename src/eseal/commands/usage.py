"""What a command group does when it is called without an action (``eseal ca``): print its help, exit 2."""

from __future__ import annotations

import argparse
from collections.abc import Callable

__all__ = ["EXIT_USAGE", "usage_handler"]

EXIT_USAGE = 2  # argparse's own exit status for a command line it cannot use


def usage_handler(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    """The handler of a group's parser: ``parser``'s help on stdout, exit status 2."""

    def usage(_args: argparse.Namespace) -> int:
        parser.print_help()
        return EXIT_USAGE

    return usage
