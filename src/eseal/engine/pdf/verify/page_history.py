"""Each revision's pages and their fingerprints (content, annotations, resources), read once per document.

Why (E3 #11): walking the page tree of every revision through pyHanko's historical resolvers re-reads
every page of a 1,000-page file once per revision. A revision that rewrote no page-tree node keeps
the previous revision's page list; only the pages (and /Annots or /Contents arrays) it wrote are read
again. One full walk per document, plus what each revision really changed.
"""

from __future__ import annotations

from typing import Any

from eseal.engine.pdf.io.pages import first_visit
from eseal.engine.pdf.verify.plain_objects import Ref, Unsure

Key = tuple[int, int]


def ref_key(obj: Any) -> Key | None:
    return (obj.idnum, obj.generation) if hasattr(obj, "idnum") else None


def page_fingerprint(page: Any) -> dict[str, Any]:
    """References a page draws from: content streams, annotations, resources (and their array containers)."""
    from pyhanko.pdf_utils import generic

    contents = page.raw_get("/Contents") if "/Contents" in page else None
    contents_ref = None
    if isinstance(contents, generic.IndirectObject):
        target = contents.get_object()
        if isinstance(target, generic.ArrayObject):
            contents_ids = [ref_key(c) for c in target]
            contents_ref = ref_key(contents)
        else:
            contents_ids = [ref_key(contents)]
    elif isinstance(contents, generic.ArrayObject):
        contents_ids = [ref_key(c) for c in contents]
    else:
        contents_ids = []
    annots_raw = page.raw_get("/Annots") if "/Annots" in page else None
    annots = annots_raw.get_object() if isinstance(annots_raw, generic.IndirectObject) else annots_raw
    annot_ids = [ref_key(a) for a in annots] if isinstance(annots, generic.ArrayObject) else []
    res = page.raw_get("/Resources") if "/Resources" in page else None
    return {"contents": contents_ids, "annots": annot_ids, "resources": ref_key(res) if res is not None else None,
            "containers": {k for k in (contents_ref, ref_key(annots_raw)) if k is not None}}


def _walk(resolver: Any) -> tuple[list[tuple[Any, Any]], set[Key]]:
    """(pages with their references, keys of the /Pages nodes) of one revision."""
    from pyhanko.pdf_utils import generic

    pages: list[tuple[Any, Any]] = []
    nodes: set[Key] = set()
    expanded: set[Any] = set()

    def walk(node_ref: Any, depth: int) -> None:
        if depth > 64:
            return
        node = node_ref.get_object() if isinstance(node_ref, generic.IndirectObject) else node_ref
        if not isinstance(node, generic.DictionaryObject):
            return
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            if not first_visit(expanded, node_ref):
                return  # walked already (io.pages.first_visit)
            k = ref_key(node_ref)
            if k is not None:
                nodes.add(k)
            kids = node.raw_get("/Kids") if "/Kids" in node else None
            if isinstance(kids, generic.IndirectObject):
                nodes.add(ref_key(kids))  # type: ignore[arg-type]
            for kid in node.get("/Kids", []) if isinstance(node.get("/Kids"), generic.ArrayObject) else []:
                walk(kid, depth + 1)
        else:
            pages.append((node_ref, node))

    try:
        walk(resolver.root.raw_get("/Pages"), 0)
    except (KeyError, AttributeError):
        return [], nodes
    return pages, nodes


def _read(resolver: Any, ref: Any) -> Any:
    """The object ``ref`` in ``resolver``'s revision, through the resolver's cache (keyed by its own references)."""
    from pyhanko.pdf_utils import generic

    return resolver.get_object(generic.Reference(ref.idnum, ref.generation, resolver))


