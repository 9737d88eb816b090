"""The signatures found in a document: the filled signature fields of the newest revision, their widgets'
pages, and the signatures that a later revision removed from the form.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any

from eseal.engine.pdf.io.pages import page_objects

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FoundSignature:
    """One filled signature field (pyHanko objects: the signature dictionary, the field, their references)."""

    name: str
    sig_obj: Any
    sig_ref: Any
    field: Any
    field_ref: Any
    revision: int | None
    page: int | None  # 1-based page of the first widget that names its page
    widget_pages: frozenset[int] | None  # pages of every widget; None when one cannot be told
    page_count: int | None


@dataclass(frozen=True)
class RemovedSignature:
    """A signature an earlier revision's form had and the newest one no longer lists."""

    name: str
    revision: int
    removed_in: int


def find_signatures(reader: Any, data: bytes | None = None) -> list[FoundSignature]:
    """Every filled signature field of the newest revision, oldest signature first."""
    from pyhanko.pdf_utils import generic
    from pyhanko.sign.fields import enumerate_sig_fields

    out = []
    page_refs = _page_refs(reader, data)
    for fq_name, sig_obj_ref, sig_field in enumerate_sig_fields(reader, filled_status=True):
        sig_obj = sig_obj_ref.get_object() if isinstance(sig_obj_ref, generic.IndirectObject) else sig_obj_ref
        field = sig_field.get_object() if isinstance(sig_field, generic.IndirectObject) else sig_field
        revision = None
        if isinstance(sig_obj_ref, generic.IndirectObject):
            try:
                revision = reader.xrefs.get_last_change(sig_obj_ref.reference)
            except KeyError:
                revision = None
        out.append(FoundSignature(
            name=fq_name, sig_obj=sig_obj, sig_ref=sig_obj_ref, field=field, field_ref=sig_field,
            revision=revision, page=_widget_page(field, page_refs),
            widget_pages=_widget_pages(field, page_refs), page_count=len(page_refs) or None,
        ))
    out.sort(key=lambda s: (s.revision if s.revision is not None else 1 << 30))
    return out


def _page_refs(reader: Any, data: bytes | None = None) -> dict[tuple[int, int], int]:
    """(object number, generation) of each page of the newest revision → 1-based page number.

    Read by qpdf (pikepdf, C++) when the bytes are at hand, as ``stamp.placement.list_pages`` does: pyHanko's
    Python parser needed ~250 ms for the 500 page objects of a 20 MB file. Both readers use the newest
    xref, so the object numbers agree; if qpdf cannot read the file pyHanko's walk decides.
    """
    if data is not None:
        try:
            return _page_refs_qpdf(data)
        except Exception as exc:
            log.debug("qpdf could not list the pages, using pyHanko: %s", exc)
    refs = {}
    for i, (ref, _page) in enumerate(page_objects(reader)):
        if hasattr(ref, "idnum"):
            refs[(ref.idnum, ref.generation)] = i + 1
    return refs


def _page_refs_qpdf(data: bytes) -> dict[tuple[int, int], int]:
    import pikepdf

    refs: dict[tuple[int, int], int] = {}
    with pikepdf.open(io.BytesIO(data)) as doc:
        for i, page in enumerate(doc.pages, start=1):
            idnum, gen = page.obj.objgen
            if idnum:
                refs.setdefault((idnum, gen), i)
    return refs


def _widget_page(field: Any, page_refs: dict[tuple[int, int], int]) -> int | None:
    from pyhanko.pdf_utils import generic

    candidates = [field]
    kids = field.get("/Kids")
    if isinstance(kids, generic.ArrayObject):
        candidates.extend(k.get_object() for k in kids)
    for w in candidates:
        p = w.raw_get("/P") if "/P" in w else None
        if isinstance(p, generic.IndirectObject):
            page = page_refs.get((p.idnum, p.generation))
            if page:
                return page
    return None


