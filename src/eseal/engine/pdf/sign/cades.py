"""The signature container of the PAdES profile: a CAdES-detached CMS ``SignedData`` (ETSI EN 319 142-1).

Built with asn1crypto exactly as pyHanko's ``Signer.async_sign(..., use_pades=True)`` builds it (the
profile's container came from there before): signed attributes content-type (``data``), message-digest
and ESS signing-certificate-v2 (SHA-256 of the signer's certificate with its issuer and serial), no
signing-time (PAdES forbids it: the claimed time is the signature dictionary's ``/M``); the signer
identified by issuer and serial; every certificate given embedded; the RFC 3161 signature time-stamp
(over the signature value) as the unsigned attribute ``signature-time-stamp-token`` when there is a TSA.
Importing ``pyhanko.sign`` for this alone cost ~0.2 s of every ``eseal sign --profile pades`` process
(aiohttp and the whole validation stack come with it, issue E3 #12).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from asn1crypto import algos, cms, tsp, x509

from eseal.engine.pdf.errors import SigningError
from eseal.engine.pdf.sign.trusted_time import token_over
from eseal.engine.pki import TimeStampUnavailable

# key families whose CMS the PAdES profile makes (SM2 uses the GM profile)
PADES_FAMILIES = ("ecdsa-p256", "rsa")


def require_pades_signer(signer: Any) -> None:
    """Refuse, before any work, a signer whose key the PAdES profile cannot use."""
    if getattr(signer, "algorithm", None) not in PADES_FAMILIES:
        raise SigningError("the PAdES profile needs an ECDSA P-256 or RSA signer (SM2 uses the GM profile)")


def as_certificate(cert: Any) -> x509.Certificate:
    """An asn1crypto certificate from DER bytes or an asn1crypto certificate."""
    return x509.Certificate.load(bytes(cert)) if isinstance(cert, bytes | bytearray) else cert


def signing_certificate_v2(cert: x509.Certificate) -> tsp.SigningCertificateV2:
    """RFC 5035 ``SigningCertificateV2`` naming ``cert`` by its SHA-256 hash, issuer and serial."""
    return tsp.SigningCertificateV2({
        "certs": [tsp.ESSCertIDv2({
            "hash_algorithm": {"algorithm": "sha256"},
            "cert_hash": hashlib.sha256(cert.dump()).digest(),
            "issuer_serial": {
                "issuer": [x509.GeneralName({"directory_name": cert.issuer})],
                "serial_number": cert["tbs_certificate"]["serial_number"],
            },
        })]
    })


def cades_detached(
    document_digest: bytes,
    *,
    signer: Any,
    cert: x509.Certificate,
    certs: Sequence[x509.Certificate],
    timestamper: Any = None,
) -> cms.ContentInfo:
    """The CMS ``ContentInfo`` signing ``document_digest`` (SHA-256 of the ByteRange) with ``signer``.

    ``signer`` is an :class:`eseal.engine.pki.signer.Signer` (hashes with SHA-256 itself); ``certs`` are
    embedded beside ``cert`` (duplicates once). ``timestamper``: any time-stamp source
    :func:`.trusted_time.token_over` accepts; its failures raise ``TimeStampUnavailable``.
    """
    require_pades_signer(signer)
    signed_attrs = cms.CMSAttributes([
        cms.CMSAttribute({"type": "content_type", "values": ["data"]}),
        cms.CMSAttribute({"type": "message_digest", "values": [document_digest]}),
        cms.CMSAttribute({"type": "signing_certificate_v2", "values": [signing_certificate_v2(cert)]}),
    ])
    signature = signer.sign(signed_attrs.dump())
    digest_algorithm = algos.DigestAlgorithm({"algorithm": "sha256"})
    signer_info = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber(
            {"issuer": cert.issuer, "serial_number": cert.serial_number})}),
        "digest_algorithm": digest_algorithm,
        "signature_algorithm": signer.signature_algorithm,
        "signed_attrs": signed_attrs,
        "signature": signature,
    })
    if timestamper is not None:
        token = _token_info(token_over(timestamper, signature, prefer_sm3=False))
        signer_info["unsigned_attrs"] = cms.CMSAttributes([
            cms.CMSAttribute({"type": "signature_time_stamp_token", "values": [token]}),
        ])
    embedded: dict[bytes, x509.Certificate] = {}
    for c in (cert, *certs):
        embedded.setdefault(c.dump(), c)
    return cms.ContentInfo({
        "content_type": "signed_data",
        "content": cms.SignedData({
            "version": "v1",
            "digest_algorithms": [digest_algorithm],
            "encap_content_info": {"content_type": "data"},
            "certificates": [cms.CertificateChoices(name="certificate", value=c) for c in embedded.values()],
            "signer_infos": [signer_info],
        }),
    })


def _token_info(der: bytes) -> cms.ContentInfo:
    """The TSA's answer as a CMS ``ContentInfo`` (a signed-data token), else ``TimeStampUnavailable``."""
    try:
        token = cms.ContentInfo.load(der)
        if token["content_type"].native != "signed_data":
            raise ValueError(f"content type {token['content_type'].native}")
        token["content"].native  # noqa: B018 - parse it all now: a broken token must not surface later
    except (ValueError, TypeError) as exc:
        raise TimeStampUnavailable(f"time-stamping authority failed: not a time-stamp token ({exc})") from exc
    return token
