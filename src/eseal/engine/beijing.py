"""Beijing time (UTC+8, China Standard Time): the one time zone every surface shows people.

A leaf of the engine (imports nothing of ours). Times are stored and exchanged in UTC (JSON keeps ISO 8601
with its offset); what a person reads — the report, the CLI, the web app, a generated PDF — is converted
here. A naive ``datetime`` is taken as UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Final

BEIJING: Final = timezone(timedelta(hours=8), "CST")
LABEL: Final = "北京时间"
SECONDS: Final = "%Y-%m-%d %H:%M:%S"


def in_beijing(when: datetime) -> datetime:
    """The same instant on the Beijing clock (a naive time is taken as UTC)."""
    aware = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return aware.astimezone(BEIJING)


def beijing_text(when: datetime, fmt: str = SECONDS) -> str:
    """``2026-12-02 05:18:37`` (or ``fmt``) in Beijing time, unlabelled."""
    return in_beijing(when).strftime(fmt)


def beijing_date_zh(when: datetime) -> str:
    """``2026年12月2日``: the Beijing calendar day, without leading zeros."""
    local = in_beijing(when)
    return f"{local.year}年{local.month}月{local.day}日"


def beijing_midnight(day: date) -> datetime:
    """The UTC instant at which the Beijing calendar day ``day`` begins."""
    return datetime.combine(day, time(0), BEIJING).astimezone(UTC)
