"""[E3] #11: the plain reader's at-once path (plain_objects._parse_at_once) reads exactly what the
token-by-token reader reads, or declines (then that reader decides): on every object of the corpus and
our seals, and on generated objects with the tricky pieces (keywords in strings and names, comments,
glued delimiters, signed references, control bytes)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from _verify_pki import base_pdf, sign_gm_pdf

from eseal.engine.pdf.verify import plain_objects as P

HERE = Path(__file__).parent
_HEADER = re.compile(rb"(?<![0-9])([0-9]+)[\x00\t\n\f\r ]+([0-9]+)[\x00\t\n\f\r ]+obj")


def _both(data: bytes, start: int) -> tuple[object, tuple[str, object]]:
    fast = P._parse_at_once(data, start)
    try:
        slow: tuple[str, object] = ("value", P._parse_token_by_token(data, start))
    except P.Unsure as exc:
        slow = ("unsure", str(exc))
    return fast, slow


def _agree(data: bytes, start: int) -> bool:
    """True when the at-once path read the object (and then it read what the other reader reads)."""
    fast, slow = _both(data, start)
    if fast is P._NOTHING:
        return False
    assert slow[0] == "value", (data, fast, slow)
    assert type(fast) is type(slow[1]) and P.same(fast, slow[1]), (data, fast, slow)
    return True


def test_at_once_agrees_on_every_object_of_the_corpus_and_our_seals():
    files = [p.read_bytes() for p in sorted((HERE / "golden").rglob("*.pdf"))]
    files.append(sign_gm_pdf(sign_gm_pdf(base_pdf(3)), page=2))
    read = total = 0
    for data in files:
        for m in _HEADER.finditer(data):
            total += 1
            read += _agree(data, m.end())
    assert total > 500 and read > total // 2  # the usual objects do take the fast path


ATOMS = [b"/A", b"/Type", b"/Xstream", b"/endobj", b"/", b"1", b"-2", b"+3", b"007", b"1.5", b".5", b"-1.", b"3 0 R",
         b"12 5 R", b"(a)", b"(endobj)", b"(stream\n)", b"<41 42>", b"<>", b"true", b"false", b"null"]
BAD = [b"%c\n", b"%endobj", b"endobj", b"stream\n", b"(a(b)c)", b"1.2.3", b"truex", b"\xe4", b"/A#20", b"{", b"R",
       b"<4G>", b">>", b"]", b"<<", b"[", b"+3 0 R", b"3 -0 R", b"3 0R", b"/A/B", b"1/A", b"R/A", b"3 0 R/A",
       b"1 0 obj", b"\x0b", b"\x1c", b"\xa0", b"\x00", b"1_0", b"<<<", b">>>", b"/A,B", b"1 2"]
SEPS = [b" ", b"\n", b"", b"\r\n", b"\t", b"\x00", b"\f", b"  "]
ENDS = [b" endobj", b"endobj", b"\nendobj\n", b" stream\nxx endstream endobj", b"stream\r\nabc", b"stream\rx",
        b"endobjx", b" endobj/", b" endobj%", b""]


def _value(rnd: random.Random, depth: int = 0) -> bytes:
    r = rnd.random()
    if depth > 4 or r < 0.5:
        return rnd.choice(ATOMS)
    if r < 0.75:
        return b"[" + rnd.choice(SEPS) + b"".join(_value(rnd, depth + 1) + rnd.choice(SEPS)
                                                for _ in range(rnd.randint(0, 4))) + b"]"
    keys = rnd.sample([b"/A", b"/B", b"/C", b"/Type", b"/Kids", b"/A"], rnd.randint(0, 4))
    return b"<<" + rnd.choice(SEPS) + b"".join(k + rnd.choice([b" ", b"\n", b""]) + _value(rnd, depth + 1)
                                              + rnd.choice(SEPS) for k in keys) + b">>"


@pytest.mark.parametrize("seed", range(4))
def test_at_once_never_reads_what_the_token_reader_would_not(seed):
    rnd = random.Random(seed)
    read = 0
    for _ in range(5_000):
        body = _value(rnd)
        if rnd.random() < 0.35:  # something unusual somewhere
            parts = body.split(b" ")
            parts.insert(rnd.randrange(len(parts) + 1), rnd.choice(BAD + ATOMS))
            body = b" ".join(parts)
        data = b"7 0 obj" + rnd.choice(SEPS) + body + rnd.choice(ENDS)
        read += _agree(data, 7)
    assert read > 400


@pytest.mark.parametrize("body", [
    b" << /A 1 >> % endobj\n endobj",  # a comment hides the first endobj
    b" << /T (x endobj) >> endobj",
    b" << /A /Xendobj >> endobj",
    b" << /A 1 /A 2 >> endobj",
    b" << /A +1 0 R >> endobj",
    b" << /A 1 0 R >>stream\rabc endstream endobj",
])
def test_at_once_declines_the_unusual(body):
    data = b"7 0 obj" + body
    assert P._parse_at_once(data, 7) is P._NOTHING


# The shape builders (E3 #11): from the second object of a shape on, the at-once reading builds the value
# with a function made for that shape. Every object read by a builder must still be what the
# token-by-token reader reads, or be declined.

def _digits_changed(rnd: random.Random, data: bytes) -> bytes:
    return bytes(rnd.choice(b"0123456789") if c in b"0123456789" else c for c in data)


def test_shape_builders_agree_on_every_object_of_the_corpus_read_again():
    files = [p.read_bytes() for p in sorted((HERE / "golden").rglob("*.pdf"))]
    files.append(sign_gm_pdf(sign_gm_pdf(base_pdf(3)), page=2))
    P._shapes.clear()
    built = 0
    for data in files:
        for m in _HEADER.finditer(data):
            for _ in range(3):  # first reading, the builder is made, the builder reads
                _agree(data, m.end())
    for data in files:
        for m in _HEADER.finditer(data):
            built += _agree(data, m.end())
    assert built > 500
    assert sum(callable(b) for b in P._shapes.values()) >= 20  # builders were made and used


@pytest.mark.parametrize("seed", range(4))
def test_shape_builders_read_other_digits_of_a_shape_as_the_token_reader_does(seed):
    rnd = random.Random(100 + seed)
    P._shapes.clear()
    read = 0
    for _ in range(1_500):
        body = _value(rnd)
        if rnd.random() < 0.25:
            parts = body.split(b" ")
            parts.insert(rnd.randrange(len(parts) + 1), rnd.choice(BAD + ATOMS))
            body = b" ".join(parts)
        data = b"7 0 obj" + rnd.choice(SEPS) + body + rnd.choice(ENDS)
        for variant in (data, data, *(data[:7] + _digits_changed(rnd, data[7:]) for _ in range(4))):
            read += _agree(variant, 7)
    assert read > 1_000


@pytest.mark.parametrize("first, second", [
    (b" << /F1 1 /F2 2 >> endobj", b" << /F1 1 /F1 2 >> endobj"),  # keys the shape cannot tell apart
    (b" << /F1 1 /F1 2 >> endobj", b" << /F3 1 /F4 2 >> endobj"),
    (b" << /A 1 0 R >> endobj", b" << /A 9 9 R >> endobj"),
    (b" << /R [ 1.5 2 ] >> endobj", b" << /R [ 7.0 3 ] >> endobj"),
])
def test_a_shape_read_with_other_digits(first, second):
    P._shapes.clear()
    for data in (b"7 0 obj" + first, b"7 0 obj" + first, b"7 0 obj" + second, b"7 0 obj" + second):
        fast, slow = _both(data, 7)
        if slow[0] == "value" and len(set(re.findall(rb"/\w+", data))) == len(re.findall(rb"/\w+", data)):
            assert fast is not P._NOTHING and P.same(fast, slow[1]) and type(fast) is type(slow[1])
        if fast is not P._NOTHING:
            assert slow[0] == "value" and P.same(fast, slow[1])
    assert not (P._parse_at_once(b"7 0 obj << /F1 1 /F1 2 >> endobj", 7) is not P._NOTHING)
