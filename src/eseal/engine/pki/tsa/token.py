"""Time-stamp token reading and verification: what a token proves, and whether it can be trusted."""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from asn1crypto import cms, tsp, x509
from asn1crypto import crl as asn1_crl
from asn1crypto import parser as asn1_parser

import eseal.engine.pki.digests as digests
from eseal.engine.gm import oids as gm_oids
from eseal.engine.pki.certs import EKU_TIME_STAMPING
from eseal.engine.pki.errors import InvalidArgument, InvalidTimeStamp
from eseal.engine.pki.signer import verify_with_public_key_info
from eseal.engine.pki.tsa.protocol import ID_CT_TST_INFO, PKCS7_SIGNED_DATA
from eseal.engine.pki.validation import ValidationResult, validate_certificate

# Signature-algorithm OIDs seen in SignerInfos of other TSAs, mapped to the combined OID we verify.
_RSA_ENCRYPTION = "1.2.840.113549.1.1.1"
_SM2_SIGN = "1.2.156.10197.1.301.1"
_SM2_WITH_SM3 = "1.2.156.10197.1.501"


@dataclass(frozen=True)
class TimeStampInfo:
    """What a verified token proves: ``gen_time`` is the trusted time."""

    gen_time: _dt.datetime
    serial_number: int
    policy: str
    hash_algorithm: str  # dotted OID of the message imprint
    hashed_message: bytes
    nonce: int | None
    accuracy_seconds: float | None
    tsa_certificate: x509.Certificate
    chain: ValidationResult | None  # ValidationResult of the TSA certificate at gen_time (None if not checked)


def parse_token(token: bytes | cms.ContentInfo) -> tuple[cms.SignedData, tsp.TSTInfo, bytes]:
    """(SignedData, TSTInfo, TSTInfo DER) of a token; :class:`InvalidTimeStamp` for anything malformed."""
    try:
        raw = token.dump() if isinstance(token, cms.ContentInfo) else bytes(token)
        ci = cms.ContentInfo.load(raw)
        content_type = ci["content_type"].dotted
        if content_type == PKCS7_SIGNED_DATA:
            sd = ci["content"]
        elif content_type == gm_oids.GM_SIGNED_DATA:
            # GM/T 0010 wrapping used by some Chinese TSAs: same SignedData under another OID
            _, _, _, _, outer, _ = asn1_parser.parse(raw)
            cls_, _, tag, _, inner, _ = asn1_parser.parse(outer[asn1_parser.peek(outer):])
            if (cls_, tag) != (2, 0):
                raise InvalidTimeStamp("GM/T 0010 token content is not [0] EXPLICIT")
            sd = cms.SignedData.load(inner)
        else:
            raise InvalidTimeStamp("time-stamp token is not CMS SignedData")
        encap = sd["encap_content_info"]
        if encap["content_type"].dotted != ID_CT_TST_INFO:
            raise InvalidTimeStamp("time-stamp token does not contain a TSTInfo")
        tst_der = encap["content"].contents if encap["content"].native is not None else b""
        if not tst_der:
            raise InvalidTimeStamp("time-stamp token has no TSTInfo content")
        tst = tsp.TSTInfo.load(tst_der)
        tst.native  # noqa: B018 - full parse of the small TSTInfo (not of sd: that would mutate it)
    except InvalidTimeStamp:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise InvalidTimeStamp(f"malformed time-stamp token: {exc}") from exc
    return sd, tst, tst_der


def token_gen_time(token: bytes | cms.ContentInfo) -> _dt.datetime:
    """genTime of a token WITHOUT verifying it (for display; use :func:`verify_token` for trust)."""
    return parse_token(token)[1]["gen_time"].native


def _attr(signer_info: cms.SignerInfo, name: str) -> Any:
    for attr in signer_info["signed_attrs"]:
        if attr["type"].native == name:
            values = attr["values"]
            if len(values) != 1:
                raise InvalidTimeStamp(f"signed attribute {name} must have exactly one value")
            return values[0]
    return None


