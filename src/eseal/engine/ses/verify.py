"""Verify seals and signatures into structured, per-check results.

Each check has a stable ``code`` and maps onto one of the eight items of the verification
report in the user manual (``REPORT_ITEMS``), following gbt38540-and-ids.md §2.6:

=============================  ============================  =====================================
code                           report item                   what
=============================  ============================  =====================================
seal.format                    电子印章数据格式               parsed; tolerated deviations listed
seal.maker_signature           电子印章签名值                 maker signedValue over SES_SealInfo
seal.maker_cert                数字证书有效性                 maker cert validity window at ``at``
seal.maker_cert_trust          数字证书有效性                 chain/revocation/key usage (hook)
seal.holder_cert_trust         签章者证书有效性               seal's certList certs: chain/CRL at ``at``
seal.validity                  电子印章有效性                 ``at`` within validStart..validEnd
signature.format               电子印章数据格式               parsed; TBS version == seal version
signature.value                电子印章签名值                 signer signature over DER(TBS_Sign)
signature.signer_in_seal       签章者证书有效性               signer cert in the seal's certList
signature.signer_cert_trust    签章者证书有效性               chain/revocation/key usage (hook)
signature.signing_time         签章时间有效性                 signing time in signer cert window
signature.timestamp            时间戳有效性                   token readable, imprint, TSA (hook)
signature.data_hash            原文杂凑                       dataHash == SM3(protected bytes)
=============================  ============================  =====================================

For a signature the embedded seal's ``seal.*`` checks are included too, evaluated at the
signing time (GB/T 38540 §7.3 f: the seal must be valid *when it was used*).

Statuses (:class:`~eseal.engine.status.CheckStatus`) and the result type are in :mod:`eseal.engine.ses.checks`.
"""

from __future__ import annotations

import datetime as _dt

from asn1crypto import keys

from eseal.engine.gm import message_digest, oids, sm3
from eseal.engine.pki import family_of_public_key, family_of_signature_algorithm, verify_with_public_key_info
from eseal.engine.ses.certs import CertView, cert_in_seal, load_certificate
from eseal.engine.ses.checks import (
    SEAL_FORMAT,
    SEAL_HOLDER_CERT_TRUST,
    SEAL_MAKER_CERT,
    SEAL_MAKER_CERT_TRUST,
    SEAL_MAKER_SIGNATURE,
    SEAL_VALIDITY,
    SIG_DATA_HASH,
    SIG_FORMAT,
    SIG_SIGNER_CERT_TRUST,
    SIG_SIGNER_IN_SEAL,
    SIG_SIGNING_TIME,
    SIG_TIMESTAMP,
    SIG_VALUE,
    CertChecker,
    CheckResult,
    Status,
    TimestampChecker,
    overall,
)
from eseal.engine.ses.errors import SesFormatError
from eseal.engine.ses.model import Seal, Signature
from eseal.engine.ses.timestamp import read_token

__all__ = ["SM2_ALG_ALIASES", "signing_time", "verify_seal", "verify_signature"]


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC)


# OIDs some producers put in signAlgID/signatureAlgID for what is SM2-with-SM3 on an SM2 key.
SM2_ALG_ALIASES = {oids.SM2_WITH_SM3, oids.SM2_SIGN}


def _verify_value(cert: CertView, signature: bytes, data: bytes, alg: str) -> bool:
    if cert.is_sm2 and alg in SM2_ALG_ALIASES:
        alg = oids.SM2_WITH_SM3
    try:
        pki = keys.PublicKeyInfo.load(cert.spki_der)
        return bool(verify_with_public_key_info(pki, signature, data, alg))
    except Exception:  # a malformed key or signature is simply "does not verify"
        return False


def _value_failure(cert: CertView, alg: str) -> str:
    """Say *why* a signature value failed when it is a key/algorithm mismatch (GB/T 38540:
    signatureAlgID must agree with the signer certificate's key)."""
    try:
        key_family = family_of_public_key(keys.PublicKeyInfo.load(cert.spki_der))
    except ValueError:
        return f"signer certificate key is not SM2/ECDSA/RSA; signature ({alg}) cannot be verified"
    alg_family = "sm2" if (cert.is_sm2 and alg in SM2_ALG_ALIASES) else None
    if alg_family is None:
        try:
            alg_family = family_of_signature_algorithm(alg)
        except ValueError:
            return f"unsupported signature algorithm {alg}"
    if alg_family != key_family:
        return f"signatureAlgID {alg} does not match the signer certificate's {key_family} key"
    return f"signature ({alg}) does not verify over TBS_Sign with the signer certificate"


