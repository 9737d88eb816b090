"""Crash points for the never-lose-a-document tests: ``ESEAL_TEST_CRASH_POINT=<name>`` makes the server process
kill itself (SIGKILL, no cleanup) when a signing reaches that point. Read only in tests: production never sets the
variable, and the check is a dictionary lookup."""

from __future__ import annotations

import os
import signal

ENV = "ESEAL_TEST_CRASH_POINT"
POINTS = ("before_stamp", "after_engine", "after_blob", "after_rows")


def crash_point(name: str) -> None:
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
