"""Form-field changes made by a revision after a signature, judged by the document's own DocMDP/FieldMDP.

Why our own rules and not pyHanko's: pyHanko's default policy permits any form filling after an
approval signature, and treats ``/NeedAppearances`` as harmless. Both are shadow attacks: an opaque
field that covered page text at signing time can be emptied (what it hid shows through), and
``/NeedAppearances true`` makes PDFium and poppler redraw every field from its ``/V`` instead of the
appearance the signer saw.

Rules (ISO 32000-2 §12.8.2.2 DocMDP, §12.8.2.4 FieldMDP, §12.7.3 NeedAppearances; docs/verification-report.md §5):

* ``/NeedAppearances`` switched on after a signature: never permitted.
* A change of a (non-signature) field's value or appearance whose widget is visible on a page is
  permitted only where the document's own certification allows form filling (DocMDP P=2 or P=3),
  and never for a field locked by a signed signature field's ``/Lock`` (FieldMDP). Without DocMDP
  there is no permission: an approval signature does not invite anyone to change what it shows.
* Every finding names the field and its page(s).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eseal.engine.pdf.io.pages import first_visit
from eseal.engine.pdf.report.texts import pages_zh, zh


@dataclass(frozen=True)
class FieldFinding:
    """What a revision did to form fields: a Chinese sentence and whether the document permits it."""

    permitted: bool
    message: str


def _get(obj: Any, key: str) -> Any:
    try:
        value = obj.get(key)
    except (AttributeError, KeyError):
        return None
    return value.get_object() if hasattr(value, "get_object") else value


def need_appearances_turned_on(old: Any, new: Any) -> bool:
    """Does ``new`` set ``/AcroForm /NeedAppearances true`` where ``old`` did not?"""
    def flag(resolver: Any) -> bool:
        form = _get(resolver.root, "/AcroForm")
        value = _get(form, "/NeedAppearances") if form is not None else None
        return value is True or getattr(value, "value", None) is True

    try:
        return flag(new) and not flag(old)
    except Exception:  # a broken /AcroForm: the diff policy reports it
        return False


def doc_mdp_permission(resolver: Any) -> int | None:
    """P of the certification signature (``/Perms /DocMDP``) in this revision, None if not certified."""
    perms = _get(resolver.root, "/Perms")
    sig = _get(perms, "/DocMDP") if perms is not None else None
    if sig is None:
        return None
    for ref in _get(sig, "/Reference") or []:
        ref = ref.get_object() if hasattr(ref, "get_object") else ref
        if str(_get(ref, "/TransformMethod")) == "/DocMDP":
            p = _get(_get(ref, "/TransformParams") or {}, "/P")
            return int(p) if p is not None else 2
    return 2  # a /DocMDP entry without parameters: P defaults to 2


def _walk_fields(resolver: Any) -> dict[str, tuple[Any, Any]]:
    """Fully qualified field name -> (reference, field dictionary), terminal fields and their parents."""
    out: dict[str, tuple[Any, Any]] = {}
    form = _get(resolver.root, "/AcroForm")
    if form is None:
        return out

    expanded: set[Any] = set()

    def walk(ref: Any, prefix: str, depth: int) -> None:
        field = ref.get_object() if hasattr(ref, "get_object") else ref
        if depth > 32 or not hasattr(field, "get") or not first_visit(expanded, ref):
            return
        part = _get(field, "/T")
        name = f"{prefix}.{part}" if prefix and part is not None else (str(part) if part is not None else prefix)
        if part is not None:
            out[name] = (ref, field)
        for kid in _get(field, "/Kids") or []:
            walk(kid, name, depth + 1)

    for ref in _get(form, "/Fields") or []:
        walk(ref, "", 0)
    return out


def _field_type(field: Any) -> str | None:
    while field is not None:
        ft = _get(field, "/FT")
        if ft is not None:
            return str(ft)
        field = _get(field, "/Parent")
    return None


def _locked_by(old_fields: dict[str, tuple[Any, Any]]) -> dict[str, tuple[str, Any]]:
    """Signed signature fields with a /Lock dictionary: name -> (action, field names)."""
    locks: dict[str, tuple[str, Any]] = {}
    for name, (_ref, field) in old_fields.items():
        if _field_type(field) != "/Sig" or _get(field, "/V") is None:
            continue
        lock = _get(field, "/Lock")
        if lock is None:
            continue
        names = [str(n) for n in (_get(lock, "/Fields") or [])]
        locks[name] = (str(_get(lock, "/Action")), names)
    return locks


def _is_locked(field_name: str, action: str, names: list[str]) -> bool:
    listed = any(field_name == n or field_name.startswith(n + ".") for n in names)
    if action == "/All":
        return True
    if action == "/Include":
        return listed
    if action == "/Exclude":
        return not listed
    return True  # an unknown action locks (the safe reading)


def _ref_key(ref: Any) -> tuple[int, int] | None:
    return (ref.idnum, ref.generation) if hasattr(ref, "idnum") else None


def _widget_pages(ref: Any, field: Any, annot_pages: dict[tuple[int, int], int]) -> list[int]:
    """Pages (1-based) on which the field has a visible widget; [0] when it has none."""
    widgets = [(ref, field)] if str(_get(field, "/Subtype")) == "/Widget" else []
    for kid in _get(field, "/Kids") or []:
        k = kid.get_object() if hasattr(kid, "get_object") else kid
        if str(_get(k, "/Subtype")) == "/Widget":
            widgets.append((kid, k))
    pages: list[int] = []
    for w_ref, obj in widgets:
        flags = int(_get(obj, "/F") or 0)
        try:
            rect = [float(x) for x in (_get(obj, "/Rect") or [])]
        except (TypeError, ValueError):
            rect = []
        if flags & 2 or len(rect) != 4 or abs(rect[2] - rect[0]) < 0.5 or abs(rect[3] - rect[1]) < 0.5:
            continue  # hidden or without area: draws nothing
        key = _ref_key(w_ref)
        page = annot_pages.get(key) if key else None
        if page is None:
            page = annot_pages.get(_ref_key(obj.raw_get("/P"))) if "/P" in obj else None  # type: ignore[arg-type]
        if page is not None and page not in pages:
            pages.append(page)
    return sorted(pages) or [0]


def _appearance_refs(obj: Any) -> set[tuple[int, int]]:
    """References of a widget's appearance streams (/AP /N, /R, /D and their states)."""
    out: set[tuple[int, int]] = set()
    ap = _get(obj, "/AP")
    if not hasattr(ap, "raw_get"):
        return out
    for key in ("/N", "/R", "/D"):
        if key not in ap:
            continue
        raw = ap.raw_get(key)
        k = _ref_key(raw)
        if k:
            out.add(k)
        states = raw.get_object() if hasattr(raw, "get_object") else raw
        if hasattr(states, "raw_get") and not hasattr(states, "data"):
            for state in states:
                sk = _ref_key(states.raw_get(state))
                if sk:
                    out.add(sk)
    return out


