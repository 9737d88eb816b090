"""Page annotations as later revisions need them: every entry of ``/Annots`` an indirect object.

PDF allows annotation dictionaries written directly inside a page's ``/Annots`` array. Difference
analysis cannot tell which annotation a later revision added or changed when they have no object
number, so pyHanko refuses any later change to such a page ("Array contains direct objects"): the
legal representative's seal on every page would then break the company seal stamped before it. The
first stamping therefore moves every direct annotation of every page into its own indirect object
(same dictionary, new object number) — in its own revision, before anything signs it — and from then
on every seal only appends references.

A document somebody else signed already cannot be repaired that way: moving the annotations of a page
covered by that signature is itself a change difference analysis cannot justify. Stamping a page with
direct annotations of such a document is refused (``pdf.signed_direct_annotations``) — never a silent
break of the earlier signature — and its other pages are left as they are.
"""

from __future__ import annotations

from typing import Any

from eseal.engine.pdf.errors import PdfInputError
from eseal.engine.pdf.io.source import has_signature


def make_annotations_indirect(writer: Any, pages: list[Any], touched: set[int]) -> int:
    """Give every direct annotation of ``pages`` (``PageEntry`` with ``direct_annots``) its own object.

    ``touched``: 0-based indexes of the pages that get a widget now. Returns how many pages were
    rewritten. :raises PdfInputError: a touched page has direct annotations and the document is
    already signed (see the module docstring).
    """
    from pyhanko.pdf_utils import generic

    if any(e.direct_annots for e in pages) and has_signature(writer):
        bad = [i + 1 for i, e in enumerate(pages) if e.direct_annots and i in touched]
        if bad:
            raise PdfInputError(
                f"page(s) {bad[:10]} keep annotations as direct objects and the document is already signed: "
                "a seal there would invalidate the earlier signature", code="pdf.signed_direct_annotations")
        return 0

    rewritten = 0
    for entry in pages:
        if not entry.direct_annots:
            continue
        page = entry.ref.get_object()
        raw = page.raw_get("/Annots")
        arr = raw.get_object() if isinstance(raw, generic.IndirectObject) else raw
        if not isinstance(arr, generic.ArrayObject):
            continue
        for i in range(len(arr)):
            item = arr.raw_get(i)
            if isinstance(item, generic.DictionaryObject):
                arr[i] = writer.add_object(item)
        writer.mark_update(raw if isinstance(raw, generic.IndirectObject) else entry.ref)
        rewritten += 1
    return rewritten
