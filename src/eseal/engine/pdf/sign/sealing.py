"""The signing use case's terms and rules: seal one PDF with one seal under one policy (``eseal sign``,
the web app, jobs).

The use case (:func:`eseal.engine.pdf.sign.profiles.seal_document`, one sealer per profile in
:mod:`.gm_sealing` and :mod:`.pades_sealing`) makes every decision that used to live in the ``eseal sign`` command: the seal's
key family must suit the profile (SM2 for GM, ECDSA for PAdES), a certificate that the given CA has
revoked (or that is outside its validity) is refused before anything is written, the PAdES chain and
the CRLs for B-LT come from the CA at hand, and the time source is the CA's TSA, a TSA URL, or — only
when the policy says so explicitly — the claimed local time. Callers build a :class:`SealMaterial`
(from a seal directory with :func:`seal_material_from_dir`; the platform will build it from its
database) and a :class:`SigningPolicy`, and get a :class:`SigningResult` or a typed error.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from asn1crypto import x509

from eseal.engine.pdf.errors import PdfEngineError
from eseal.engine.pdf.io.document import DEFAULT_MAX_BYTES
from eseal.engine.pdf.stamp.appearance import SealAppearance
from eseal.engine.pdf.stamp.placement import StampRequest
from eseal.engine.pki import HTTPTimeStampClient, LocalCA, PKIError
from eseal.engine.pki import ValidationReason as Status
from eseal.engine.ses import SealDir, parse_seal

#: profile -> the key family its seal must have
PROFILE_FAMILY = {"gm": "sm2", "pades": "ecdsa"}


class SigningRefused(PdfEngineError):
    """The policy forbids this signature (wrong key family, unusable certificate); nothing was signed."""

    code = "sign.refused"


class KeyFamilyMismatch(SigningRefused):
    code = "sign.key_family_mismatch"

    def __init__(self, family: str, profile: str, wanted: str) -> None:
        super().__init__(f"the seal's key family is {family}; the {profile} profile needs {wanted}")
        self.family, self.profile, self.wanted = family, profile, wanted


class CertificateRevoked(SigningRefused):
    code = "sign.certificate_revoked"

    def __init__(self, revoked_at: datetime | None, reason: str | None) -> None:
        when = revoked_at.isoformat() if revoked_at else "?"
        super().__init__(f"the signer certificate was revoked at {when} ({reason})")
        self.revoked_at, self.revocation_reason = revoked_at, reason


class CertificateUnusable(SigningRefused):
    code = "sign.certificate_unusable"

    def __init__(self, status: str, detail: str) -> None:
        super().__init__(f"the signer certificate is not usable now ({status}: {detail})")
        self.status, self.detail = status, detail


class SealOutsideValidity(SigningRefused):
    """The seal itself (SES_SealInfo validStart/validEnd) is not valid at signing time."""

    code = "sign.seal_outside_validity"

    def __init__(self, now: datetime, valid_start: datetime, valid_end: datetime) -> None:
        self.code = "sign.seal_not_yet_valid" if now < valid_start else "sign.seal_expired"
        state = "not valid before" if now < valid_start else "expired at"
        when = valid_start if now < valid_start else valid_end
        super().__init__(f"the seal is {state} {when.isoformat()} (valid {valid_start.isoformat()} to "
                         f"{valid_end.isoformat()}; now {now.isoformat()})")
        self.now, self.valid_start, self.valid_end = now, valid_start, valid_end


def refuse_seal_outside_validity(seal_der: bytes, now: datetime | None = None) -> None:
    """:class:`SealOutsideValidity` unless ``now`` lies inside the seal's own validity window.

    A signature made with a seal that is not yet valid or has expired can never verify; it is
    refused before anything is signed, with the dates.
    """
    info = parse_seal(seal_der).info
    now = now or datetime.now(UTC)
    if not info.valid_start <= now <= info.valid_end:
        raise SealOutsideValidity(now, info.valid_start, info.valid_end)


class TimeSource(enum.StrEnum):
    CA = "ca"  # the TSA of the CA in the policy
    TSA = "tsa"  # an RFC 3161 TSA at a URL
    CLAIMED = "claimed"  # no trusted time: the claimed local time only (recorded in the signature)


@dataclass(frozen=True)
class SealMaterial:
    """Everything of one seal that signing needs: its key, the seal and certificate, its picture."""

    family: str  # "sm2" | "ecdsa"
    signer: Any  # an eseal.engine.pki Signer
    seal_der: bytes
    cert_der: bytes
    appearance: SealAppearance
    name: str | None = None  # signer name shown in the signature by default
    issuer_ca: LocalCA | None = None  # the CA that issued the certificate, when at hand (PAdES chain)


@dataclass(frozen=True)
class SigningPolicy:
    """How to sign: profile, placement, time source and the texts of the signature dictionary."""

    profile: str  # "gm" | "pades"
    request: StampRequest
    time_source: TimeSource
    ca: LocalCA | None = None  # TimeSource.CA: its TSA; also revocation check, chain and CRLs
    tsa_url: str | None = None  # TimeSource.TSA
    signer_name: str | None = None  # overrides SealMaterial.name
    reason: str | None = None
    location: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class SigningResult:
    pdf: bytes
    profile: str
    mode: str  # "single" | "multi" | "seam"
    trusted_time: bool  # False: claimed time only


def require_key_family(family: str, profile: str) -> None:
    """:class:`KeyFamilyMismatch` unless a seal of ``family`` can sign with ``profile``."""
    wanted = PROFILE_FAMILY[profile]
    if family != wanted:
        raise KeyFamilyMismatch(family, profile, wanted)


def refuse_unusable_certificate(ca: LocalCA, cert_der: bytes) -> None:
    """Refuse to sign with a certificate this CA has revoked (or that is out of its validity).

    Such a signature would be born invalid (verification says TOTAL_FAILED/REVOKED); the signer has the
    CA and its CRL at hand, so saying so now is better than writing a file that can never verify.
    A certificate from another CA (no chain here) is not judged: the CA then only supplies the time.
    """
    res = ca.validate(x509.Certificate.load(cert_der), require_revocation=False)
    if res.status is Status.REVOKED:
        raise CertificateRevoked(res.revocation_time, res.revocation_reason)
    if res.status in (Status.EXPIRED, Status.NOT_YET_VALID, Status.BAD_SIGNATURE, Status.INVALID_CA):
        raise CertificateUnusable(res.status.value, res.message)


def seal_dir_family(seal_dir: SealDir) -> str:
    return str(seal_dir.manifest.get("family", "sm2"))


def require_seal_profile(seal_dir: SealDir, profile: str) -> None:
    """:class:`KeyFamilyMismatch` unless the seal directory's key suits ``profile`` (checked without opening the key)."""
    require_key_family(seal_dir_family(seal_dir), profile)


