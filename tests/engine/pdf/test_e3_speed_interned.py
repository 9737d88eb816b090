"""[E3] #11: the plain reader's shape builders take one digit from a table and share the references and reals
they make (``interned``): every object of a shape still reads as the token-by-token reader reads it
(references with leading zeros, other white space between number and generation, one-digit and
many-digit integers, signed and unsigned reals), the shared values are immutable and equal to ones made
anew, and the table answers the same once emptied."""

from __future__ import annotations

from decimal import Decimal

import pytest

from eseal.engine.pdf.verify import plain_objects as P
from eseal.engine.pdf.verify.interned import interned


def _token_read(data: bytes):
    return P._parse_token_by_token(data, P._HEADER.match(data, 0).end())


@pytest.mark.parametrize("bodies", [
    [b"<< /P 3 0 R /F 4 >>", b"<< /P 9 7 R /F 0 >>", b"<< /P 5 1 R /F 9 >>"],
    [b"<< /P 003 00 R >>", b"<< /P 123 45 R >>", b"<< /P 000 09 R >>"],
    [b"<< /P 12\n0 R /Q 1\t\t2 R >>", b"<< /P 99\n9 R /Q 7\t\t0 R >>"],
    [b"<< /Rect [ 419.5276 85.0394 -1.5 .5 ] >>", b"<< /Rect [ 419.5276 85.0394 -1.5 .5 ] >>",
     b"<< /Rect [ 111.1111 22.2222 -3.3 .7 ] >>"],
    [b"[ 1 2 3 R 4 ]", b"[ 5 6 7 R 8 ]", b"[ 0 0 0 R 0 ]"],
    [b"<< /Kids [ 1 0 R 2 0 R ] /Count 2 >>", b"<< /Kids [ 7 0 R 7 0 R ] /Count 9 >>"],
])
def test_builders_read_as_the_token_reader(bodies):
    P._shapes.clear()
    seen = []
    for body in bodies * 3:
        data = b"7 0 obj\n" + body + b"\nendobj\n"
        value = P.parse_object_at(data, 0, P.Ref(7, 0))
        expected = _token_read(data)
        assert P.same(value, expected) and type(value) is type(expected), body
        seen.append(value)
    assert any(callable(b) for b in P._shapes.values())  # the later ones were built


def test_shared_values_are_immutable_and_equal_to_new_ones():
    P._shapes.clear()
    data = b"7 0 obj\n<< /P 3 0 R /R [ 1.5 2.25 ] >>\nendobj\n"
    values = [P.parse_object_at(data, 0, P.Ref(7, 0)) for _ in range(4)]
    assert values[2]["/P"] is values[3]["/P"] and values[2]["/R"][0] is values[3]["/R"][0]  # shared
    assert values[2] is not values[3] and values[2]["/R"] is not values[3]["/R"]  # containers are not
    for v in values:
        assert type(v["/P"]) is P.Ref and v["/P"] == (3, 0) and isinstance(v["/P"], tuple)
        assert type(v["/R"][0]) is P.Real and v["/R"][0] == Decimal("1.5") and v["/R"][0] != 1.5


def test_the_table_answers_alike_when_emptied():
    made = []

    def make(text: str) -> int:
        made.append(text)
        return int(text)

    get = interned(make, limit=3)
    texts = ["1", "2", "1", "3", "4", "5", "1", "2"]
    assert [get(t) for t in texts] == [int(t) for t in texts]
    assert made.count("1") == 2  # remembered once, made again after the table was emptied
