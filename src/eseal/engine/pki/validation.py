"""Certificate chain validation at a given time, with revocation status from CRLs, for SM2 and ECDSA.

Why our own validator: pyhanko-certvalidator verifies signatures through ``cryptography``, which cannot
load SM2 keys. One small RFC 5280 subset implementation serves both families (and RSA), so SM2 and
ECDSA seals get identical semantics. What is checked:

1. path building from the certificate to one of ``trust_roots`` through ``intermediates`` (issuer name
   match, AKI/SKI match when both are present, signature verified with the issuer key);
2. every issuer is a CA (basicConstraints cA, keyCertSign when keyUsage is present, pathLen);
3. no unknown critical extension; optional required key usage / extended key usage on the leaf;
4. revocation at time T from CRLs signed by the issuer: *revoked at T* iff ``revocationDate ≤ T``
   (certificateHold counts as revoked); a later revocation is reported as a warning, not a failure;
5. validity periods of every certificate in the path contain T.

The first failure in that order decides the reason (:class:`ValidationReason`, formerly ``Status``); the
result's :attr:`ValidationResult.check_status` is that reason in the engine's shared 4-state vocabulary
(:class:`~eseal.engine.status.CheckStatus`): VALID passes, REVOCATION_UNKNOWN cannot be decided, every
other reason fails. The path (leaf first, trust anchor last) is
returned whenever one was built, so reports can show it even for REVOKED or EXPIRED results.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from asn1crypto import crl as asn1_crl
from asn1crypto import x509

from eseal.engine.status import CheckStatus

from .crl import RevokedEntry, find_entry, verify_crl_signature
from .errors import InvalidArgument
from .signer import verify_with_public_key_info

_HANDLED_CRITICAL = {"basic_constraints", "key_usage", "extended_key_usage"}
MAX_PATH_LENGTH = 8


class ValidationReason(StrEnum):
    """Why a chain is (in)valid: a reason code, not a check status (see :attr:`ValidationResult.check_status`)."""

    VALID = "VALID"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"
    NOT_YET_VALID = "NOT_YET_VALID"
    NO_CHAIN = "NO_CHAIN"  # no path to a trusted root (unknown/untrusted issuer)
    BAD_SIGNATURE = "BAD_SIGNATURE"  # an issuer was found but a certificate signature does not verify
    INVALID_CA = "INVALID_CA"  # an issuer in the path is not allowed to issue certificates
    UNSUPPORTED_CRITICAL_EXTENSION = "UNSUPPORTED_CRITICAL_EXTENSION"
    WRONG_USAGE = "WRONG_USAGE"  # leaf lacks a required key usage / extended key usage
    REVOCATION_UNKNOWN = "REVOCATION_UNKNOWN"  # no usable CRL covers time T

    @property
    def check_status(self) -> CheckStatus:
        if self is ValidationReason.VALID:
            return CheckStatus.PASS
        if self is ValidationReason.REVOCATION_UNKNOWN:
            return CheckStatus.UNKNOWN
        return CheckStatus.FAIL


# The old name: ``ValidationResult.status`` still holds the reason (callers compare it with these members).
Status = ValidationReason


@dataclass(frozen=True)
class ValidationResult:
    status: ValidationReason  # the reason code (historical field name); the 4-state outcome is check_status
    at: _dt.datetime
    message: str
    path: tuple[x509.Certificate, ...] = ()
    failing_certificate: x509.Certificate | None = None
    revocation_time: _dt.datetime | None = None
    revocation_reason: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def reason(self) -> ValidationReason:
        return self.status

    @property
    def check_status(self) -> CheckStatus:
        """The outcome in the shared vocabulary: pass (VALID), unknown (REVOCATION_UNKNOWN) or fail."""
        return self.status.check_status

    @property
    def ok(self) -> bool:
        return self.status is ValidationReason.VALID

    def as_dict(self) -> dict[str, object]:
        """JSON-friendly summary for verification reports."""
        return {
            "status": self.status.value,
            "at": self.at.isoformat(),
            "message": self.message,
            "path": [c.subject.human_friendly for c in self.path],
            "failing_certificate": self.failing_certificate.subject.human_friendly
            if self.failing_certificate is not None
            else None,
            "revocation_time": self.revocation_time.isoformat() if self.revocation_time else None,
            "revocation_reason": self.revocation_reason,
            "warnings": list(self.warnings),
        }


def _describe(cert: x509.Certificate) -> str:
    return f"'{cert.subject.human_friendly}' (serial {cert.serial_number:x})"


def certificate_signature_ok(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Does ``issuer``'s key verify ``cert``'s signature (and do both algorithm fields agree)?"""
    outer = cert["signature_algorithm"]["algorithm"].dotted
    if cert["tbs_certificate"]["signature"]["algorithm"].dotted != outer:
        return False
    return verify_with_public_key_info(
        issuer.public_key, cert["signature_value"].native, cert["tbs_certificate"].dump(), outer
    )


