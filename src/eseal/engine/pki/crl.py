"""Certificate revocation lists (RFC 5280 §5) built with asn1crypto and signed by our signers.

A CRL here is a v2 ``CertificateList`` with CRL number and AKI extensions; each entry carries a reason
code (except ``unspecified``, which RFC 5280 says to omit). Revocation semantics used by
:mod:`eseal.engine.pki.validation`: a certificate is revoked *at time T* iff its entry's
``revocationDate`` ≤ T.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import crl, pem, x509

from .certs import _time, key_identifier
from .errors import CRLError
from .signer import verify_with_public_key_info

# RFC 5280 reason codes: CLI spelling (camelCase, as in RFC 5280/openssl) -> asn1crypto name.
REASONS = {
    "unspecified": "unspecified",
    "keyCompromise": "key_compromise",
    "cACompromise": "ca_compromise",
    "affiliationChanged": "affiliation_changed",
    "superseded": "superseded",
    "cessationOfOperation": "cessation_of_operation",
    "certificateHold": "certificate_hold",
    "privilegeWithdrawn": "privilege_withdrawn",
    "aACompromise": "aa_compromise",
}
_REASON_ALIASES = {k.lower(): v for k, v in REASONS.items()} | {v: v for v in REASONS.values()}


def reason_label(name: str) -> str:
    """asn1crypto reason name -> RFC 5280 spelling (``key_compromise`` -> ``keyCompromise``)."""
    return next((k for k, v in REASONS.items() if v == name), name)


def normalize_reason(reason: str) -> str:
    """``keyCompromise`` / ``key_compromise`` / ``KEYCOMPROMISE`` -> asn1crypto name ``key_compromise``."""
    try:
        return _REASON_ALIASES[reason.lower()]
    except (KeyError, AttributeError):
        raise CRLError(f"unknown revocation reason {reason!r}; expected one of {', '.join(REASONS)}") from None


@dataclass(frozen=True)
class RevokedEntry:
    serial: int
    revoked_at: _dt.datetime
    reason: str = "unspecified"  # asn1crypto name


def build_crl(
    *,
    issuer_cert: x509.Certificate,
    issuer_signer: object,
    entries: Iterable[RevokedEntry],
    this_update: _dt.datetime,
    next_update: _dt.datetime,
    crl_number: int,
) -> crl.CertificateList:
    revoked = []
    for e in sorted(entries, key=lambda e: (e.revoked_at, e.serial)):
        exts = []
        if normalize_reason(e.reason) != "unspecified":
            exts.append({"extn_id": "crl_reason", "critical": False, "extn_value": normalize_reason(e.reason)})
        item = {"user_certificate": e.serial, "revocation_date": _time(e.revoked_at)}
        if exts:
            item["crl_entry_extensions"] = exts
        revoked.append(item)
    sig_alg = issuer_signer.signature_algorithm  # type: ignore[attr-defined]
    tbs_dict = {
        "version": "v2",
        "signature": sig_alg,
        "issuer": issuer_cert.subject,
        "this_update": _time(this_update),
        "next_update": _time(next_update),
        "crl_extensions": [
            {"extn_id": "crl_number", "critical": False, "extn_value": crl_number},
            {
                "extn_id": "authority_key_identifier",
                "critical": False,
                "extn_value": {"key_identifier": key_identifier(issuer_cert.public_key)},
            },
        ],
    }
    if revoked:
        tbs_dict["revoked_certificates"] = revoked
    tbs_der = crl.TbsCertList(tbs_dict).dump()
    signature = issuer_signer.sign(tbs_der)  # type: ignore[attr-defined]
    out = crl.CertificateList(
        {"tbs_cert_list": crl.TbsCertList.load(tbs_der), "signature_algorithm": sig_alg, "signature": signature}
    )
    return crl.CertificateList.load(out.dump())


def load_crl(data: bytes) -> crl.CertificateList:
    try:
        if pem.detect(data):
            _, _, data = pem.unarmor(data)
        parsed = crl.CertificateList.load(data)
        parsed.native  # noqa: B018 - force full parse
        return parsed
    except (ValueError, TypeError, KeyError) as exc:
        raise CRLError(f"not a valid CRL: {exc}") from exc


def crl_to_pem(c: crl.CertificateList) -> bytes:
    return pem.armor("X509 CRL", c.dump())


def crl_entries(c: crl.CertificateList) -> list[RevokedEntry]:
    out = []
    for item in c["tbs_cert_list"]["revoked_certificates"]:
        reason = item.crl_reason_value.native if item.crl_reason_value is not None else "unspecified"
        out.append(RevokedEntry(item["user_certificate"].native, item["revocation_date"].native, reason))
    return out


@functools.lru_cache(maxsize=64)
def _index(crl_der: bytes) -> dict[int, RevokedEntry]:
    return {e.serial: e for e in crl_entries(crl.CertificateList.load(crl_der))}


def find_entry(c: crl.CertificateList, serial: int) -> RevokedEntry | None:
    """The entry for ``serial`` (CRLs are indexed once per distinct DER, so big CRLs stay cheap)."""
    return _index(c.dump()).get(serial)


@functools.lru_cache(maxsize=64)
def _crl_signature_ok(crl_der: bytes, issuer_der: bytes) -> bool:
    c = crl.CertificateList.load(crl_der)
    issuer_cert = x509.Certificate.load(issuer_der)
    if c.issuer.dump() != issuer_cert.subject.dump():
        return False
    return verify_with_public_key_info(
        issuer_cert.public_key,
        c["signature"].native,
        c["tbs_cert_list"].dump(),
        c["signature_algorithm"]["algorithm"].dotted,
    )


def verify_crl_signature(c: crl.CertificateList, issuer_cert: x509.Certificate) -> bool:
    """Is ``c`` signed by ``issuer_cert``'s key under its name? (memoised per (CRL, issuer) DER pair)."""
    return _crl_signature_ok(c.dump(), issuer_cert.dump())


class CrlFiles:
    """Parsed CRLs of files, each parsed once per version of its file. A new CRL replaces its file atomically
    (a new inode), so the stat() of every read sees a revocation made here or by another process: nothing stale."""

    def __init__(self) -> None:
        self._parsed: dict[Path, tuple[tuple[int, int, int], crl.CertificateList]] = {}

    def read(self, path: Path) -> crl.CertificateList:
        """The CRL in ``path`` (FileNotFoundError when there is none)."""
        st = path.stat()
        key = (st.st_ino, st.st_mtime_ns, st.st_size)
        cached = self._parsed.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        current = load_crl(path.read_bytes())
        _ = current.native  # parsed through once here: threads sharing the cached object then only read it
        self._parsed[path] = (key, current)
        return current
