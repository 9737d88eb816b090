"""What the platform trusts when it verifies (the platform CA's roots, its issuing/TSA/maker certificates as
helpers, and its current CRLs) and the signer of its reports (the platform report seal, 电子印章验证报告专用章).

The trust store is built per verification from the CA (the CRLs are re-read, so a certificate revoked a second
ago is reported revoked); the report signer is built once per process (decrypting its key is the slow part).
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from eseal.engine.pdf import ReportSealSigner, TrustStore, ensure_platform_seal
from eseal.engine.pki import CAError
from eseal.platform.core import Services

FAMILIES = ("sm2", "ecdsa")
_SIGNER_KEY = "verification_report_signer"
_LOCK = threading.Lock()


def platform_trust(svc: Services) -> TrustStore:
    """The platform CA's trust: roots as anchors, its other certificates as helpers, every family's CRLs."""
    ca = svc.ca
    anchors: list[Any] = []
    helpers: list[Any] = []
    crls: list[Any] = []
    for family in FAMILIES:
        anchors.extend(ca.trust_roots(family))
        helpers.extend(ca.intermediates(family))
        for role in ("tsa", "maker"):
            with contextlib.suppress(CAError):  # the maker certificate exists for SM2 only
                helpers.append(ca.certificate(family, role))
        crls.extend(ca.crls(family))
    return TrustStore(anchors=anchors, intermediates=helpers, crls=crls)


def report_signer(svc: Services) -> ReportSealSigner:
    """The platform report seal's signer (made on first use in the CA directory), with the CA's TSA; cached.

    Raises what ``ensure_platform_seal`` / the key store raise when the seal cannot be made or opened."""
    signer = svc.extra.get(_SIGNER_KEY)
    if signer is None:
        with _LOCK:
            signer = svc.extra.get(_SIGNER_KEY)
            if signer is None:
                ca = svc.ca
                # the platform CA's keys are under the platform master key (no master.key file in its directory)
                signer = ReportSealSigner(ensure_platform_seal(ca), ca=ca, master_key=ca.keystore.master_key)
                svc.extra[_SIGNER_KEY] = signer
    return signer
