"""Bytes after the last revision's ``%%EOF``: junk, or objects redefined without an xref (E3 #2).

Why it matters: a reader that trusts the cross-reference table ignores such bytes, but one that
rebuilds it (PDFium and poppler on a file they consider damaged, repair tools) takes the *last*
definition of an object in the file. An attacker appends ``12 0 obj`` with a new page content and
copies the signed file's ``startxref``/``%%EOF`` after it, so the file still ends like the signed one.
Junk that defines nothing stays a warning; a redefined object is a modification after signing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OBJ_RE = re.compile(rb"(?<![0-9])([0-9]{1,10})[ \t\r\n\f\x00]+([0-9]{1,5})[ \t\r\n\f\x00]+obj\b")


@dataclass(frozen=True)
class TrailingData:
    """Non-whitespace bytes after the last revision, and the objects they (re)define (``"12 0"``: number and generation)."""

    size: int
    redefined: tuple[str, ...] = ()


def trailing_data(data: bytes, revision_ends: list[int]) -> TrailingData:
    end = revision_ends[-1] if revision_ends else len(data)
    tail = data[end:]
    size = len(tail.strip())
    if not size:
        return TrailingData(0)
    names: list[str] = []
    for m in _OBJ_RE.finditer(tail):
        name = f"{int(m.group(1))} {int(m.group(2))}"
        if name not in names:
            names.append(name)
    return TrailingData(size, tuple(names[:20]))
