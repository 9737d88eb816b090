"""The signing use case for either profile: :func:`seal_document` hands the document to the profile's sealer.

Callers that know their profile up front (``eseal sign``) may call :func:`.gm_sealing.seal_gm_document` or
:func:`.pades_sealing.seal_pades_document` through the face instead, so that a PAdES process does not load
the GM profile's modules (issue E3 #12); the result and the errors are the same.
"""

from __future__ import annotations

from eseal.engine.pdf.sign.gm_sealing import seal_gm_document
from eseal.engine.pdf.sign.pades_sealing import seal_pades_document
from eseal.engine.pdf.sign.sealing import SealMaterial, SigningPolicy, SigningResult


def seal_document(pdf: bytes, seal: SealMaterial, policy: SigningPolicy) -> SigningResult:
    """Stamp and sign ``pdf`` with ``seal`` under ``policy``.

    :raises SigningRefused: wrong key family for the profile, a seal outside its own validity window,
        or a certificate the policy's CA revoked or considers unusable (checked before anything is signed).
    :raises PdfInputError, PlacementError: the document or the placement is unusable.
    :raises TimeStampUnavailable: no trusted time could be obtained (nothing is signed).
    :raises SigningError, PKIError: signing failed although the input was fine.
    """
    if policy.profile == "gm":
        return seal_gm_document(pdf, seal, policy)
    return seal_pades_document(pdf, seal, policy)
