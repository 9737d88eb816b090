"""The platform signs a completed application form: the platform seal of the platform CA (made on first use),
GB/T 38540 GM profile, trusted time from the platform CA's TSA."""

from __future__ import annotations

import logging

from eseal.engine.pdf import (
    PdfEngineError,
    ReportSealError,
    SealAppearance,
    SealMaterial,
    SigningPolicy,
    StampRequest,
    TimeSource,
    ensure_platform_seal,
    seal_document,
)
from eseal.engine.pki import PKIError
from eseal.engine.ses import SealDirError as SesError
from eseal.platform.core import PlatformError, Services
from eseal.platform.seals.applications.application_form import PLATFORM_SEAL_MM

log = logging.getLogger("eseal.seals")
REASON = "数字证书申请表签署确认"


def sign_form(svc: Services, pdf: bytes) -> bytes:
    try:
        ca = svc.ca
        seal_dir = ensure_platform_seal(ca)
        # the platform CA's keys are under the platform master key (no master.key file in the CA directory)
        material = SealMaterial(family="sm2", signer=seal_dir.signer(master_key=ca.keystore.master_key),
                                seal_der=seal_dir.seal_der, cert_der=seal_dir.cert_der,
                                appearance=SealAppearance.from_seal_dir(seal_dir), name=seal_dir.manifest.get("name"),
                                issuer_ca=ca)
        x_mm, y_mm = PLATFORM_SEAL_MM
        policy = SigningPolicy(profile="gm", request=StampRequest.from_mm(mode="single", page=1, x_mm=x_mm, y_mm=y_mm),
                               time_source=TimeSource.CA, ca=ca, reason=REASON)
        return seal_document(pdf, material, policy).pdf
    except (PdfEngineError, ReportSealError, PKIError, SesError) as exc:
        log.warning("form signing failed: %s", exc)
        raise PlatformError("seal_application.form_signing_failed", "申请表签署失败，请稍后重试") from exc
