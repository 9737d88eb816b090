"""The one lock of PDFium in this process (a leaf: imports nothing of ours).

PDFium is not thread-safe, and pypdfium2 does not serialise calls into it: two request threads rendering previews
at once crashed the whole server process (a segmentation fault inside ``PdfPage.render``). Every use of
pypdfium2 — open, render, close — holds :data:`PDFIUM` (re-entrant, so a helper may call another)."""

from __future__ import annotations

import threading

PDFIUM = threading.RLock()

__all__ = ["PDFIUM"]
