"""Child process for the SIGKILL tests: stops at a named point, says so on stdout, and waits to be killed.

    python _storage_child.py local <root> <size> <stop>            stop: mid_write
    python _storage_child.py db <data_dir> <database_url> <stop>   stop: mid_write | after_put | after_row
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator

CHUNK = 1024 * 1024


def pattern(size: int) -> bytes:
    """The deterministic body both processes know (so the parent can put the same bytes again)."""
    block = bytes(range(256)) * (CHUNK // 256)
    return (block * (size // CHUNK + 1))[:size]


def _stop(point: str) -> None:
    sys.stdout.write(f"AT {point}\n")
    sys.stdout.flush()
    time.sleep(600)  # killed long before


def _body(data: bytes, stop_mid_write: bool) -> Iterator[bytes]:
    for i in range(0, len(data), CHUNK):
        if stop_mid_write and i >= 2 * CHUNK:
            _stop("mid_write")
        yield data[i:i + CHUNK]


def main() -> None:
    kind, where, arg, stop = sys.argv[1:5]
    if kind == "local":
        from eseal.platform.storage import LocalBlobStore

        LocalBlobStore(__import__("pathlib").Path(where)).put(_body(pattern(int(arg)), stop == "mid_write"))
        return
    from pathlib import Path

    from eseal.platform.accounts import Actor
    from eseal.platform.bootstrap import build_services
    from eseal.platform.core import Settings
    from eseal.platform.storage import blob_store, store_blob

    svc = build_services(Settings(data_dir=Path(where), database_url=arg), upgrade=False)
    data = pattern(3 * CHUNK + 5)
    with svc.session() as db:
        if stop == "after_put":
            blob_store(svc).put(data)
            _stop(stop)
        store_blob(svc=svc, db=db, actor=Actor(), data=_body(data, stop == "mid_write"))
        db.flush()
        if stop == "after_row":
            _stop(stop)
    os._exit(0)


if __name__ == "__main__":
    main()
