"""The input gate of verification: bytes or a path -> a pyHanko reader, or a typed :class:`PdfInputError`.

The size limit is checked *before* reading a file; encryption, truncation and garbage are detected.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from eseal.engine.pdf.errors import (
    EncryptedPdfError,
    NotAPdfError,
    PdfInputError,
    PdfTooLargeError,
    TruncatedPdfError,
)

if TYPE_CHECKING:
    from pyhanko.pdf_utils.reader import PdfFileReader

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class LoadedPdf:
    data: bytes
    name: str
    reader: PdfFileReader


def read_input(source: bytes | bytearray | memoryview | str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
               name: str | None = None) -> tuple[bytes, str]:
    """Bytes of the document and a display name; the size limit is checked before reading a file."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > max_bytes:
            raise PdfTooLargeError(len(data), max_bytes)
        return data, name or "document.pdf"
    path = Path(source)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PdfInputError(f"cannot read {path}: {exc.strerror}") from exc
    if size > max_bytes:
        raise PdfTooLargeError(size, max_bytes)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PdfInputError(f"cannot read {path}: {exc.strerror}") from exc
    return data, name or path.name


def load_input(source: bytes | bytearray | memoryview | str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
               name: str | None = None) -> LoadedPdf:
    data, display = read_input(source, max_bytes=max_bytes, name=name)
    head = data[:1024]
    if b"%PDF-" not in head:
        raise NotAPdfError("input does not start with a %PDF- header")
    if b"%%EOF" not in data[-2048:]:
        raise TruncatedPdfError("no %%EOF marker at the end of the file (truncated?)")
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        encrypted = reader.encrypt_dict is not None
    except (PdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, AssertionError,
            RecursionError, OverflowError) as exc:
        raise TruncatedPdfError(f"cannot parse the PDF structure: {exc}") from exc
    if encrypted:
        raise EncryptedPdfError("the PDF is encrypted")
    try:
        _ = reader.root  # catalog must resolve
    except (PdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, AssertionError,
            RecursionError, OverflowError) as exc:
        raise TruncatedPdfError(f"cannot read the document catalog: {exc}") from exc
    return LoadedPdf(data=data, name=display, reader=reader)
