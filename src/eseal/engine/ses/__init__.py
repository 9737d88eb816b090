"""GB/T 38540 electronic-seal objects: SES_Seal and SES_Signature (write v4, read v1/v2/v4/v5).

Public API (documented in docs/ses.md)::

    build_seal(...) -> bytes               # maker-signed SESeal v4 (DER)
    build_signature(...) -> bytes          # SES_Signature v4 (DER)
    parse_seal(der) -> Seal                # version-detected; SesFormatError on any malformation
    parse_signature(der) -> Signature
    parse_any(der) -> Seal | Signature
    verify_seal(seal, at=..., cert_checker=...) -> list[CheckResult]
    verify_signature(sig, data_hash=..., data=..., cert_checker=..., timestamp_checker=...) -> list[CheckResult]

Submodules are imported lazily by callers that need only part (e.g. the CLI's ``inspect``).
"""

from __future__ import annotations

from eseal.engine.ses.build import (
    DEFAULT_VID,
    SES_VERSION,
    SesBuildError,
    assemble_seal,
    build_seal,
    build_seal_info,
    build_signature,
    build_tbs_sign,
)
from eseal.engine.ses.certs import CertView, cert_in_seal, load_certificate
from eseal.engine.ses.errors import SesFormatError
from eseal.engine.ses.esid import KIND_TO_TYPE, EsIdError, SealType, make_es_id, parse_es_id, type_label
from eseal.engine.ses.model import (
    CERT_LIST_CERTS,
    CERT_LIST_DIGESTS,
    FORMAT_V1,
    FORMAT_V4,
    FORMAT_V5,
    Extension,
    Picture,
    Seal,
    SealInfo,
    Signature,
)
from eseal.engine.ses.parse import parse_any, parse_seal, parse_signature
from eseal.engine.ses.verify import (
    REPORT_ITEMS,
    CheckResult,
    Status,
    find,
    overall,
    signing_time,
    verify_seal,
    verify_signature,
)

__all__ = [
    "CERT_LIST_CERTS",
    "CERT_LIST_DIGESTS",
    "DEFAULT_VID",
    "FORMAT_V1",
    "FORMAT_V4",
    "FORMAT_V5",
    "KIND_TO_TYPE",
    "REPORT_ITEMS",
    "SES_VERSION",
    "CertView",
    "CheckResult",
    "EsIdError",
    "Extension",
    "Picture",
    "Seal",
    "SealInfo",
    "SealType",
    "SesBuildError",
    "SesFormatError",
    "Signature",
    "Status",
    "assemble_seal",
    "build_seal",
    "build_seal_info",
    "build_signature",
    "build_tbs_sign",
    "cert_in_seal",
    "find",
    "load_certificate",
    "make_es_id",
    "overall",
    "parse_any",
    "parse_es_id",
    "parse_seal",
    "parse_signature",
    "signing_time",
    "type_label",
    "verify_seal",
    "verify_signature",
]
