"""Typed errors for input the verifier cannot read at all (the CLI maps them to exit code 3).

Anything that *can* be read but is wrong (bad signature, tampering) is not an exception: it is a result
in the report. These errors are for files we cannot even open as a PDF.
"""

from __future__ import annotations


class PdfInputError(ValueError):
    """The input is not a readable PDF. ``reason`` is a stable code, ``message_zh`` is for users."""

    reason = "unreadable"
    message_zh = "文件无法读取"

    def __init__(self, message: str, *, message_zh: str | None = None) -> None:
        super().__init__(message)
        if message_zh is not None:
            self.message_zh = message_zh


class NotAPdfError(PdfInputError):
    reason = "not_pdf"
    message_zh = "文件不是PDF格式"


class TruncatedPdfError(PdfInputError):
    reason = "truncated"
    message_zh = "PDF文件不完整或已损坏"


class EncryptedPdfError(PdfInputError):
    reason = "encrypted"
    message_zh = "PDF文件已加密，无法验证"


class PdfTooLargeError(PdfInputError):
    reason = "too_large"
    message_zh = "文件超过大小限制"

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"file is {size} bytes, over the limit of {limit} bytes",
            message_zh=f"文件大小 {size / 1048576:.1f} MB 超过限制 {limit / 1048576:.0f} MB",
        )
        self.size = size
        self.limit = limit
