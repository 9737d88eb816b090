"""Signer-certificate assessment shared by the GM and PAdES verifiers.

Why not pyHanko's trust result: it judges the certificate *now* and cannot load SM2 keys. GB/T 38540
(§7.3 d/e, GM/T 0031 §6.2.3 c/d) and ETSI EN 319 102-1 both judge the certificate at the *signing
time*, and distinguish a time proven by a time-stamp (POE) from a time merely claimed by the signer.
So the chain is checked structurally with the PKI package's validator (SM2, ECDSA and RSA alike), and
the time rules are applied here, explicitly:

=========================================  ==================  ==============================
situation                                  indication          sub-indication
=========================================  ==================  ==============================
signing time (proven or claimed) > notAfter TOTAL_FAILED        EXPIRED
signing time < notBefore                   TOTAL_FAILED        NOT_YET_VALID
revoked at R, signing time ≥ R             TOTAL_FAILED        REVOKED
revoked at R, only a *claimed* time < R    INDETERMINATE       REVOKED_NO_POE
revoked at R, *proven* time < R            passes (GB/T rule d.4: revoked after signing)
expired now, claimed time inside window    INDETERMINATE       OUT_OF_BOUNDS_NO_POE
expired now, proven time inside window     passes
no trust anchors / no path to one          INDETERMINATE       NO_CERTIFICATE_CHAIN_FOUND
a certificate signature in the path bad    INDETERMINATE       CERTIFICATE_CHAIN_GENERAL_FAILURE
issuer not a CA / unknown critical ext     INDETERMINATE       CHAIN_CONSTRAINTS_FAILURE
no digitalSignature/nonRepudiation usage   INDETERMINATE       SIG_CONSTRAINTS_FAILURE
=========================================  ==================  ==============================
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from asn1crypto import x509 as asn1_x509

from eseal.engine.pdf.report.model import (
    CertificateInfo,
    CheckItem,
    CheckStatus,
    Indication,
    ItemCode,
    Problem,
    SubIndication,
)
from eseal.engine.pdf.report.texts import bj_time, zh
from eseal.engine.pdf.verify.names import display_name
from eseal.engine.pdf.verify.policy import DEFAULT_POLICY, VerificationPolicy
from eseal.engine.pdf.verify.revocation import NO_EVIDENCE, RevocationEvidence, revocation_status
from eseal.engine.pdf.verify.trust import TrustStore
from eseal.engine.pki import ValidationReason as Status
from eseal.engine.pki import family_of_public_key, validate_certificate

SIGNING_KEY_USAGES = {"digital_signature", "non_repudiation"}


def _fmt(dt: datetime | None) -> str:
    return bj_time(dt)  # one time zone for people: Beijing, labelled (report.texts)


fmt_time = _fmt


def _algorithm(cert: asn1_x509.Certificate) -> str:
    try:

        return family_of_public_key(cert.public_key)
    except (ValueError, ImportError):
        return cert.public_key.algorithm


def certificate_info(cert: asn1_x509.Certificate) -> CertificateInfo:
    subject = cert.subject.native
    org = subject.get("organization_name")
    if isinstance(org, list):
        org = org[0]
    cn = subject.get("common_name")
    if isinstance(cn, list):
        cn = cn[0]
    return CertificateInfo(
        subject=cert.subject.human_friendly,
        common_name=cn,
        organization=org,
        issuer=display_name(cert.issuer),
        serial_number=format(cert.serial_number, "x"),
        not_before=cert.not_valid_before,
        not_after=cert.not_valid_after,
        algorithm=_algorithm(cert),
        sha256_fingerprint=hashlib.sha256(cert.dump()).hexdigest(),
    )


@dataclass(frozen=True)
class CertAssessment:
    certificate_item: CheckItem
    time_item: CheckItem
    problems: list[Problem] = field(default_factory=list)
    path: list[str] = field(default_factory=list)
    revoked_at: datetime | None = None


def _fail(problems: list[Problem], sub: SubIndication, msg: str) -> None:
    problems.append(Problem(sub, Indication.TOTAL_FAILED, msg))


def _doubt(problems: list[Problem], sub: SubIndication, msg: str) -> None:
    problems.append(Problem(sub, Indication.INDETERMINATE, msg))


def assess_signer_certificate(
    cert: asn1_x509.Certificate,
    *,
    trust: TrustStore,
    embedded_certs: Sequence[asn1_x509.Certificate] = (),
    claimed: datetime | None,
    proven: datetime | None,
    now: datetime,
    role_code: str = "cert.role.signer",
    evidence: RevocationEvidence = NO_EVIDENCE,
    policy: VerificationPolicy = DEFAULT_POLICY,
    paths: dict[Any, Any] | None = None,
) -> CertAssessment:
    role = zh(role_code)

    problems: list[Problem] = []
    nb, na = cert.not_valid_before, cert.not_valid_after
    best = proven or claimed
    details: dict[str, Any] = {"not_before": nb.isoformat(), "not_after": na.isoformat()}
    cert_status, cert_reason = CheckStatus.PASS, ""
    path_names: list[str] = []

    # --- structure: path to a trust anchor (judged inside the validity window, time comes later)
    t_struct = min(max(best or now, nb), na)
    issuer: asn1_x509.Certificate | None = None
    if not trust.has_anchors:
        cert_status = CheckStatus.UNKNOWN
        cert_reason = zh("cert.no_anchors", role=role)
        _doubt(problems, SubIndication.NO_CERTIFICATE_CHAIN_FOUND, cert_reason)
    else:
        res = validate_certificate(
            cert, trust_roots=trust.anchors, intermediates=[*trust.intermediates, *embedded_certs],
            crls=(), at=t_struct, require_revocation=False, paths=paths,
        )
        path_names = [display_name(c.subject) for c in res.path]
        details["chain"] = path_names
        if len(res.path) > 1:
            issuer = res.path[1]
        if res.status is Status.NO_CHAIN:
            cert_status = CheckStatus.UNKNOWN
            cert_reason = zh("cert.no_chain", role=role)
            _doubt(problems, SubIndication.NO_CERTIFICATE_CHAIN_FOUND, cert_reason)
        elif res.status is Status.BAD_SIGNATURE:
            cert_status = CheckStatus.FAIL
            cert_reason = zh("cert.chain_bad_signature", role=role)
            _doubt(problems, SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE, cert_reason)
        elif res.status in (Status.INVALID_CA, Status.UNSUPPORTED_CRITICAL_EXTENSION):
            cert_status = CheckStatus.FAIL
            cert_reason = zh("cert.chain_constraints", role=role)
            details["technical_message"] = res.message
            _doubt(problems, SubIndication.CHAIN_CONSTRAINTS_FAILURE, cert_reason)
        elif res.status in (Status.EXPIRED, Status.NOT_YET_VALID):
            # a CA certificate of the path is outside its window at the signing time
            cert_status = CheckStatus.FAIL
            cert_reason = zh("cert.ca_out_of_window")
            details["technical_message"] = res.message
            _doubt(problems, SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE, cert_reason)
    ku = set(cert.key_usage_value.native) if cert.key_usage_value is not None else set(SIGNING_KEY_USAGES)
    if not ku & SIGNING_KEY_USAGES:
        cert_status = CheckStatus.FAIL
        cert_reason = zh("cert.key_usage", role=role)
        _doubt(problems, SubIndication.SIG_CONSTRAINTS_FAILURE, cert_reason)

    # --- revocation (E3 #4: CRLs of the trust store, plus CRLs/OCSP of the DSS and of the CMS)
    rev = revocation_status(cert, issuer, RevocationEvidence(tuple(trust.crls)).plus(evidence))
    checked, revoked_at = rev.checked, rev.revoked_at
    details["revocation_checked"] = checked
    details["revoked_at"] = revoked_at.isoformat() if revoked_at else None
    if rev.source is not None:
        details["revocation_source"] = rev.source
    if rev.reason is not None:
        details["revocation_reason"] = rev.reason

    # --- time rules (GB/T 38540 §7.3 e with GM/T 0031 d.1-d.4; ETSI POE semantics)
    time_status, time_reason = CheckStatus.PASS, ""
    source = zh("time.source.proven") if proven else zh("time.source.claimed")
    if best is None:
        time_status, time_reason = CheckStatus.UNKNOWN, zh("time.missing")
        _doubt(problems, SubIndication.NO_POE, time_reason)
    elif best > na:
        time_status = CheckStatus.FAIL
        time_reason = zh("time.after_not_after", source=source, at=_fmt(best), not_after=_fmt(na))
        _fail(problems, SubIndication.EXPIRED, time_reason)
    elif best < nb:
        time_status = CheckStatus.FAIL
        time_reason = zh("time.before_not_before", source=source, at=_fmt(best), not_before=_fmt(nb))
        _fail(problems, SubIndication.NOT_YET_VALID, time_reason)
    elif revoked_at is not None and best >= revoked_at:
        time_status = CheckStatus.FAIL
        time_reason = zh("time.after_revocation", revoked_at=_fmt(revoked_at), source=source, at=_fmt(best))
        _fail(problems, SubIndication.REVOKED, time_reason)
    elif revoked_at is not None and proven is None:
        time_status = CheckStatus.UNKNOWN
        time_reason = zh("time.revoked_no_poe", revoked_at=_fmt(revoked_at), at=_fmt(best))
        _doubt(problems, SubIndication.REVOKED_NO_POE, time_reason)
    elif now > na and proven is None:
        time_status = CheckStatus.UNKNOWN
        time_reason = zh("time.expired_no_poe", not_after=_fmt(na), at=_fmt(best))
        _doubt(problems, SubIndication.OUT_OF_BOUNDS_NO_POE, time_reason)
    else:
        time_reason = zh("time.within", source=source, at=_fmt(best))
        if revoked_at is not None:
            time_reason += zh("time.within.revoked_later", revoked_at=_fmt(revoked_at))
        elif now > na:
            time_reason += zh("time.within.expired_later", not_after=_fmt(na))

    if cert_status is CheckStatus.PASS:
        if time_status is CheckStatus.FAIL:
            cert_status, cert_reason = CheckStatus.FAIL, time_reason
        elif time_status is CheckStatus.UNKNOWN:
            cert_status, cert_reason = CheckStatus.UNKNOWN, time_reason
        else:
            cert_reason = zh("cert.valid", role=role)
            if not checked and issuer is not None and policy.requires_revocation:
                # ETSI EN 319 102-1 §5.2.6: no revocation status at hand -> INDETERMINATE / TRY_LATER
                cert_status, cert_reason = CheckStatus.UNKNOWN, zh("cert.revocation_unknown", role=role)
                _doubt(problems, SubIndication.TRY_LATER, cert_reason)
            elif not checked:
                cert_reason += zh("cert.valid.revocation_unchecked")
            elif revoked_at is None:
                cert_reason += zh("cert.valid.not_revoked")
    details["path"] = path_names
    details["signing_time_source"] = "timestamp" if proven else ("claimed" if claimed else None)
    return CertAssessment(
        certificate_item=CheckItem(ItemCode.SIGNER_CERTIFICATE, cert_status, cert_reason, details),
        time_item=CheckItem(ItemCode.SIGNING_TIME, time_status, time_reason,
                            {"signing_time": best.isoformat() if best else None,
                             "source": details["signing_time_source"]}),
        problems=problems,
        path=path_names,
        revoked_at=revoked_at,
    )
