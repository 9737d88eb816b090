"""The signing use case for the GM profile (GB/T 38540 SES, SM2/SM3): :func:`seal_gm_document`.

Only a GM signature imports this module and, through it, the SES builder and the prefix digest
(issue E3 #12: a PAdES ``eseal sign`` process loads neither).
"""

from __future__ import annotations

from eseal.engine.pdf.sign.gm import sign_gm
from eseal.engine.pdf.sign.sealing import SealMaterial, SigningPolicy, SigningResult, admit


def seal_gm_document(pdf: bytes, seal: SealMaterial, policy: SigningPolicy) -> SigningResult:
    """:func:`eseal.engine.pdf.sign.profiles.seal_document` for ``policy.profile == "gm"`` (same errors)."""
    timestamper, claimed, signer_name = admit(seal, policy, "gm")
    out = sign_gm(
        pdf, seal_der=seal.seal_der, signer=seal.signer, signer_cert_der=seal.cert_der,
        request=policy.request, timestamper=timestamper, claimed_time_only=claimed,
        signer_name=signer_name, reason=policy.reason, location=policy.location, appearance=seal.appearance,
        max_bytes=policy.max_bytes,
    )
    return SigningResult(pdf=out, profile=policy.profile, mode=policy.request.mode, trusted_time=not claimed)
