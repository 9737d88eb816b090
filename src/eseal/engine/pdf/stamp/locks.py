"""What a seal locks: the ``/Lock`` field lock of our signature field (ISO 32000-2 §12.8.2.4).

A seal locks what it covers: its own field and every form field with a widget under one of the
seal's appearances (same page, overlapping ``/Rect``) — e.g. the amount field a company seal is
stamped over. A later form fill of such a field is then a disallowed modification for any verifier
that honours FieldMDP (pyHanko's difference analysis does). Signature fields are never locked: an
empty one must stay signable by the next party, and a signed one cannot change without breaking its
own signature anyway. ``/Action /Include`` with those names, not ``/All`` or ``/Exclude``: those also
lock fields created later, which makes every later visible seal a disallowed change. The signature
dictionary repeats the lock as its ``/FieldMDP`` reference (:class:`FieldLock`).

Known verifier quirk (pyHanko 0.38): a *text* field that carries a lock and an ``/AP`` stream is
reported as modified by any later revision (its in-place appearance rule yields the unchanged stream),
so a second seal after a seal stamped over a text field reads as a disallowed change there unless
in-place appearance updates are switched off in the diff policy. Fields not under a seal are not
locked, so ordinary documents are not affected.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

#: deepest /Parent chain followed (a cycle is broken here as well)
MAX_FIELD_DEPTH = 32

Rect = tuple[float, float, float, float]


def _norm(rect: Any) -> Rect | None:
    try:
        x0, y0, x1, y1 = (float(v) for v in rect)
    except (TypeError, ValueError):
        return None
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _field_of(widget: Any) -> tuple[str, Any] | None:
    """Fully qualified name and field type of the field a widget belongs to (``/Parent`` chain)."""
    parts: list[str] = []
    ft = None
    node = widget
    for _ in range(MAX_FIELD_DEPTH):
        if "/T" in node:
            parts.append(str(node["/T"]))
        if ft is None and "/FT" in node:
            ft = node["/FT"]
        if "/Parent" not in node:
            break
        node = node["/Parent"]
        if not hasattr(node, "get"):
            break
    if not parts:
        return None
    return ".".join(reversed(parts)), ft


def covered_field_names(pages: Iterable[tuple[Any, list[Rect]]]) -> list[str]:
    """Names of the non-signature form fields with a widget under one of ``rects`` on its page.

    ``pages`` yields ``(page dictionary, seal rects on that page)``.
    """
    names: list[str] = []
    for page, rects in pages:
        annots = page.get("/Annots")
        annots = annots.get_object() if hasattr(annots, "get_object") else annots
        for ref in annots or ():
            annot = ref.get_object()
            if not hasattr(annot, "get") or annot.get("/Subtype") != "/Widget":
                continue
            rect = _norm(annot.get("/Rect"))
            if rect is None or not any(_overlaps(rect, r) for r in rects):
                continue
            found = _field_of(annot)
            if found is not None and found[1] != "/Sig" and found[0] not in names:
                names.append(found[0])
    return names


@dataclass(frozen=True)
class FieldLock:
    """A FieldMDP lock with ``/Action /Include`` over ``fields`` (fully qualified names).

    Written twice, as ISO 32000-2 §12.8.2.4 and §12.8.1 ask: as the signature field's ``/Lock``
    (:meth:`as_sig_field_lock`) and, once the field is signed, as the ``/FieldMDP`` transform of the
    signature dictionary's ``/Reference`` (:meth:`as_reference`). The dictionaries are the ones
    pyHanko's ``FieldMDPSpec`` writes (same keys, same order), built on ``pyhanko.pdf_utils`` only.
    """

    fields: tuple[str, ...]

    def _params(self) -> Any:
        from pyhanko.pdf_utils import generic
        from pyhanko.pdf_utils.generic import pdf_name, pdf_string

        return generic.DictionaryObject({
            pdf_name("/Action"): pdf_name("/Include"),
            pdf_name("/Fields"): generic.ArrayObject([pdf_string(f) for f in self.fields]),
        })

    def as_sig_field_lock(self) -> Any:
        """The field's ``/Lock`` dictionary (``/Type /SigFieldLock``)."""
        from pyhanko.pdf_utils.generic import pdf_name

        lock = self._params()
        lock[pdf_name("/Type")] = pdf_name("/SigFieldLock")
        return lock

    def as_reference(self, root_ref: Any) -> Any:
        """The ``/SigRef`` dictionary of the signature's ``/Reference``: ``/FieldMDP`` over the catalog."""
        from pyhanko.pdf_utils import generic
        from pyhanko.pdf_utils.generic import pdf_name

        params = self._params()
        params[pdf_name("/Type")] = pdf_name("/TransformParams")
        params[pdf_name("/V")] = pdf_name("/1.2")
        return generic.DictionaryObject({
            pdf_name("/Type"): pdf_name("/SigRef"),
            pdf_name("/TransformMethod"): pdf_name("/FieldMDP"),
            pdf_name("/Data"): generic.IndirectObject(root_ref.idnum, root_ref.generation, root_ref.pdf),
            pdf_name("/TransformParams"): params,
        })


def seal_lock(own_field: str, covered: list[str]) -> FieldLock:
    """The lock of a new seal field: itself and the fields it covers."""
    return FieldLock((*covered, own_field))
