"""[E3] #11: which objects a revision wrote and introduced (``PlainObjects.written``), read straight from the
xref sections, equals pyHanko's answer (``explicit_refs_in_revision`` and ``get_introducing_revision``) on
every multi-revision file at hand and on hand-written updates that free, reuse and re-free object numbers;
and the signatures' page numbers, now read from a walk of the oldest signed revision carried forward,
equal those of a walk of the newest revision alone."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
from _verify_pki import base_pdf, sign_gm_pdf

from eseal.engine.pdf.verify.fields import _plain_page_refs, find_signatures
from eseal.engine.pdf.verify.plain_objects import PlainObjects, Ref, Unsure

HERE = Path(__file__).parent


def _reader(data: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(data), strict=False)


def _update(doc: bytes, entries: list[tuple[int, int, bytes | None]], size: int | None = None) -> bytes:
    """An incremental update by hand: (number, generation, body) in use, or body None: a free entry
    (its next generation is ``generation + 1``)."""
    reader = _reader(doc)
    trailer = reader.trailer
    root = trailer.raw_get("/Root")
    prev = int(re.findall(rb"startxref\s+(\d+)", doc)[-1])
    out = bytearray(doc if doc.endswith(b"\n") else doc + b"\n")
    rows = []
    for num, gen, body in entries:
        if body is None:
            rows.append(b"%d 1\n%010d %05d f \n" % (num, 0, gen + 1))
        else:
            offset = len(out)
            out += b"%d %d obj\n" % (num, gen) + body + b"\nendobj\n"
            rows.append(b"%d 1\n%010d %05d n \n" % (num, offset, gen))
    xref = len(out)
    out += b"xref\n" + b"".join(rows)
    new_size = size or max(int(trailer["/Size"]), *(n + 1 for n, _g, _b in entries))
    out += b"trailer\n<< /Size %d /Root %d %d R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        new_size, root.idnum, root.generation, prev, xref)
    return bytes(out)


def _object_streams(doc: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(doc)) as pdf:
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


def _files() -> list[bytes]:
    base = base_pdf(3)
    size = int(_reader(base).trailer["/Size"])
    hand = _update(base, [(size, 0, b"<< /A 1 >>")])  # a new object
    hand = _update(hand, [(size, 0, None), (size + 1, 0, b"[ 1 2 ]")])  # freed; another new one
    hand = _update(hand, [(size, 1, b"<< /B 2 >>"), (size + 1, 0, b"[ 3 ]")])  # number reused; one rewritten
    hand = _update(hand, [(size + 5, 0, None), (size + 6, 0, b"1")], size=size + 7)  # freeing what never was
    hand = _update(hand, [(size + 5, 1, b"2"), (size + 6, 0, None)])
    files = [sign_gm_pdf(sign_gm_pdf(sign_gm_pdf(base), page=2), page=3), hand, sign_gm_pdf(hand),
             sign_gm_pdf(_object_streams(sign_gm_pdf(base)), page=2)]
    files += [p.read_bytes() for p in sorted((HERE / "golden" / "corpus").glob("*.pdf"))]
    return [f for f in files if f.count(b"%%EOF") > 1]


def _pyhanko_written(reader, rev: int):
    xrefs = reader.xrefs
    explicit = {Ref(r.idnum, r.generation) for r in xrefs.explicit_refs_in_revision(rev)}
    try:
        new = {Ref(r.idnum, r.generation) for r in xrefs.explicit_refs_in_revision(rev)
               if xrefs.get_introducing_revision(r) == rev}
    except KeyError:
        return "unsure"
    return explicit, new


def _written(objs, rev: int):
    try:
        return objs.written(rev)
    except Unsure:
        return "unsure"


def test_written_objects_equal_pyhankos_answer():
    checked = reused = 0
    for data in _files():
        reader = _reader(data)
        objs = PlainObjects(reader, data)
        for rev in range(reader.xrefs.total_revisions):
            expected = _pyhanko_written(reader, rev)
            got = _written(objs, rev)
            assert got == expected, rev
            if got != "unsure":
                assert all(type(r) is Ref for r in got[0] | got[1])
                reused += len(got[0] - got[1])
            checked += 1
    assert checked > 20 and reused > 10


def test_a_reused_object_number_is_introduced_where_its_generation_appears():
    base = base_pdf(1)
    size = int(_reader(base).trailer["/Size"])
    doc = _update(_update(_update(base, [(size, 0, b"1")]), [(size, 0, None)]), [(size, 1, b"2")])
    objs = PlainObjects(_reader(doc), doc)
    assert Ref(size, 0) in objs.written(1)[1]
    assert Ref(size, 0) in objs.written(2)[0] and Ref(size, 0) not in objs.written(2)[1]  # the freeing
    assert Ref(size, 1) in objs.written(3)[1]


def test_signature_pages_equal_a_walk_of_the_newest_revision():
    compared = 0
    for data in _files():
        reader = _reader(data)
        objs = PlainObjects(reader, data)
        sigs = find_signatures(reader, data, objs)
        signed = [s.revision for s in sigs if s.revision is not None]
        carried = _plain_page_refs(reader, objs, min(signed) if signed else None)
        alone = _plain_page_refs(reader, PlainObjects(reader, data))
        assert carried == alone
        if signed and min(signed) < reader.xrefs.total_revisions - 1 and carried is not None:
            compared += 1
    assert compared >= 3


def test_a_verification_lets_go_of_the_plain_values(monkeypatch):
    """verify_pdf empties its plain reader when it is done (its values are freed then, not by a later full
    garbage collection), and a second verification of the same file reads everything again."""
    from eseal.engine.pdf.verify import verifier

    made = []

    class Kept(PlainObjects):
        def __init__(self, *args):
            super().__init__(*args)
            made.append(self)

    monkeypatch.setattr(verifier, "PlainObjects", Kept)
    doc = sign_gm_pdf(sign_gm_pdf(base_pdf(2), timestamp=False), page=2, timestamp=False)
    first = verifier.verify_pdf(doc)
    second = verifier.verify_pdf(doc)
    assert len(made) == 2 and made[0] is not made[1]
    assert all(not o._by_offset and not o._at and not o.memo for o in made)
    assert [r.classification for r in first.revisions] == [r.classification for r in second.revisions] \
        == ["initial", "signature", "signature"]
