"""A faster reader for PDF name objects, installed into pyHanko's object parser for verification.

Why (E3 #11): a seal on every page of a 117-page file makes each later revision rewrite ~240 small
dictionaries (page objects, widgets), and pyHanko reads every name of them one byte at a time through a
generator (``read_until_delimiter``) and decodes it byte by byte (``_decode_name``): about half of all
parsing time of a multi-seal verification. This reader finds the end of the name with one regular
expression over a chunk and builds the same ``NameObject``. Anything unusual — a ``#`` escape, a byte
outside 0x21-0x7E, a name longer than the chunk — is handed back to pyHanko's own reader from the same
position, so results, stream positions and errors are exactly pyHanko's
(tests/engine/pdf/test_e3_speed_parse.py compares both readers).
"""

from __future__ import annotations

import re
from typing import Any

# pyhanko.pdf_utils.misc: PDF_WHITESPACE = b' \n\r\t\f\x00', PDF_DELIMITERS = b'()<>[]{}/%'
_NAME_BODY = re.compile(rb"[^ \n\r\t\f\x00()<>\[\]{}/%]*")
_PLAIN = re.compile(rb"[\x21-\x22\x24-\x7e]*")  # printable ASCII without '#': nothing to decode
_CHUNK = 256
_original: Any = None
_name_object: Any = None  # pyHanko's NameObject, bound by install() (E3 #11: no import statement per name)


def read_name(stream: Any) -> Any:
    """Drop-in for ``pyhanko.pdf_utils.generic.NameObject.read_from_stream`` (stream at the ``/``)."""
    name_object = _name_object or _load_name_object()
    start = stream.tell()
    buf = stream.read(_CHUNK)
    if buf[:1] == b"/":
        body = _NAME_BODY.match(buf, 1).group()  # type: ignore[union-attr]
        end = 1 + len(body)
        if end < len(buf) and _PLAIN.fullmatch(body):
            stream.seek(start + end)  # at the delimiter, as pyHanko's reader leaves it
            return name_object("/" + body.decode("ascii"))
    stream.seek(start)
    return _original(stream)  # pyHanko's reader decides (and raises its own errors)


def _load_name_object() -> Any:
    from pyhanko.pdf_utils.generic import NameObject

    return NameObject


def install() -> None:
    """Use :func:`read_name` in pyHanko's parser (idempotent; keeps the original as the fallback)."""
    global _original, _name_object
    from pyhanko.pdf_utils import generic

    _name_object = generic.NameObject
    if _original is None:
        _original = generic.NameObject.read_from_stream
    generic.NameObject.read_from_stream = staticmethod(read_name)  # type: ignore[method-assign]