def _signature_oid(signer_info: cms.SignerInfo, digest_oid: str) -> str:
    oid = signer_info["signature_algorithm"]["algorithm"].dotted
    if oid == _SM2_SIGN and digest_oid == digests.SM3:
        return _SM2_WITH_SM3
    if oid == _RSA_ENCRYPTION and digest_oid == digests.SHA256:
        return "1.2.840.113549.1.1.11"
    return oid


def _check_signing_certificate(signer_info: cms.SignerInfo, cert: x509.Certificate) -> None:
    v2 = _attr(signer_info, "signing_certificate_v2")
    if v2 is not None:
        first = v2["certs"][0]
        hash_oid = first["hash_algorithm"]["algorithm"].dotted
        try:
            expected = digests.digest(hash_oid, cert.dump())
        except digests.UnsupportedDigest as exc:
            raise InvalidTimeStamp(f"ESSCertIDv2 uses an unsupported hash {hash_oid}") from exc
        if first["cert_hash"].native != expected:
            raise InvalidTimeStamp("ESSCertIDv2 does not match the TSA certificate")
        return
    v1 = _attr(signer_info, "signing_certificate")
    if v1 is not None:
        if v1["certs"][0]["cert_hash"].native != hashlib.sha1(cert.dump(), usedforsecurity=False).digest():
            raise InvalidTimeStamp("ESSCertID does not match the TSA certificate")
        return
    raise InvalidTimeStamp("token lacks the signing-certificate attribute (RFC 3161 §2.4.1)")


def verify_token(
    token: bytes | cms.ContentInfo,
    *,
    data: bytes | None = None,
    digest: bytes | None = None,
    hash_algorithm: str | None = None,
    trust_roots: Iterable[x509.Certificate],
    intermediates: Iterable[x509.Certificate] = (),
    crls: Iterable[asn1_crl.CertificateList] = (),
    tsa_certificates: Iterable[x509.Certificate] = (),
    nonce: int | None = None,
    require_revocation: bool = True,
) -> TimeStampInfo:
    """Verify a token and return the proven time, or raise :class:`InvalidTimeStamp` saying why.

    Checks: the message imprint against ``data`` (hashed with the token's algorithm) or ``digest``;
    contentType and messageDigest signed attributes; the TSA signature; the signing-certificate
    attribute; the TSA certificate's sole, critical timeStamping EKU; and its chain at ``genTime``
    (revocation included; a TSA certificate revoked after ``genTime`` still proves that time).
    """
    if data is None and digest is None:
        raise InvalidArgument("verify_token needs data or digest to check the message imprint")
    sd, tst, tst_der = parse_token(token)
    try:
        return _verify_parsed(sd, tst, tst_der, data=data, digest=digest, hash_algorithm=hash_algorithm,
                              trust_roots=trust_roots, intermediates=intermediates, crls=crls,
                              tsa_certificates=tsa_certificates, nonce=nonce, require_revocation=require_revocation)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise InvalidTimeStamp(f"malformed time-stamp token: {exc}") from exc


