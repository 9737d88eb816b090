"""Issuing the Chinese PDF report: choose its seal under a policy, render, sign; unsigned when signing fails.

The verification result stands whatever happens to the report's own seal: a seal that cannot be found
or a signing that fails (TSA down, key unusable) only downgrades the report to unsigned, and the
:class:`IssuedReport` says so by notice codes the caller turns into its own language.
"""

from __future__ import annotations

from dataclasses import dataclass

from eseal.engine.pdf.report.model import PlatformSection, VerificationReport
from eseal.engine.pdf.report.pdf import render_report_pdf
from eseal.engine.pdf.report.seal import ReportSealNotice, ReportSealPolicy, choose_report_signer


@dataclass(frozen=True)
class IssuedReport:
    pdf: bytes
    signed: bool
    notices: tuple[ReportSealNotice, ...] = ()


def issue_report(report: VerificationReport, policy: ReportSealPolicy, *, qr_text: str | None = None,
                 platform: PlatformSection | None = None) -> IssuedReport:
    """The report PDF, signed with the seal ``policy`` chooses when it can be (raises ReportSealError only
    for an explicit seal directory that cannot be used). ``qr_text``: the QR code's content (a platform's
    public report URL), else the engine's ``ESEAL-VR:`` payload; ``platform``: the issuing platform's notes
    per signature (授权签署)."""
    choice = choose_report_signer(policy)
    if choice.signer is None:
        return IssuedReport(render_report_pdf(report, qr_text=qr_text, platform=platform), False, choice.notices)
    try:
        return IssuedReport(render_report_pdf(report, signer=choice.signer, qr_text=qr_text,
                                                   platform=platform), True, choice.notices)
    except Exception as exc:  # TSA down, key unusable...: the verification itself stands
        notice = ReportSealNotice("report.unsigned.signing_failed", f"{type(exc).__name__}: {exc}")
        return IssuedReport(render_report_pdf(report, qr_text=qr_text, platform=platform), False, (*choice.notices, notice))
