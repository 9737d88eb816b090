"""The one status vocabulary of every check the engine makes (seal, certificate, PDF signature item).

Why one enum: ``ses`` checks, ``pki`` chain validation and the PDF verifier's eight items all answer the
same question — did this check pass, fail, could it not be decided, or does it not apply here — and the
report, the CLI and the web app should not translate between three enums that mean the same thing.
"""

from __future__ import annotations

import enum

__all__ = ["CheckStatus"]


class CheckStatus(enum.StrEnum):
    """Outcome of one check."""

    PASS = "pass"  # noqa: S105 - a status, not a password
    FAIL = "fail"
    UNKNOWN = "unknown"  # could not be decided (missing trust anchor, revocation data, …)
    NOT_APPLICABLE = "not_applicable"  # the check does not exist for this object (no seal, no time-stamp)
