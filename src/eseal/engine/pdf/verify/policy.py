"""The verification policy: choices that change an outcome, passed to ``verify_pdf`` as one frozen object.

Revocation (E3 #4, ETSI EN 319 102-1 §5.2.6 / §5.6.2.4): by default a signer certificate whose
revocation status cannot be established from any CRL or OCSP response at hand (trust store, the
document's DSS, the signature's own revocation-info attribute) makes the signature INDETERMINATE /
TRY_LATER — offline verification does not turn "not checked" into "not revoked". ``soft_fail()``
chooses the old behaviour explicitly: the item passes with a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RevocationMode(StrEnum):
    REQUIRE = "require"  # no revocation evidence -> INDETERMINATE / TRY_LATER
    SOFT_FAIL = "soft-fail"  # no revocation evidence -> pass, with "未检查吊销状态"


@dataclass(frozen=True)
class VerificationPolicy:
    revocation: RevocationMode = RevocationMode.REQUIRE

    @classmethod
    def soft_fail(cls) -> VerificationPolicy:
        return cls(revocation=RevocationMode.SOFT_FAIL)

    @property
    def requires_revocation(self) -> bool:
        return self.revocation is RevocationMode.REQUIRE


DEFAULT_POLICY = VerificationPolicy()
