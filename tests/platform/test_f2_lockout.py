"""[F2] item 5, the counters under concurrency: simultaneous failures of one account are all counted (single
UPDATE … SET failures = failures + 1; no lost update on PostgreSQL's READ COMMITTED)."""

from __future__ import annotations

import threading

import pytest

from eseal.platform.accounts import LoginThrottle
from eseal.platform.accounts.lockout import (
    ACCOUNT_LOCK_AFTER,
    LOCK_AFTER,
    _source,
    check_not_locked,
    record_failure,
)
from eseal.platform.core import PlatformError


def test_concurrent_failures_are_all_counted(services):
    key, n = "enterprise:CONCURRENT", 8
    barrier, errors = threading.Barrier(n), []

    def fail(i):
        try:
            barrier.wait()
            with services.session() as db:
                record_failure(db, services, key, ip=f"192.0.2.{i % 2}", account_id=None, method="password")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=fail, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with services.session() as db:
        assert db.get(LoginThrottle, key).failures == n
        assert db.get(LoginThrottle, _source(key, "192.0.2.0")).failures == n // 2
        assert db.get(LoginThrottle, _source(key, "192.0.2.1")).failures == n // 2


def test_source_and_account_thresholds(services):
    key = "person:account:limits"
    with services.session() as db:
        for _ in range(LOCK_AFTER):
            record_failure(db, services, key, ip="198.51.100.1", account_id=None, method="password")
    with services.session() as db:
        with pytest.raises(PlatformError) as locked:
            check_not_locked(db, services, key, ip="198.51.100.1")
        assert locked.value.code == "login_locked"
        check_not_locked(db, services, key, ip="198.51.100.2")  # another source is not
        check_not_locked(db, services, key, ip="198.51.100.1", method="sms")  # nor another factor
        for i in range(ACCOUNT_LOCK_AFTER - LOCK_AFTER):
            record_failure(db, services, key, ip=f"203.0.113.{i}", account_id=None, method="password")
    with services.session() as db:
        assert db.get(LoginThrottle, key).failures == ACCOUNT_LOCK_AFTER
        with pytest.raises(PlatformError) as everywhere:
            check_not_locked(db, services, key, ip="192.0.2.99")  # any source
        assert everywhere.value.code == "login_locked" and everywhere.value.retry_after == 60
