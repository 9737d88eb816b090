"""The vocabulary of SES verification: check codes, the manual's report items, one check result, the hooks.

Each check has a stable ``code`` and maps onto one of the eight items of the verification report in the
user manual (``REPORT_ITEMS``); the table of codes is in :mod:`eseal.engine.ses.verify`.

Statuses are the engine-wide :class:`~eseal.engine.status.CheckStatus` (``Status`` here is the same enum):
``pass``, ``fail``, ``unknown`` (could not be decided: no trust hook, no document, unreadable time) and
``not_applicable`` — the check does not exist for this object (no time stamp present, a digest-only
certificate list).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from eseal.engine.status import CheckStatus

__all__ = [
    "REPORT_ITEMS",
    "CertChecker",
    "CheckResult",
    "Status",
    "TimestampChecker",
    "find",
    "overall",
]


# The engine-wide four-state vocabulary; ``Status`` is this package's name for it (kept for callers).
Status = CheckStatus


SEAL_FORMAT = "seal.format"
SEAL_MAKER_SIGNATURE = "seal.maker_signature"
SEAL_MAKER_CERT = "seal.maker_cert"
SEAL_MAKER_CERT_TRUST = "seal.maker_cert_trust"
SEAL_HOLDER_CERT_TRUST = "seal.holder_cert_trust"
SEAL_VALIDITY = "seal.validity"
SIG_FORMAT = "signature.format"
SIG_VALUE = "signature.value"
SIG_SIGNER_IN_SEAL = "signature.signer_in_seal"
SIG_SIGNER_CERT_TRUST = "signature.signer_cert_trust"
SIG_SIGNING_TIME = "signature.signing_time"
SIG_TIMESTAMP = "signature.timestamp"
SIG_DATA_HASH = "signature.data_hash"

# The manual's eight verification items.
ITEM_FORMAT = "电子印章数据格式"
ITEM_SIGNER_CERT = "签章者证书有效性"
ITEM_SEAL_VALIDITY = "电子印章有效性"
ITEM_SIGNING_TIME = "签章时间有效性"
ITEM_CERT = "数字证书有效性"
ITEM_TIMESTAMP = "时间戳有效性"
ITEM_SIGNATURE_VALUE = "电子印章签名值"
ITEM_DATA_HASH = "原文杂凑"

REPORT_ITEMS: dict[str, str] = {
    SEAL_FORMAT: ITEM_FORMAT,
    SEAL_MAKER_SIGNATURE: ITEM_SIGNATURE_VALUE,
    SEAL_MAKER_CERT: ITEM_CERT,
    SEAL_MAKER_CERT_TRUST: ITEM_CERT,
    SEAL_HOLDER_CERT_TRUST: ITEM_SIGNER_CERT,
    SEAL_VALIDITY: ITEM_SEAL_VALIDITY,
    SIG_FORMAT: ITEM_FORMAT,
    SIG_VALUE: ITEM_SIGNATURE_VALUE,
    SIG_SIGNER_IN_SEAL: ITEM_SIGNER_CERT,
    SIG_SIGNER_CERT_TRUST: ITEM_SIGNER_CERT,
    SIG_SIGNING_TIME: ITEM_SIGNING_TIME,
    SIG_TIMESTAMP: ITEM_TIMESTAMP,
    SIG_DATA_HASH: ITEM_DATA_HASH,
}


@dataclass(frozen=True, slots=True)
class CheckResult:
    code: str
    status: Status
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def item(self) -> str:
        """The manual's report item this check belongs to."""
        return REPORT_ITEMS[self.code]

    @property
    def check_status(self) -> CheckStatus:
        """The status (already in the engine-wide vocabulary)."""
        return self.status

    @property
    def ok(self) -> bool:
        return self.status in (Status.PASS, Status.NOT_APPLICABLE)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "item": self.item, "status": str(self.status), "message": self.message,
                **({"details": self.details} if self.details else {})}


# A trust hook: (certificate DER, time, role "maker"|"signer"|"holder") -> (status, message); the status
# may be a :class:`Status` or a :class:`CheckStatus`.
# The PKI package provides one built on LocalCA chain validation + CRL (see docs/ses.md).
CertChecker = Callable[[bytes, _dt.datetime, str], tuple[Status | CheckStatus, str]]
# A TSA hook: (token DER, signature value bytes) -> (status, message); checks the token's CMS
# signature, TSA certificate and EKU. Our own code checks the imprint and genTime.
TimestampChecker = Callable[[bytes, bytes], tuple[Status | CheckStatus, str]]


def overall(results: Iterable[CheckResult]) -> Status:
    """fail if any check failed, else unknown if any is unknown, else pass."""
    statuses = {r.status for r in results}
    if Status.FAIL in statuses:
        return Status.FAIL
    if Status.UNKNOWN in statuses:
        return Status.UNKNOWN
    return Status.PASS


def find(results: Iterable[CheckResult], code: str) -> CheckResult | None:
    return next((r for r in results if r.code == code), None)
