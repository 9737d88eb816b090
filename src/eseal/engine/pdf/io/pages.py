"""The page objects of one (historical) revision, read through a pyHanko resolver."""

from __future__ import annotations

from typing import Any


def page_objects(resolver: Any) -> list[Any]:
    """Page dictionaries (with their references) of one historical revision, in order."""
    from pyhanko.pdf_utils import generic

    out: list[tuple[Any, Any]] = []

    def walk(node_ref: Any, depth: int) -> None:
        if depth > 64:
            return
        node = node_ref.get_object() if isinstance(node_ref, generic.IndirectObject) else node_ref
        if not isinstance(node, generic.DictionaryObject):
            return
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            for kid in node.get("/Kids", []) if isinstance(node.get("/Kids"), generic.ArrayObject) else []:
                walk(kid, depth + 1)
        else:
            out.append((node_ref, node))

    try:
        walk(resolver.root.raw_get("/Pages"), 0)
    except (KeyError, AttributeError):
        return []
    return out
