"""Accepting an input PDF for signing (and refusing what signing must not touch), and the output bound.

Only ``pyhanko.pdf_utils`` is used here, never ``pyhanko.sign`` (its import costs ~0.2 s of every
``eseal sign``, issue E3 #12): the certification (DocMDP) and the signature fields are read from the
document's dictionaries directly. The embedding itself is :mod:`eseal.engine.pdf.sign.embedding`.
"""

from __future__ import annotations

import io
from typing import Any

from eseal.engine.pdf.errors import (
    EncryptedPdfError,
    NotAPdfError,
    PdfInputError,
    PdfTooLargeError,
    SigningError,
    TruncatedPdfError,
)
from eseal.engine.pdf.io.source import (
    DEFAULT_MAX_BYTES,
    SIGNED_ALLOWANCE_BYTES,
    refuse_unsigned_over_limit,
    signed_limit,
)


def open_for_signing(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES):
    """An :class:`IncrementalPdfFileWriter` over ``data``, or :class:`PdfInputError` saying why not."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError

    if len(data) > signed_limit(max_bytes, SIGNED_ALLOWANCE_BYTES):
        raise PdfTooLargeError(
            len(data), max_bytes,
            f"file is {len(data) / 1048576:.1f} MB, larger than the {max_bytes / 1048576:.0f} MB limit",
        )
    if b"%PDF-" not in data[:1024]:
        raise NotAPdfError("not a PDF file (no %PDF- header)")
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise TruncatedPdfError(f"damaged PDF: {exc}") from exc
    if writer.prev.encrypted:
        raise EncryptedPdfError("encrypted PDF files are not supported (remove the password first)")
    try:
        writer.root["/Pages"]
    except (PdfError, KeyError) as exc:
        raise TruncatedPdfError(f"damaged PDF: no page tree ({exc})") from exc
    refuse_unsigned_over_limit(writer.prev, len(data), max_bytes)  # the allowance is for signed documents
    refuse_if_certified_no_changes(writer.prev)
    write_fresh_info(writer)
    return writer


#: document information entries carried over into the fresh /Info (ISO 32000-1 §14.3.3), plus any
#: other entry whose value is a string (custom metadata such as /Company)
INFO_KEYS = ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer", "/CreationDate",
             "/ModDate", "/Trapped")


def write_fresh_info(writer) -> None:
    """Point the new revision's trailer at a new /Info object instead of updating the old one.

    pyHanko writes /ModDate and /Producer into the existing /Info on every revision. Some generators
    make /Info the same object as the catalog, the page tree or the AcroForm; rewriting it then
    rewrites that object too, which difference analysis cannot justify and an earlier seal fails.
    A fresh dictionary (the old one's metadata entries copied) touches nothing the stamping does not
    own; a direct /Info dictionary becomes indirect the same way.
    """
    from pyhanko.pdf_utils import generic

    try:
        old = writer.prev.trailer["/Info"]
    except KeyError:
        old = None
    info = generic.DictionaryObject()
    if isinstance(old, generic.DictionaryObject):
        for key, value in old.items():
            if key in INFO_KEYS or isinstance(value, generic.TextStringObject | generic.ByteStringObject):
                if isinstance(value, generic.TextStringObject | generic.ByteStringObject | generic.NameObject):
                    info[generic.NameObject(key)] = value
    writer.set_info(info)


#: DocMDP permission levels (ISO 32000-1 §12.8.2.2, Table 254); /P absent means 2
DOCMDP_LEVELS = (1, 2, 3)
MAX_FIELD_DEPTH = 32


def certification_level(reader) -> int | None:
    """The DocMDP ``/P`` of the document's certification signature (``/Perms /DocMDP``), None if uncertified.

    :raises ValueError: a certification is announced but its ``/Reference`` ``/DocMDP`` transform
        cannot be read (missing, or a ``/P`` that is not 1, 2 or 3).
    """
    try:
        perms = reader.root["/Perms"]
        sig = perms["/DocMDP"]
    except KeyError:
        return None
    refs = sig.get("/Reference") if hasattr(sig, "get") else None
    for ref in refs or ():
        ref = ref.get_object()
        if hasattr(ref, "get") and ref.get("/TransformMethod") == "/DocMDP":
            params: Any = ref.get("/TransformParams")
            params = params.get_object() if hasattr(params, "get_object") else params
            level = params.get("/P", 2) if isinstance(params, dict) else 2
            if not isinstance(level, int) or int(level) not in DOCMDP_LEVELS:
                raise ValueError(f"DocMDP /P is {level!r}, not 1, 2 or 3")
            return int(level)
    raise ValueError("/Perms /DocMDP names a signature without a /DocMDP transform in its /Reference")


def empty_signature_fields(doc) -> list[str]:
    """Fully qualified names of the signature fields (``/FT /Sig``, inherited) that have no value yet."""
    try:
        fields = doc.root["/AcroForm"]["/Fields"]
    except (KeyError, TypeError):
        return []
    out: list[str] = []
    stack: list[tuple[Any, str, Any, int]] = [(f, "", None, 0) for f in reversed(list(fields))]
    seen: set[tuple[int, int]] = set()
    while stack:
        ref, parent_name, parent_ft, depth = stack.pop()
        key = (getattr(ref, "idnum", -1), getattr(ref, "generation", -1))
        if depth > MAX_FIELD_DEPTH or (key[0] >= 0 and key in seen):
            continue
        seen.add(key)
        node = ref.get_object()
        if not hasattr(node, "get"):
            continue
        name = f"{parent_name}.{node['/T']}" if parent_name and "/T" in node else str(node.get("/T", parent_name))
        ft = node.get("/FT", parent_ft)
        kids = [k for k in node.get("/Kids", ()) or () if hasattr(k.get_object(), "get") and "/T" in k.get_object()]
        if kids:  # a non-terminal field: its named kids are fields (unnamed kids are its widgets)
            stack.extend((k, name, ft, depth + 1) for k in reversed(kids))
        elif ft == "/Sig" and "/V" not in node and name:
            out.append(name)
    return out


def refuse_if_certified_no_changes(reader) -> None:
    """Refuse every stamping that would break the document's certification (DocMDP /Perms).

    P=1 allows no change at all. P=2 (form filling and signing) and P=3 (also annotations) allow
    signing only *existing* empty signature fields: a new visible signature field is not a permitted
    change, so our stamping (a new field with widgets) would break the certification too. Signing into
    an existing empty field is not built, so certified documents are refused with the reason
    (``pdf.certified_no_changes`` / ``pdf.certified_needs_existing_field``). A certification
    dictionary we cannot read is refused too: we cannot tell.
    """
    try:
        level = certification_level(reader)
    except Exception as exc:
        raise PdfInputError(f"the document's certification (DocMDP) dictionary is unreadable: {exc}",
                            code="pdf.certification_unreadable") from exc
    if level is None:
        return
    if level == 1:
        raise PdfInputError(
            "the document is certified with DocMDP P=1 (no changes allowed); a new signature would "
            "invalidate the certification signature",
            code="pdf.certified_no_changes",
        )
    try:
        empty = empty_signature_fields(reader)
    except Exception:
        empty = []
    raise PdfInputError(
        f"the document is certified with DocMDP P={level}: only existing empty signature "
        f"fields may be signed, a new seal field would invalidate the certification; empty fields: "
        f"{', '.join(empty) if empty else 'none'} (signing into an existing field is not supported)",
        code="pdf.certified_needs_existing_field",
    )


def refuse_output_over_limit(out: bytes, max_bytes: int) -> bytes:
    """Never hand out a signed file the verifier would refuse (over ``max_bytes`` + the signature allowance)."""
    limit = signed_limit(max_bytes, SIGNED_ALLOWANCE_BYTES)
    if len(out) > limit:
        raise SigningError(f"the signed file would be {len(out)} bytes, over the {limit} bytes verification accepts",
                           code="sign.output_too_large")
    return out
