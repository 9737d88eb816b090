"""The Chinese texts of the command line, keyed by the engine's error codes (codes go down, Chinese goes up).

The engine raises errors with a stable ``code`` and an English technical message; what a CLI user
reads in Chinese is looked up here, in one place, never guessed from the message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: ``eseal verify``: why the input could not be read at all (printed as ``eseal: <text>: FILE (<English>)``).
_PDF_INPUT: dict[str, str | Callable[[Any], str]] = {
    "pdf.unreadable": "无法读取文件",
    "pdf.not_pdf": "文件不是PDF格式",
    "pdf.truncated": "PDF文件不完整或已损坏",
    "pdf.encrypted": "PDF文件已加密，无法验证",
    "pdf.too_large": lambda e: f"文件大小 {e.size / 1048576:.1f} MB 超过限制 {e.limit / 1048576:.0f} MB",
}
_PDF_INPUT_DEFAULT = "文件无法读取"


def pdf_input_zh(error: Any) -> str:
    """Chinese sentence for an :class:`eseal.engine.pdf.PdfInputError` (by its ``code``)."""
    text = _PDF_INPUT.get(getattr(error, "code", ""), _PDF_INPUT_DEFAULT)
    return text(error) if callable(text) else text


#: ``eseal sign``: what the mode is called
MODE_LABELS = {"single": "单页签章", "multi": "多页签章", "seam": "骑缝签章"}


def signing_refused_zh(error: Any, seal_path: str) -> str:
    """Chinese line for an :class:`eseal.engine.pdf.SigningRefused` (by its ``code``)."""
    code = getattr(error, "code", "")
    if code == "sign.key_family_mismatch":
        return (f"印章 {seal_path} 的密钥类型为 {error.family}，{error.profile} 签名需要 {error.wanted} 印章"
                f"（eseal seal make --family {error.wanted}）")
    if code == "sign.certificate_revoked":
        when = error.revoked_at.isoformat() if error.revoked_at else "?"
        return f"印章 {seal_path} 的签章者证书已于 {when} 被吊销（{error.revocation_reason}），拒绝签章"
    if code == "sign.certificate_unusable":
        return f"印章 {seal_path} 的签章者证书当前不可用（{error.status}：{error.detail}），拒绝签章"
    return f"印章 {seal_path} 不能用于本次签章：{error}"


def signed_zh(output: str, result: Any) -> str:
    """The success line of ``eseal sign`` for a :class:`eseal.engine.pdf.SigningResult`."""
    time_note = "可信时间戳" if result.trusted_time else "声称时间（无可信时间戳）"
    return f"已签署：{output}（{MODE_LABELS[result.mode]}，{result.profile.upper()}，{time_note}）"


#: ``eseal verify --report``: notices about the report's own seal (codes of eseal.engine.pdf.ReportSealNotice)
_REPORT_NOTICES: dict[str, str] = {
    "report.unsigned.no_seal": "注意：未指定 --ca 或 --report-seal，验证报告未签章（不是平台签发的证据文件）",
    "report.unsigned.ca_unusable": "注意：无法打开 CA 目录 {ca_dir}（{detail}），验证报告未签章",
    "report.unsigned.platform_seal_unusable": "注意：平台报告印章不可用（{detail}），验证报告未签章",
    "report.unsigned.signing_failed": "注意：验证报告签章失败（{detail}），报告未签章",
    "report.claimed_time_only": "注意：未指定 --ca，验证报告签章没有可信时间戳（只带声明时间）",
    "report.claimed_time_only.ca_unusable": "注意：无法使用 CA 目录 {ca_dir} 的时间戳服务（{detail}），报告签章只带声明时间",
}


def report_notice_zh(notice: Any) -> str:
    """Chinese line for an :class:`eseal.engine.pdf.ReportSealNotice` (by its ``code``)."""
    template = _REPORT_NOTICES.get(notice.code, "注意：{code}（{detail}）")
    return template.format(code=notice.code, detail=notice.detail, ca_dir=notice.ca_dir)
