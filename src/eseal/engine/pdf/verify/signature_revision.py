"""A fast, whitelist check of the common later revision: "one or more signature fields were added".

Why (E3 #11): pyHanko's diff policy walks every path to every changed object of a revision; for a seal
with a widget on each of 1,000 pages that is most of the verification time, and the contract workflow
(company seal, the legal representative's seal on every page, a seam seal) consists of exactly such
revisions. This module proves the narrow case directly and answers None for anything else, which then
goes to pyHanko's full analysis as before. It never permits more than pyHanko would:

* nothing is freed; the document is not certified (DocMDP: pyHanko decides);
* every object the revision *rewrote* is one of: the catalog (only ``/AcroForm`` may differ), the
  AcroForm (only ``/Fields`` may grow, keeping every old entry, and ``/SigFlags``), a page dictionary
  (only ``/Annots`` may differ), a page's ``/Annots`` array (old entries kept, in order), or the
  document information dictionary (metadata);
* every entry added to ``/Fields`` or to a page's ``/Annots`` is a new object: a filled signature
  field (``/FT /Sig`` with a ``/V``) or one of its widgets.
"""

from __future__ import annotations

from typing import Any

from eseal.engine.pdf.verify.page_history import plain_name, plain_pages
from eseal.engine.pdf.verify.plain_objects import Ref, Unsure, ascii_text

Key = tuple[int, int]
_TYPES_REF = frozenset({Ref})


def _key(obj: Any) -> Key | None:
    return (obj.idnum, obj.generation) if hasattr(obj, "idnum") else None


def _resolve(obj: Any) -> Any:
    return obj.get_object() if hasattr(obj, "get_object") else obj


def _same_except(old: Any, new: Any, allowed: set[str]) -> bool:
    if hasattr(old, "data") or hasattr(new, "data"):  # streams: never in this whitelist
        return False
    keys = set(old.keys()) | set(new.keys())
    return all(k in allowed or (k in old and k in new and old.raw_get(k) == new.raw_get(k)) for k in keys)


def _grown(old_list: Any, new_list: Any, new_refs: set[Key]) -> list[Key] | None:
    """Keys added to a reference array (old entries kept in order, additions new objects); None if not so."""
    old_keys = [_key(x) for x in (old_list or [])]
    new_keys = [_key(x) for x in (new_list or [])]
    if None in old_keys or None in new_keys or new_keys[: len(old_keys)] != old_keys:
        return None
    added = new_keys[len(old_keys):]
    if any(k not in new_refs for k in added):
        return None
    return added  # type: ignore[return-value]


