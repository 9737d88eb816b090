"""Revocation evidence for a signer certificate: CRLs and OCSP responses, wherever the file carries them.

Sources (E3 #4): the trust store's CRLs, the document's DSS (``/DSS /CRLs`` and ``/OCSPs``), and the
CMS signature itself (``SignedData.crls``, including OCSP responses as ``other`` revocation info, and
Adobe's ``adbe-revocationInfoArchival`` signed attribute). A CRL counts only when signed by the
issuer; an OCSP response only when signed by the issuer or by a responder certificate the issuer
delegated (``id-kp-OCSPSigning``) and when its CertID names this certificate.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509

from eseal.engine.pki import find_entry, verify_crl_signature, verify_with_public_key_info

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RevocationEvidence:
    crls: tuple[asn1_crl.CertificateList, ...] = ()
    ocsps: tuple[asn1_ocsp.OCSPResponse, ...] = ()

    def plus(self, other: RevocationEvidence) -> RevocationEvidence:
        return RevocationEvidence(self.crls + other.crls, self.ocsps + other.ocsps)


NO_EVIDENCE = RevocationEvidence()

# E3 #11: asn1crypto's Name.__eq__ prepares every attribute value again at each comparison (~23 us); each
# signature of a document compares the trust store's CRL issuers with the same issuer name again. The
# answer is a pure function of the two names' DER (dumping both: ~4 us), kept for later comparisons.
_SAME_NAME: dict[tuple[bytes, bytes], bool] = {}
_SAME_NAME_LIMIT = 1024


def same_name(a: asn1_x509.Name, b: asn1_x509.Name) -> bool:
    """``a == b`` (asn1crypto: RFC 5280 section 7.1), remembered by the names' DER."""
    key = (a.dump(), b.dump())
    hit = _SAME_NAME.get(key)
    if hit is None:
        if len(_SAME_NAME) >= _SAME_NAME_LIMIT:
            _SAME_NAME.clear()
        hit = _SAME_NAME[key] = bool(a == b)
    return hit


@dataclass(frozen=True)
class RevocationStatus:
    """``checked``: some valid evidence covered the certificate; ``source``: "crl" | "ocsp" | None."""

    checked: bool
    source: str | None = None
    revoked_at: datetime | None = None
    reason: str | None = None


def _stream_bytes(obj: Any) -> bytes | None:
    try:
        target = obj.get_object() if hasattr(obj, "get_object") else obj
        return bytes(target.data)
    except Exception:
        return None


def dss_evidence(reader: Any) -> RevocationEvidence:
    """CRLs and OCSP responses of the document's (latest) DSS."""
    try:
        dss = reader.root.get("/DSS")
        dss = dss.get_object() if hasattr(dss, "get_object") else dss
    except Exception:
        return RevocationEvidence()
    if dss is None:
        return RevocationEvidence()
    crls: list[asn1_crl.CertificateList] = []
    ocsps: list[asn1_ocsp.OCSPResponse] = []
    for key, kind, out in (("/CRLs", asn1_crl.CertificateList, crls), ("/OCSPs", asn1_ocsp.OCSPResponse, ocsps)):
        try:
            arr = dss.get(key)
            arr = arr.get_object() if hasattr(arr, "get_object") else arr
        except Exception:
            arr = None
        for item in arr or []:
            raw = _stream_bytes(item)
            if raw is None:
                continue
            try:
                parsed = kind.load(raw)
                parsed.native  # noqa: B018 - force parsing: a broken entry is unusable, not fatal
                out.append(parsed)
            except Exception as exc:
                log.debug("DSS %s entry unreadable: %s", key, exc)
    return RevocationEvidence(tuple(crls), tuple(ocsps))


def cms_evidence(signed_data: Any) -> RevocationEvidence:
    """Revocation info carried by a CMS SignedData (crls field and the Adobe archival attribute)."""
    crls: list[asn1_crl.CertificateList] = []
    ocsps: list[asn1_ocsp.OCSPResponse] = []
    try:
        for choice in signed_data["crls"] or []:
            if choice.name == "crl":
                crls.append(choice.chosen)
            elif choice.name == "other":
                other = choice.chosen
                if other["other_rev_info_format"].dotted in ("1.3.6.1.5.5.7.16.2", "1.3.6.1.5.5.7.48.1.1"):
                    ocsps.append(asn1_ocsp.OCSPResponse.load(other["other_rev_info"].dump()))
    except Exception as exc:
        log.debug("CMS crls unreadable: %s", exc)
    try:
        for si in signed_data["signer_infos"]:
            for attr in si["signed_attrs"] or []:
                if attr["type"].dotted != "1.2.840.113583.1.1.8":  # adbe-revocationInfoArchival
                    continue
                for value in attr["values"]:
                    archival = value.parsed if hasattr(value, "parsed") else value
                    crls.extend(archival["crl"] or [])
                    ocsps.extend(archival["ocsp"] or [])
    except Exception as exc:
        log.debug("CMS revocation-info attribute unreadable: %s", exc)
    return RevocationEvidence(tuple(crls), tuple(ocsps))


