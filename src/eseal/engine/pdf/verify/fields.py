"""The signatures found in a document: the filled signature fields of the newest revision, their widgets'
pages, and the signatures that a later revision removed from the form.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any

from eseal.engine.pdf.io.pages import first_visit, page_objects
from eseal.engine.pdf.verify.page_history import plain_pages
from eseal.engine.pdf.verify.plain_objects import Keyword, Ref, Unsure

_tuple_new = tuple.__new__  # a Ref from a pair without NamedTuple's Python-level __new__

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


def find_signatures(reader: Any, data: bytes | None = None, objects: Any = None) -> list[FoundSignature]:
    """Every filled signature field of the newest revision, oldest signature first.

    ``objects`` (a ``plain_objects.PlainObjects`` of the same reader) reads the widgets' ``/P`` entries
    without pyHanko's parser (E3 #11: a seal on every page has a widget per page); pyHanko reads any
    widget it is unsure about.
    """
    from pyhanko.pdf_utils import generic
    from pyhanko.sign.fields import enumerate_sig_fields

    found = enumerate_sig_fields(reader, filled_status=True) if objects is None else _filled_sig_fields(reader, objects)
    filled = []
    for fq_name, sig_obj_ref, sig_field in found:
        sig_obj = sig_obj_ref.get_object() if isinstance(sig_obj_ref, generic.IndirectObject) else sig_obj_ref
        field = sig_field.get_object() if isinstance(sig_field, generic.IndirectObject) else sig_field
        revision = None
        if isinstance(sig_obj_ref, generic.IndirectObject):
            try:
                revision = reader.xrefs.get_last_change(sig_obj_ref.reference)
            except KeyError:
                revision = None
        filled.append((fq_name, sig_obj_ref, sig_field, sig_obj, field, revision))
    if not filled:
        return []  # no widget to place on a page: the pages are not listed
    out = []
    signed = [f[5] for f in filled if f[5] is not None]
    page_refs = _plain_page_refs(reader, objects, min(signed) if signed else None) if objects is not None else None
    if page_refs is None:
        page_refs = _page_refs(reader, data)
    widgets = _WidgetPages(reader, objects)
    for fq_name, sig_obj_ref, sig_field, sig_obj, field, revision in filled:
        out.append(FoundSignature(
            name=fq_name, sig_obj=sig_obj, sig_ref=sig_obj_ref, field=field, field_ref=sig_field,
            revision=revision, page=widgets.first(field, page_refs),
            widget_pages=widgets.every(field, page_refs), page_count=len(page_refs) or None,
        ))
    out.sort(key=lambda s: (s.revision if s.revision is not None else 1 << 30))
    return out


def _filled_sig_fields(reader: Any, objects: Any) -> Any:
    """pyHanko's ``enumerate_sig_fields(reader, filled_status=True)``, step for step, except that a
    kid the plain reader reads as a dictionary without ``/T`` (a widget: pyHanko skips it) is not
    parsed by pyHanko (E3 #11: a seal on every page has a widget per page)."""

    try:
        fields = reader.root["/AcroForm"]["/Fields"]
    except KeyError:
        return
    yield from _fields_in(reader, objects, fields, "", (), set(), set())


def _fields_in(reader: Any, objects: Any, field_list: Any, parent_name: str, parents: tuple[Any, ...],
               refs_seen: set[Any], expanded: set[Any]) -> Any:
    """``pyhanko.pdf_utils.form_tools.enumerate_fields_in`` for filled ``/Sig`` fields (see above)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.misc import PdfReadError

    if not isinstance(field_list, generic.ArrayObject):
        return
    last = reader.xrefs.total_revisions - 1
    indirect = generic.IndirectObject
    # E3 #11: a Reference is equal and hashed by (idnum, generation) only: compared as pairs (its hash is
    # Python code), and the plain reader's key made from the same pair (a seal on every page: ~240 kids)
    seen = {(r.idnum, r.generation) for r in refs_seen}
    for field_ref in field_list:
        if not isinstance(field_ref, indirect):
            continue
        reference = field_ref.reference
        key = _tuple_new(Ref, (reference.idnum, reference.generation))
        if key in seen:
            raise PdfReadError("Circular reference in form tree")
        try:
            plain = objects.get(key, last)
            if isinstance(plain, dict) and "/T" not in plain:
                continue  # no name: a bare widget, skipped as pyHanko skips it
        except Unsure:
            pass
        field = field_ref.get_object()
        if not isinstance(field, generic.DictionaryObject):
            continue
        try:
            field_name = field["/T"]
        except KeyError:
            continue
        fq_name = field_name if not parent_name else f"{parent_name}.{field_name}"
        current_path = (field, *parents)
        field_type = None
        for parent_field in current_path:
            try:
                field_type = parent_field["/FT"]
                break
            except KeyError:
                continue
        if field_type == "/Sig":
            field_value = field.get("/V")
            if bool(field_value):
                yield fq_name, field_value, field_ref
        try:
            kids = field["/Kids"]
        except KeyError:
            continue
        if not first_visit(expanded, field_ref):
            continue  # its kids were walked already (a shared node is no bomb: io.pages.first_visit)
        yield from _fields_in(reader, objects, kids, fq_name, current_path, refs_seen | {field_ref.reference},
                              expanded)


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
    refs: dict[tuple[int, int], int] = {}
    for i, (ref, _page) in enumerate(page_objects(reader)):
        if hasattr(ref, "idnum"):
            refs.setdefault((ref.idnum, ref.generation), i + 1)  # a page listed twice: its first number, as qpdf's
    return refs


def _plain_page_refs(reader: Any, objects: Any, first_signed: int | None = None) -> dict[tuple[int, int], int] | None:
    """:func:`_page_refs` from the plain reader's walk of the newest revision (pyHanko's rules; E3 #11: the
    revision analysis walks the same tree, so a seal on every page costs one walk, not a qpdf open as
    well), or None when the plain reader cannot vouch for the tree.

    With ``first_signed`` (the oldest signature's revision) the tree is walked as of that revision and
    each later revision's list derived from the one before (``plain_pages``: the same list the walk
    finds), as the revision analysis reads them: one walk for both, not one of the newest revision too.
    """
    last = reader.xrefs.total_revisions - 1
    if first_signed is not None and 0 <= first_signed < last:
        try:
            for rev in range(first_signed, last):
                plain_pages(objects, rev)
        except Unsure:
            pass  # the newest revision is walked on its own
        except Exception as exc:
            log.debug("plain page walk of an earlier revision failed", exc_info=exc)
    try:
        pages = plain_pages(objects, last)
    except Unsure:
        return None
    except Exception as exc:  # a defect of the plain reader must not decide anything: qpdf, then pyHanko
        log.debug("plain page walk failed", exc_info=exc)
        return None
    refs: dict[tuple[int, int], int] = {}
    for i, (ref, _page) in enumerate(pages, start=1):
        if ref is not None:
            refs.setdefault((ref.idnum, ref.generation), i)
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


class _WidgetPages:
    """The page reference (``/P``) of each widget of a field: the field itself or its ``/Kids``."""

    def __init__(self, reader: Any, objects: Any) -> None:
        from pyhanko.pdf_utils import generic

        self._indirect = generic.IndirectObject  # (E3 #11: not imported again for each of ~240 widgets)
        self.objects = objects
        self.last = reader.xrefs.total_revisions - 1
        self._refs: dict[int, tuple[Any, list[tuple[int, int] | None]]] = {}  # id(field) -> (field, its /P refs)

    def _page_refs_of(self, field: Any) -> list[tuple[int, int] | None]:
        """The widgets' page references, read once per field (``first`` and ``every`` both ask)."""
        from pyhanko.pdf_utils import generic

        hit = self._refs.get(id(field))
        if hit is not None and hit[0] is field:
            return hit[1]
        kids = field.get("/Kids")
        refs = [_p_of(field)] if not isinstance(kids, generic.ArrayObject) else [self._kid_p(k) for k in kids]
        self._refs[id(field)] = (field, refs)
        return refs

    def _kid_p(self, kid: Any) -> tuple[int, int] | None:
        if self.objects is not None and isinstance(kid, self._indirect):
            reference = kid.reference
            try:
                widget = self.objects.get(_tuple_new(Ref, (reference.idnum, reference.generation)), self.last)
                if isinstance(widget, dict):
                    p = widget.get("/P")
                    return (p.idnum, p.generation) if isinstance(p, Ref) else None
            except Unsure:
                pass
        return _p_of(kid.get_object())

    def first(self, field: Any, page_refs: dict[tuple[int, int], int]) -> int | None:
        """1-based page of the first widget (the field first, then its kids) that names a page."""
        from pyhanko.pdf_utils import generic

        candidates = [_p_of(field)]
        if isinstance(field.get("/Kids"), generic.ArrayObject):
            candidates += self._page_refs_of(field)
        for p in candidates:
            page = page_refs.get(p) if p is not None else None
            if page:
                return page
        return None

    def every(self, field: Any, page_refs: dict[tuple[int, int], int]) -> frozenset[int] | None:
        """1-based pages of every widget of the field, or None when a widget's page cannot be told.

        The GM verifier compares these with the pages named in the signed propertyInfo.
        """
        pages: set[int] = set()
        for p in self._page_refs_of(field):
            page = page_refs.get(p) if p is not None else None
            if page is None:
                return None
            pages.add(page)
        return frozenset(pages)


