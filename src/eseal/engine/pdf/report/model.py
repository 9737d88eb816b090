"""Result model of PDF signature verification (the data behind the JSON and PDF reports).

Why a separate module: the verifier, the JSON serialiser, the PDF report and the web layer all share
these types, and none of them should import pyHanko just to read a result.

Vocabulary:
- Every signature gets the manual's 8 check items (:data:`ITEM_CODES`), each with a :class:`CheckStatus`
  and a human reason in Chinese.
- Every signature and the document as a whole get an ETSI EN 319 102-1 indication
  (:class:`Indication`) and a sub-indication (:class:`SubIndication`). A few sub-indications are eseal
  extensions for situations ETSI does not name (marked ``EXTENSION_SUBINDICATIONS``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

SCHEMA_ID = "https://eseal.dev/schemas/verification-report"
SCHEMA_VERSION = "1.1"


class CheckStatus(enum.StrEnum):
    PASS = "pass"  # noqa: S105 - a status, not a password
    FAIL = "fail"
    UNKNOWN = "unknown"  # could not be decided (missing trust anchor, revocation data, …)
    NOT_APPLICABLE = "not_applicable"  # the item does not exist for this signature (no seal, no time-stamp)


class Indication(enum.StrEnum):
    TOTAL_PASSED = "TOTAL_PASSED"
    TOTAL_FAILED = "TOTAL_FAILED"
    INDETERMINATE = "INDETERMINATE"


class SubIndication(enum.StrEnum):
    # ETSI EN 319 102-1 — TOTAL_FAILED
    FORMAT_FAILURE = "FORMAT_FAILURE"
    HASH_FAILURE = "HASH_FAILURE"
    SIG_CRYPTO_FAILURE = "SIG_CRYPTO_FAILURE"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"
    NOT_YET_VALID = "NOT_YET_VALID"
    # ETSI EN 319 102-1 — INDETERMINATE
    SIG_CONSTRAINTS_FAILURE = "SIG_CONSTRAINTS_FAILURE"
    CHAIN_CONSTRAINTS_FAILURE = "CHAIN_CONSTRAINTS_FAILURE"
    CERTIFICATE_CHAIN_GENERAL_FAILURE = "CERTIFICATE_CHAIN_GENERAL_FAILURE"
    CRYPTO_CONSTRAINTS_FAILURE = "CRYPTO_CONSTRAINTS_FAILURE"
    NO_SIGNING_CERTIFICATE_FOUND = "NO_SIGNING_CERTIFICATE_FOUND"
    NO_CERTIFICATE_CHAIN_FOUND = "NO_CERTIFICATE_CHAIN_FOUND"
    REVOKED_NO_POE = "REVOKED_NO_POE"
    OUT_OF_BOUNDS_NO_POE = "OUT_OF_BOUNDS_NO_POE"
    OUT_OF_BOUNDS_NOT_REVOKED = "OUT_OF_BOUNDS_NOT_REVOKED"
    NO_POE = "NO_POE"
    TRY_LATER = "TRY_LATER"
    TIMESTAMP_ORDER_FAILURE = "TIMESTAMP_ORDER_FAILURE"
    GENERIC = "GENERIC"
    # eseal extensions (not in EN 319 102-1; documented in docs/verification-report.md)
    DISALLOWED_MODIFICATION = "DISALLOWED_MODIFICATION"
    SEAL_INVALID = "SEAL_INVALID"
    NO_SIGNATURE = "NO_SIGNATURE"


EXTENSION_SUBINDICATIONS = frozenset(
    {SubIndication.DISALLOWED_MODIFICATION, SubIndication.SEAL_INVALID, SubIndication.NO_SIGNATURE}
)

# Order decides which problem becomes "the" sub-indication when several apply: structure first,
# then integrity, then cryptography, then certificate status, then the PDF- and seal-level findings.
_FAILED_ORDER = (
    SubIndication.FORMAT_FAILURE,
    SubIndication.HASH_FAILURE,
    SubIndication.SIG_CRYPTO_FAILURE,
    SubIndication.DISALLOWED_MODIFICATION,
    SubIndication.REVOKED,
    SubIndication.EXPIRED,
    SubIndication.NOT_YET_VALID,
    SubIndication.SEAL_INVALID,
)


class ItemCode(enum.StrEnum):
    """The 8 results of the manual (§4.4/§5.4), in the manual's order."""

    SEAL_FORMAT = "seal_format"  # 电子印章数据格式
    SIGNER_CERTIFICATE = "signer_certificate"  # 签章者证书有效性
    SEAL_VALIDITY = "seal_validity"  # 电子印章有效性
    SIGNING_TIME = "signing_time"  # 签章时间有效性
    CERTIFICATE = "certificate"  # 数字证书有效性 (制章者 / seal-maker certificate)
    TIMESTAMP = "timestamp"  # 时间戳有效性
    SEAL_SIGNATURE = "seal_signature"  # 电子印章签名值
    DOCUMENT_HASH = "document_hash"  # 原文杂凑


