"""Adapters from the PKI package's chain validation to the SES verifier's hooks.

Kept separate so the SES core does not need a CA to parse or verify signatures cryptographically;
the PDF verifier and the CLI plug a :class:`~eseal.engine.pki.ca.LocalCA` (or explicit trust
roots/CRLs) in through :func:`local_ca_checker` / :func:`roots_checker`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any

from asn1crypto import x509

from eseal.engine.pki import FAMILIES, InvalidTimeStamp, ValidationResult, validate_certificate, verify_token
from eseal.engine.ses.checks import CertChecker, Status, TimestampChecker
from eseal.engine.status import CheckStatus

# Both the seal maker and the signer sign: the leaf must allow digitalSignature.
_KEY_USAGE = ("digital_signature",)


def _map(result: ValidationResult) -> tuple[CheckStatus, str]:
    status = result.check_status  # VALID pass, REVOCATION_UNKNOWN unknown, any other reason fail
    if status is CheckStatus.PASS:
        warn = f" ({'; '.join(result.warnings)})" if result.warnings else ""
        return status, f"{result.message}{warn}"
    if status is CheckStatus.UNKNOWN:
        return status, result.message
    return status, f"{result.reason.value}: {result.message}"


def local_ca_checker(ca: Any) -> CertChecker:
    """Trust = our built-in CA (roots, intermediates and CRLs of both families)."""

    def check(cert_der: bytes, at: _dt.datetime, role: str) -> tuple[Status | CheckStatus, str]:
        return _map(ca.validate(x509.Certificate.load(cert_der), at=at, key_usage=_KEY_USAGE))

    return check


def roots_checker(
    trust_roots: Sequence[x509.Certificate],
    intermediates: Sequence[x509.Certificate] = (),
    crls: Sequence[Any] = (),
) -> CertChecker:
    """Trust = explicit roots (+ intermediates, CRLs), e.g. from a verification policy file."""
    def check(cert_der: bytes, at: _dt.datetime, role: str) -> tuple[Status | CheckStatus, str]:
        res = validate_certificate(
            x509.Certificate.load(cert_der), trust_roots=list(trust_roots),
            intermediates=list(intermediates), crls=list(crls), at=at, key_usage=_KEY_USAGE,
        )
        return _map(res)

    return check


def local_ca_timestamp_checker(ca: Any) -> TimestampChecker:
    """TSA trust = a token signed by one of our CA's TSAs (either family), verified by
    :func:`eseal.engine.pki.tsa.verify_token`: imprint over the signature value, TSA signature,
    ESS signing-certificate, critical timeStamping EKU, TSA chain + CRL at genTime."""
    families = list(FAMILIES)
    return tsa_checker(
        trust_roots=[r for f in families for r in ca.trust_roots(f)],
        intermediates=[i for f in families for i in ca.intermediates(f)],
        crls=[c for f in families for c in ca.crls(f)],
    )


def tsa_checker(
    trust_roots: Sequence[x509.Certificate],
    intermediates: Sequence[x509.Certificate] = (),
    crls: Sequence[Any] = (),
) -> TimestampChecker:
    def check(token: bytes, signature_value: bytes) -> tuple[Status | CheckStatus, str]:
        try:
            info = verify_token(token, data=signature_value, trust_roots=list(trust_roots),
                                intermediates=list(intermediates), crls=list(crls))
        except InvalidTimeStamp as exc:
            return CheckStatus.FAIL, str(exc)
        subject = info.tsa_certificate.subject.human_friendly
        return CheckStatus.PASS, f"time stamp {info.gen_time.isoformat()} by {subject} verified"

    return check
