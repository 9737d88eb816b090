"""The platform's verification-report seal (电子印章验证报告专用章) and the signer that stamps reports with it.

Issue E2 wants the human report to be an *evidence object*: signed by the platform's key, so that a
printed or forwarded report can be checked like any other sealed document. The platform's key is a
seal directory (:mod:`eseal.engine.ses.sealdir`) kept inside the local CA directory::

    <CA>/platform-seal/   SM2 key (encrypted with the CA's master key), certificate from the SM2 issuing
                          CA (O = CN = the CA's organisation), maker-signed SESeal v4 "电子印章验证报告专用章"

It is made by ``eseal ca init`` and, for CA directories made before it existed, on first use
(:func:`ensure_platform_seal`). The face is the art engine's round 合同专用章 template (Ø40 mm, star,
organisation on the upper arc) with 验证报告专用章 as the line under the star; the SES seal type is 99
(其他类型印章: the public-security scheme has no code for it).

:class:`ReportSealSigner` signs a report PDF (``render_report_pdf(report, signer=...)``) with any seal
directory: GM profile (SM2/SM3 SES) for an SM2 seal, PAdES for an ECDSA one, with the CA's TSA when a
CA is given. The stamp goes into the zone the report layout keeps free on page 1 (bottom right, next
to the issuing block with the report serial), so it never covers text.
"""

from __future__ import annotations

import os
import secrets
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eseal.engine import ses
from eseal.engine.art import render_seal
from eseal.engine.pdf.errors import ReportSealError
from eseal.engine.pdf.sign.gm import sign_gm
from eseal.engine.pdf.sign.pades import sign_pades
from eseal.engine.pdf.stamp.appearance import SealAppearance
from eseal.engine.pdf.stamp.placement import StampRequest
from eseal.engine.pki import LocalCA, PKIError
from eseal.engine.ses import SealDirError, SealFace, create_seal_dir, open_seal_dir

PLATFORM_SEAL_DIR = "platform-seal"
REPORT_SEAL_NAME = "电子印章验证报告专用章"
REPORT_TYPE_TEXT = "验证报告专用章"
REPORT_SEAL_KIND = "report"
# esID area code: the platform seal belongs to no administrative area (GB/T 2260 has no 999999);
# type 99 = other. The esID stays well-formed (17 digits, check digit) for every parser.
PLATFORM_AREA = "999999"
SEAL_DAYS = 5 * 365


def report_seal_face(organization: str) -> Any:
    """The seal face: round Ø40 mm, organisation on the arc, 验证报告专用章 under the star."""

    name = "".join(organization.split())  # seal text has no spaces
    r = render_seal("contract", name, purpose=REPORT_TYPE_TEXT)
    return SealFace(r.png, float(r.width_mm), float(r.height_mm), vector_pdf=r.pdf)


def platform_seal_path(ca: Any) -> Path:
    return Path(ca.directory) / PLATFORM_SEAL_DIR


def ensure_platform_seal(ca: Any) -> Any:
    """Open ``<CA>/platform-seal``, making it first if the CA directory has none (returns a SealDir).

    Made in a scratch directory and renamed into place, so a concurrent caller either sees no seal or
    a complete one (the loser of a race discards its copy; its certificate stays in ``issued/``).
    Raises ReportSealError.
    """

    path = platform_seal_path(ca)
    if path.exists():
        try:
            return open_seal_dir(path)
        except SealDirError as exc:
            raise ReportSealError(f"platform report seal {path} is unusable: {exc}") from exc
    org = str(ca.manifest.get("organization") or "eseal")
    seal_type = ses.SealType.OTHER
    tmp = path.with_name(f".{PLATFORM_SEAL_DIR}.{uuid.uuid4().hex}.tmp")
    try:
        face = report_seal_face(org)
        es_id = ses.make_es_id(PLATFORM_AREA, seal_type, secrets.randbelow(10**8))
        create_seal_dir(
            tmp, ca=ca, kind=REPORT_SEAL_KIND, seal_type=seal_type, kind_label=REPORT_SEAL_NAME, name=org,
            seal_name=REPORT_SEAL_NAME, es_id=es_id, face=face, family="sm2",
            issue=lambda pki: ca.issue_platform("sm2", pki, SEAL_DAYS, common_name=f"{org} {REPORT_SEAL_NAME}"),
        )
        try:
            os.rename(tmp, path)
        except OSError:
            if not (path / "seal.json").is_file():
                raise
    except (PKIError, ValueError, OSError) as exc:  # SesBuildError, SealArtError, EsIdError are ValueErrors
        raise ReportSealError(f"cannot make the platform report seal in {path}: {exc}") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return open_seal_dir(path)