ITEM_LABELS: dict[ItemCode, str] = {
    ItemCode.SEAL_FORMAT: "电子印章数据格式",
    ItemCode.SIGNER_CERTIFICATE: "签章者证书有效性",
    ItemCode.SEAL_VALIDITY: "电子印章有效性",
    ItemCode.SIGNING_TIME: "签章时间有效性",
    ItemCode.CERTIFICATE: "数字证书有效性",
    ItemCode.TIMESTAMP: "时间戳有效性",
    ItemCode.SEAL_SIGNATURE: "电子印章签名值",
    ItemCode.DOCUMENT_HASH: "原文杂凑",
}
ITEM_CODES: tuple[ItemCode, ...] = tuple(ItemCode)

INDICATION_LABELS: dict[Indication, str] = {
    Indication.TOTAL_PASSED: "验证通过",
    Indication.TOTAL_FAILED: "验证失败",
    Indication.INDETERMINATE: "无法确定",
}


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt is not None else None


@dataclass
class CheckItem:
    code: ItemCode
    status: CheckStatus
    reason: str  # Chinese, one sentence, shown to users
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return ITEM_LABELS[self.code]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code.value,
            "label": self.label,
            "status": self.status.value,
            "reason": self.reason,
            "details": self.details,
        }


@dataclass
class Problem:
    """One finding that influenced the indication (machine code + Chinese message)."""

    sub_indication: SubIndication
    indication: Indication
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "indication": self.indication.value,
            "sub_indication": self.sub_indication.value,
            "message": self.message,
        }


@dataclass
class CertificateInfo:
    subject: str
    common_name: str | None
    organization: str | None
    issuer: str
    serial_number: str  # hex
    not_before: datetime
    not_after: datetime
    algorithm: str  # sm2 / ecdsa-p256 / rsa / …
    sha256_fingerprint: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "common_name": self.common_name,
            "organization": self.organization,
            "issuer": self.issuer,
            "serial_number": self.serial_number,
            "not_before": _iso(self.not_before),
            "not_after": _iso(self.not_after),
            "algorithm": self.algorithm,
            "sha256_fingerprint": self.sha256_fingerprint,
        }


@dataclass
class SealInfo:
    """Fields of the embedded GB/T 38540 / GM/T 0031 seal (None for foreign PAdES signatures)."""

    es_id: str
    name: str
    seal_type: int | None
    seal_type_label: str | None
    version: int | None
    vendor_id: str | None
    valid_start: datetime | None
    valid_end: datetime | None
    created: datetime | None
    picture_type: str | None = None
    picture: bytes | None = field(default=None, repr=False)  # raw image bytes, for the PDF report
    picture_size_mm: tuple[int, int] | None = None
    maker: CertificateInfo | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "es_id": self.es_id,
            "name": self.name,
            "type": self.seal_type,
            "type_label": self.seal_type_label,
            "version": self.version,
            "vendor_id": self.vendor_id,
            "valid_start": _iso(self.valid_start),
            "valid_end": _iso(self.valid_end),
            "created": _iso(self.created),
            "picture_type": self.picture_type,
            "picture_size_mm": list(self.picture_size_mm) if self.picture_size_mm else None,
            "maker": self.maker.to_dict() if self.maker else None,
        }


@dataclass
class SigningTimes:
    claimed: datetime | None = None  # timeInfo (GM) or signingTime / /M (PAdES): the signer's claim
    proven: datetime | None = None  # genTime of a valid time-stamp token: a proof of existence
    timestamp_authority: str | None = None
    timestamp_valid: bool | None = None
    difference_seconds: float | None = None  # proven - claimed

    @property
    def best(self) -> datetime | None:
        return self.proven or self.claimed

    def to_dict(self) -> dict[str, Any]:
        return {
            "claimed": _iso(self.claimed),
            "proven": _iso(self.proven),
            "best": _iso(self.best),
            "best_source": "timestamp" if self.proven else ("claimed" if self.claimed else None),
            "timestamp_authority": self.timestamp_authority,
            "timestamp_valid": self.timestamp_valid,
            "difference_seconds": self.difference_seconds,
        }


@dataclass
class Coverage:
    byte_range: list[int]
    covers_whole_file: bool
    signed_revision: int | None  # index into VerificationReport.revisions
    signed_bytes: int
    level: str  # ENTIRE_FILE / ENTIRE_REVISION / CONTIGUOUS_BLOCK_FROM_START / UNCLEAR
    modification_level: str | None  # NONE / LTA_UPDATES / FORM_FILLING / ANNOTATIONS / OTHER
    permitted: bool  # later changes (if any) are of a permitted kind
    later_revisions: int
    message: str
    byte_range_problems: list[str] = field(default_factory=list)  # English technical detail
    byte_range_problem_codes: list[str] = field(default_factory=list)  # revisions.BYTE_RANGE_PROBLEM_ZH keys (1.1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "byte_range": self.byte_range,
            "covers_whole_file": self.covers_whole_file,
            "signed_revision": self.signed_revision,
            "signed_bytes": self.signed_bytes,
            "level": self.level,
            "modification_level": self.modification_level,
            "permitted": self.permitted,
            "later_revisions": self.later_revisions,
            "message": self.message,
            "byte_range_problems": self.byte_range_problems,
            "byte_range_problem_codes": self.byte_range_problem_codes,
        }