def _window(view: CertView, at: _dt.datetime) -> tuple[bool, str]:
    if at < view.not_before:
        return False, f"not yet valid at {at.isoformat()} (from {view.not_before.isoformat()})"
    if at > view.not_after:
        return False, f"expired at {at.isoformat()} (until {view.not_after.isoformat()})"
    return True, f"valid at {at.isoformat()} ({view.not_before.isoformat()} .. {view.not_after.isoformat()})"


def _trust(code: str, checker: CertChecker | None, der: bytes, at: _dt.datetime, role: str) -> CheckResult:
    if checker is None:
        return CheckResult(code, Status.UNKNOWN, "no trust anchors given: chain and revocation not checked")
    try:
        status, message = checker(der, at, role)
    except OSError as exc:  # trust material (CA files, CRLs) unreadable: no trust information
        return CheckResult(code, Status.UNKNOWN, f"trust information unavailable: {type(exc).__name__}: {exc}")
    except Exception as exc:  # must not hide the other results
        # The hook parses and validates the certificate: an exception there means the certificate
        # (or its chain) is malformed, which is a failure, never "could not be decided".
        return CheckResult(code, Status.FAIL, f"certificate cannot be validated: {type(exc).__name__}: "
                                              f"{_first_line(exc)}")
    return CheckResult(code, Status(str(status)), message)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0]


def _holder_trust(certs: tuple[bytes, ...], checker: CertChecker | None, at: _dt.datetime) -> CheckResult:
    """The seal's own certificates (certList, the holders who may sign with it) at ``at``.

    A seal whose holder certificate is revoked or expired can no longer be used, even though its
    maker signature still verifies. Every listed certificate must pass; the worst status wins.
    A digest-only list (certListType 2) carries no certificate to check: not applicable.
    """
    if not certs:
        return CheckResult(SEAL_HOLDER_CERT_TRUST, Status.NOT_APPLICABLE,
                           "certificate list holds digests only: holder certificates not checked")
    per_cert: list[CheckResult] = []
    for i, der in enumerate(certs):
        try:
            view = load_certificate(der, f"certList[{i}]")
        except SesFormatError as exc:
            per_cert.append(CheckResult(SEAL_HOLDER_CERT_TRUST, Status.FAIL, str(exc)))
            continue
        ok, msg = _window(view, at)
        if not ok:
            per_cert.append(CheckResult(SEAL_HOLDER_CERT_TRUST, Status.FAIL, f"holder certificate {view.subject} {msg}"))
            continue
        r = _trust(SEAL_HOLDER_CERT_TRUST, checker, der, at, "holder")
        per_cert.append(CheckResult(r.code, r.status, f"holder certificate {view.subject}: {r.message}"))
    worst = overall(per_cert)
    chosen = next(r for r in per_cert if r.status is worst) if worst is not Status.PASS else per_cert[0]
    if len(per_cert) > 1 and worst is Status.PASS:
        chosen = CheckResult(SEAL_HOLDER_CERT_TRUST, Status.PASS, f"all {len(per_cert)} holder certificates valid")
    return chosen


