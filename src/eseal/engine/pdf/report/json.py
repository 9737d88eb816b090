"""The JSON verification report: a stable, versioned schema (docs/verification-report.md).

``schema_version`` follows semver for consumers: a minor bump only adds fields, a major bump may
rename or remove. :data:`JSON_SCHEMA` is a JSON Schema (draft 2020-12) for the required core, so
integrators can validate what they receive.

This module is the one serializer of the typed result (:mod:`eseal.engine.pdf.report.model`): every
field name, value format and key order of the JSON is decided here.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from eseal.engine.pdf.report.model import (
    INDICATION_LABELS,
    SCHEMA_ID,
    SCHEMA_VERSION,
    AppliedPolicy,
    CertificateInfo,
    CheckItem,
    CheckStatus,
    Coverage,
    Details,
    DocumentInfo,
    Indication,
    ItemCode,
    Problem,
    RevisionChanges,
    RevisionInfo,
    SealInfo,
    SealLifecycleCheck,
    SignatureReport,
    SigningTimes,
    SubIndication,
    VerificationReport,
)

_STATUS = [s.value for s in CheckStatus]
_INDICATION = [i.value for i in Indication]
_SUB = [s.value for s in SubIndication]

JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": f"{SCHEMA_ID}/{SCHEMA_VERSION}",
    "title": "eseal PDF verification report",
    "type": "object",
    "required": ["schema", "schema_version", "serial", "validation_time", "document", "indication",
                 "sub_indication", "message", "signatures", "revisions"],
    "properties": {
        "schema": {"const": SCHEMA_ID},
        "schema_version": {"type": "string", "pattern": r"^1\.\d+$"},
        "serial": {"type": "string", "pattern": r"^VR\d{8}[0-9A-F]{10}$"},
        "validation_time": {"type": "string", "format": "date-time"},
        "document": {
            "type": "object",
            "required": ["name", "size", "sha256", "sm3", "pages", "revisions"],
            "properties": {"sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                           "sm3": {"type": "string", "pattern": "^[0-9a-f]{64}$"}},
        },
        "indication": {"enum": _INDICATION},
        "sub_indication": {"enum": [*_SUB, None]},
        "message": {"type": "string"},
        "signatures": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["index", "field_name", "profile", "indication", "sub_indication", "items", "times",
                             "coverage", "signer", "seal"],
                "properties": {
                    "profile": {"enum": ["gm-ses", "pades", "pkcs7", "doc-timestamp", "unknown", "removed"]},
                    "indication": {"enum": _INDICATION},
                    "sub_indication": {"enum": [*_SUB, None]},
                    "items": {
                        "type": "array", "minItems": 8, "maxItems": 8,
                        "items": {
                            "type": "object",
                            "required": ["code", "label", "status", "reason"],
                            "properties": {"code": {"enum": [c.value for c in ItemCode]},
                                           "status": {"enum": _STATUS}},
                        },
                    },
                    "times": {"type": "object", "required": ["claimed", "proven", "best", "best_source"]},
                },
            },
        },
        "revisions": {
            "type": "array",
            "items": {"type": "object",
                      "required": ["index", "end_offset", "classification", "permitted", "message"]},
        },
    },
}


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt is not None else None


def item_to_dict(item: CheckItem) -> dict[str, Any]:
    details = item.details.to_json() if isinstance(item.details, Details) else dict(item.details)
    return {"code": item.code.value, "label": item.label, "status": item.status.value, "reason": item.reason,
            "details": details}


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    return {"indication": problem.indication.value, "sub_indication": problem.sub_indication.value,
            "message": problem.message}


def certificate_to_dict(cert: CertificateInfo) -> dict[str, Any]:
    return {
        "subject": cert.subject,
        "common_name": cert.common_name,
        "organization": cert.organization,
        "issuer": cert.issuer,
        "serial_number": cert.serial_number,
        "not_before": _iso(cert.not_before),
        "not_after": _iso(cert.not_after),
        "algorithm": cert.algorithm,
        "sha256_fingerprint": cert.sha256_fingerprint,
    }


def seal_to_dict(seal: SealInfo) -> dict[str, Any]:
    return {
        "es_id": seal.es_id,
        "name": seal.name,
        "type": seal.seal_type,
        "type_label": seal.seal_type_label,
        "version": seal.version,
        "vendor_id": seal.vendor_id,
        "valid_start": _iso(seal.valid_start),
        "valid_end": _iso(seal.valid_end),
        "created": _iso(seal.created),
        "picture_type": seal.picture_type,
        "picture_size_mm": list(seal.picture_size_mm) if seal.picture_size_mm else None,
        "maker": certificate_to_dict(seal.maker) if seal.maker else None,
    }


def times_to_dict(times: SigningTimes) -> dict[str, Any]:
    source = times.best_source
    return {
        "claimed": _iso(times.claimed),
        "proven": _iso(times.proven),
        "best": _iso(times.best),
        "best_source": source.value if source else None,
        "timestamp_authority": times.timestamp_authority,
        "timestamp_valid": times.timestamp_valid,
        "difference_seconds": times.difference_seconds,
    }


def coverage_to_dict(cov: Coverage) -> dict[str, Any]:
    return {
        "byte_range": list(cov.byte_range),
        "covers_whole_file": cov.covers_whole_file,
        "signed_revision": cov.signed_revision,
        "signed_bytes": cov.signed_bytes,
        "level": cov.level,
        "modification_level": cov.modification_level,
        "permitted": cov.permitted,
        "later_revisions": cov.later_revisions,
        "message": cov.message,
        "byte_range_problems": list(cov.byte_range_problems),
        "byte_range_problem_codes": list(cov.byte_range_problem_codes),
    }


def lifecycle_to_dict(lc: SealLifecycleCheck) -> dict[str, Any]:
    if lc.state is None:  # the hook failed
        return {"state": "error", "reason": lc.reason}
    return {"state": lc.state.value, "reason": lc.reason, "since": _iso(lc.since), "at": _iso(lc.at)}


def signature_to_dict(sig: SignatureReport) -> dict[str, Any]:
    return {
        "index": sig.index,
        "field_name": sig.field_name,
        "profile": sig.profile,
        "filter": sig.filter,
        "sub_filter": sig.sub_filter,
        "page": sig.page,
        "indication": sig.indication.value,
        "indication_label": INDICATION_LABELS[sig.indication],
        "sub_indication": sig.sub_indication.value if sig.sub_indication else None,
        "message": sig.message,
        "problems": [problem_to_dict(p) for p in sig.problems],
        "items": [item_to_dict(it) for it in sig.items],
        "seal": seal_to_dict(sig.seal) if sig.seal else None,
        "signer": certificate_to_dict(sig.signer) if sig.signer else None,
        "times": times_to_dict(sig.times),
        "coverage": coverage_to_dict(sig.coverage) if sig.coverage else None,
        "digest_algorithm": sig.digest_algorithm,
        "signature_algorithm": sig.signature_algorithm,
        "lifecycle": lifecycle_to_dict(sig.lifecycle) if sig.lifecycle else None,
    }


def changes_to_dict(changes: RevisionChanges | None, error: str | None = None) -> dict[str, Any]:
    if error is not None:
        return {"error": error}
    if changes is None:
        return {}
    return {
        "objects_written": changes.objects_written,
        "objects_added": changes.objects_added,
        "pages_before": changes.pages_before,
        "pages_after": changes.pages_after,
        "pages_added": changes.pages_added,
        "pages_removed": changes.pages_removed,
        "pages_with_changed_content": list(changes.pages_with_changed_content),
        "pages_with_added_annotations": {str(k): v for k, v in changes.pages_with_added_annotations.items()},
        "page_dictionaries_rewritten": list(changes.page_dictionaries_rewritten),
    }


def revision_to_dict(rev: RevisionInfo) -> dict[str, Any]:
    return {
        "index": rev.index,
        "end_offset": rev.end_offset,
        "signature_fields": list(rev.signature_fields),
        "changes": changes_to_dict(rev.changes, rev.changes_error),
        "classification": rev.classification,
        "permitted": rev.permitted,
        "message": rev.message,
        "technical_detail": rev.technical_detail,
    }


def document_to_dict(doc: DocumentInfo) -> dict[str, Any]:
    return {"name": doc.name, "size": doc.size, "sha256": doc.sha256, "sm3": doc.sm3, "pages": doc.pages,
            "revisions": doc.revisions}


def policy_to_dict(policy: AppliedPolicy | None) -> dict[str, Any]:
    if policy is None:
        return {}
    return {
        "trust_anchors_configured": policy.trust_anchors_configured,
        "revocation": policy.revocation,
        "max_bytes": policy.max_bytes,
        "timestamp_tolerance_seconds": policy.timestamp_tolerance_seconds,
        "lifecycle_hook": policy.lifecycle_hook,
    }


def report_to_dict(report: VerificationReport) -> dict[str, Any]:
    """The report as JSON schema 1.1 (plain dicts and lists, ready for ``json.dumps``)."""
    return {
        "$schema": SCHEMA_ID + "/" + SCHEMA_VERSION,
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "serial": report.serial,
        "validation_time": _iso(report.validation_time),
        "engine": {"name": "eseal", "version": report.engine_version},
        "document": document_to_dict(report.document),
        "indication": report.indication.value,
        "indication_label": INDICATION_LABELS[report.indication],
        "sub_indication": report.sub_indication.value if report.sub_indication else None,
        "message": report.message,
        "signature_count": len(report.signatures),
        "signatures": [signature_to_dict(s) for s in report.signatures],
        "revisions": [revision_to_dict(r) for r in report.revisions],
        "trust_anchors": list(report.trust_anchors),
        "policy": policy_to_dict(report.policy),
    }


def report_to_json(report: VerificationReport, *, indent: int | None = 2) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent)


def error_to_dict(reason: str, message: str, message_zh: str) -> dict[str, Any]:
    """JSON body for unreadable input (same schema id, ``error`` instead of ``signatures``)."""
    return {"schema": SCHEMA_ID, "schema_version": SCHEMA_VERSION,
            "error": {"reason": reason, "message": message, "message_zh": message_zh}}
