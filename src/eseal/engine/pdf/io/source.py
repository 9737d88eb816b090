"""The input gate of verification: bytes or a path -> a pyHanko reader, or a typed :class:`PdfInputError`.

The size limit is checked *before* reading a file; encryption, truncation and garbage are detected.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eseal.engine.pdf.errors import (
    EncryptedPdfError,
    NotAPdfError,
    PdfInputError,
    PdfTooLargeError,
    TruncatedPdfError,
)
from eseal.engine.pdf.io.pages import first_visit

if TYPE_CHECKING:
    from pyhanko.pdf_utils.reader import PdfFileReader

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: What the platform's own signatures may add on top of the upload limit (seal picture, widgets on every
#: page, the signature containers, B-LT validation data; ~0.8 MB per multi-page seal on a 20 MB file):
#: a signed document up to :func:`signed_limit` (``max_bytes`` plus 40 % of it, at most
#: ``SIGNED_ALLOWANCE_BYTES``: 8 MB on the default 20 MB) is accepted, an unsigned one only up to ``max_bytes``.
#: Signing refuses to write an output beyond that bound, so what we produce verifies.
SIGNED_ALLOWANCE_BYTES = 8 * 1024 * 1024
SIGNED_ALLOWANCE_RATIO = 0.4


def signed_limit(max_bytes: int, cap: int = SIGNED_ALLOWANCE_BYTES) -> int:
    """The size a signed document may have under the upload limit ``max_bytes`` (limit + what seals add)."""
    return max_bytes + min(cap, int(max_bytes * SIGNED_ALLOWANCE_RATIO))

MAX_FIELD_DEPTH = 32


def has_signature(doc) -> bool:
    """Does a pyHanko reader/writer's document hold a signed signature field (``/FT /Sig`` with ``/V``)?"""
    try:
        fields = doc.root["/AcroForm"]["/Fields"]
    except (KeyError, TypeError):
        return False
    stack = [(f, 0) for f in fields]
    expanded: set[Any] = set()
    while stack:
        ref, depth = stack.pop()
        node = ref.get_object()
        if not hasattr(node, "get") or depth > MAX_FIELD_DEPTH or not first_visit(expanded, ref):
            continue
        if node.get("/FT") == "/Sig" and "/V" in node:
            return True
        stack.extend((k, depth + 1) for k in node.get("/Kids", ()) or ())
    return False


def refuse_unsigned_over_limit(doc, size: int, max_bytes: int) -> None:
    """The allowance is only for signatures: an unsigned document over ``max_bytes`` is too large."""
    if size > max_bytes and not has_signature(doc):
        raise PdfTooLargeError(size, max_bytes)


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
    data, display = read_input(source, max_bytes=signed_limit(max_bytes), name=name)
    try:
        return _parse(data, display, max_bytes)
    except PdfTooLargeError:
        raise
    except PdfInputError as exc:
        if len(data) > max_bytes:  # over the upload limit and not a readable signed PDF: too large, full stop
            raise PdfTooLargeError(len(data), max_bytes) from exc
        raise


def _parse(data: bytes, display: str, max_bytes: int) -> LoadedPdf:
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
    refuse_unsigned_over_limit(reader, len(data), max_bytes)
    return LoadedPdf(data=data, name=display, reader=reader)