def _p_of(widget: Any) -> tuple[int, int] | None:
    """(object number, generation) of a pyHanko widget's raw ``/P``, or None."""
    from pyhanko.pdf_utils import generic

    p = widget.raw_get("/P") if "/P" in widget else None
    return (p.idnum, p.generation) if isinstance(p, generic.IndirectObject) else None


MAX_HISTORY_REVISIONS = 200  # revisions scanned for removed signatures (each costs one field walk)


def removed_signatures(reader: Any, current: list[FoundSignature], objects: Any = None) -> list[RemovedSignature]:
    """Signatures that an earlier revision's AcroForm had but the newest one no longer lists.

    A later incremental update can drop a signed field from ``/AcroForm /Fields`` while the widget
    (the drawn seal) stays on the page: without this the file reads as "no signatures". Each earlier
    revision's form is walked through pyHanko's historical resolver; a filled ``/Sig`` value object
    that is not among today's signatures was removed after signing.

    With ``objects`` (``plain_objects.PlainObjects``) the earlier forms are first read with the plain
    reader (E3 #11: each field and widget version parsed once for all revisions); pyHanko's walk
    decides whenever the plain reader is unsure or finds a signature missing today.
    """
    from pyhanko.pdf_utils import generic

    if objects is not None and _none_removed_plain(reader, current, objects):
        return []

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

    expanded: set[Any] = set()

    def walk(ref: Any, prefix: str, ft: Any, depth: int) -> None:
        field = ref.get_object() if isinstance(ref, generic.IndirectObject) else ref
        if depth > 32 or not isinstance(field, generic.DictionaryObject) or not first_visit(expanded, ref):
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


