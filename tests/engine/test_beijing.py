"""Beijing time, the one zone people read (eseal.engine.beijing)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from eseal.engine.beijing import BEIJING, beijing_date_zh, beijing_midnight, beijing_text, in_beijing


def test_an_instant_is_read_on_the_beijing_clock() -> None:
    late = datetime(2026, 12, 1, 17, 5, 9, tzinfo=UTC)  # 01:05 on 2 December in Beijing
    assert BEIJING.utcoffset(None) == timedelta(hours=8)
    assert beijing_text(late) == "2026-12-02 01:05:09"
    assert beijing_text(late, "%Y年%m月%d日") == "2026年12月02日"
    assert beijing_date_zh(late) == "2026年12月2日"
    assert in_beijing(late) == late and in_beijing(late).hour == 1


def test_a_naive_time_is_taken_as_utc() -> None:
    assert beijing_text(datetime(2026, 1, 1, 0, 0, 0)) == "2026-01-01 08:00:00"


def test_a_beijing_day_begins_at_16_utc_the_day_before() -> None:
    assert beijing_midnight(date(2026, 3, 1)) == datetime(2026, 2, 28, 16, 0, tzinfo=UTC)