def _widget_pages(field: Any, page_refs: dict[tuple[int, int], int]) -> frozenset[int] | None:
    """1-based pages of every widget of the field, or None when a widget's page cannot be told.

    The GM verifier compares these with the pages named in the signed propertyInfo.
    """
    from pyhanko.pdf_utils import generic

    kids = field.get("/Kids")
    widgets = [k.get_object() for k in kids] if isinstance(kids, generic.ArrayObject) else [field]
    pages: set[int] = set()
    for w in widgets:
        p = w.raw_get("/P") if "/P" in w else None
        page = page_refs.get((p.idnum, p.generation)) if isinstance(p, generic.IndirectObject) else None
        if page is None:
            return None
        pages.add(page)
    return frozenset(pages)


MAX_HISTORY_REVISIONS = 200  # revisions scanned for removed signatures (each costs one field walk)


def removed_signatures(reader: Any, current: list[FoundSignature]) -> list[RemovedSignature]:
    """Signatures that an earlier revision's AcroForm had but the newest one no longer lists.

    A later incremental update can drop a signed field from ``/AcroForm /Fields`` while the widget
    (the drawn seal) stays on the page: without this the file reads as "no signatures". Each earlier
    revision's form is walked through pyHanko's historical resolver; a filled ``/Sig`` value object
    that is not among today's signatures was removed after signing.
    """
    from pyhanko.pdf_utils import generic

    def key(ref: Any) -> tuple[int, int] | None:
        return (ref.idnum, ref.generation) if isinstance(ref, generic.IndirectObject) else None

    now_ids = {key(s.sig_ref) for s in current if s.sig_ref is not None}
    total = reader.xrefs.total_revisions
    seen: dict[tuple[int, int], dict[str, Any]] = {}
    for rev in range(max(0, total - 1 - MAX_HISTORY_REVISIONS), total - 1):
        try:
            for fq_name, sig_ref in _filled_sig_refs(reader.get_historical_resolver(rev)):
                k = key(sig_ref)
                if k is None or k in now_ids:
                    continue
                entry = seen.setdefault(k, {"name": fq_name, "revision": rev, "last_seen": rev})
                entry["last_seen"] = rev
        except Exception as exc:  # a broken historical form must not hide the current signatures
            log.debug("revision %d: cannot list its signature fields: %s", rev, exc)
    return [RemovedSignature(name=v["name"], revision=v["revision"], removed_in=v["last_seen"] + 1)
            for v in seen.values()]


def _filled_sig_refs(resolver: Any) -> list[tuple[str, Any]]:
    """(fully qualified name, raw /V reference) of every filled signature field of one revision.

    The /V values are not resolved: an earlier revision's signature dictionaries (with their large
    /Contents hex strings) need not be parsed again just to compare references (E3 #11).
    """
    from pyhanko.pdf_utils import generic

    out: list[tuple[str, Any]] = []
    root = resolver.root
    if "/AcroForm" not in root:
        return out
    form = root["/AcroForm"]  # [] resolves indirect objects (.get does not)

    def walk(ref: Any, prefix: str, ft: Any, depth: int) -> None:
        field = ref.get_object() if isinstance(ref, generic.IndirectObject) else ref
        if depth > 32 or not isinstance(field, generic.DictionaryObject):
            return
        part = field["/T"] if "/T" in field else None
        name = f"{prefix}.{part}" if prefix and part is not None else (str(part) if part is not None else prefix)
        ft = field["/FT"] if "/FT" in field else ft
        if ft == "/Sig" and "/V" in field:
            out.append((name, field.raw_get("/V")))
        kids = field["/Kids"] if "/Kids" in field else None
        if isinstance(kids, generic.ArrayObject):
            for kid in kids:
                walk(kid, name, ft, depth + 1)

    fields = form["/Fields"] if "/Fields" in form else None
    for ref in fields if isinstance(fields, generic.ArrayObject) else []:
        walk(ref, "", None, 0)
    return out
