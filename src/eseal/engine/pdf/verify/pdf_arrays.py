"""A faster reader for PDF arrays of plain numbers and references, installed into pyHanko's object parser
for verification.

Why (E3 #11): a seal on every page lists a widget per page in its field's ``/Kids`` and the pages it
covers in ``/ESeal.Pages``, and the page tree's ``/Kids`` lists every page; pyHanko reads such an array
one element at a time, each reference one byte at a time (~4 µs a reference: 117 of them ~0.45 ms, a
few such arrays per seal). This reader matches the whole array with one regular expression when it
holds nothing but unsigned integers, reals and references ``N G R`` separated by single spaces, and
builds the same ``ArrayObject`` of ``NumberObject``, ``FloatObject`` and ``IndirectObject`` values with
the same ``container_ref``. Anything else — a comment, a name, a nested array, other white space inside
a reference, a number pyHanko would read differently, inside a content stream — is handed back to
pyHanko's own reader from the same position, so results, stream positions and errors are exactly
pyHanko's (tests/engine/pdf/test_e3_speed_arrays.py compares both readers).
"""

from __future__ import annotations

import re
from typing import Any

# One element: a reference pyHanko's INDIRECT_PATTERN takes (``N G R`` then a non-letter within its 20-byte
# look-ahead: at most 10 + 5 digits), a signed or unsigned integer, a real; each followed by white space or
# the closing bracket (pyHanko's number reader stops there and nowhere earlier).
_ITEM = rb"(?:[1-9][0-9]{0,9} [0-9]{1,5} R|[+-]?[0-9]{1,18}|[+-]?(?:[0-9]{1,18}\.[0-9]{0,18}|\.[0-9]{1,18}))(?=[ \n\r\]])"
_ARRAY = re.compile(rb"\[[ \n\r]*+(?:" + _ITEM + rb"[ \n\r]*+)*+\]")
_ELEMENT = re.compile(rb"([1-9][0-9]{0,9}) ([0-9]{1,5}) R|([+-]?[0-9]+)(?=[ \n\r\]])|([+-]?[0-9]*\.[0-9]*)")
_CHUNK = 4096
_LIMIT = 1 << 20  # longer arrays: pyHanko's reader
_original: Any = None


def read_array(stream: Any, container_ref: Any, in_content_stream: Any = None) -> Any:
    """Drop-in for ``pyhanko.pdf_utils.generic.ArrayObject.read_from_stream`` (stream at the ``[``)."""
    from pyhanko.pdf_utils import generic

    if in_content_stream is None:
        in_content_stream = generic.ContentOpReading.NO
    if in_content_stream is generic.ContentOpReading.NO:
        start = stream.tell()
        buf = stream.read(_CHUNK)
        while b"]" not in buf and len(buf) < _LIMIT:
            more = stream.read(len(buf))
            if not more:
                break
            buf += more
        m = _ARRAY.match(buf)
        if m is not None:
            arr = generic.ArrayObject()
            handler = None
            for item in _ELEMENT.finditer(buf, 1, m.end()):  # (the closing bracket ends the last number)
                num, gen, integer, real = item.groups()
                if num is not None:
                    if handler is None:
                        handler = container_ref.get_pdf_handler()
                    value: Any = generic.IndirectObject(int(num), int(gen), handler)
                elif integer is not None:
                    value = generic.NumberObject(integer.decode("ascii"))
                else:
                    value = generic.FloatObject(real.decode("ascii"))
                value.container_ref = container_ref
                arr.append(value)
            stream.seek(start + m.end())
            return arr
        stream.seek(start)
    return _original(stream, container_ref, in_content_stream=in_content_stream)


def install() -> None:
    """Use :func:`read_array` in pyHanko's parser (idempotent; keeps the original as the fallback)."""
    global _original
    from pyhanko.pdf_utils import generic

    if _original is None:
        _original = generic.ArrayObject.read_from_stream
    generic.ArrayObject.read_from_stream = staticmethod(read_array)  # type: ignore[method-assign]