def verify_seal(seal: Seal, *, at: _dt.datetime | None = None, cert_checker: CertChecker | None = None) -> list[CheckResult]:
    """Seal checks (GB/T 38540 §6.3 / GM/T 0031 §6.1.2), evaluated at ``at`` (default: now)."""
    at = (at or _now()).astimezone(_dt.UTC)
    results = [CheckResult(
        SEAL_FORMAT, Status.PASS,
        f"{seal.format} seal (header version {seal.version})" + ("; " + "; ".join(seal.notes) if seal.notes else ""),
        {"format": seal.format, "notes": list(seal.notes)} if seal.notes else {"format": seal.format},
    )]
    maker = load_certificate(seal.maker_cert, "SESeal.cert")
    matched = None
    for label, data in seal.maker_signed_candidates:
        if _verify_value(maker, seal.signed_value, data, seal.sign_alg):
            matched = label
            break
    preferred = seal.maker_signed_candidates[0][0]
    if matched is None:
        results.append(CheckResult(SEAL_MAKER_SIGNATURE, Status.FAIL,
                                   f"maker signature ({seal.sign_alg}) does not verify over {preferred}"))
    else:
        note = "" if matched == preferred else " (vendor variant, not the standard's signing input)"
        results.append(CheckResult(SEAL_MAKER_SIGNATURE, Status.PASS,
                                   f"maker signature verifies over {matched}{note}", {"signed_input": matched}))
    ok, msg = _window(maker, at)
    results.append(CheckResult(SEAL_MAKER_CERT, Status.PASS if ok else Status.FAIL,
                               f"maker certificate {msg}", {"subject": maker.subject}))
    results.append(_trust(SEAL_MAKER_CERT_TRUST, cert_checker, maker.der, at, "maker"))
    info = seal.info
    results.append(_holder_trust(info.certs, cert_checker, at))
    if info.valid_start > info.valid_end:
        results.append(CheckResult(SEAL_VALIDITY, Status.FAIL, "validStart is after validEnd"))
    elif at < info.valid_start:
        results.append(CheckResult(SEAL_VALIDITY, Status.FAIL, f"seal not yet valid at {at.isoformat()}"))
    elif at > info.valid_end:
        results.append(CheckResult(SEAL_VALIDITY, Status.FAIL, f"seal expired at {at.isoformat()}"))
    else:
        results.append(CheckResult(SEAL_VALIDITY, Status.PASS,
                                   f"seal valid at {at.isoformat()} ({info.valid_start.isoformat()} .. "
                                   f"{info.valid_end.isoformat()})"))
    return results


def _timestamp(sig: Signature, checker: TimestampChecker | None,
               tolerance: _dt.timedelta) -> tuple[CheckResult, _dt.datetime | None]:
    if sig.timestamp is None:
        return CheckResult(SIG_TIMESTAMP, Status.NOT_APPLICABLE, "no time stamp (signing time is the signer's claim)"), None
    try:
        tok = read_token(sig.timestamp)
    except ValueError as exc:
        return CheckResult(SIG_TIMESTAMP, Status.FAIL, f"time stamp unreadable: {exc}"), None
    details = {"gen_time": tok.gen_time.isoformat(), "hash": tok.hash_oid, "serial": tok.serial}
    if sig.format == "v1":
        # In v1 the token sits inside TBS_Sign.timeInfo, so it cannot cover the signature value and
        # GM/T 0031-2014 does not say what it covers: report its time, do not claim it verified.
        return CheckResult(SIG_TIMESTAMP, Status.UNKNOWN,
                           "GM/T 0031-2014 token in timeInfo: imprint target undefined, not verified",
                           details), tok.gen_time
    imprint_ok = tok.imprint_matches(sig.signature)
    if imprint_ok is False:
        return CheckResult(SIG_TIMESTAMP, Status.FAIL, "time stamp imprint is not the hash of the signature value",
                           details), None
    if imprint_ok is None:
        return CheckResult(SIG_TIMESTAMP, Status.UNKNOWN, f"unknown imprint hash algorithm {tok.hash_oid}",
                           details), None
    if sig.time_info is not None:
        if tok.gen_time < sig.time_info - tolerance or tok.gen_time > sig.time_info + tolerance:
            return CheckResult(SIG_TIMESTAMP, Status.FAIL,
                               f"time stamp {tok.gen_time.isoformat()} differs from the claimed signing time "
                               f"{sig.time_info.isoformat()} by more than {tolerance}", details), tok.gen_time
    if checker is None:
        return CheckResult(SIG_TIMESTAMP, Status.UNKNOWN,
                           "imprint and time agree; TSA signature and certificate not checked (no TSA validator)",
                           details), tok.gen_time
    try:
        status, message = checker(sig.timestamp, sig.signature)
    except OSError as exc:
        return CheckResult(SIG_TIMESTAMP, Status.UNKNOWN, f"TSA trust information unavailable: {exc}",
                           details), tok.gen_time
    except Exception as exc:  # a malformed token or TSA certificate is a failure
        return CheckResult(SIG_TIMESTAMP, Status.FAIL, f"time stamp cannot be validated: {type(exc).__name__}: "
                                                       f"{_first_line(exc)}", details), None
    return CheckResult(SIG_TIMESTAMP, Status(str(status)), message, details), tok.gen_time


def signing_time(sig: Signature) -> _dt.datetime | None:
    """Trusted signing time: the time stamp's genTime when readable, else the claimed timeInfo."""
    if sig.timestamp is not None:
        try:
            return read_token(sig.timestamp).gen_time
        except ValueError:
            pass
    return sig.time_info


