"""Typed errors of the PDF engine (English messages; the CLI/UI translate them into one line)."""

from __future__ import annotations


class PdfEngineError(Exception):
    """Base class of every error raised by :mod:`eseal.engine.pdf`."""


class PdfInputError(PdfEngineError, ValueError):
    """The input is not a usable PDF: not a PDF, damaged, encrypted, or larger than the size limit."""


class PlacementError(PdfEngineError, ValueError):
    """A page number or position is out of range, or the stamping request is inconsistent."""


class SealAppearanceError(PdfEngineError, ValueError):
    """The seal picture cannot be used as an appearance (unknown format, no physical size...)."""


class SigningError(PdfEngineError):
    """Signing failed after the input was accepted (signer, certificate, or container too large)."""