# E3 #11: asn1crypto's Name.__eq__ prepares every attribute value again at each comparison (~20 us); a
# document with several seals from one certificate compares the same names hundreds of times. The
# RFC 5280 section 7.1 comparison is kept: each name is prepared once, into a key that is equal exactly
# when asn1crypto's __eq__ says the names are (the same RDNs in the same order; within an RDN, the same
# attribute types with the same prepared values). Kept per DER of the certificate / name: a pure function.
NameKey = tuple[tuple[int, str], ...]
_CACHE_LIMIT = 1024
_CERT_FACTS: dict[bytes, tuple[NameKey, NameKey, bytes | None, bytes | None]] = {}
_NAME_KEYS: dict[bytes, NameKey] = {}


def name_key(name: x509.Name) -> NameKey:
    """The prepared form of ``name``: two names are equal (RFC 5280 7.1) iff their keys are."""
    der = name.dump()
    key = _NAME_KEYS.get(der)
    if key is None:
        key = tuple((len(rdn), rdn.hashable) for rdn in name.chosen)
        if len(_NAME_KEYS) >= _CACHE_LIMIT:
            _NAME_KEYS.clear()
        _NAME_KEYS[der] = key
    return key


def _facts(cert: x509.Certificate) -> tuple[bytes, NameKey, NameKey, bytes | None, bytes | None]:
    """(DER, issuer key, subject key, authority key identifier, subject key identifier) of ``cert``."""
    der = cert.dump()
    hit = _CERT_FACTS.get(der)
    if hit is None:
        hit = (name_key(cert.issuer), name_key(cert.subject), cert.authority_key_identifier, cert.key_identifier)
        if len(_CERT_FACTS) >= _CACHE_LIMIT:
            _CERT_FACTS.clear()
        _CERT_FACTS[der] = hit
    return (der, *hit)


def _facts_may_issue(cert: tuple[bytes, NameKey, NameKey, bytes | None, bytes | None],
                     candidate: tuple[bytes, NameKey, NameKey, bytes | None, bytes | None]) -> bool:
    if cert[1] != candidate[2]:  # issuer of cert == subject of candidate
        return False
    aki, ski = cert[3], candidate[4]
    return not (aki is not None and ski is not None and aki != ski)


#: (certificate DER, anchors' DER, intermediates' DER) -> what :func:`_build_path` found: a pure function
#: of those bytes, so a caller may keep the answers for the duration of one verification
PathKey = tuple[bytes, tuple[bytes, ...], tuple[bytes, ...]]
PathAnswer = tuple[tuple[x509.Certificate, ...] | None, x509.Certificate | None]