def seal_material_from_dir(seal_dir: SealDir, *, password: str | None = None) -> SealMaterial:
    """The :class:`SealMaterial` of a seal directory (``eseal seal make``).

    The issuing CA named in the manifest is opened when it exists (for the PAdES chain); if it cannot
    be, it is left out.
    """
    family = seal_dir_family(seal_dir)
    signer = seal_dir.signer(password=password)
    return SealMaterial(
        family=family, signer=signer, seal_der=seal_dir.seal_der, cert_der=seal_dir.cert_der,
        appearance=SealAppearance.from_seal_dir(seal_dir), name=seal_dir.manifest.get("name"),
        issuer_ca=_manifest_ca(seal_dir),
    )


def _manifest_ca(seal_dir: SealDir) -> LocalCA | None:
    ca_dir = seal_dir.manifest.get("ca")
    if not ca_dir or not Path(ca_dir).is_dir():
        return None
    try:
        return LocalCA.open(ca_dir)
    except PKIError:
        return None


def _timestamper(policy: SigningPolicy, family: str) -> Any:
    if policy.time_source is TimeSource.CA:
        if policy.ca is None:
            raise ValueError("TimeSource.CA needs the CA in the policy")
        return policy.ca.tsa(family)
    if policy.time_source is TimeSource.TSA:
        if not policy.tsa_url:
            raise ValueError("TimeSource.TSA needs tsa_url")
        return HTTPTimeStampClient(policy.tsa_url)
    return None


def admit(seal: SealMaterial, policy: SigningPolicy, profile: str) -> tuple[Any, bool, str | None]:
    """The checks every profile runs before anything is signed, in this order; then the signature's
    time stamper (None: claimed time only), whether the time is claimed only, and the signer name (a
    tuple: one dataclass fewer to build when the module is imported, E3 #12).

    :raises SigningRefused: wrong key family for the profile, a seal outside its own validity window,
        or a certificate the policy's CA revoked or considers unusable.
    :raises ValueError: ``policy`` is not for ``profile``, or its time source lacks its CA / URL.
    """
    require_key_family(seal.family, policy.profile)
    if policy.profile != profile:
        raise ValueError(f"a {policy.profile} policy given to the {profile} sealer")
    refuse_seal_outside_validity(seal.seal_der)
    if policy.ca is not None:
        refuse_unusable_certificate(policy.ca, seal.cert_der)
    timestamper = _timestamper(policy, seal.family)
    return timestamper, policy.time_source is TimeSource.CLAIMED, policy.signer_name or seal.name
