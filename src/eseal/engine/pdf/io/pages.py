"""The page objects of one (historical) revision, read through a pyHanko resolver."""

from __future__ import annotations

from typing import Any


def page_objects(resolver: Any) -> list[Any]:
    """Page dictionaries (with their references) of one historical revision, in order."""
    from pyhanko.pdf_utils import generic

    out: list[tuple[Any, Any]] = []
    expanded: set[Any] = set()  # each tree node's kids are walked once (a loop or a shared node is no bomb)

    def walk(node_ref: Any, depth: int) -> None:
        if depth > 64:
            return
        node = node_ref.get_object() if isinstance(node_ref, generic.IndirectObject) else node_ref
        if not isinstance(node, generic.DictionaryObject):
            return
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            if not first_visit(expanded, node_ref):
                return
            for kid in node.get("/Kids", []) if isinstance(node.get("/Kids"), generic.ArrayObject) else []:
                walk(kid, depth + 1)
        else:
            out.append((node_ref, node))

    try:
        walk(resolver.root.raw_get("/Pages"), 0)
    except (KeyError, AttributeError):
        return []
    return out


def first_visit(expanded: set[Any], ref: Any) -> bool:
    """Record an indirect tree node (a page-tree node, a form field with kids) as walked; False when it
    was walked already. A tree whose nodes list themselves or share a node twice on every level
    (``/Kids [4 0 R 4 0 R]``) then costs one visit per node instead of 2^depth (a denial of service
    of verification). Direct nodes cannot repeat: they are always walked."""
    key = (ref.idnum, ref.generation) if hasattr(ref, "idnum") else None
    if key is None:
        return True
    if key in expanded:
        return False
    expanded.add(key)
    return True
