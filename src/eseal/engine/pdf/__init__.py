"""PDF stamping, signing (GM and PAdES profiles), verification, reports and previews.

This is the public face of the PDF engine: commands and the platform import from here only
(tests may reach into the sub-packages). Sub-packages, by concept:

* :mod:`.io` — the input gate shared by signing and verification (opening, GM format contract, digests, previews)
* :mod:`.stamp` — placement of the seal on pages, geometry, appearance streams
* :mod:`.sign` — the signing use case (:func:`seal_document`), the GM and PAdES profiles, the signature
  dictionary, trusted time
* :mod:`.verify` — verification of every signature of a document
* :mod:`.report` — the verification report model, its JSON and its Chinese PDF rendering

Heavy third-party libraries (pyHanko, reportlab, pypdfium2) are imported inside the functions that
use them, so importing this face stays cheap.
"""

from __future__ import annotations

from eseal.engine.pdf.errors import (
    EncryptedPdfError,
    NotAPdfError,
    PdfEngineError,
    PdfInputError,
    PdfTooLargeError,
    PlacementError,
    ReportFontError,
    ReportSealError,
    SealAppearanceError,
    SigningError,
    TruncatedPdfError,
    TrustStoreError,
)
from eseal.engine.pdf.io.gm_format import parse_pages
from eseal.engine.pdf.io.preview import PagePreview, page_count, render_page, render_pages
from eseal.engine.pdf.io.source import SIGNED_ALLOWANCE_BYTES
from eseal.engine.pdf.report.issue import IssuedReport, issue_report
from eseal.engine.pdf.report.json import JSON_SCHEMA, error_to_dict, report_to_dict, report_to_json
from eseal.engine.pdf.report.model import (
    AppliedPolicy,
    BestTimeSource,
    CertificateInfo,
    CheckItem,
    CheckStatus,
    Coverage,
    Details,
    DocumentInfo,
    Indication,
    ItemCode,
    Problem,
    RevisionChanges,
    RevisionInfo,
    SealInfo,
    SealLifecycleCheck,
    SignatureReport,
    SigningTimes,
    SubIndication,
    VerificationReport,
)
from eseal.engine.pdf.report.pdf import render_report_pdf
from eseal.engine.pdf.report.seal import (
    ReportSealChoice,
    ReportSealNotice,
    ReportSealPolicy,
    ReportSealSigner,
    choose_report_signer,
    ensure_platform_seal,
)
from eseal.engine.pdf.sign.gm import sign_gm
from eseal.engine.pdf.sign.pades import sign_pades
from eseal.engine.pdf.sign.sealing import (
    CertificateRevoked,
    CertificateUnusable,
    KeyFamilyMismatch,
    SealMaterial,
    SealOutsideValidity,
    SigningPolicy,
    SigningRefused,
    SigningResult,
    TimeSource,
    require_seal_profile,
    seal_document,
    seal_material_from_dir,
)
from eseal.engine.pdf.stamp.appearance import SealAppearance
from eseal.engine.pdf.stamp.placement import StampRequest
from eseal.engine.pdf.verify.lifecycle import SealLifecycle, SealLifecycleStatus, SealState
from eseal.engine.pdf.verify.trust import TrustStore
from eseal.engine.pdf.verify.verifier import verify_pdf

__all__ = [
    "JSON_SCHEMA",
    "SIGNED_ALLOWANCE_BYTES",
    "AppliedPolicy",
    "BestTimeSource",
    "CertificateInfo",
    "CertificateRevoked",
    "CertificateUnusable",
    "CheckItem",
    "CheckStatus",
    "Coverage",
    "Details",
    "DocumentInfo",
    "EncryptedPdfError",
    "Indication",
    "IssuedReport",
    "ItemCode",
    "KeyFamilyMismatch",
    "NotAPdfError",
    "PagePreview",
    "PdfEngineError",
    "PdfInputError",
    "PdfTooLargeError",
    "PlacementError",
    "Problem",
    "ReportFontError",
    "ReportSealChoice",
    "ReportSealError",
    "ReportSealNotice",
    "ReportSealPolicy",
    "ReportSealSigner",
    "RevisionChanges",
    "RevisionInfo",
    "SealAppearance",
    "SealAppearanceError",
    "SealInfo",
    "SealLifecycle",
    "SealLifecycleCheck",
    "SealLifecycleStatus",
    "SealMaterial",
    "SealOutsideValidity",
    "SealState",
    "SignatureReport",
    "SigningError",
    "SigningPolicy",
    "SigningRefused",
    "SigningResult",
    "SigningTimes",
    "StampRequest",
    "SubIndication",
    "TimeSource",
    "TruncatedPdfError",
    "TrustStore",
    "TrustStoreError",
    "VerificationReport",
    "choose_report_signer",
    "ensure_platform_seal",
    "error_to_dict",
    "issue_report",
    "page_count",
    "parse_pages",
    "render_page",
    "render_pages",
    "render_report_pdf",
    "report_to_dict",
    "report_to_json",
    "require_seal_profile",
    "seal_document",
    "seal_material_from_dir",
    "sign_gm",
    "sign_pades",
    "verify_pdf",
]
