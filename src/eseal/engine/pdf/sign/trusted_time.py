"""Trusted time for signatures: an RFC 3161 TSA, given as either kind of time-stamp source.

Accepted: an eseal ``TimeStampSource`` (``stamp(digest, hash_algorithm) -> token DER``: the local CA's
in-process ``LocalCA.tsa(family)`` or ``HTTPTimeStampClient(url)``, see docs/pki.md §5), or any pyHanko
``TimeStamper`` (``async_timestamp``). Every failure becomes
:class:`eseal.engine.pki.errors.TimeStampUnavailable` so that callers see one clear error and never a
silent fallback to the local clock; only an explicit ``claimed_time_only`` skips the time stamp.
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

from eseal.engine.gm import sm3
from eseal.engine.pki import TimeStampUnavailable


def require_time_source(timestamper: Any, claimed_time_only: bool) -> None:
    """Fail before any work when there is neither a TSA nor an explicit claimed-time opt-in."""
    if timestamper is None and not claimed_time_only:
        raise TimeStampUnavailable(
            "no time-stamping authority configured: give a TSA, or explicitly accept the claimed "
            "signing time only (claimed_time_only / --claimed-time)"
        )


def _sm3_known() -> bool:
    from asn1crypto import algos

    try:
        algos.DigestAlgorithm({"algorithm": "sm3"})
        return True
    except ValueError:
        return False


def token_over(timestamper: Any, data: bytes, *, prefer_sm3: bool = True) -> bytes:
    """DER TimeStampToken whose messageImprint is over ``data`` (SM3 if possible, else SHA-256).

    Used for ``SES_Signature.timeStamp`` (the imprint is over the SM2 signature value). Runs the
    stamper's coroutine on a private event loop: call it from a worker thread in async code.
    """
    attempts: list[str] = []
    if prefer_sm3 and (hasattr(timestamper, "stamp") or _sm3_known()):
        attempts.append("sm3")
    attempts.append("sha256")
    last: Exception | None = None
    for md in attempts:
        if md == "sm3":

            digest = sm3(data)
        else:
            digest = hashlib.sha256(data).digest()
        try:
            if hasattr(timestamper, "stamp"):
                return bytes(timestamper.stamp(digest, md))
            token = asyncio.run(timestamper.async_timestamp(digest, md))
            return token.dump()
        except TimeStampUnavailable:
            raise
        except Exception as exc:  # the TSA client raises many types; all mean "no trusted time"
            last = exc
    raise TimeStampUnavailable(f"time-stamping authority failed: {last}") from last