# The zone page 1 of the report keeps free for the stamp (report_pdf lays text around it).
A4_MM = (210.0, 297.0)
ZONE_RIGHT_MM = 16.0   # = the report's side margin
ZONE_BOTTOM_MM = 15.0  # just above the footer rule (13 mm)
ZONE_HEIGHT_MM = 44.0  # fits a Ø42 mm round seal


class ReportSealSigner:
    """``sign_pdf(pdf) -> bytes`` with a seal directory, for :func:`render_report_pdf`.

    ``ca`` (a LocalCA, optional) supplies the time-stamping authority and, for PAdES, the chain and
    CRLs; without it the signature carries the claimed time only (and says so).
    """

    def __init__(self, seal_dir: Any, *, ca: Any = None, password: str | None = None,
                 timestamper: Any = None, master_key: Any = None) -> None:

        self.seal_dir = seal_dir
        self.ca = ca
        self.family = seal_dir.manifest.get("family", "sm2")
        # master_key: for a seal under a CA master key kept outside the CA directory (the platform's)
        self.signer = seal_dir.signer(password=password, master_key=master_key)
        self.appearance = SealAppearance.from_seal_dir(seal_dir)
        self.seal_der = seal_dir.seal_der
        self.cert_der = seal_dir.cert_der
        want = "sm2" if self.family == "sm2" else "ecdsa"
        self.timestamper = timestamper or (ca.tsa(want) if ca is not None else None)
        m = seal_dir.manifest
        self.issuer = str(m.get("name") or "")
        self.seal_name = str(m.get("seal_name") or "")

    @property
    def claimed_time_only(self) -> bool:
        return self.timestamper is None

    def request(self) -> Any:
        """Bottom-right of page 1, inside the zone the report keeps free."""

        w, h = self.appearance.width_mm, self.appearance.height_mm
        x = A4_MM[0] - ZONE_RIGHT_MM - w
        y_top = A4_MM[1] - ZONE_BOTTOM_MM - max(h, 0.0)
        if h < ZONE_HEIGHT_MM:  # centre smaller seals vertically in the zone
            y_top -= (ZONE_HEIGHT_MM - h) / 2
        return StampRequest.from_mm(mode="single", page=1, x_mm=x, y_mm=y_top)

    def sign_pdf(self, pdf: bytes) -> bytes:
        reason = "电子签章验证报告签发"
        if self.family == "sm2":

            return sign_gm(pdf, seal_der=self.seal_der, signer=self.signer, signer_cert_der=self.cert_der,
                           request=self.request(), timestamper=self.timestamper,
                           claimed_time_only=self.claimed_time_only, signer_name=self.issuer or None,
                           reason=reason, appearance=self.appearance)
        from asn1crypto import x509

        chain: list[Any] = []
        if self.ca is not None:
            try:
                chain = self.ca.chain_for(x509.Certificate.load(self.cert_der))[1:]
            except Exception:  # a certificate from another CA: embed only the signer's own
                chain = []
        return sign_pades(pdf, signer=self.signer, cert=self.cert_der, chain=chain, appearance=self.appearance,
                          seal_der=self.seal_der, request=self.request(), timestamper=self.timestamper,
                          claimed_time_only=self.claimed_time_only,
                          lt_crls=[c.dump() for c in self.ca.crls("ecdsa")] if self.ca is not None else None,
                          trust_roots=self.ca.trust_roots("ecdsa") if self.ca is not None else (),
                          signer_name=self.issuer or None, reason=reason)