def _build_path(
    cert: x509.Certificate, roots: Sequence[x509.Certificate], pool: Sequence[x509.Certificate],
    paths: MutableMapping[PathKey, PathAnswer] | None = None,
) -> tuple[list[x509.Certificate] | None, x509.Certificate | None]:
    """Depth-first search. Returns (path, None) or (None, certificate whose signature failed or None)."""
    bad_sig: list[x509.Certificate] = []
    candidates = [*roots, *pool]
    facts = {id(c): _facts(c) for c in (cert, *candidates)}  # each certificate's DER and names, once
    root_ders = {facts[id(r)][0] for r in roots}
    key: PathKey | None = None
    if paths is not None:
        key = (facts[id(cert)][0], tuple(facts[id(r)][0] for r in roots), tuple(facts[id(c)][0] for c in pool))
        hit = paths.get(key)
        if hit is not None:
            return (list(hit[0]) if hit[0] is not None else None), hit[1]

    def walk(path: list[x509.Certificate]) -> list[x509.Certificate] | None:
        current = path[-1]
        current_facts = facts[id(current)]
        if current_facts[0] in root_ders:
            return path
        if len(path) > MAX_PATH_LENGTH:
            return None
        in_path = {facts[id(p)][0] for p in path}
        for cand in candidates:
            cand_facts = facts[id(cand)]
            if cand_facts[0] in in_path or not _facts_may_issue(current_facts, cand_facts):
                continue
            if not certificate_signature_ok(current, cand):
                bad_sig.append(current)
                continue
            found = walk([*path, cand])
            if found:
                return found
        return None

    found = walk([cert])
    answer = (found, None) if found else (None, bad_sig[0] if bad_sig else None)
    if paths is not None and key is not None:
        paths[key] = (tuple(found) if found else None, answer[1])
    return answer


def _ca_problem(path: Sequence[x509.Certificate]) -> tuple[x509.Certificate, str] | None:
    for depth, issuer in enumerate(path[1:], start=1):
        bc = issuer.basic_constraints_value
        if bc is None or not bc["ca"].native:
            return issuer, f"{_describe(issuer)} is not a CA (basicConstraints cA missing)"
        ku = issuer.key_usage_value
        if ku is not None and "key_cert_sign" not in ku.native:
            return issuer, f"{_describe(issuer)} lacks the keyCertSign key usage"
        path_len = bc["path_len_constraint"].native
        intermediates_below = depth - 1
        if path_len is not None and intermediates_below > path_len:
            return issuer, f"{_describe(issuer)} pathLenConstraint {path_len} exceeded"
    return None


def _revocation(
    path: Sequence[x509.Certificate], crls: Sequence[asn1_crl.CertificateList], at: _dt.datetime
) -> tuple[str, x509.Certificate | None, RevokedEntry | None, list[str]]:
    """('revoked', cert, entry, warnings) | ('unknown', cert, None, warnings) | ('good', None, None, warnings)."""
    warnings: list[str] = []
    unknown: x509.Certificate | None = None
    for cert, issuer in itertools.pairwise(path):
        usable = [
            c
            for c in crls
            if name_key(c.issuer) == name_key(issuer.subject)
            and c["signature_algorithm"]["algorithm"].dotted == c["tbs_cert_list"]["signature"]["algorithm"].dotted
            and verify_crl_signature(c, issuer)
        ]
        if not usable:
            warnings.append(f"no valid CRL from the issuer of {_describe(cert)}")
            unknown = unknown or cert
            continue
        for c in usable:
            entry = find_entry(c, cert.serial_number)
            if entry is None:
                continue
            if entry.revoked_at <= at:
                return "revoked", cert, entry, warnings
            warnings.append(f"{_describe(cert)} was revoked later, at {entry.revoked_at.isoformat()}")
            break
        next_updates = [c["tbs_cert_list"]["next_update"].native for c in usable]
        latest_next = None if None in next_updates else max(next_updates)
        if latest_next is not None and latest_next < at:
            warnings.append(
                f"newest CRL for {_describe(cert)} expired at {latest_next.isoformat()} (before {at.isoformat()})"
            )
            unknown = unknown or cert
    if unknown is not None:
        return "unknown", unknown, None, warnings
    return "good", None, None, warnings