def added_signature_fields(reader: Any, rev: int) -> list[str] | None:
    """Names of the signature fields revision ``rev`` added, if that is *all* it did; else None."""
    from pyhanko.pdf_utils import generic

    old, new = reader.get_historical_resolver(rev - 1), reader.get_historical_resolver(rev)
    if new.refs_freed_in_revision():
        return None
    old_root, new_root = old.root, new.root
    if "/Perms" in old_root or "/Perms" in new_root:
        return None  # certified: DocMDP rules are pyHanko's
    explicit = {k for k in (_key(r) for r in reader.xrefs.explicit_refs_in_revision(rev)) if k}
    new_refs = set()
    for ref in reader.xrefs.explicit_refs_in_revision(rev):
        try:
            if reader.xrefs.get_introducing_revision(ref) == rev:
                new_refs.add((ref.idnum, ref.generation))
        except KeyError:
            return None
    rewritten = explicit - new_refs
    trailer = new.trailer_view
    info = _key(trailer.raw_get("/Info")) if "/Info" in trailer else None
    root_key = _key(trailer.raw_get("/Root"))
    old_form_raw = old_root.raw_get("/AcroForm") if "/AcroForm" in old_root else None
    new_form_raw = new_root.raw_get("/AcroForm") if "/AcroForm" in new_root else None
    if new_form_raw is None:
        return None
    form_key = _key(new_form_raw)
    added_widgets: set[Key] = set()

    # the form: /Fields grew by new objects only
    if old_form_raw is None or _key(old.trailer_view.raw_get("/Root")) != root_key:
        return None
    old_form, new_form = _resolve(old_form_raw), _resolve(new_form_raw)
    form_written = form_key is None or form_key in explicit or form_key != _key(old_form_raw)
    if not form_written or not _same_except(old_form, new_form, {"/Fields", "/SigFlags"}):
        return None
    added_fields = _grown(_resolve(old_form.get("/Fields")) if "/Fields" in old_form else [],
                          _resolve(new_form.get("/Fields")), new_refs)
    if not added_fields:
        return None
    handled = {k for k in (form_key, info, root_key) if k}
    if root_key in rewritten and not _same_except(old_root, new_root, {"/AcroForm"}):
        return None

    # the new fields: filled signature fields, their widgets
    names: list[str] = []
    for k in added_fields:
        field = new.get_object(generic.Reference(k[0], k[1], new))
        if str(field.get("/FT")) != "/Sig" or "/V" not in field or "/Parent" in field:
            return None
        names.append(str(field.get("/T")))
        if str(field.get("/Subtype")) == "/Widget":
            added_widgets.add(k)
        for kid in field.get("/Kids") or []:
            kk = _key(kid)
            if kk is None or kk not in new_refs or str(_resolve(kid).get("/Subtype")) != "/Widget":
                return None
            added_widgets.add(kk)
    if not names:
        return None

    # pages and their /Annots arrays: only new widgets of the new fields were added
    for k in rewritten - handled:
        old_obj = old.get_object(generic.Reference(k[0], k[1], old))
        new_obj = new.get_object(generic.Reference(k[0], k[1], new))
        if isinstance(new_obj, generic.ArrayObject) and isinstance(old_obj, generic.ArrayObject):
            grown = _grown(old_obj, new_obj, new_refs)
        elif isinstance(new_obj, generic.DictionaryObject) and str(new_obj.get("/Type")) == "/Page" \
                and _same_except(old_obj, new_obj, {"/Annots"}):
            old_annots = _resolve(old_obj.get("/Annots")) if "/Annots" in old_obj else []
            grown = _grown(old_annots, _resolve(new_obj.get("/Annots")), new_refs)
        else:
            return None
        if grown is None or any(g not in added_widgets for g in grown):
            return None
    return names


# ---------------------------------------------------------------------------------------------------
# the same proof on the plain reader's values (verify/plain_objects.py): Unsure -> the pyHanko version


def _plain_same_except(old: Any, new: Any, allowed: set[str]) -> bool:
    """Two plain dictionaries (no streams) with the same entries but for ``allowed``: ``same`` for each
    other entry, compared as one dictionary (``==`` is type-strict on the reader's values:
    ``plain_objects.same_read``)."""
    if type(old) is not dict or type(new) is not dict:  # a PdfStream (a dict subclass) or no dictionary
        return False
    old, new = old.copy(), new.copy()  # (E3 #11: copied at C speed, the allowed keys taken out)
    for key in allowed:
        old.pop(key, None)
        new.pop(key, None)
    return bool(old == new)


def _plain_grown(old_list: Any, new_list: Any, new_refs: set[Key]) -> list[Key] | None:
    if not isinstance(old_list, list) or not isinstance(new_list, list):
        return None
    if not _TYPES_REF.issuperset(map(type, old_list)) or not _TYPES_REF.issuperset(map(type, new_list)):
        return None  # (the reader makes references as Ref itself, never a subclass)
    if new_list[: len(old_list)] != old_list:
        return None
    added = new_list[len(old_list):]
    if any(k not in new_refs for k in added):
        return None
    return added


