"""[E3] #11: a hex string of letters and digits only is decoded without dropping white space first and its
digits are checked by ``binascii.unhexlify`` (no regular expression over a 36 KB /Contents): the fast
reader still reads every case as pyHanko's reader does (digits, letters beyond F, odd lengths, white space
between and inside digit pairs, NUL, form feed, vertical tab, non-ASCII bytes, comments, no closing
bracket), and ``check_byte_range`` still finds the same problems in gaps of each kind."""

from __future__ import annotations

import io
import itertools
import re

import pytest

from eseal.engine.pdf.verify import hex_strings
from eseal.engine.pdf.verify.byte_range import check_byte_range

_BODIES = [b"", b"41", b"414", b"4142434445", b"ABCDEF0123456789abcdef", b"4g", b"zz", b"41 42", b"4 1", b"41\n42",
           b"41\x0042", b"41\x0c42", b"41\x0b42", b"41\r\n\t 42", b"4\xe4", b"\xe4\xb8\xad", b"41%x\n42", b"  ",
           b"ab" * 20000, b"ab" * 20000 + b"g", b"ab" * 20000 + b" c"]


def _read(fn, data: bytes):
    s = io.BytesIO(data)
    try:
        value = fn(s)
    except Exception as exc:
        return ("error", type(exc).__name__, None)
    return (type(value).__name__, bytes(value.original_bytes), s.tell())


@pytest.mark.parametrize(("body", "after"), list(itertools.product(_BODIES, (b">", b">rest", b""))))
def test_hex_strings_read_as_pyhanko_reads_them(body, after):
    hex_strings.install()
    data = b"<" + body + after
    assert _read(hex_strings.read_hex_string, data) == _read(hex_strings._original, data)


def _gap_body_problems(body: bytes, contents: bytes) -> list[str]:
    data = b"%PDF" + b"<" + body + b">" + b"tail"
    br = [0, 4, 4 + len(body) + 2, 4]
    return [p.code for p in check_byte_range(data, br, contents, len(data))]


@pytest.mark.parametrize("body", _BODIES)
def test_byte_range_gaps_are_judged_as_with_white_space_dropped(body):
    dropped = re.sub(rb"\s", b"", body)
    try:
        decoded = bytes.fromhex(dropped.decode("ascii"))
    except ValueError:
        decoded = None
    expected_ok = [] if decoded is not None else ["gap_not_hex"]
    assert _gap_body_problems(body, decoded if decoded is not None else b"x") == expected_ok
    if decoded is not None:
        assert _gap_body_problems(body, decoded + b"\x00") == ["gap_not_contents"]
