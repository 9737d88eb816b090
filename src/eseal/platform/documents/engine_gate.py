"""The first call into each heavy engine path runs alone: the engine imports pyHanko / pypdfium2 inside its functions
(cold start), and two threads importing pyHanko's circular modules at once can see a partially initialised module
(``ImportError ... partially initialized module 'pyhanko.sign.signers.pdf_byterange'``, seen with 20 concurrent
first signings). After the first call has finished, calls run concurrently without the lock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
_lock = threading.Lock()
_warm: set[str] = set()


def first_alone(path: str, call: Callable[[], T]) -> T:
    """``call()``; the first call of ``path`` in this process holds a lock that other first calls wait for."""
    if path in _warm:
        return call()
    with _lock:
        try:
            return call()
        finally:
            _warm.add(path)