@dataclass(frozen=True)
class ReportSealPolicy:
    """Which seal signs a verification report (the choice ``eseal verify --report`` makes).

    ``seal_dir`` is an explicit seal directory (``--report-seal``): it must be usable, else
    :class:`ReportSealError`. Without it, the platform report seal of the first CA directory in
    ``ca_dirs`` is used (made on first use); if that cannot be opened or made the report is unsigned,
    and the choice says why. The first CA directory also supplies the time-stamping authority.
    """

    seal_dir: str | Path | None = None
    ca_dirs: Sequence[str | Path] = ()
    password: str | None = None
    signer: ReportSealSigner | None = None  # a signer the caller built and keeps (the platform's): used as is


@dataclass(frozen=True)
class ReportSealNotice:
    """Something the caller should tell the user about the report's seal (a code and English detail).

    Codes: ``report.unsigned.no_seal`` (no CA, no seal), ``report.unsigned.ca_unusable`` (the CA
    directory cannot be opened), ``report.unsigned.platform_seal_unusable`` (the platform seal cannot be
    made or opened), ``report.claimed_time_only`` (a seal without a TSA), ``report.claimed_time_only.ca_unusable``
    (a seal whose CA directory cannot be opened for its TSA), ``report.unsigned.signing_failed``.
    """

    code: str
    detail: str = ""
    ca_dir: str = ""


@dataclass(frozen=True)
class ReportSealChoice:
    """The signer chosen under a :class:`ReportSealPolicy` (None: the report goes out unsigned) and notices."""

    signer: ReportSealSigner | None
    notices: tuple[ReportSealNotice, ...] = ()


def choose_report_signer(policy: ReportSealPolicy) -> ReportSealChoice:
    """Apply ``policy``: the explicit seal, else the first CA's platform seal, else unsigned (with the reason).

    Raises :class:`ReportSealError` (code ``report.seal_dir_unusable``) when the explicit seal cannot be used.
    """
    if policy.signer is not None:
        return ReportSealChoice(policy.signer)
    notices: list[ReportSealNotice] = []
    ca = None
    ca_dir = str(policy.ca_dirs[0]) if policy.ca_dirs else ""
    if ca_dir:
        try:
            ca = LocalCA.open(ca_dir)
        except PKIError as exc:
            if policy.seal_dir is None:
                return ReportSealChoice(None, (ReportSealNotice("report.unsigned.ca_unusable", str(exc), ca_dir),))
            notices.append(ReportSealNotice("report.claimed_time_only.ca_unusable", str(exc), ca_dir))
    if policy.seal_dir is not None:
        try:
            signer = ReportSealSigner(open_seal_dir(policy.seal_dir), ca=ca, password=policy.password)
        except (SealDirError, PKIError, ValueError, OSError) as exc:
            raise ReportSealError(f"report seal directory {policy.seal_dir} is unusable: {exc}",
                                  code="report.seal_dir_unusable") from None
        if signer.claimed_time_only and not notices:
            notices.append(ReportSealNotice("report.claimed_time_only"))
        return ReportSealChoice(signer, tuple(notices))
    if ca is None:
        return ReportSealChoice(None, (ReportSealNotice("report.unsigned.no_seal"),))
    try:
        return ReportSealChoice(ReportSealSigner(ensure_platform_seal(ca), ca=ca))
    except (ReportSealError, SealDirError, PKIError, ValueError, OSError) as exc:
        return ReportSealChoice(None, (ReportSealNotice("report.unsigned.platform_seal_unusable", str(exc), ca_dir),))
