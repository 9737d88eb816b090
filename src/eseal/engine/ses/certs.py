"""Just enough X.509 for the SES layer: names, validity window, public key, fingerprints.

Chain building, revocation and key-usage policy belong to the PKI package
(``eseal.engine.pki``); :func:`eseal.engine.ses.verify.verify_signature` takes a hook for them.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from asn1crypto import x509

from eseal.engine.gm import sm3
from eseal.engine.ses.errors import SesFormatError
from eseal.engine.ses.model import CertDigest


@dataclass(frozen=True, slots=True)
class CertView:
    der: bytes
    subject: str
    issuer: str
    serial: int
    not_before: _dt.datetime
    not_after: _dt.datetime
    key_algorithm: str  # dotted OID of SubjectPublicKeyInfo.algorithm
    curve: str | None  # dotted OID of the named curve for EC keys
    spki_der: bytes
    public_point: bytes | None  # EC public point (uncompressed) when applicable

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.der).hexdigest()

    @property
    def sm3(self) -> bytes:
        return sm3(self.der)

    @property
    def is_sm2(self) -> bool:
        return self.curve == "1.2.156.10197.1.301"

    def valid_at(self, at: _dt.datetime) -> bool:
        return self.not_before <= at <= self.not_after

    def summary(self) -> dict[str, object]:
        return {
            "subject": self.subject,
            "issuer": self.issuer,
            "serial": format(self.serial, "x"),
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
            "key": "SM2" if self.is_sm2 else (self.curve or self.key_algorithm),
            "sha256": self.sha256,
        }


_SHORT = {
    "country_name": "C", "state_or_province_name": "ST", "locality_name": "L", "organization_name": "O",
    "organizational_unit_name": "OU", "common_name": "CN", "serial_number": "serialNumber",
    "organization_identifier": "organizationIdentifier", "email_address": "emailAddress",
}


def _name(name: x509.Name) -> str:
    """RFC 4514-like, in certificate order (``C=CN, O=…, CN=…``)."""
    parts = []
    for rdn in name.chosen:
        for atv in rdn:
            key = atv["type"].native
            val = atv["value"].native
            parts.append(f"{_SHORT.get(key, key)}={val}")
    return ", ".join(parts)


@functools.lru_cache(maxsize=256)
def load_certificate(der: bytes, path: str = "certificate") -> CertView:
    """Parse a DER X.509 certificate eagerly; any problem becomes :class:`SesFormatError`."""
    try:
        cert = x509.Certificate.load(der, strict=True)
        tbs = cert["tbs_certificate"]
        validity = tbs["validity"]
        nb = validity["not_before"].native
        na = validity["not_after"].native
        spki = tbs["subject_public_key_info"]
        alg = spki["algorithm"]["algorithm"].dotted
        curve = None
        point = None
        params = spki["algorithm"]["parameters"]
        if alg == "1.2.840.10045.2.1" and params.name == "named":
            curve = params.chosen.dotted
            point = bytes(spki["public_key"].contents[1:])
        view = CertView(
            der=bytes(der),
            subject=_name(tbs["subject"]),
            issuer=_name(tbs["issuer"]),
            serial=int(tbs["serial_number"].native),
            not_before=nb,
            not_after=na,
            key_algorithm=alg,
            curve=curve,
            spki_der=spki.dump(),
            public_point=point,
        )
    except SesFormatError:
        raise
    except Exception as exc:  # asn1crypto raises ValueError/TypeError/KeyError/... lazily
        raise SesFormatError(path, f"not a DER X.509 certificate ({type(exc).__name__}: {str(exc)[:120]})") from exc
    if not isinstance(view.not_before, _dt.datetime) or not isinstance(view.not_after, _dt.datetime):
        raise SesFormatError(path, "certificate validity is not a date")
    return view


def cert_in_seal(cert: CertView, certs: Sequence[bytes], digests: Sequence[CertDigest]) -> bool:
    """GB/T 38540 §7.3 c: byte-compare certificates, or compare a digest of the certificate.

    Digests: plain SM3 of the DER certificate (what we write), or SHA-256/SHA-1 when the digest
    type says so. The SM3(Z||M) variant some vendors use needs the vendor's signer ID and is not
    tried.
    """
    if any(c == cert.der for c in certs):
        return True
    for d in digests:
        kind = d.type.upper().replace("-", "").strip()
        if kind in ("SM3", "") and d.value == cert.sm3:
            return True
        if kind == "SHA256" and d.value == hashlib.sha256(cert.der).digest():
            return True
        if kind in ("SHA1", "SHA") and d.value == hashlib.sha1(cert.der).digest():  # noqa: S324
            return True
    return False
