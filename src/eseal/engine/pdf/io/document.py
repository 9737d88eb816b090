"""Accepting an input PDF for signing, and the one embedding path both profiles share.

Both profiles drive pyHanko's low-level :class:`PdfCMSEmbedder` protocol themselves instead of
``PdfSigner``: ``PdfSigner`` insists on exactly one widget per signature field, while one stamping
operation here may have a widget on every page (multi-page and seam seals). Incremental writing,
``/ByteRange``, the ``/Contents`` placeholder and filling it stay pyHanko's code.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

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


def refuse_if_certified_no_changes(reader) -> None:
    """Refuse every stamping that would break the document's certification (DocMDP /Perms).

    P=1 allows no change at all. P=2 (form filling and signing) and P=3 (also annotations) allow
    signing only *existing* empty signature fields: a new visible signature field is not a permitted
    change, so our stamping (a new field with widgets) would break the certification too. Signing into
    an existing empty field is not built, so certified documents are refused with the reason
    (``pdf.certified_no_changes`` / ``pdf.certified_needs_existing_field``). A certification
    dictionary we cannot read is refused too: we cannot tell.
    """
    from pyhanko.sign.fields import MDPPerm, enumerate_sig_fields
    from pyhanko.sign.validation.pdf_embedded import read_certification_data

    try:
        info = read_certification_data(reader)
    except Exception as exc:
        raise PdfInputError(f"the document's certification (DocMDP) dictionary is unreadable: {exc}",
                            code="pdf.certification_unreadable") from exc
    if info is None:
        return
    if info.permission is MDPPerm.NO_CHANGES:
        raise PdfInputError(
            "the document is certified with DocMDP P=1 (no changes allowed); a new signature would "
            "invalidate the certification signature",
            code="pdf.certified_no_changes",
        )
    try:
        empty = [name for name, _, _ in enumerate_sig_fields(reader, filled_status=False)]
    except Exception:
        empty = []
    raise PdfInputError(
        f"the document is certified with DocMDP P={info.permission.value}: only existing empty signature "
        f"fields may be signed, a new seal field would invalidate the certification; empty fields: "
        f"{', '.join(empty) if empty else 'none'} (signing into an existing field is not supported)",
        code="pdf.certified_needs_existing_field",
    )


@dataclass(frozen=True)
class Prepared:
    """The document in its final pre-signing state (placeholder written, digest computed)."""

    digest: bytes
    byte_range: tuple[int, int, int, int]
    output: io.BytesIO


def embed(
    writer,
    field_name: str,
    sig_obj,
    md_algorithm: str,
    make_contents: Callable[[Prepared], bytes],
    *,
    lock=None,
) -> bytes:
    """Add ``sig_obj`` as the value of the (already written) field, digest, and fill ``/Contents``.

    ``lock`` (the field's ``/Lock`` as a pyHanko ``FieldMDPSpec``) is written into the signature
    dictionary as its ``/Reference`` ``/FieldMDP`` transform.
    """
    from pyhanko.sign.signers.cms_embedder import PdfCMSEmbedder, SigIOSetup, SigMDPSetup, SigObjSetup

    cms_writer = PdfCMSEmbedder().write_cms(field_name=field_name, writer=writer, existing_fields_only=True)
    next(cms_writer)
    mdp = SigMDPSetup(md_algorithm=md_algorithm, field_lock=lock) if lock is not None else None
    cms_writer.send(SigObjSetup(sig_placeholder=sig_obj, mdp_setup=mdp))
    # in_place: append the new revision to the writer's own copy of the input instead of copying the
    # whole file into a second buffer first (saves ~20 ms per 20 MB).
    prepared_digest, output = cms_writer.send(SigIOSetup(md_algorithm=md_algorithm, in_place=True))
    total = output.seek(0, io.SEEK_END)
    start, end = prepared_digest.reserved_region_start, prepared_digest.reserved_region_end
    prepared = Prepared(prepared_digest.document_digest, (0, start, end, total - end), output)
    contents = make_contents(prepared)
    reserved = (end - start - 2) // 2
    if len(contents) > reserved:
        raise SigningError(f"signature container of {len(contents)} bytes does not fit the {reserved} reserved")
    cms_writer.send(contents)
    return output.getvalue()


def refuse_output_over_limit(out: bytes, max_bytes: int) -> bytes:
    """Never hand out a signed file the verifier would refuse (over ``max_bytes`` + the signature allowance)."""
    limit = signed_limit(max_bytes, SIGNED_ALLOWANCE_BYTES)
    if len(out) > limit:
        raise SigningError(f"the signed file would be {len(out)} bytes, over the {limit} bytes verification accepts",
                           code="sign.output_too_large")
    return out