def plain_added_signature_fields(objs: Any, rev: int) -> list[str] | None:
    """:func:`added_signature_fields` read with the plain reader; raises ``Unsure`` where it cannot tell.

    Stricter than the pyHanko version in one point: the document information dictionary may be
    rewritten freely only when it is no other object of the proof (catalog, form, page, /Annots).
    """
    reader = objs.reader
    if reader.xrefs.refs_freed_in_revision(rev):
        return None
    root_key, old_root_key = objs.trailer(rev, "/Root"), objs.trailer(rev - 1, "/Root")
    old_root, new_root = objs.get(old_root_key, rev - 1), objs.get(root_key, rev)
    if not isinstance(old_root, dict) or not isinstance(new_root, dict):
        raise Unsure("catalog is not a dictionary")
    if "/Perms" in old_root or "/Perms" in new_root:
        return None  # certified: DocMDP rules are pyHanko's
    explicit, new_refs = objs.written(rev)
    rewritten = explicit - new_refs
    try:
        info: Key | None = objs.trailer(rev, "/Info")
    except KeyError:
        info = None
    old_form_raw, new_form_raw = old_root.get("/AcroForm"), new_root.get("/AcroForm")
    if new_form_raw is None or old_form_raw is None or old_root_key != root_key:
        return None
    form_key = new_form_raw if isinstance(new_form_raw, Ref) else None
    old_form, new_form = objs.resolve(old_form_raw, rev - 1), objs.resolve(new_form_raw, rev)
    form_written = form_key is None or form_key in explicit or form_key != old_form_raw
    if not form_written or not _plain_same_except(old_form, new_form, {"/Fields", "/SigFlags"}):
        return None
    added_fields = _plain_grown(objs.resolve(old_form.get("/Fields", []), rev - 1),
                                objs.resolve(new_form.get("/Fields"), rev), new_refs)
    if not added_fields:
        return None
    if root_key in rewritten and not _plain_same_except(old_root, new_root, {"/AcroForm"}):
        return None

    # the new fields: filled signature fields, their widgets
    names: list[str] = []
    added_widgets: set[Key] = set()
    for k in added_fields:
        field = objs.get(k, rev)
        if not isinstance(field, dict) or plain_name(field.get("/FT")) != "/Sig" \
                or "/V" not in field or "/Parent" in field:
            return None
        names.append(ascii_text(field.get("/T")))
        if plain_name(field.get("/Subtype")) == "/Widget":
            added_widgets.add(k)
        kids = field.get("/Kids", [])
        if not isinstance(kids, list):
            return None
        for kid in kids:
            widget = objs.get(kid, rev) if isinstance(kid, Ref) and kid in new_refs else None
            if not isinstance(widget, dict) or plain_name(widget.get("/Subtype")) != "/Widget":
                return None
            added_widgets.add(kid)
    if not names:
        return None

    # pages and their /Annots arrays: only new widgets of the new fields were added
    handled = {k for k in (form_key, root_key) if k}
    for k in rewritten - handled:
        if k == info:
            continue  # checked below: the information dictionary is no other object of this proof
        old_obj, new_obj = objs.get(k, rev - 1), objs.get(k, rev)
        if isinstance(new_obj, list) and isinstance(old_obj, list):
            grown = _plain_grown(old_obj, new_obj, new_refs)
        elif isinstance(new_obj, dict) and plain_name(new_obj.get("/Type")) == "/Page" \
                and _plain_same_except(old_obj, new_obj, {"/Annots"}):
            grown = _plain_grown(objs.resolve(old_obj.get("/Annots", []), rev - 1),
                                 objs.resolve(new_obj.get("/Annots"), rev), new_refs)
        else:
            return None
        if grown is None or any(g not in added_widgets for g in grown):
            return None
    if info is not None and info in rewritten and _info_is_structure(objs, info, rev):
        return None
    return names


def _info_is_structure(objs: Any, info: Key, rev: int) -> bool:
    """Is the rewritten /Info object also the catalog, the form, a page-tree node, a page or an /Annots array?"""
    root_key = objs.trailer(rev, "/Root")
    root = objs.get(root_key, rev)
    if info == root_key or info == root.get("/AcroForm") or info == root.get("/Pages"):
        return True
    for ref, page in plain_pages(objs, rev):
        annots = page.get("/Annots")
        if info == ref or (isinstance(annots, Ref) and info == annots) or info == page.get("/Parent"):
            return True
    value = objs.get(info, rev)
    return not isinstance(value, dict) or ("/Type" in value and value.get("/Type") in ("/Page", "/Pages", "/Catalog"))
