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

from eseal.engine.ses.verify import CertChecker, Status

# Both the seal maker and the signer sign: the leaf must allow digitalSignature.
_KEY_USAGE = ("digital_signature",)


def _map(result: Any) -> tuple[Status, str]:
    from eseal.engine.pki.validation import Status as VStatus

    if result.status is VStatus.VALID:
        warn = f" ({'; '.join(result.warnings)})" if getattr(result, "warnings", ()) else ""
        return Status.PASS, f"{result.message}{warn}"
    if result.status is VStatus.REVOCATION_UNKNOWN:
        return Status.UNKNOWN, result.message
    return Status.FAIL, f"{result.status.value}: {result.message}"


def local_ca_checker(ca: Any) -> CertChecker:
    """Trust = our built-in CA (roots, intermediates and CRLs of both families)."""

    def check(cert_der: bytes, at: _dt.datetime, role: str) -> tuple[Status, str]:
        return _map(ca.validate(x509.Certificate.load(cert_der), at=at, key_usage=_KEY_USAGE))

    return check


def roots_checker(
    trust_roots: Sequence[x509.Certificate],
    intermediates: Sequence[x509.Certificate] = (),
    crls: Sequence[Any] = (),
) -> CertChecker:
    """Trust = explicit roots (+ intermediates, CRLs), e.g. from a verification policy file."""
    from eseal.engine.pki.validation import validate_certificate

    def check(cert_der: bytes, at: _dt.datetime, role: str) -> tuple[Status, str]:
        res = validate_certificate(
            x509.Certificate.load(cert_der), trust_roots=list(trust_roots),
            intermediates=list(intermediates), crls=list(crls), at=at, key_usage=_KEY_USAGE,
        )
        return _map(res)

    return check
