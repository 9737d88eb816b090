"""Verification hashes the file once (document digests and every ByteRange digest in one pass) and reads
the page tree with qpdf, not pyHanko's Python parser — without changing any result.

Speed itself is measured in bench/pdf.py; these tests pin the structure that makes it fast: how many
bytes go through SM3, and that pyHanko's page walk is not needed to place signatures on pages.
"""

from __future__ import annotations

import io

import pikepdf
import pytest
from _verify_pki import base_pdf, full_trust, sign_gm_pdf

from eseal.engine.pdf.io import digests as revisions
from eseal.engine.pdf.report.model import Indication
from eseal.engine.pdf.verify.verifier import verify_pdf


def _three_signatures() -> bytes:
    doc = sign_gm_pdf(base_pdf(3), page=1)
    doc = sign_gm_pdf(doc, page=3)
    return sign_gm_pdf(doc, page=2)


def _ranges(doc: bytes) -> list[list[int]]:
    pdf = pikepdf.open(io.BytesIO(doc))
    return [[int(x) for x in f.V.ByteRange] for f in pdf.Root.AcroForm.Fields]


def test_stream_digests_match_separate_hashing():
    doc = _three_signatures()
    brs = _ranges(doc)
    whole, per_range = revisions.stream_digests(doc, [*brs, [0, 10, 5, 99_999_999], [3, 4]])
    assert whole["sm3"].hex() == revisions.document_digests(doc)["sm3"]
    assert whole["sha256"].hex() == revisions.document_digests(doc)["sha256"]
    assert set(per_range) == {tuple(br) for br in brs}  # malformed ranges left to the caller
    for br in brs:
        assert per_range[tuple(br)] == revisions.digest_byte_range(doc, br, ("sha256", "sm3"))


def test_sm3_runs_over_the_file_about_once(monkeypatch):
    doc = _three_signatures()
    fed = {"n": 0}
    real_new = revisions._new_hasher

    class Counting:
        def __init__(self, h):
            self.h = h

        def update(self, chunk):
            fed["n"] += len(chunk)
            self.h.update(chunk)

        def copy(self):
            return Counting(self.h.copy())

        def finalize(self):
            return self.h.finalize()

    def new_hasher(alg):
        h = real_new(alg)
        return Counting(h) if alg == "sm3" else h

    monkeypatch.setattr(revisions, "_new_hasher", new_hasher)
    rep = verify_pdf(doc, trust=full_trust())
    assert rep.indication is Indication.TOTAL_PASSED, rep.message
    tails = sum(br[3] for br in _ranges(doc))  # each signature's second segment is hashed once more
    assert fed["n"] <= len(doc) + tails
    assert fed["n"] < 1.5 * len(doc)  # before: whole file for the document digest + every ByteRange again


def test_pages_come_from_the_plain_walk_not_qpdf_or_pyhanko(monkeypatch):
    doc = _three_signatures()

    # E3 #11: the page numbering is the plain reader's walk of the newest revision (the revision analysis
    # walks it anyway); qpdf, then pyHanko, only when the plain reader cannot vouch for the tree
    import eseal.engine.pdf.verify.fields as v

    calls = []
    monkeypatch.setattr(v, "_page_refs", lambda reader, data: calls.append(1) or {})
    rep = verify_pdf(doc, trust=full_trust())
    assert calls == []
    assert [s.page for s in rep.signatures] == [1, 3, 2]
    assert rep.indication is Indication.TOTAL_PASSED


def test_tamper_after_signing_still_detected():
    doc = bytearray(sign_gm_pdf(base_pdf(2)))
    br = _ranges(bytes(doc))[0]
    i = doc.index(b"/MediaBox", 0, br[1])
    doc[i + 12] = ord("7") if doc[i + 12] != ord("7") else ord("8")  # inside the first signed segment
    rep = verify_pdf(bytes(doc), trust=full_trust())
    assert rep.indication is Indication.TOTAL_FAILED


@pytest.mark.parametrize("bad", [b"qpdf-unreadable"])
def test_page_refs_fall_back_to_pyhanko(bad):
    import eseal.engine.pdf.verify.fields as v
    from eseal.engine.pdf.io.source import load_input

    doc = _three_signatures()
    reader = load_input(doc).reader
    assert v._page_refs(reader, bad) == v._page_refs(reader, None) == v._page_refs(reader, doc)


def test_a_page_listed_twice_has_its_first_number_in_every_reader():
    """The plain walk and qpdf give a page object that the tree lists twice its first number; pyHanko's
    fallback gave it the last one, so a widget's page depended on which reader answered."""
    import io

    import pikepdf

    import eseal.engine.pdf.verify.fields as v
    from eseal.engine.pdf.io.source import load_input
    from eseal.engine.pdf.verify.plain_objects import PlainObjects

    with pikepdf.open(io.BytesIO(base_pdf(2))) as pdf:
        kids = pdf.Root.Pages.Kids
        first, second = kids[0], kids[1]
        pdf.Root.Pages.Kids = pikepdf.Array([first, second, first])
        pdf.Root.Pages.Count = 3
        out = io.BytesIO()
        pdf.save(out)
    doc = out.getvalue()
    reader = load_input(doc).reader
    listed = [(k.idnum, k.generation) for k in reader.root["/Pages"].raw_get("/Kids")]
    first_ref = listed[0]
    assert listed[2] == first_ref and listed[1] != first_ref  # the file lists the first page twice
    plain = v._plain_page_refs(reader, PlainObjects(reader, doc))
    assert plain is not None and plain[first_ref] == 1
    assert v._page_refs(reader, None) == plain  # pyHanko's walk
    qpdf = v._page_refs(reader, doc)  # (qpdf gives the second listing a copy of its own: another number)
    assert {ref: n for ref, n in qpdf.items() if ref in plain} == plain
