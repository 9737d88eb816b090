"""PDF stamping, signing (GM and PAdES profiles), verification, reports and previews.

This is the public face of the PDF engine: commands and the platform import from here only
(tests may reach into the sub-packages). Sub-packages, by concept:

* :mod:`.io` — the input gate shared by signing and verification (opening, GM format contract, digests, previews)
* :mod:`.stamp` — placement of the seal on pages, geometry, appearance streams
* :mod:`.sign` — the signing use case (:func:`seal_document`; :func:`seal_gm_document` and
  :func:`seal_pades_document` when the profile is known), the GM and PAdES profiles, the signature
  dictionary, trusted time
* :mod:`.verify` — verification of every signature of a document
* :mod:`.report` — the verification report model, its JSON and its Chinese PDF rendering

Heavy third-party libraries (pyHanko, reportlab, pypdfium2) are imported inside the functions that
use them, so importing this face stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eseal.engine.faces import lazy_face
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

if TYPE_CHECKING:  # the rest of the face is loaded on first use (see __getattr__ below)
    from eseal.engine.pdf.io.gm_format import parse_pages
    from eseal.engine.pdf.io.preview import (
        PagePreview,
        PageSize,
        page_count,
        page_sizes,
        render_page,
        render_pages,
    )
    from eseal.engine.pdf.io.source import SIGNED_ALLOWANCE_BYTES, LoadedPdf, load_input, signed_limit
    from eseal.engine.pdf.report.font import CJK_FONT, register_cjk_font
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
        GrantedSigning,
        Indication,
        ItemCode,
        PlatformSection,
        PlatformSignatureNote,
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
    from eseal.engine.pdf.report.texts import bj_range, bj_time
    from eseal.engine.pdf.sign.gm import sign_gm
    from eseal.engine.pdf.sign.gm_sealing import seal_gm_document
    from eseal.engine.pdf.sign.pades import sign_pades
    from eseal.engine.pdf.sign.pades_sealing import seal_pades_document
    from eseal.engine.pdf.sign.profiles import seal_document
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
        seal_material_from_dir,
    )
    from eseal.engine.pdf.stamp.appearance import SealAppearance
    from eseal.engine.pdf.stamp.placement import StampRequest
    from eseal.engine.pdf.verify.lifecycle import SealLifecycle, SealLifecycleStatus, SealState
    from eseal.engine.pdf.verify.policy import RevocationMode, VerificationPolicy
    from eseal.engine.pdf.verify.trust import TrustStore
    from eseal.engine.pdf.verify.verifier import verify_pdf

__all__ = [
    "CJK_FONT",
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
    "GrantedSigning",
    "Indication",
    "IssuedReport",
    "ItemCode",
    "KeyFamilyMismatch",
    "LoadedPdf",
    "NotAPdfError",
    "PagePreview",
    "PageSize",
    "PdfEngineError",
    "PdfInputError",
    "PdfTooLargeError",
    "PlacementError",
    "PlatformSection",
    "PlatformSignatureNote",
    "Problem",
    "ReportFontError",
    "ReportSealChoice",
    "ReportSealError",
    "ReportSealNotice",
    "ReportSealPolicy",
    "ReportSealSigner",
    "RevisionChanges",
    "RevisionInfo",
    "RevocationMode",
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
    "VerificationPolicy",
    "VerificationReport",
    "bj_range",
    "bj_time",
    "choose_report_signer",
    "ensure_platform_seal",
    "error_to_dict",
    "issue_report",
    "load_input",
    "page_count",
    "page_sizes",
    "parse_pages",
    "register_cjk_font",
    "render_page",
    "render_pages",
    "render_report_pdf",
    "report_to_dict",
    "report_to_json",
    "require_seal_profile",
    "seal_document",
    "seal_gm_document",
    "seal_material_from_dir",
    "seal_pades_document",
    "sign_gm",
    "sign_pades",
    "signed_limit",
    "verify_pdf",
]


# --- loading on first use -------------------------------------------------------------------------------
# ``eseal sign`` needs the signing use case, not the verifier, the report renderer or the seal art; a face
# that imported every part made each command pay for all of them (issue E3 #12, cold start). The errors
# above are imported eagerly (cheap, and caught by every caller); every other name of ``__all__`` is
# imported from its module, as written in the ``if TYPE_CHECKING:`` block, the first time it is used.

__getattr__, __dir__ = lazy_face(__name__)
