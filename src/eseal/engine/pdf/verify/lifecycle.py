"""The seal-lifecycle port: the platform answers "what was seal X's status at time T".

The engine never touches a database; the platform passes an object implementing :class:`SealLifecycle`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable


class SealState(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"  # 停用
    REVOKED = "revoked"  # 注销
    EXPIRED = "expired"
    UNKNOWN = "unknown"  # the platform has no record of this seal


@dataclass(frozen=True)
class SealLifecycleStatus:
    state: SealState
    reason: str | None = None  # Chinese, shown in the report
    since: datetime | None = None


@runtime_checkable
class SealLifecycle(Protocol):
    """The platform answers "what was this seal's lifecycle status at time T" from its database.

    ``at`` is the best-known signing time (time-stamp genTime if present, else the claimed time).
    The engine never touches a database; the platform passes an object implementing this.
    """

    def seal_status_at(self, es_id: str, at: datetime) -> SealLifecycleStatus: ...
