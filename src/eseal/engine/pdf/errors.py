"""The one error hierarchy of the PDF engine: a stable ``code`` and an English technical message each.

Codes go down, Chinese goes up: the engine never writes user text into an error; each surface (CLI,
report, web) looks the code up in its own catalogue (the CLI's is :mod:`eseal.commands.texts`).
Results that *can* be read but are wrong (a bad signature, tampering) are not errors: they are
verification results in the report.
"""

from __future__ import annotations


class PdfEngineError(Exception):
    """Base class of every error raised by :mod:`eseal.engine.pdf`."""

    code = "pdf.error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class PdfInputError(PdfEngineError, ValueError):
    """The input is not a usable PDF: unreadable, not a PDF, damaged, encrypted, or over the size limit."""

    code = "pdf.unreadable"

    @property
    def reason(self) -> str:
        """The code without its ``pdf.`` prefix (the ``error.reason`` field of the JSON output)."""
        return self.code.split(".", 1)[-1]


class NotAPdfError(PdfInputError):
    code = "pdf.not_pdf"


class TruncatedPdfError(PdfInputError):
    code = "pdf.truncated"


class EncryptedPdfError(PdfInputError):
    code = "pdf.encrypted"


class PdfTooLargeError(PdfInputError):
    code = "pdf.too_large"

    def __init__(self, size: int, limit: int, message: str | None = None) -> None:
        super().__init__(message or f"file is {size} bytes, over the limit of {limit} bytes")
        self.size = size
        self.limit = limit


class PlacementError(PdfEngineError, ValueError):
    """A page number or position is out of range, or the stamping request is inconsistent."""

    code = "pdf.bad_placement"


class SealAppearanceError(PdfEngineError, ValueError):
    """The seal picture cannot be used as an appearance (unknown format, no physical size...)."""

    code = "pdf.bad_appearance"


class SigningError(PdfEngineError):
    """Signing failed after the input was accepted (signer, certificate, or container too large)."""

    code = "sign.failed"


class TrustStoreError(PdfEngineError, ValueError):
    """A trust file or directory given to the verifier cannot be read."""

    code = "verify.trust_store_unreadable"


class ReportSealError(PdfEngineError, RuntimeError):
    """The platform report seal cannot be made or opened."""

    code = "report.seal_unusable"


class ReportFontError(PdfEngineError, RuntimeError):
    """No CJK TrueType font for the Chinese PDF report."""

    code = "report.no_cjk_font"
