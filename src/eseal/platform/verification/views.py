"""What the verification routes answer: the result of a run, the public page of a report (no personal data), and
the platform section added to the owner's JSON. Frozen dataclasses; the one JSON writer of the platform section is
:func:`platform_section`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eseal.engine.pdf import (
    CheckStatus,
    GrantedSigning,
    PlatformSection,
    PlatformSignatureNote,
    SealState,
    SignatureReport,
    VerificationReport,
)
from eseal.platform.core import mask_name
from eseal.platform.verification.records import GrantTerms, SigningRecord

LIFECYCLE_LABELS = {SealState.ACTIVE: "正常", SealState.SUSPENDED: "已停用", SealState.REVOKED: "已注销",
                    SealState.EXPIRED: "已过期", SealState.UNKNOWN: "本平台无记录"}
MODE_LABELS = {"single": "单页签章", "multi": "多页签章", "seam": "骑缝签章"}
VERDICT_LABELS = {"TOTAL_PASSED": "验证通过", "TOTAL_FAILED": "验证失败", "INDETERMINATE": "无法确定"}
ORGANISATION_SEAL_TYPES = {1, 2, 3, 4, 5}  # 法定名称章 … 法定代表人名章 (GB/T 38540 esID business codes)


@dataclass(frozen=True)
class VerifyOutcome:
    """``POST /verify``: the serial and where to read the report."""

    serial: str
    verdict: str
    verdict_label: str
    signature_count: int
    document_name: str
    report_url: str  # the owner's JSON (this account / this browser)
    report_pdf_url: str
    public_url: str  # the public page (the report's QR code points here)
    report_signed: bool


@dataclass(frozen=True)
class PublicSignature:
    index: int
    verdict: str
    verdict_label: str
    failed_items: tuple[str, ...]  # labels of the items that failed (e.g. 原文杂凑); reasons stay in the owner's report
    seal_name: str | None  # organisation seals as on the face; a person's seal masked (王**)
    seal_type: str | None
    signer: str | None  # the certificate's organisation, else the masked name
    signing_time: datetime | None
    signing_time_source: str | None  # timestamp | claimed
    seal_state_at_signing: str | None  # lifecycle state label from the platform's records
    # [G1] made on this platform by a person acting under a grant of the seal's owner (在授权下签署): the fact
    # only — which grant, its window, its count and the person stay in the owner's report
    authorised: bool = False


@dataclass(frozen=True)
class PublicReport:
    """``GET /public/reports/{serial}``: what a QR code reader may see. No ID numbers, phones, person names,
    certificates, free-text reasons (they may name a certificate subject) or download links."""

    serial: str
    verdict: str
    verdict_label: str
    validation_time: datetime
    document_name: str
    document_sha256: str
    document_sm3: str
    signature_count: int
    signatures: tuple[PublicSignature, ...]


def _seal_is_public(sig: SignatureReport, record: SigningRecord | None) -> bool:
    if record is not None and record.owner_is_enterprise is not None:
        return record.owner_is_enterprise
    return sig.seal is not None and sig.seal.seal_type in ORGANISATION_SEAL_TYPES


def _lifecycle_label(sig: SignatureReport) -> str | None:
    if sig.lifecycle is None:
        return None
    return LIFECYCLE_LABELS.get(sig.lifecycle.state, "查询失败") if sig.lifecycle.state else "查询失败"


def public_signature(sig: SignatureReport, record: SigningRecord | None) -> PublicSignature:
    label = VERDICT_LABELS.get(sig.indication.value, sig.indication.value)
    seal_name = sig.seal.name if sig.seal is not None else None
    if seal_name and not _seal_is_public(sig, record):
        seal_name = mask_name(seal_name)
    signer = None
    if sig.signer is not None:
        signer = sig.signer.organization or mask_name(sig.signer.common_name)
    source = sig.times.best_source
    failed = tuple(item.label for item in sig.items if item.status is CheckStatus.FAIL)
    return PublicSignature(index=sig.index, verdict=sig.indication.value, verdict_label=label, failed_items=failed,
                           seal_name=seal_name, seal_type=sig.seal.seal_type_label if sig.seal else None,
                           signer=signer, signing_time=sig.times.best, signing_time_source=source.value if source else None,
                           seal_state_at_signing=_lifecycle_label(sig),
                           authorised=record is not None and record.grant_id is not None)


def grant_label(terms: GrantTerms) -> str:
    return f"授权编号 {terms.grant_id}"


def _grant_dict(record: SigningRecord) -> dict[str, Any] | None:
    terms = record.grant
    if terms is None:
        return None
    return {"id": terms.grant_id, "label": grant_label(terms), "grantor": terms.grantor,
            "grantee_masked": mask_name(terms.grantee) or "",
            "starts_at": _iso(terms.starts_at), "ends_at": _iso(terms.ends_at), "uses_total": terms.uses_total,
            "use_number": record.use_number}


def platform_notes(report: VerificationReport, records: list[SigningRecord | None]) -> PlatformSection:
    """What the PDF report adds from the platform's records: per signature made under a grant, the grant (label,
    grantor, masked grantee), its window and the use number (the same facts as ``platform_signing.grant``)."""
    notes = []
    for sig, record in zip(report.signatures, records, strict=True):
        if record is None or record.grant is None:
            continue
        terms = record.grant
        notes.append(PlatformSignatureNote(index=sig.index, granted=GrantedSigning(
            grant_ref=grant_label(terms), grantor=terms.grantor,
            grantee=mask_name(terms.grantee) or "—", starts_at=terms.starts_at,
            ends_at=terms.ends_at, use_number=record.use_number, uses_total=terms.uses_total)))
    return PlatformSection(signatures=tuple(notes))


def platform_section(report: VerificationReport, records: list[SigningRecord | None]) -> dict[str, Any]:
    """The ``platform`` section of the owner's JSON: per signature the seal's lifecycle state at signing time from
    the platform's records and the platform's signing row (with the grant and use number of [G1], and the grant's
    terms when it was used: ``grant`` {id, label, grantor, grantee_masked, starts_at, ends_at, uses_total,
    use_number})."""
    out = []
    for sig, record in zip(report.signatures, records, strict=True):
        life = sig.lifecycle
        out.append({
            "index": sig.index,
            "seal_state_at_signing": life.state.value if life is not None and life.state else None,
            "seal_state_label": _lifecycle_label(sig),
            "seal_state_reason": life.reason if life is not None else None,
            "signed_on_platform": record is not None,
            "platform_signing": None if record is None else {
                "at": record.at.isoformat(),
                "mode": record.mode,
                "mode_label": MODE_LABELS.get(record.mode, record.mode),
                "seal_name": record.seal_name,
                "grant_id": record.grant_id,
                "use_number": record.use_number,
                "grant": _grant_dict(record),
                "matches_platform_copy": record.matches_platform_copy,
            },
        })
    return {"signatures": out}


def public_view(report: VerificationReport, records: list[SigningRecord | None]) -> PublicReport:
    verdict = report.indication.value
    return PublicReport(
        serial=report.serial, verdict=verdict, verdict_label=VERDICT_LABELS.get(verdict, verdict),
        validation_time=report.validation_time, document_name=report.document.name,
        document_sha256=report.document.sha256, document_sm3=report.document.sm3,
        signature_count=len(report.signatures),
        signatures=tuple(public_signature(s, r) for s, r in zip(report.signatures, records, strict=True)))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def public_to_dict(view: PublicReport) -> dict[str, Any]:
    """The stored form of the public page (kept in the report's JSON blob, written once at verification)."""
    return {
        "serial": view.serial, "verdict": view.verdict, "verdict_label": view.verdict_label,
        "validation_time": _iso(view.validation_time), "document_name": view.document_name,
        "document_sha256": view.document_sha256, "document_sm3": view.document_sm3,
        "signature_count": view.signature_count,
        "signatures": [{
            "index": s.index, "verdict": s.verdict, "verdict_label": s.verdict_label,
            "failed_items": list(s.failed_items), "seal_name": s.seal_name, "seal_type": s.seal_type,
            "signer": s.signer, "signing_time": _iso(s.signing_time), "signing_time_source": s.signing_time_source,
            "seal_state_at_signing": s.seal_state_at_signing, "authorised": s.authorised,
        } for s in view.signatures],
    }


def _dt(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def public_from_dict(data: dict[str, Any]) -> PublicReport:
    sigs = tuple(PublicSignature(
        index=int(s["index"]), verdict=s["verdict"], verdict_label=s["verdict_label"],
        failed_items=tuple(s["failed_items"]), seal_name=s["seal_name"], seal_type=s["seal_type"], signer=s["signer"],
        signing_time=_dt(s["signing_time"]), signing_time_source=s["signing_time_source"],
        seal_state_at_signing=s["seal_state_at_signing"], authorised=bool(s.get("authorised", False)))
        for s in data["signatures"])
    validated = _dt(data["validation_time"])
    assert validated is not None
    return PublicReport(serial=data["serial"], verdict=data["verdict"], verdict_label=data["verdict_label"],
                        validation_time=validated, document_name=data["document_name"],
                        document_sha256=data["document_sha256"], document_sm3=data["document_sm3"],
                        signature_count=int(data["signature_count"]), signatures=sigs)