def verify_signature(
    sig: Signature,
    *,
    data_hash: bytes | None = None,
    data: bytes | None = None,
    cert_checker: CertChecker | None = None,
    timestamp_checker: TimestampChecker | None = None,
    time_tolerance: _dt.timedelta = _dt.timedelta(minutes=10),
) -> list[CheckResult]:
    """Signature checks (GB/T 38540 §7.3), plus the embedded seal's checks at the signing time.

    Pass ``data`` (the protected bytes) or ``data_hash`` (their SM3) to decide ``signature.data_hash``;
    with neither it is ``unknown``. ``data`` additionally allows the SM3(Z||M) vendor variant.
    """
    results: list[CheckResult] = []
    fmt_problems = []
    if sig.version != sig.seal.version:
        fmt_problems.append(f"TBS_Sign.version {sig.version} != seal header version {sig.seal.version}")
    notes = [n for n in sig.notes if "differs from the seal header version" not in n]
    if sig.sign_alg in SM2_ALG_ALIASES and len(sig.data_hash) != 32:
        notes.append(f"dataHash is {len(sig.data_hash)} bytes; SM3 gives 32")
    if fmt_problems:
        results.append(CheckResult(SIG_FORMAT, Status.FAIL, "; ".join(fmt_problems), {"notes": notes}))
    else:
        results.append(CheckResult(SIG_FORMAT, Status.PASS,
                                   f"{sig.format} signature" + ("; " + "; ".join(notes) if notes else ""),
                                   {"format": sig.format, "notes": notes} if notes else {"format": sig.format}))
    signer = load_certificate(sig.signer_cert, "SES_Signature.cert")
    if _verify_value(signer, sig.signature, sig.tbs_der, sig.sign_alg):
        results.append(CheckResult(SIG_VALUE, Status.PASS, f"signature ({sig.sign_alg}) verifies over TBS_Sign",
                                   {"signer": signer.subject}))
    else:
        results.append(CheckResult(SIG_VALUE, Status.FAIL, _value_failure(signer, sig.sign_alg)))
    info = sig.seal.info
    if cert_in_seal(signer, info.certs, info.cert_digests):
        results.append(CheckResult(SIG_SIGNER_IN_SEAL, Status.PASS, "signer certificate is in the seal's certificate list"))
    else:
        results.append(CheckResult(SIG_SIGNER_IN_SEAL, Status.FAIL,
                                   "signer certificate is not in the seal's certificate list"))
    ts_result, gen_time = _timestamp(sig, timestamp_checker, time_tolerance)
    when = gen_time or sig.time_info
    results.append(_trust(SIG_SIGNER_CERT_TRUST, cert_checker, signer.der, when or _now(), "signer"))
    if when is None:
        results.append(CheckResult(SIG_SIGNING_TIME, Status.UNKNOWN, "signing time unreadable"))
    else:
        ok, msg = _window(signer, when)
        source = "time stamp" if gen_time else "claimed time"
        results.append(CheckResult(SIG_SIGNING_TIME, Status.PASS if ok else Status.FAIL,
                                   f"signer certificate {msg} ({source})", {"signing_time": when.isoformat(),
                                                                            "source": source}))
    results.append(ts_result)
    results.append(_data_hash(sig, signer, data_hash, data))
    results.extend(verify_seal(sig.seal, at=when, cert_checker=cert_checker))
    return results


def _data_hash(sig: Signature, signer: CertView, data_hash: bytes | None, data: bytes | None) -> CheckResult:
    if data is not None:
        if sm3(data) == sig.data_hash:
            return CheckResult(SIG_DATA_HASH, Status.PASS, "dataHash equals SM3 of the protected content")
        if signer.is_sm2 and signer.public_point and message_digest(signer.public_point, data) == sig.data_hash:
            return CheckResult(SIG_DATA_HASH, Status.PASS,
                               "dataHash equals SM3(Z||content) with the default ID (vendor variant)")
        return CheckResult(SIG_DATA_HASH, Status.FAIL, "dataHash does not match the protected content")
    if data_hash is not None:
        if bytes(data_hash) == sig.data_hash:
            return CheckResult(SIG_DATA_HASH, Status.PASS, "dataHash equals the hash of the protected content")
        return CheckResult(SIG_DATA_HASH, Status.FAIL, "dataHash does not match the protected content")
    return CheckResult(SIG_DATA_HASH, Status.UNKNOWN, "original document not supplied")
