"""What the objects written by a revision are: document metadata, DSS, objects nobody references, or other.

Why: pyHanko's diff policy answers "is this allowed" (NONE / LTA_UPDATES for all of these), not "what
is it", and the report must say what a revision really changed (issue E3 #3): an /Info or XMP edit is
metadata, an object that nothing refers to is unreferenced, a /DSS is validation data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class WrittenObjects:
    """Kinds of the objects a revision wrote explicitly (counts)."""

    info: int = 0
    xmp: int = 0
    dss: int = 0
    unreferenced: int = 0
    catalog: bool = False  # the catalog was rewritten (only /Metadata or /DSS changed)
    other: int = 0

    @property
    def metadata_only(self) -> bool:
        return bool(self.info or self.xmp) and not (self.dss or self.other)

    @property
    def unreferenced_only(self) -> bool:
        return bool(self.unreferenced) and not (self.info or self.xmp or self.dss or self.other)


def _key(ref: Any) -> tuple[int, int] | None:
    return (ref.idnum, ref.generation) if hasattr(ref, "idnum") else None


def _refs_in(obj: Any, out: set[tuple[int, int]], depth: int = 0) -> None:
    """References held directly by ``obj`` (dictionaries and arrays walked, references not followed)."""
    from pyhanko.pdf_utils import generic

    if depth > 64:
        return
    if isinstance(obj, generic.IndirectObject):
        k = _key(obj)
        if k:
            out.add(k)
        return
    if isinstance(obj, dict):
        for v in obj.values():
            _refs_in(v, out, depth + 1)
    elif isinstance(obj, list):
        for v in obj:
            _refs_in(v, out, depth + 1)


def _raw(resolver: Any, ref: Any) -> Any:
    try:
        return resolver.get_object(ref)
    except Exception:
        return None


def classify_written(reader: Any, rev: int) -> WrittenObjects:
    """Sort the objects revision ``rev`` wrote into metadata / DSS / unreferenced / other."""
    new = reader.get_historical_resolver(rev)
    old = reader.get_historical_resolver(rev - 1)
    explicit = reader.xrefs.explicit_refs_in_revision(rev)
    trailer = new.trailer_view
    info_ref = _key(trailer.raw_get("/Info")) if "/Info" in trailer else None
    root_ref = _key(trailer.raw_get("/Root")) if "/Root" in trailer else None
    root = new.root
    xmp_ref = _key(root.raw_get("/Metadata")) if "/Metadata" in root else None
    dss_refs: set[tuple[int, int]] = set()
    if "/DSS" in root:
        dss = root.raw_get("/DSS")
        if _key(dss):
            dss_refs.add(_key(dss))  # type: ignore[arg-type]
        seen: set[tuple[int, int]] = set()
        _refs_in(dss.get_object() if hasattr(dss, "get_object") else dss, seen)
        for k in list(seen):  # DSS arrays and the VRI dictionary: one level deeper
            dss_refs.add(k)
            obj = _raw(new, _ref(reader, k))
            if isinstance(obj, (dict, list)):
                inner: set[tuple[int, int]] = set()
                _refs_in(obj, inner)
                dss_refs |= inner
    referenced: set[tuple[int, int]] = set()
    _refs_in(trailer, referenced)
    for ref in explicit:
        _refs_in(_raw(new, ref), referenced)
    counts = {"info": 0, "xmp": 0, "dss": 0, "unreferenced": 0, "other": 0}
    catalog = False
    for ref in explicit:
        key = _key(ref)
        if key == info_ref:
            counts["info"] += 1
        elif key == xmp_ref:
            counts["xmp"] += 1
        elif key in dss_refs:
            counts["dss"] += 1
        elif key == root_ref:
            catalog = True
            if not _catalog_change_is_metadata_or_dss(old.root, root):
                counts["other"] += 1
        elif key not in referenced and _introduced(reader, ref, rev):
            counts["unreferenced"] += 1
        else:
            counts["other"] += 1
    return WrittenObjects(catalog=catalog, **counts)


def _ref(reader: Any, k: tuple[int, int]) -> Any:
    from pyhanko.pdf_utils import generic

    return generic.Reference(k[0], k[1], reader)


def _introduced(reader: Any, ref: Any, rev: int) -> bool:
    try:
        return bool(reader.xrefs.get_introducing_revision(ref) == rev)
    except KeyError:
        return False


def _catalog_change_is_metadata_or_dss(old_root: Any, new_root: Any) -> bool:
    keys = set(old_root.keys()) | set(new_root.keys())
    for key in keys - {"/Metadata", "/DSS"}:
        if key not in old_root or key not in new_root or old_root.raw_get(key) != new_root.raw_get(key):
            return False
    return True
