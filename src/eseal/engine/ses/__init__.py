"""GB/T 38540 electronic-seal objects: SES_Seal and SES_Signature (write v4, read v1/v2/v4/v5).

Public API (documented in docs/ses.md)::

    build_seal(...) -> bytes               # maker-signed SESeal v4 (DER)
    build_signature(...) -> bytes          # SES_Signature v4 (DER)
    parse_seal(der) -> Seal                # version-detected; SesFormatError on any malformation
    parse_signature(der) -> Signature
    parse_any(der) -> Seal | Signature
    verify_seal(seal, at=..., cert_checker=...) -> list[CheckResult]
    verify_signature(sig, data_hash=..., data=..., cert_checker=..., timestamp_checker=...) -> list[CheckResult]

Also: the seal directory (``open_seal_dir`` / ``create_seal_dir``), the trust hooks built on the PKI
package (``local_ca_checker``, ``roots_checker``, ``local_ca_timestamp_checker``, ``tsa_checker``), and one
error hierarchy under :class:`SesError` (each class with a stable ``code``). Callers outside the package
import from this face; ``Status`` is the engine-wide
:class:`~eseal.engine.status.CheckStatus` (pass / fail / unknown / not_applicable).

Names other than the errors are loaded on first use (PEP 562, as in ``eseal.engine.pdf``): signing with a
seal directory needs the seal's parser and its directory, not the verifier, whose SM2 checks load
tongsuopy (issue E3 #12, cold start of ``eseal sign --profile pades``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eseal.engine.faces import lazy_face
from eseal.engine.ses.errors import EsIdError, SealDirError, SesBuildError, SesError, SesFormatError

if TYPE_CHECKING:  # the rest of the face is loaded on first use (see __getattr__ below)
    from eseal.engine.ses.build import (
        DEFAULT_VID,
        SES_VERSION,
        assemble_seal,
        build_seal,
        build_seal_info,
        build_signature,
        build_tbs_sign,
    )
    from eseal.engine.ses.certs import CertView, cert_in_seal, load_certificate
    from eseal.engine.ses.checks import (
        REPORT_ITEMS,
        SEAL_FORMAT,
        SEAL_HOLDER_CERT_TRUST,
        SEAL_MAKER_CERT,
        SEAL_MAKER_CERT_TRUST,
        SEAL_MAKER_SIGNATURE,
        SEAL_VALIDITY,
        SIG_DATA_HASH,
        SIG_FORMAT,
        SIG_SIGNER_CERT_TRUST,
        SIG_SIGNER_IN_SEAL,
        SIG_SIGNING_TIME,
        SIG_TIMESTAMP,
        SIG_VALUE,
        CertChecker,
        CheckResult,
        Status,
        TimestampChecker,
        find,
        overall,
    )
    from eseal.engine.ses.esid import KIND_TO_TYPE, SealType, make_es_id, parse_es_id, type_label
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
    from eseal.engine.ses.seal_maker import SealFace, create_seal_dir
    from eseal.engine.ses.sealdir import SealDir, open_seal_dir
    from eseal.engine.ses.timestamp import TokenInfo, read_token
    from eseal.engine.ses.trust import (
        local_ca_checker,
        local_ca_timestamp_checker,
        roots_checker,
        tsa_checker,
    )
    from eseal.engine.ses.verify import signing_time, verify_seal, verify_signature

__all__ = [
    "CERT_LIST_CERTS",
    "CERT_LIST_DIGESTS",
    "DEFAULT_VID",
    "FORMAT_V1",
    "FORMAT_V4",
    "FORMAT_V5",
    "KIND_TO_TYPE",
    "REPORT_ITEMS",
    "SEAL_FORMAT",
    "SEAL_HOLDER_CERT_TRUST",
    "SEAL_MAKER_CERT",
    "SEAL_MAKER_CERT_TRUST",
    "SEAL_MAKER_SIGNATURE",
    "SEAL_VALIDITY",
    "SES_VERSION",
    "SIG_DATA_HASH",
    "SIG_FORMAT",
    "SIG_SIGNER_CERT_TRUST",
    "SIG_SIGNER_IN_SEAL",
    "SIG_SIGNING_TIME",
    "SIG_TIMESTAMP",
    "SIG_VALUE",
    "CertChecker",
    "CertView",
    "CheckResult",
    "EsIdError",
    "Extension",
    "Picture",
    "Seal",
    "SealDir",
    "SealDirError",
    "SealFace",
    "SealInfo",
    "SealType",
    "SesBuildError",
    "SesError",
    "SesFormatError",
    "Signature",
    "Status",
    "TimestampChecker",
    "TokenInfo",
    "assemble_seal",
    "build_seal",
    "build_seal_info",
    "build_signature",
    "build_tbs_sign",
    "cert_in_seal",
    "create_seal_dir",
    "find",
    "load_certificate",
    "local_ca_checker",
    "local_ca_timestamp_checker",
    "make_es_id",
    "open_seal_dir",
    "overall",
    "parse_any",
    "parse_es_id",
    "parse_seal",
    "parse_signature",
    "read_token",
    "roots_checker",
    "signing_time",
    "tsa_checker",
    "type_label",
    "verify_seal",
    "verify_signature",
]


__getattr__, __dir__ = lazy_face(__name__)