def _crl_status(cert: asn1_x509.Certificate, issuer: asn1_x509.Certificate,
                crls: tuple[asn1_crl.CertificateList, ...]) -> RevocationStatus | None:
    checked = False
    for c in crls:
        try:
            if not same_name(c.issuer, issuer.subject) or not verify_crl_signature(c, issuer):
                continue
        except Exception:  # noqa: S112 - a malformed CRL is simply unusable
            continue
        checked = True
        entry = find_entry(c, cert.serial_number)
        if entry is not None:
            return RevocationStatus(True, "crl", entry.revoked_at, entry.reason)
    return RevocationStatus(True, "crl") if checked else None


def _names_cert(cert_id: Any, cert: asn1_x509.Certificate, issuer: asn1_x509.Certificate) -> bool:
    try:
        alg = cert_id["hash_algorithm"]["algorithm"].native
        if cert_id["serial_number"].native != cert.serial_number:
            return False
        name_hash = hashlib.new(alg, issuer.subject.dump()).digest()
        key_hash = hashlib.new(alg, issuer.public_key["public_key"].contents[1:]).digest()
    except (ValueError, KeyError, TypeError):
        return False
    return bool(cert_id["issuer_name_hash"].native == name_hash and cert_id["issuer_key_hash"].native == key_hash)


def _signed_by(cert: asn1_x509.Certificate, issuer: asn1_x509.Certificate) -> bool:
    return verify_with_public_key_info(issuer.public_key, cert["signature_value"].native,
                                       cert["tbs_certificate"].dump(), cert["signature_algorithm"]["algorithm"].dotted)


def _responder(basic: Any, issuer: asn1_x509.Certificate) -> asn1_x509.Certificate | None:
    """The certificate that signed the response: the issuer itself, or a responder it delegated."""
    rid = basic["tbs_response_data"]["responder_id"]

    def matches(c: asn1_x509.Certificate) -> bool:
        if rid.name == "by_name":
            return bool(rid.chosen == c.subject)
        return bool(rid.chosen.native == c.public_key.sha1)

    if matches(issuer):
        return issuer
    for c in basic["certs"] or []:
        try:
            if matches(c) and c.issuer == issuer.subject and _signed_by(c, issuer) \
                    and "ocsp_signing" in (c.extended_key_usage_value.native if c.extended_key_usage_value else []):
                return c
        except Exception:  # noqa: S112 - an unusable responder certificate
            continue
    return None


def _ocsp_status(cert: asn1_x509.Certificate, issuer: asn1_x509.Certificate,
                 ocsps: tuple[asn1_ocsp.OCSPResponse, ...]) -> RevocationStatus | None:
    for resp in ocsps:
        try:
            if resp["response_status"].native != "successful":
                continue
            basic = resp["response_bytes"]["response"].parsed
            tbs = basic["tbs_response_data"]
            singles = [s for s in tbs["responses"] if _names_cert(s["cert_id"], cert, issuer)]
            if not singles:
                continue
            responder = _responder(basic, issuer)
            if responder is None or not verify_with_public_key_info(
                    responder.public_key, basic["signature"].native, tbs.dump(),
                    basic["signature_algorithm"]["algorithm"].dotted):
                continue
        except Exception as exc:
            log.debug("OCSP response unusable: %s", exc)
            continue
        for single in singles:
            status = single["cert_status"]
            if status.name == "revoked":
                info = status.chosen
                reason = info["revocation_reason"].native if info["revocation_reason"].native else None
                return RevocationStatus(True, "ocsp", info["revocation_time"].native, reason)
            if status.name == "good":
                return RevocationStatus(True, "ocsp")
    return None


def revocation_status(cert: asn1_x509.Certificate, issuer: asn1_x509.Certificate | None,
                      evidence: RevocationEvidence) -> RevocationStatus:
    """The leaf's status from the evidence (a revoked answer from any valid source wins)."""
    if issuer is None:
        return RevocationStatus(False)
    found = [s for s in (_crl_status(cert, issuer, evidence.crls), _ocsp_status(cert, issuer, evidence.ocsps))
             if s is not None]
    revoked = [s for s in found if s.revoked_at is not None]
    if revoked:
        return min(revoked, key=lambda s: s.revoked_at)  # type: ignore[arg-type,return-value]
    return found[0] if found else RevocationStatus(False)