def _verify_parsed(sd: cms.SignedData, tst: tsp.TSTInfo, tst_der: bytes, *, data: bytes | None, digest: bytes | None,
                   hash_algorithm: str | None, trust_roots: Iterable[x509.Certificate],
                   intermediates: Iterable[x509.Certificate], crls: Iterable[asn1_crl.CertificateList],
                   tsa_certificates: Iterable[x509.Certificate], nonce: int | None,
                   require_revocation: bool) -> TimeStampInfo:
    imprint = tst["message_imprint"]
    imprint_oid = imprint["hash_algorithm"]["algorithm"].dotted
    hashed = imprint["hashed_message"].native
    if hash_algorithm is not None and digests.digest_oid(hash_algorithm) != imprint_oid:
        raise InvalidTimeStamp(f"token imprint uses {imprint_oid}, expected {hash_algorithm}")
    if data is not None:
        try:
            expected = digests.digest(imprint_oid, data)
        except digests.UnsupportedDigest as exc:
            raise InvalidTimeStamp(f"token imprint uses unsupported hash {imprint_oid}") from exc
        if expected != hashed:
            raise InvalidTimeStamp("message imprint does not match the data")
    elif digest != hashed:
        raise InvalidTimeStamp("message imprint does not match the digest")
    if nonce is not None and tst["nonce"].native != nonce:
        raise InvalidTimeStamp("token nonce does not match the request")

    signer_infos = sd["signer_infos"]
    if len(signer_infos) != 1:
        raise InvalidTimeStamp("token must have exactly one SignerInfo")
    si = signer_infos[0]
    raw_attrs = si["signed_attrs"].dump()  # before any .native access: asn1crypto would re-encode it
    if not raw_attrs:
        raise InvalidTimeStamp("token SignerInfo has no signed attributes")
    signed_attrs_der = b"\x31" + raw_attrs[1:]
    digest_oid = si["digest_algorithm"]["algorithm"].dotted
    content_type = _attr(si, "content_type")
    if content_type is None or content_type.dotted != ID_CT_TST_INFO:
        raise InvalidTimeStamp("contentType signed attribute is not id-ct-TSTInfo")
    md = _attr(si, "message_digest")
    try:
        if md is None or md.native != digests.digest(digest_oid, tst_der):
            raise InvalidTimeStamp("messageDigest does not match the TSTInfo (token tampered)")
    except digests.UnsupportedDigest as exc:
        raise InvalidTimeStamp(f"token digest algorithm {digest_oid} unsupported") from exc

    sid = si["sid"]
    candidates = [*(c.chosen for c in sd["certificates"] if c.name == "certificate"), *tsa_certificates]
    tsa_cert = None
    for c in candidates:
        if sid.name == "issuer_and_serial_number":
            if c.issuer == sid.chosen["issuer"] and c.serial_number == sid.chosen["serial_number"].native:
                tsa_cert = c
                break
        elif c.key_identifier == sid.chosen.native:
            tsa_cert = c
            break
    if tsa_cert is None:
        raise InvalidTimeStamp("TSA certificate not found in the token (request it with certReq)")
    if not verify_with_public_key_info(
        tsa_cert.public_key, si["signature"].native, signed_attrs_der, _signature_oid(si, digest_oid)
    ):
        raise InvalidTimeStamp("TSA signature does not verify (token tampered or wrong certificate)")
    _check_signing_certificate(si, tsa_cert)

    eku = tsa_cert.extended_key_usage_value
    if eku is None or [p.dotted for p in eku] != [EKU_TIME_STAMPING]:
        raise InvalidTimeStamp("TSA certificate must have id-kp-timeStamping as its only extended key usage")
    if "extended_key_usage" not in tsa_cert.critical_extensions:
        raise InvalidTimeStamp("TSA certificate's extended key usage is not critical")

    gen_time = tst["gen_time"].native
    token_certs = [c.chosen for c in sd["certificates"] if c.name == "certificate"] if sd["certificates"].native else []
    chain = validate_certificate(
        tsa_cert,
        trust_roots=trust_roots,
        intermediates=[*intermediates, *token_certs],
        crls=crls,
        at=gen_time,
        require_revocation=require_revocation,
    )
    if not chain.ok:
        raise InvalidTimeStamp(f"TSA certificate not valid at {gen_time.isoformat()}: {chain.status.value}: {chain.message}")
    acc = tst["accuracy"]
    accuracy = None
    if acc.native is not None:
        accuracy = (acc["seconds"].native or 0) + (acc["millis"].native or 0) / 1e3 + (acc["micros"].native or 0) / 1e6
    return TimeStampInfo(
        gen_time=gen_time,
        serial_number=tst["serial_number"].native,
        policy=tst["policy"].dotted,
        hash_algorithm=imprint_oid,
        hashed_message=hashed,
        nonce=tst["nonce"].native,
        accuracy_seconds=accuracy,
        tsa_certificate=tsa_cert,
        chain=chain,
    )
