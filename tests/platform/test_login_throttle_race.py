"""A lockout counter row created by two requests at once: the loser reuses the winner's row."""

from __future__ import annotations

from eseal.platform.accounts import LoginThrottle
from eseal.platform.accounts.lockout import _insert_throttle, record_failure


def test_second_insert_of_the_same_counter_returns_the_existing_row(services):
    key = "person:account:race-test"
    with services.session() as db:
        assert db.get(LoginThrottle, key) is None  # what a concurrent request saw before the winner committed
    with services.session() as db:
        db.add(LoginThrottle(key=key, failures=3))  # the winner
    with services.session() as db:
        row = _insert_throttle(db, LoginThrottle(key=key, failures=0))  # the loser: no duplicate-key error
        assert row.failures == 3
        row.failures += 1
    with services.session() as db:
        assert db.get(LoginThrottle, key).failures == 4


def test_record_failure_creates_the_counter_once(services):
    with services.session() as db:
        for _ in range(2):
            record_failure(db, services, "person:account:fresh", ip="127.0.0.1", account_id=None, method="password")
    with services.session() as db:
        assert db.get(LoginThrottle, "person:account:fresh").failures == 2