def validate_certificate(
    cert: x509.Certificate,
    *,
    trust_roots: Iterable[x509.Certificate],
    intermediates: Iterable[x509.Certificate] = (),
    crls: Iterable[asn1_crl.CertificateList] = (),
    at: _dt.datetime | None = None,
    require_revocation: bool = True,
    key_usage: Iterable[str] = (),
    extended_key_usage: Iterable[str] = (),
    paths: MutableMapping[PathKey, PathAnswer] | None = None,
) -> ValidationResult:
    """Validate ``cert`` at time ``at`` (default: now). Never raises for an invalid certificate.

    ``key_usage`` uses asn1crypto names (``digital_signature``, ``non_repudiation``);
    ``extended_key_usage`` accepts names (``time_stamping``) or dotted OIDs.
    ``require_revocation=False`` downgrades "no CRL" from REVOCATION_UNKNOWN to a warning.
    ``paths``: a mapping the caller keeps for one verification (E3 #11): the path found for the same
    certificate, anchors and intermediates (byte for byte) is reused; everything that depends on the
    time (revocation, validity periods) is checked at ``at`` on every call.
    """
    at = at or _dt.datetime.now(_dt.UTC)
    if at.tzinfo is None:
        raise InvalidArgument("validation time must be timezone-aware")
    roots = list(trust_roots)
    pool = list(intermediates)
    crl_list = list(crls)

    path, bad = _build_path(cert, roots, pool, paths)
    if path is None:
        if bad is not None:
            return ValidationResult(
                ValidationReason.BAD_SIGNATURE, at, f"signature of {_describe(bad)} does not verify", failing_certificate=bad
            )
        return ValidationResult(
            ValidationReason.NO_CHAIN, at, f"no chain from {_describe(cert)} to a trusted root", failing_certificate=cert
        )
    tpath = tuple(path)

    problem = _ca_problem(path)
    if problem:
        return ValidationResult(ValidationReason.INVALID_CA, at, problem[1], tpath, problem[0])
    for c in path:
        unknown = set(c.critical_extensions) - _HANDLED_CRITICAL
        if unknown:
            return ValidationResult(
                ValidationReason.UNSUPPORTED_CRITICAL_EXTENSION,
                at,
                f"{_describe(c)} has unsupported critical extension(s) {', '.join(sorted(unknown))}",
                tpath,
                c,
            )
    want_ku = set(key_usage)
    if want_ku:
        have = set(cert.key_usage_value.native) if cert.key_usage_value is not None else set()
        if not want_ku <= have:
            return ValidationResult(
                ValidationReason.WRONG_USAGE, at, f"key usage {', '.join(sorted(want_ku - have))} missing", tpath, cert
            )
    want_eku = set(extended_key_usage)
    if want_eku:
        eku = cert.extended_key_usage_value
        have_eku: set[str] = set()
        if eku is not None:
            for purpose in eku:
                have_eku.update({purpose.native, purpose.dotted})
        if not want_eku <= have_eku:
            return ValidationResult(
                ValidationReason.WRONG_USAGE, at, f"extended key usage {', '.join(sorted(want_eku - have_eku))} missing",
                tpath, cert,
            )

    state, rcert, entry, warnings = _revocation(path, crl_list, at)
    if state == "revoked" and rcert is not None and entry is not None:
        return ValidationResult(
            ValidationReason.REVOKED,
            at,
            f"{_describe(rcert)} revoked at {entry.revoked_at.isoformat()} ({entry.reason})",
            tpath,
            rcert,
            revocation_time=entry.revoked_at,
            revocation_reason=entry.reason,
            warnings=tuple(warnings),
        )

    for c in path:
        validity = c["tbs_certificate"]["validity"]
        if at < validity["not_before"].native:
            return ValidationResult(
                ValidationReason.NOT_YET_VALID, at,
                f"{_describe(c)} is not valid before {validity['not_before'].native.isoformat()}",
                tpath, c, warnings=tuple(warnings),
            )
        if at > validity["not_after"].native:
            return ValidationResult(
                ValidationReason.EXPIRED, at, f"{_describe(c)} expired at {validity['not_after'].native.isoformat()}",
                tpath, c, warnings=tuple(warnings),
            )

    if state == "unknown":
        if require_revocation:
            return ValidationResult(
                ValidationReason.REVOCATION_UNKNOWN, at, "; ".join(warnings), tpath, rcert, warnings=tuple(warnings)
            )
    return ValidationResult(ValidationReason.VALID, at, "certificate chain is valid", tpath, warnings=tuple(warnings))