def _touched(ref: Any, field: Any, explicit: set[tuple[int, int]]) -> bool:
    """Did this revision write the field, one of its widgets or one of their appearance streams?

    pyHanko names fields as "changed" when only the page's /Annots array around them was rewritten
    (a new seal on the page); what counts is whether the field's own objects were written.
    """
    objs = [(ref, field)]
    for kid in _get(field, "/Kids") or []:
        objs.append((kid, kid.get_object() if hasattr(kid, "get_object") else kid))
    for r, obj in objs:
        if _ref_key(r) in explicit or _appearance_refs(obj) & explicit:
            return True
    return False


def judge_field_changes(old: Any, new: Any, changed: set[str], annot_pages: dict[tuple[int, int], int],
                        explicit: set[tuple[int, int]]) -> FieldFinding | None:
    """The verdict on the fields pyHanko saw change (``changed``: fully qualified names); None: none to judge.

    ``annot_pages`` maps each widget's and each page's reference to its page number (1-based) in ``new``;
    ``explicit`` holds the references the revision wrote.
    """
    if not changed:
        return None
    new_fields = _walk_fields(new)
    old_fields = _walk_fields(old)
    locks = _locked_by(old_fields)
    p = doc_mdp_permission(old)
    locked_msgs: list[str] = []
    changed_msgs: list[str] = []
    for name in sorted(changed):
        if name not in new_fields:
            continue
        ref, field = new_fields[name]
        if _field_type(field) == "/Sig" or not _touched(ref, field, explicit):
            continue  # signing a signature field is judged as a signature; untouched fields are no change
        pages = _widget_pages(ref, field, annot_pages)
        where = pages_zh([pg for pg in pages if pg]) if pages != [0] else zh("fields.invisible")
        label = zh("fields.label", name=name, where=where)
        lockers = [sig for sig, (action, names) in locks.items() if _is_locked(name, action, names)]
        if lockers:
            locked_msgs.append(zh("fields.locked_by", label=label, signers="、".join(lockers)))
        elif pages != [0]:
            changed_msgs.append(label)
    if locked_msgs:
        return FieldFinding(False, zh("fields.locked", details="；".join(locked_msgs)))
    if not changed_msgs:
        return None
    if p in (2, 3):
        return FieldFinding(True, zh("fields.fill_permitted", p=p, fields="、".join(changed_msgs)))
    why = zh("fields.why.p1") if p == 1 else zh("fields.why.no_docmdp")
    return FieldFinding(False, zh("fields.changed", fields="、".join(changed_msgs), why=why))
