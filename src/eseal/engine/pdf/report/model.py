"""Result model of PDF signature verification (the data behind the JSON and PDF reports).

Why a separate module: the verifier, the JSON serialiser, the PDF report and the web layer all share
these types, and none of them should import pyHanko just to read a result.

Vocabulary:
- Every signature gets the manual's 8 check items (:data:`ITEM_CODES`), each with a :class:`CheckStatus`
  and a human reason in Chinese.
- Every signature and the document as a whole get an ETSI EN 319 102-1 indication
  (:class:`Indication`) and a sub-indication (:class:`SubIndication`). A few sub-indications are eseal
  extensions for situations ETSI does not name (marked ``EXTENSION_SUBINDICATIONS``).

Every result type is a frozen dataclass or an enum; :class:`CheckStatus` is the engine-wide
:class:`eseal.engine.status.CheckStatus` (re-exported here). The JSON is written by
:mod:`eseal.engine.pdf.report.json` only; these types know nothing about it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import TypeAlias

from eseal.engine.pdf.verify.lifecycle import SealState
from eseal.engine.status import CheckStatus

SCHEMA_ID = "https://eseal.dev/schemas/verification-report"
SCHEMA_VERSION = "1.1"


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


#: A value of an item's technical details: a JSON scalar, a sequence or a mapping of such values.
#: Stored frozen: sequences as tuples, mappings as :class:`Details`.
DetailValue: TypeAlias = "str | int | float | bool | Sequence[DetailValue] | Mapping[str, DetailValue] | None"


def _freeze(value: object) -> DetailValue:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Details):
        return value
    if isinstance(value, Mapping):
        return Details(value)
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    raise TypeError(f"not a JSON detail value: {type(value).__name__}")


class Details(Mapping[str, DetailValue]):
    """The technical details of a check item: a read-only, ordered mapping of typed values.

    Why a mapping and not one dataclass per item: the keys depend on what the check found (a chain, a
    revocation entry, the SES engine's own details), and their order is part of the JSON. The values are
    frozen on the way in (lists become tuples, dicts become :class:`Details`); :meth:`to_json` gives the
    plain JSON structure back.
    """

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, object] | None = None, /, **more: object) -> None:
        self._values: dict[str, DetailValue] = {
            str(k): _freeze(v) for k, v in {**(values or {}), **more}.items()}

    def __getitem__(self, key: str) -> DetailValue:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Details({self._values!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    def __hash__(self) -> int:  # immutable: usable as a dataclass default and in frozen dataclasses
        return hash(tuple(self._values.items()))

    def to_json(self) -> dict[str, object]:
        return {k: _thaw(v) for k, v in self._values.items()}


def _thaw(value: DetailValue) -> object:
    if isinstance(value, Details):
        return value.to_json()
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    return value


NO_DETAILS = Details()


@dataclass(frozen=True)
class CheckItem:
    """One of the 8 items of a signature. ``details`` may be given as any mapping; it is stored as :class:`Details`."""

    code: ItemCode
    status: CheckStatus
    reason: str  # Chinese, one sentence, shown to users
    details: Mapping[str, DetailValue] = NO_DETAILS

    def __post_init__(self) -> None:
        if not isinstance(self.details, Details):
            object.__setattr__(self, "details", Details(self.details))

    @property
    def label(self) -> str:
        return ITEM_LABELS[self.code]


@dataclass(frozen=True)
class Problem:
    """One finding that influenced the indication (machine code + Chinese message)."""

    sub_indication: SubIndication
    indication: Indication
    message: str


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


class BestTimeSource(enum.StrEnum):
    """Where the best-known signing time comes from."""

    TIMESTAMP = "timestamp"
    CLAIMED = "claimed"


@dataclass(frozen=True)
class SigningTimes:
    claimed: datetime | None = None  # timeInfo (GM) or signingTime / /M (PAdES): the signer's claim
    proven: datetime | None = None  # genTime of a valid time-stamp token: a proof of existence
    timestamp_authority: str | None = None
    timestamp_valid: bool | None = None
    difference_seconds: float | None = None  # proven - claimed

    @property
    def best(self) -> datetime | None:
        return self.proven or self.claimed

    @property
    def best_source(self) -> BestTimeSource | None:
        return BestTimeSource.TIMESTAMP if self.proven else (BestTimeSource.CLAIMED if self.claimed else None)


@dataclass(frozen=True)
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
    byte_range_problem_codes: list[str] = field(default_factory=list)  # verify.byte_range.BYTE_RANGE_PROBLEM_CODES (1.1)


@dataclass(frozen=True)
class SealLifecycleCheck:
    """What the platform's seal-lifecycle hook answered for the seal at the signing time.

    ``state`` is None when the hook failed (``reason`` then holds its English error text).
    """

    state: SealState | None
    reason: str | None
    since: datetime | None = None
    at: datetime | None = None

    @property
    def failed(self) -> bool:
        return self.state is None


@dataclass(frozen=True)
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
    lifecycle: SealLifecycleCheck | None = None
    page: int | None = None  # 1-based page of the widget, if any
    # PNG of the widget's appearance in the signed revision, when there is no SES picture to show
    # (PAdES, foreign signatures): what the report draws as the seal picture. Not in the JSON.
    appearance_png: bytes | None = field(default=None, repr=False)

    def item(self, code: ItemCode) -> CheckItem:
        for it in self.items:
            if it.code == code:
                return it
        raise KeyError(code)


@dataclass(frozen=True)
class RevisionChanges:
    """Facts about what one incremental revision changed compared with the previous one (no judgement).

    Read access by the JSON name (``changes["pages_added"]``) is kept for callers of the 1.x reports.
    """

    objects_written: int
    objects_added: int
    pages_before: int
    pages_after: int
    pages_added: int
    pages_removed: int
    pages_with_changed_content: list[int]
    pages_with_added_annotations: dict[int, int]  # 1-based page -> number of annotations added
    page_dictionaries_rewritten: list[int]

    def __getitem__(self, key: str) -> object:
        if key not in _CHANGE_FIELDS:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default: object = None) -> object:
        return getattr(self, key) if key in _CHANGE_FIELDS else default


_CHANGE_FIELDS = frozenset(f.name for f in fields(RevisionChanges))


@dataclass(frozen=True)
class RevisionInfo:
    index: int  # 0 = original document
    end_offset: int  # file offset just past this revision's %%EOF
    signature_fields: list[str]  # signatures whose /V dictionary appears in this revision
    changes: RevisionChanges | None  # None: not examined (revisions up to the first signed one)
    classification: str  # initial / signature / form_filling / lta_update / annotation / other
    permitted: bool
    message: str  # Chinese, shown to users
    technical_detail: str | None = None  # pyHanko's English explanation of a disallowed change (1.1)
    changes_error: str | None = None  # the changes could not be summarised (English, technical)


@dataclass(frozen=True)
class DocumentInfo:
    name: str
    size: int
    sha256: str
    sm3: str
    pages: int | None
    revisions: int


@dataclass(frozen=True)
class AppliedPolicy:
    """The verification settings that produced a report (the JSON ``policy`` section)."""

    trust_anchors_configured: bool
    revocation: str  # English description of where revocation data came from
    max_bytes: int
    timestamp_tolerance_seconds: float
    lifecycle_hook: bool


@dataclass(frozen=True)
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
    policy: AppliedPolicy | None = None


@dataclass(frozen=True)
class GrantedSigning:
    """授权签署: the issuing platform's record that a signature was made by a person acting under a grant (授权)
    of the seal's owner — which grant, the window it was valid in and the use number. The engine never computes
    it (the file does not carry it): a platform passes it to the PDF report in a :class:`PlatformSection`.

    ``grantee`` is already masked by the platform (王**); ``uses_total`` None means unlimited (不限)."""

    grant_ref: str  # how the platform names the grant (e.g. "授权编号 12")
    grantor: str  # the enterprise that granted
    grantee: str  # the acting person, masked
    starts_at: datetime | None
    ends_at: datetime | None
    use_number: int | None
    uses_total: int | None


@dataclass(frozen=True)
class PlatformSignatureNote:
    """What the issuing platform's records add to one signature of the report (by its ``index``)."""

    index: int
    granted: GrantedSigning | None = None


@dataclass(frozen=True)
class PlatformSection:
    """The optional section an issuing platform adds to the PDF report from its own records (not in the engine's
    JSON: the platform writes its own). Signatures without a note show nothing more."""

    signatures: tuple[PlatformSignatureNote, ...] = ()

    def note(self, index: int) -> PlatformSignatureNote | None:
        for item in self.signatures:
            if item.index == index:
                return item
        return None


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
