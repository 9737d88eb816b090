"""The signing use case for the PAdES profile (ECDSA, CAdES-detached): :func:`seal_pades_document`.

Imports nothing of the GM profile (issue E3 #12): no SES builder, no SM3 prefix digest.
"""

from __future__ import annotations

from typing import Any

from asn1crypto import x509

from eseal.engine.pdf.sign.pades import sign_pades
from eseal.engine.pdf.sign.sealing import SealMaterial, SigningPolicy, SigningResult, admit
from eseal.engine.pki import LocalCA


def pades_chain(ca: LocalCA | None, cert_der: bytes) -> list[Any]:
    """Issuing CA + root for the PAdES CMS (so readers can build the path), when the CA is at hand."""
    if ca is None:
        return []
    try:
        return ca.chain_for(x509.Certificate.load(cert_der))[1:]
    except Exception:  # a certificate from another CA: embed only the signer's own
        return []


def seal_pades_document(pdf: bytes, seal: SealMaterial, policy: SigningPolicy) -> SigningResult:
    """:func:`eseal.engine.pdf.sign.profiles.seal_document` for ``policy.profile == "pades"`` (same errors)."""
    timestamper, claimed, signer_name = admit(seal, policy, "pades")
    ca = policy.ca
    out = sign_pades(
        pdf, signer=seal.signer, cert=seal.cert_der, chain=pades_chain(ca or seal.issuer_ca, seal.cert_der),
        appearance=seal.appearance, seal_der=seal.seal_der, request=policy.request,
        timestamper=timestamper, claimed_time_only=claimed,
        lt_crls=[c.dump() for c in ca.crls("ecdsa")] if ca is not None else None,
        trust_roots=ca.trust_roots("ecdsa") if ca is not None else (),
        signer_name=signer_name, reason=policy.reason, location=policy.location, max_bytes=policy.max_bytes,
    )
    return SigningResult(pdf=out, profile=policy.profile, mode=policy.request.mode, trusted_time=not claimed)
