"""Sliding-window rate limits and pruning of stale rows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from eseal.platform.core import PlatformError, ratelimit
from eseal.web.errors import status_for


def test_prune_removes_only_stale_rows(services):
    from eseal.platform.core import RateEvent
    from eseal.platform.core.ratelimit import prune

    now = services.clock.now()
    with services.session() as db:
        db.add(RateEvent(scope="sms_ip", key="1.2.3.4", created_at=now - timedelta(days=3)))
        db.add(RateEvent(scope="sms_ip", key="1.2.3.4", created_at=now - timedelta(hours=1)))
    with services.session() as db:
        assert prune(db, now) == 1


def test_sliding_window(services):
    clock = services.clock
    with services.session() as db:
        for _ in range(3):
            ratelimit.hit(db, clock.now(), "t", "k", limit=3, window=timedelta(minutes=10))
            clock.advance(seconds=60)
        with pytest.raises(PlatformError) as info:
            ratelimit.hit(db, clock.now(), "t", "k", limit=3, window=timedelta(minutes=10))
        assert status_for(info.value) == 429 and info.value.retry_after == 421  # first event leaves the window then
        ratelimit.hit(db, clock.now(), "t", "other", limit=3, window=timedelta(minutes=10))  # keys are separate
        clock.advance(seconds=421)
        ratelimit.hit(db, clock.now(), "t", "k", limit=3, window=timedelta(minutes=10))