@dataclass
class SignatureReport:
    index: int
    field_name: str
    profile: str  # "gm-ses" | "pades" | "pkcs7" | "doc-timestamp" | "unknown" | "removed"
    filter: str | None
    sub_filter: str | None
    indication: Indication
    sub_indication: SubIndication | None
    message: str
    items: list[CheckItem]
    problems: list[Problem] = field(default_factory=list)
    signer: CertificateInfo | None = None
    seal: SealInfo | None = None
    times: SigningTimes = field(default_factory=SigningTimes)
    coverage: Coverage | None = None
    digest_algorithm: str | None = None
    signature_algorithm: str | None = None
    lifecycle: dict[str, Any] | None = None
    page: int | None = None  # 1-based page of the widget, if any
    # PNG of the widget's appearance in the signed revision, when there is no SES picture to show
    # (PAdES, foreign signatures): what the report draws as the seal picture. Not in the JSON.
    appearance_png: bytes | None = field(default=None, repr=False)

    def item(self, code: ItemCode) -> CheckItem:
        for it in self.items:
            if it.code == code:
                return it
        raise KeyError(code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "field_name": self.field_name,
            "profile": self.profile,
            "filter": self.filter,
            "sub_filter": self.sub_filter,
            "page": self.page,
            "indication": self.indication.value,
            "indication_label": INDICATION_LABELS[self.indication],
            "sub_indication": self.sub_indication.value if self.sub_indication else None,
            "message": self.message,
            "problems": [p.to_dict() for p in self.problems],
            "items": [it.to_dict() for it in self.items],
            "seal": self.seal.to_dict() if self.seal else None,
            "signer": self.signer.to_dict() if self.signer else None,
            "times": self.times.to_dict(),
            "coverage": self.coverage.to_dict() if self.coverage else None,
            "digest_algorithm": self.digest_algorithm,
            "signature_algorithm": self.signature_algorithm,
            "lifecycle": self.lifecycle,
        }


@dataclass
class RevisionInfo:
    index: int  # 0 = original document
    end_offset: int  # file offset just past this revision's %%EOF
    signature_fields: list[str]  # signatures whose /V dictionary appears in this revision
    changes: dict[str, Any]  # factual summary: objects changed, pages changed, annotations added, …
    classification: str  # initial / signature / form_filling / lta_update / annotation / other
    permitted: bool
    message: str  # Chinese, shown to users
    technical_detail: str | None = None  # pyHanko's English explanation of a disallowed change (1.1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "end_offset": self.end_offset,
            "signature_fields": self.signature_fields,
            "changes": self.changes,
            "classification": self.classification,
            "permitted": self.permitted,
            "message": self.message,
            "technical_detail": self.technical_detail,
        }


@dataclass
class DocumentInfo:
    name: str
    size: int
    sha256: str
    sm3: str
    pages: int | None
    revisions: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "size": self.size,
            "sha256": self.sha256,
            "sm3": self.sm3,
            "pages": self.pages,
            "revisions": self.revisions,
        }


@dataclass
class VerificationReport:
    serial: str
    validation_time: datetime
    document: DocumentInfo
    indication: Indication
    sub_indication: SubIndication | None
    message: str
    signatures: list[SignatureReport]
    revisions: list[RevisionInfo]
    trust_anchors: list[str]
    engine_version: str
    policy: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "$schema": SCHEMA_ID + "/" + SCHEMA_VERSION,
            "schema": SCHEMA_ID,
            "schema_version": SCHEMA_VERSION,
            "serial": self.serial,
            "validation_time": _iso(self.validation_time),
            "engine": {"name": "eseal", "version": self.engine_version},
            "document": self.document.to_dict(),
            "indication": self.indication.value,
            "indication_label": INDICATION_LABELS[self.indication],
            "sub_indication": self.sub_indication.value if self.sub_indication else None,
            "message": self.message,
            "signature_count": len(self.signatures),
            "signatures": [s.to_dict() for s in self.signatures],
            "revisions": [r.to_dict() for r in self.revisions],
            "trust_anchors": self.trust_anchors,
            "policy": self.policy,
        }


def worst_indication(problems: list[Problem]) -> tuple[Indication, SubIndication | None]:
    """Fold findings into one (indication, sub-indication): any failure wins over any doubt."""
    failed = [p for p in problems if p.indication is Indication.TOTAL_FAILED]
    if failed:
        def rank(p: Problem) -> int:
            try:
                return _FAILED_ORDER.index(p.sub_indication)
            except ValueError:
                return len(_FAILED_ORDER)

        return Indication.TOTAL_FAILED, min(failed, key=rank).sub_indication
    indeterminate = [p for p in problems if p.indication is Indication.INDETERMINATE]
    if indeterminate:
        return Indication.INDETERMINATE, indeterminate[0].sub_indication
    return Indication.TOTAL_PASSED, None