class PageHistory:
    """Pages and fingerprints per revision of one reader, derived revision from revision where possible."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self._pages: dict[int, list[tuple[Any, Any]]] = {}
        self._nodes: dict[int, set[Key]] = {}
        self._prints: dict[int, list[dict[str, Any]]] = {}

    def _explicit(self, rev: int) -> set[Key]:
        return {(r.idnum, r.generation) for r in self.reader.xrefs.explicit_refs_in_revision(rev)}

    def _derivable(self, rev: int) -> bool:
        if rev - 1 not in self._pages:
            return False
        old = self.reader.get_historical_resolver(rev - 1).root
        new = self.reader.get_historical_resolver(rev).root
        try:
            same_tree = ref_key(old.raw_get("/Pages")) == ref_key(new.raw_get("/Pages")) is not None
        except KeyError:
            return False
        return same_tree and not (self._explicit(rev) & self._nodes[rev - 1])

    def pages(self, rev: int) -> list[tuple[Any, Any]]:
        if rev in self._pages:
            return self._pages[rev]
        if self._derivable(rev):
            explicit = self._explicit(rev)
            resolver = self.reader.get_historical_resolver(rev)
            self._pages[rev] = [(ref, _read(resolver, ref) if ref_key(ref) in explicit else page)
                                for ref, page in self._pages[rev - 1]]
            self._nodes[rev] = self._nodes[rev - 1]
        else:
            self._pages[rev], self._nodes[rev] = _walk(self.reader.get_historical_resolver(rev))
        return self._pages[rev]

    def prints(self, rev: int) -> list[dict[str, Any]]:
        if rev in self._prints:
            return self._prints[rev]
        pages = self.pages(rev)
        if rev - 1 in self._prints and self._derivable_prints(rev):
            explicit = self._explicit(rev)
            resolver = self.reader.get_historical_resolver(rev)
            prints = []
            for (ref, page), old_fp in zip(pages, self._prints[rev - 1], strict=True):
                if ref_key(ref) in explicit or old_fp["containers"] & explicit:
                    page = _read(resolver, ref) if hasattr(ref, "idnum") else page
                    prints.append(page_fingerprint(page))
                else:
                    prints.append(old_fp)
            self._prints[rev] = prints
        else:
            self._prints[rev] = [page_fingerprint(p) for _r, p in pages]
        return self._prints[rev]

    def _derivable_prints(self, rev: int) -> bool:
        old = self._pages.get(rev - 1)
        new = self._pages.get(rev)
        return old is not None and new is not None and [ref_key(r) for r, _ in old] == [ref_key(r) for r, _ in new]

    def annot_pages(self, rev: int) -> dict[Key, int]:
        """Reference of each page and of each of its annotations -> page number (1-based)."""
        out: dict[Key, int] = {}
        for i, ((ref, _p), fp) in enumerate(zip(self.pages(rev), self.prints(rev), strict=True), start=1):
            k = ref_key(ref)
            if k is not None:
                out[k] = i
            for a in fp["annots"]:
                if a is not None:
                    out.setdefault(a, i)
        return out


# ---------------------------------------------------------------------------------------------------
# the same facts from the plain reader (verify/plain_objects.py): no pyHanko parsing, no copies per revision


def plain_name(value: Any) -> str | None:
    """A name entry read *raw*, as pyHanko's ``dict.get`` reads it (an indirect one matches no name: "");
    None when absent; any other type is for pyHanko to judge."""
    if value is None:
        return None
    if isinstance(value, Ref):
        return ""
    if type(value) is not str:
        raise Unsure("expected a name")
    return value


def _is_tree_node(node: dict[str, Any]) -> bool:
    return plain_name(node.get("/Type")) == "/Pages" or "/Kids" in node


def plain_pages(objs: Any, rev: int) -> list[tuple[Any, Any]]:
    """(page reference or None, page dictionary) of revision ``rev``, walked as :func:`_walk` walks it
    (kept in ``objs.memo``: each revision is walked once). A revision that wrote no page-tree node, kept
    the catalog's ``/Pages`` reference and rewrote its pages as pages keeps the previous revision's list,
    with the pages it wrote read again (E3 #11: a seal's revision need not walk the whole tree)."""
    memo_key = ("pages", rev)
    if memo_key in objs.memo:
        return objs.memo[memo_key]
    root = objs.get(objs.trailer(rev, "/Root"), rev)
    if not isinstance(root, dict):
        raise Unsure("catalog is not a dictionary")
    derived = _derived_pages(objs, rev, root)
    if derived is not None:
        objs.memo[memo_key], objs.memo["nodes", rev] = derived, objs.memo["nodes", rev - 1]
        return derived
    pages: list[tuple[Any, Any]] = []
    nodes: set[Any] = set()
    expanded: set[Any] = set()

    def walk(node_raw: Any, depth: int) -> None:
        if depth > 64:
            return
        node = objs.resolve(node_raw, rev)
        if not isinstance(node, dict):
            return
        if _is_tree_node(node):
            if not first_visit(expanded, node_raw):
                return  # walked already, as _walk does
            if isinstance(node_raw, Ref):
                nodes.add(node_raw)
            kids = node.get("/Kids")
            if kids is not None and not isinstance(kids, list):
                raise Unsure("/Kids is not a direct array")
            for kid in kids or []:
                walk(kid, depth + 1)
        else:
            pages.append((node_raw if isinstance(node_raw, Ref) else None, node))

    if "/Pages" in root:
        walk(root["/Pages"], 0)
    objs.memo[memo_key], objs.memo["nodes", rev] = pages, frozenset(nodes)
    return pages


def _derived_pages(objs: Any, rev: int, root: dict[str, Any]) -> list[tuple[Any, Any]] | None:
    """:func:`plain_pages` of ``rev`` from those of ``rev - 1`` when the walk would find the same tree."""
    previous = objs.memo.get(("pages", rev - 1)) if rev > 0 else None
    if previous is None:
        return None
    old_root = objs.get(objs.trailer(rev - 1, "/Root"), rev - 1)
    tree = root.get("/Pages")
    if not isinstance(tree, Ref) or not isinstance(old_root, dict) or old_root.get("/Pages") != tree:
        return None
    written = objs.written(rev)[0]
    if tree in written or objs.memo["nodes", rev - 1] & written:
        return None
    freed = {(r.idnum, r.generation) for r in objs.reader.xrefs.refs_freed_in_revision(rev)}
    pages: list[tuple[Any, Any]] = []
    for ref, page in previous:
        if ref is not None and ref in freed:
            return None  # the walk cannot read a freed page: it decides
        if ref is not None and ref in written:
            page = objs.get(ref, rev)
            if not isinstance(page, dict) or _is_tree_node(page):
                return None  # no longer a page: the walk decides
        pages.append((ref, page))
    return pages


def plain_fingerprint(objs: Any, page: dict[str, Any], rev: int) -> dict[str, Any]:
    """:func:`page_fingerprint` of a plain page dictionary (E3 #11: a seal on every page fingerprints every
    page again in each of its revisions; written flat, without a helper call per reference)."""
    contents = page.get("/Contents")
    contents_ref = None
    if type(contents) is Ref:  # the reader makes no other tuple
        target = objs.get(contents, rev)
        if type(target) is list:
            contents_ids = [c if type(c) is Ref else None for c in target]
            contents_ref = contents
        else:
            contents_ids = [contents]
    elif type(contents) is list:
        contents_ids = [c if type(c) is Ref else None for c in contents]
    else:
        contents_ids = []
    annots_raw = page.get("/Annots")
    annots_ref = annots_raw if type(annots_raw) is Ref else None
    annots = objs.get(annots_raw, rev) if annots_ref is not None else annots_raw
    annot_ids = [a if type(a) is Ref else None for a in annots] if type(annots) is list else []
    res = page.get("/Resources")
    containers = set()
    if contents_ref is not None:
        containers.add(contents_ref)
    if annots_ref is not None:
        containers.add(annots_ref)
    return {"contents": contents_ids, "annots": annot_ids, "resources": res if type(res) is Ref else None,
            "containers": containers}


def plain_prints(objs: Any, rev: int) -> list[dict[str, Any]]:
    """:func:`plain_fingerprint` of every page of revision ``rev`` (kept in ``objs.memo``)."""
    memo_key = ("prints", rev)
    if memo_key in objs.memo:
        return objs.memo[memo_key]
    pages = plain_pages(objs, rev)
    old_pages, old_prints = objs.memo.get(("pages", rev - 1)), objs.memo.get(("prints", rev - 1))
    if old_pages is None or old_prints is None or len(old_pages) != len(pages):
        prints = [plain_fingerprint(objs, p, rev) for _r, p in pages]
    else:  # E3 #11: the same page dictionary, /Contents and /Annots objects as before: the same fingerprint
        written = objs.written(rev)[0]
        prints = [old_fp if page is old_page and not _reads_written(page, written)
                  else plain_fingerprint(objs, page, rev)
                  for (_r, page), (_o, old_page), old_fp in zip(pages, old_pages, old_prints, strict=True)]
    objs.memo[memo_key] = prints
    return prints


def _reads_written(page: dict[str, Any], written: frozenset[Any]) -> bool:
    """Does :func:`plain_fingerprint` of ``page`` read an object (its /Contents or /Annots) that was written?"""
    return any(isinstance(v, Ref) and v in written for v in (page.get("/Contents"), page.get("/Annots")))
