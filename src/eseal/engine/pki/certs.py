"""X.509 certificate building with asn1crypto, signed by any :class:`~eseal.engine.pki.signer.Signer`.

Why asn1crypto and not ``cryptography.x509``: cryptography cannot load SM2 keys, so it can neither sign
with them nor put an SM2 public key into a certificate. We assemble the ``TBSCertificate`` ourselves,
sign its DER with our signer (SM2-with-SM3 using the default signer ID, or ECDSA-SHA256), and re-load the
result from DER so later ``dump()`` calls are cheap.

Profiles (all v3, random 127-bit positive serials, SKI/AKI = SHA-1 of the subject public key per
RFC 5280 §4.2.1.2 method 1):

==============  ==========================================  ===============================================
profile         key usage (critical)                         other extensions
==============  ==========================================  ===============================================
root CA         keyCertSign, cRLSign                         basicConstraints CA (critical)
issuing CA      keyCertSign, cRLSign                         basicConstraints CA pathLen 0 (critical)
end entity      digitalSignature, nonRepudiation             basicConstraints CA:FALSE (critical)
seal maker      digitalSignature, nonRepudiation             basicConstraints CA:FALSE (critical)
TSA             digitalSignature, nonRepudiation             EKU timeStamping (critical, sole purpose)
==============  ==========================================  ===============================================
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
from collections.abc import Iterable, Sequence
from typing import Any

from asn1crypto import keys, pem, x509

from .errors import CertificateBuildError

# Attribute short names accepted by :func:`build_name`, in the order they are emitted.
_ATTR_ORDER = {
    "C": "country_name",
    "ST": "state_or_province_name",
    "L": "locality_name",
    "O": "organization_name",
    "OU": "organizational_unit_name",
    "CN": "common_name",
    "serialNumber": "serial_number",
    "organizationIdentifier": "organization_identifier",
}
_PRINTABLE = {"country_name", "serial_number"}

EKU_TIME_STAMPING = "1.3.6.1.5.5.7.3.8"
UTC = _dt.UTC


def utcnow() -> _dt.datetime:
    return _dt.datetime.now(UTC).replace(microsecond=0)


def build_name(attrs: Sequence[tuple[str, str]]) -> x509.Name:
    """A distinguished name from ``[("C","CN"), ("O", "..."), ("CN", "...")]``, one attribute per RDN,
    in the given order. Strings are UTF8String except C and serialNumber (PrintableString, RFC 5280)."""
    rdns = []
    for short, value in attrs:
        try:
            name = _ATTR_ORDER[short]
        except KeyError:
            raise CertificateBuildError(f"unsupported name attribute {short!r}") from None
        if not value:
            raise CertificateBuildError(f"name attribute {short} is empty")
        encoding = "printable_string" if name in _PRINTABLE else "utf8_string"
        atv = x509.NameTypeAndValue({"type": name, "value": x509.DirectoryString(name=encoding, value=value)})
        rdns.append(x509.RelativeDistinguishedName([atv]))
    return x509.Name.load(x509.Name(name="", value=x509.RDNSequence(rdns)).dump())


def name_attribute(name: x509.Name, attr: str) -> str | None:
    """First value of attribute ``attr`` (asn1crypto name, e.g. ``organization_identifier``) or None."""
    for rdn in name.chosen:
        for atv in rdn:
            if atv["type"].native == attr:
                value = atv["value"].native
                return str(value) if value is not None else None
    return None


def key_identifier(public_key_info: keys.PublicKeyInfo) -> bytes:
    """RFC 5280 method 1: SHA-1 of the subjectPublicKey BIT STRING value (not security relevant)."""
    return hashlib.sha1(public_key_info["public_key"].contents[1:], usedforsecurity=False).digest()


def random_serial() -> int:
    """127 random bits: positive, ≤ 20 octets, unpredictable (CA/B BR style)."""
    return int.from_bytes(os.urandom(16), "big") >> 1 or 1


def _time(dt: _dt.datetime) -> x509.Time:
    if dt.tzinfo is None:
        raise CertificateBuildError("certificate times must be timezone-aware")
    dt = dt.astimezone(UTC).replace(microsecond=0)
    return x509.Time(name="utc_time" if dt.year < 2050 else "general_time", value=dt)


def _ext(extn_id: str, critical: bool, value: Any) -> dict[str, Any]:
    return {"extn_id": extn_id, "critical": critical, "extn_value": value}


def ca_extensions(path_len: int | None) -> list[dict[str, Any]]:
    bc: dict[str, Any] = {"ca": True}
    if path_len is not None:
        bc["path_len_constraint"] = path_len
    return [
        _ext("basic_constraints", True, bc),
        _ext("key_usage", True, {"key_cert_sign", "crl_sign"}),
    ]


def end_entity_extensions(*, eku: Iterable[str] = (), eku_critical: bool = False) -> list[dict[str, Any]]:
    exts = [
        _ext("basic_constraints", True, {"ca": False}),
        _ext("key_usage", True, {"digital_signature", "non_repudiation"}),
    ]
    eku = list(eku)
    if eku:
        exts.append(_ext("extended_key_usage", eku_critical, eku))
    return exts


def tsa_extensions() -> list[dict[str, Any]]:
    """RFC 3161 §2.3: the TSA certificate has exactly one EKU, id-kp-timeStamping, marked critical."""
    return end_entity_extensions(eku=[EKU_TIME_STAMPING], eku_critical=True)


def build_certificate(
    *,
    subject: x509.Name,
    subject_public_key_info: keys.PublicKeyInfo,
    issuer_signer: Any,
    issuer_name: x509.Name | None = None,
    issuer_public_key_info: keys.PublicKeyInfo | None = None,
    not_before: _dt.datetime,
    not_after: _dt.datetime,
    extensions: Sequence[dict[str, Any]],
    serial: int | None = None,
    crl_urls: Sequence[str] = (),
) -> x509.Certificate:
    """Assemble, sign and re-load a certificate.

    ``issuer_name``/``issuer_public_key_info`` default to the subject's (self-signed root). SKI and AKI
    are added automatically; ``crl_urls`` become a CRL distribution point.
    """
    if not_after <= not_before:
        raise CertificateBuildError("certificate notAfter must be after notBefore")
    issuer_name = issuer_name if issuer_name is not None else subject
    issuer_pki = issuer_public_key_info if issuer_public_key_info is not None else subject_public_key_info
    if issuer_pki.dump() != issuer_signer.public_key_info.dump():
        raise CertificateBuildError("issuer signer key does not match the issuer public key")
    exts = list(extensions)
    exts.append(_ext("key_identifier", False, key_identifier(subject_public_key_info)))
    exts.append(_ext("authority_key_identifier", False, {"key_identifier": key_identifier(issuer_pki)}))
    if crl_urls:
        exts.append(
            _ext(
                "crl_distribution_points",
                False,
                [{"distribution_point": {"full_name": [{"uniform_resource_identifier": u} for u in crl_urls]}}],
            )
        )
    sig_alg = issuer_signer.signature_algorithm
    tbs = x509.TbsCertificate(
        {
            "version": "v3",
            "serial_number": serial if serial is not None else random_serial(),
            "signature": sig_alg,
            "issuer": issuer_name,
            "validity": {"not_before": _time(not_before), "not_after": _time(not_after)},
            "subject": subject,
            "subject_public_key_info": subject_public_key_info,
            "extensions": exts,
        }
    )
    tbs_der = tbs.dump()
    signature = issuer_signer.sign(tbs_der)
    cert = x509.Certificate(
        {"tbs_certificate": x509.TbsCertificate.load(tbs_der), "signature_algorithm": sig_alg, "signature_value": signature}
    )
    return x509.Certificate.load(cert.dump())


# ----------------------------------------------------------------------------------------------------------
# I/O helpers


def load_certificate(data: bytes) -> x509.Certificate:
    """PEM or DER certificate -> asn1crypto Certificate (raises CertificateBuildError on garbage)."""
    try:
        if pem.detect(data):
            _, _, data = pem.unarmor(data)
        cert = x509.Certificate.load(data)
        cert.native  # noqa: B018 - force a full parse so garbage fails here, not later
        return cert
    except (ValueError, TypeError, KeyError) as exc:
        raise CertificateBuildError(f"not a valid X.509 certificate: {exc}") from exc


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """All certificates of a PEM bundle (or one DER certificate)."""
    if not pem.detect(data):
        return [load_certificate(data)]
    out = []
    for _type, _headers, der in pem.unarmor(data, multiple=True):
        out.append(load_certificate(der))
    return out


def to_pem(cert: x509.Certificate) -> bytes:
    return pem.armor("CERTIFICATE", cert.dump())


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 fingerprint, hex (used as a stable file name / database key)."""
    return hashlib.sha256(cert.dump()).hexdigest()
