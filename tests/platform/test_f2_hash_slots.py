"""[F2] item 14: argon2id runs at most one computation per core at a time (threads queue for a slot)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from eseal.platform.core import security


class _CountingHasher:
    """Stands in for argon2's PasswordHasher: records how many computations overlap."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0

    def _work(self) -> None:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.05)
        with self.lock:
            self.running -= 1

    def hash(self, password: str) -> str:
        self._work()
        return "h"

    def verify(self, stored: str, password: str) -> bool:
        self._work()
        return stored == "h"


@pytest.mark.parametrize("call", ["verify", "verify_missing", "hash"])
def test_at_most_one_hash_per_core_at_once(monkeypatch: pytest.MonkeyPatch, call: str) -> None:
    fake = _CountingHasher()
    monkeypatch.setattr(security, "_hasher", fake)
    fn = {"verify": lambda: security.verify_password("h", "pw"),
          "verify_missing": lambda: security.verify_password(None, "pw"),
          "hash": lambda: security.hash_password("pw")}[call]
    n = security.HASH_SLOTS * 4
    with ThreadPoolExecutor(max_workers=n) as pool:
        results = list(pool.map(lambda _: fn(), range(n)))
    assert fake.most == security.HASH_SLOTS  # every slot used, never more
    assert fake.running == 0
    if call == "verify":
        assert results == [True] * n
    elif call == "verify_missing":
        assert results == [False] * n


def test_a_failing_hash_gives_its_slot_back(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def verify(self, stored: str, password: str) -> bool:
            raise MemoryError("argon2 could not allocate")

    monkeypatch.setattr(security, "_hasher", Broken())
    for _ in range(security.HASH_SLOTS + 1):
        with pytest.raises(MemoryError):
            security.verify_password("h", "pw")
    monkeypatch.setattr(security, "_hasher", _CountingHasher())
    assert security.verify_password("h", "pw") is True  # no slot leaked: this would block forever otherwise
