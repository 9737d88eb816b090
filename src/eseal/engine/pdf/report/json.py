"""The JSON verification report: a stable, versioned schema (docs/verification-report.md).

``schema_version`` follows semver for consumers: a minor bump only adds fields, a major bump may
rename or remove. :data:`JSON_SCHEMA` is a JSON Schema (draft 2020-12) for the required core, so
integrators can validate what they receive.
"""

from __future__ import annotations

import json
from typing import Any

from eseal.engine.pdf.report.model import (
    SCHEMA_ID,
    SCHEMA_VERSION,
    CheckStatus,
    Indication,
    ItemCode,
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


def report_to_dict(report: VerificationReport) -> dict[str, Any]:
    return report.to_dict()


def report_to_json(report: VerificationReport, *, indent: int | None = 2) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=indent)


def error_to_dict(reason: str, message: str, message_zh: str) -> dict[str, Any]:
    """JSON body for unreadable input (same schema id, ``error`` instead of ``signatures``)."""
    return {"schema": SCHEMA_ID, "schema_version": SCHEMA_VERSION,
            "error": {"reason": reason, "message": message, "message_zh": message_zh}}