def _none_removed_plain(reader: Any, current: list[FoundSignature], objects: Any) -> bool:
    """True when the plain reader proves that every earlier filled signature is still listed today."""
    from pyhanko.pdf_utils import generic

    now_ids = {(s.sig_ref.idnum, s.sig_ref.generation) for s in current
               if isinstance(s.sig_ref, generic.IndirectObject)}
    total = reader.xrefs.total_revisions
    try:
        for rev in range(max(0, total - 1 - MAX_HISTORY_REVISIONS), total - 1):
            if not _plain_filled_sig_refs(objects, rev) <= now_ids:
                return False
    except Unsure as exc:
        log.debug("plain reader unsure about an earlier form: %s", exc)
        return False
    except Exception as exc:  # a defect of the plain reader must not decide anything
        log.debug("plain reader failed on an earlier form", exc_info=exc)
        return False
    return True


def _plain_filled_sig_refs(objects: Any, rev: int) -> set[tuple[int, int]]:
    """References of the /V of every filled signature field of revision ``rev`` (:func:`_filled_sig_refs`
    read with the plain reader; a direct /V is left out, as there)."""
    out: set[tuple[int, int]] = set()

    def entry(d: dict[str, Any], key: str) -> Any:  # pyHanko's d[key]: resolved, a null counts as absent
        value = objects.resolve(d[key], rev) if key in d else None
        return None if isinstance(value, Keyword) and value == "null" else value

    expanded: set[Any] = set()

    def walk(ref: Any, ft: Any, depth: int) -> None:
        field = objects.resolve(ref, rev)
        if depth > 32 or not isinstance(field, dict):
            return
        if "/FT" not in field and "/V" not in field and "/Kids" not in field:
            return  # E3 #11: a bare widget (a seal on every page has one a page) holds no signature, nor kids
        if not first_visit(expanded, ref):
            return  # (as _filled_sig_refs: each field walked once)
        own_ft = entry(field, "/FT")
        if own_ft is not None:
            if type(own_ft) is not str:
                raise Unsure("/FT is not a name")
            ft = own_ft
        if ft == "/Sig" and "/V" in field:
            v = field["/V"]
            if isinstance(v, Ref):
                out.add(v)
        kids = entry(field, "/Kids")
        if isinstance(kids, list):
            for kid in kids:
                walk(kid, ft, depth + 1)

    root = objects.get(objects.trailer(rev, "/Root"), rev)
    if not isinstance(root, dict):
        raise Unsure("catalog is not a dictionary")
    form = entry(root, "/AcroForm")
    if form is None:
        return out
    if not isinstance(form, dict):
        raise Unsure("/AcroForm is not a dictionary")
    fields = entry(form, "/Fields")
    for ref in fields if isinstance(fields, list) else []:
        walk(ref, None, 0)
    return out
