"""Verification (验签) on the platform: verify an uploaded PDF with the platform trust (the platform CA's roots and
CRLs) and the seal records (the lifecycle port), keep the reports (JSON + platform-sealed PDF) under the report's
serial, answer the owner's report and the public page of its QR code; and 扫码 (QR codes in photos: our reports,
signing tasks).

Service functions have the form ``(db, svc, *, actor, ...)`` and never commit.
"""

from eseal.platform.verification.models import VerificationReport
from eseal.platform.verification.records import SigningRecord, signing_records
from eseal.platform.verification.scan import ScanResult, scan_photo, task_url
from eseal.platform.verification.service import (
    ACCOUNT_PER_HOUR,
    ANON_PER_HOUR,
    MAX_BYTES,
    PUBLIC_PAGE_PATH,
    READ_LIMIT,
    StoredReport,
    owned_report,
    public_report,
    public_report_url,
    report_picture,
    verify_upload,
)
from eseal.platform.verification.trust import platform_trust, report_signer
from eseal.platform.verification.views import PublicReport, PublicSignature, VerifyOutcome

__all__ = [
    "ACCOUNT_PER_HOUR",
    "ANON_PER_HOUR",
    "MAX_BYTES",
    "PUBLIC_PAGE_PATH",
    "READ_LIMIT",
    "PublicReport",
    "PublicSignature",
    "ScanResult",
    "SigningRecord",
    "StoredReport",
    "VerificationReport",
    "VerifyOutcome",
    "owned_report",
    "platform_trust",
    "public_report",
    "public_report_url",
    "report_picture",
    "report_signer",
    "scan_photo",
    "signing_records",
    "task_url",
    "verify_upload",
]
