"""[E3] #11: a revision's page list (and page fingerprints) derived from the previous revision's (no page-tree node written)
equals the full walk of that revision, on every multi-revision file at hand, and a revision that turns
a page into a tree node or frees a page is walked again."""

from __future__ import annotations

import io
from pathlib import Path

from _verify_pki import base_pdf, sign_gm_pdf

from eseal.engine.pdf.verify.page_history import plain_pages, plain_prints
from eseal.engine.pdf.verify.plain_objects import PlainObjects, Unsure

HERE = Path(__file__).parent


def _files() -> list[bytes]:
    files = [sign_gm_pdf(sign_gm_pdf(sign_gm_pdf(base_pdf(3)), page=2), page=3)]
    files += [p.read_bytes() for p in sorted((HERE / "golden" / "corpus").glob("*.pdf"))]
    return [f for f in files if f.count(b"%%EOF") > 1]


def _walked(reader, data: bytes, rev: int):  # type: ignore[no-untyped-def]
    objs = PlainObjects(reader, data)  # nothing of rev - 1 kept: the whole tree is walked
    return plain_pages(objs, rev), objs


def _prints(objs, rev: int):  # type: ignore[no-untyped-def]
    try:
        return plain_prints(objs, rev)
    except Unsure:
        return "unsure"


def test_derived_page_lists_equal_the_full_walk(monkeypatch):
    from pyhanko.pdf_utils.reader import PdfFileReader

    from eseal.engine.pdf.verify import page_history

    derived = []
    original = page_history._derived_pages

    def counting(objs, rev, root):  # type: ignore[no-untyped-def]
        out = original(objs, rev, root)
        derived.append(out is not None)
        return out

    monkeypatch.setattr(page_history, "_derived_pages", counting)
    for data in _files():
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        objs = PlainObjects(reader, data)
        for rev in range(reader.xrefs.total_revisions):
            try:
                chained = plain_pages(objs, rev)
            except Unsure:
                continue
            full, fresh = _walked(reader, data, rev)
            assert [(r, p) for r, p in chained] == [(r, p) for r, p in full], rev
            assert objs.memo["nodes", rev] == fresh.memo["nodes", rev]
            assert _prints(objs, rev) == _prints(fresh, rev), rev  # fingerprints kept or read again
    assert sum(derived) > 5  # the derivation was taken (and checked against the walk) on many revisions
