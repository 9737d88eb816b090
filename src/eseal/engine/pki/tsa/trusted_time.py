"""Time is never silent: a trusted time from a time-stamp source, or an explicitly claimed one.

:func:`obtain_time` raises :class:`TimeStampUnavailable` when no token can be obtained; only a caller
that passes ``allow_claimed_time=True`` gets a :class:`TrustedTime` with ``trusted=False`` and
``source="claimed"`` — never a quiet fallback to the local clock.
"""

from __future__ import annotations

import datetime as _dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from eseal.engine.pki.errors import InvalidTimeStamp, TimeStampUnavailable
from eseal.engine.pki.tsa.protocol import TimeStampSource
from eseal.engine.pki.tsa.token import token_gen_time

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrustedTime:
    time: _dt.datetime
    trusted: bool  # True: proven by a TSA token; False: claimed (local clock), caller opted in
    source: str  # "tsa" | "claimed"
    token: bytes | None = None
    reason: str | None = None  # why only a claimed time is available


def obtain_time(
    source: TimeStampSource | None,
    digest: bytes,
    hash_algorithm: str = "sha256",
    *,
    allow_claimed_time: bool = False,
    clock: Callable[[], _dt.datetime] | None = None,
) -> TrustedTime:
    """Get a time-stamp token for ``digest``.

    Raises :class:`TimeStampUnavailable` if none can be obtained, unless ``allow_claimed_time=True``, in
    which case the result says ``trusted=False, source="claimed"`` and carries the reason.
    """
    try:
        if source is None:
            raise TimeStampUnavailable("no time-stamp authority configured")
        token = source.stamp(digest, hash_algorithm)
        return TrustedTime(token_gen_time(token), True, "tsa", token)
    except (TimeStampUnavailable, InvalidTimeStamp) as exc:
        if not allow_claimed_time:
            if isinstance(exc, TimeStampUnavailable):
                raise
            raise TimeStampUnavailable(f"TSA returned an unusable token: {exc}") from exc
        now = (clock or (lambda: _dt.datetime.now(_dt.UTC)))()
        log.warning("no trusted time, using claimed local time: %s", exc)
        return TrustedTime(now.astimezone(_dt.UTC), False, "claimed", None, str(exc))
