"""[E3] #11: values of the plain reader compare type-strictly with one ``==`` (``plain_objects.same_read``;
the seal proof's "the same page but for /Annots", ``signature_revision._plain_same_except``): an integer
is not a real, a name is not a keyword, a literal string is not a hex string of the same bytes, a
reference is not an array, a stream is not a dictionary — at any depth — and on every object version of
the files at hand ``same_read`` answers as the walking ``same`` does."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest
from _verify_pki import base_pdf, sign_gm_pdf

from eseal.engine.pdf.verify.plain_objects import (
    PlainObjects,
    Real,
    Ref,
    Unsure,
    parse_object_at,
    same,
    same_read,
)
from eseal.engine.pdf.verify.signature_revision import _plain_same_except

HERE = Path(__file__).parent


def _parse(body: bytes) -> object:
    return parse_object_at(b"7 0 obj " + body + b" endobj", 0, Ref(7, 0))


PAIRS = [  # (a, b, the same?) as the reader reads them; at the top and inside dictionaries and arrays
    (b"1", b"1.0", False), (b"0", b"-0.0", False), (b"1.0", b"1.00", True), (b"1", b"+1", True),
    (b"true", b"/true", False), (b"null", b"/null", False), (b"(A)", b"<41>", False), (b"(A)", b"(A)", True),
    (b"1 0 R", b"[ 1 0 ]", False), (b"1 0 R", b"1 0 R", True), (b"1 0 R", b"1 1 R", False),
    (b"<< >>", b"[ ]", False), (b"/A", b"/A", True), (b"/A", b"(A)", False), (b"<< /A 1 >>", b"<< /A 1 >>", True),
    (b"<< /A 1 >>", b"<< /A 1.0 >>", False), (b"[ 1 2 ]", b"[ 1 2.0 ]", False), (b"[ 1 2 ]", b"[ 1 2 ]", True),
    (b"<< /A [ << /B 0 >> ] >>", b"<< /A [ << /B 0.0 >> ] >>", False),
    (b"<< /A [ << /B 5 >> ] >>", b"<< /A [ << /B 5 >> ] >>", True),
]


@pytest.mark.parametrize(("a", "b", "expected"), PAIRS)
def test_one_comparison_is_type_strict_at_any_depth(a, b, expected):
    for wrap in (b"%s", b"<< /K %s >>", b"[ %s ]", b"<< /K [ 0 << /L %s >> ] >>"):
        x, y = _parse(wrap % a), _parse(wrap % b)
        assert same(x, y) is expected and same_read(x, y) is expected and same_read(y, x) is expected
        if isinstance(x, dict) and isinstance(y, dict):
            assert _plain_same_except(x, y, set()) is expected
            assert _plain_same_except({**x, "/Annots": [1]}, {**y, "/Annots": [2]}, {"/Annots"}) is expected
    assert type(_parse(b"1.5")) is Real


def test_a_stream_is_not_a_dictionary():
    stream = parse_object_at(b"7 0 obj << /A 1 >> stream\nabc\nendstream endobj", 0, Ref(7, 0))
    plain = _parse(b"<< /A 1 >>")
    assert not same_read(stream, plain) and not same_read(plain, stream)
    assert not _plain_same_except(stream, plain, set()) and not _plain_same_except(plain, stream, set())
    assert _plain_same_except({"/A": 1, "/Annots": [Ref(1, 0)]}, {"/A": 1}, {"/Annots"})
    assert not _plain_same_except({"/A": 1, "/B": 2}, {"/A": 1}, {"/Annots"})


def test_same_read_answers_as_same_on_every_object_version_at_hand():
    from pyhanko.pdf_utils.reader import PdfFileReader

    files = [sign_gm_pdf(sign_gm_pdf(base_pdf(3)), page=2)]
    files += [p.read_bytes() for p in sorted((HERE / "golden" / "corpus").glob("*.pdf"))]
    values = []
    for data in files:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        objs = PlainObjects(reader, data)
        for rev in range(reader.xrefs.total_revisions):
            for ref in sorted(objs.written(rev)[0]) if objs.usable else []:
                try:
                    values.append(objs.get(ref, rev))
                except Unsure:
                    pass
    assert len(values) > 200
    pieces = values + [v for d in values if isinstance(d, dict) for v in d.values()]
    equal = 0
    for x, y in itertools.combinations(pieces[:600], 2):
        assert same_read(x, y) is same(x, y)
        equal += same(x, y)
    assert equal > 50
