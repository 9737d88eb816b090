"""Signature-wrapping checks of a /ByteRange: :func:`check_byte_range` and its problem codes.

Catches a ByteRange that does not start at 0, does not end at the end of its revision, overlaps, leaves
bytes other than the /Contents hex string unsigned, or whose gap holds something other than *this*
signature's /Contents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from eseal.engine.pdf.report.texts import zh


@dataclass(frozen=True)
class ByteRangeProblem:
    """One structural problem of a /ByteRange: a stable code, the English technical detail, a Chinese sentence.

    Why a code: the report's human message is Chinese (it is shown to users), while the English detail
    (with offsets) stays in ``coverage.byte_range_problems`` for integrators; both come from the code,
    never from matching the English text.
    """

    code: str
    detail: str

    @property
    def message_zh(self) -> str:
        return zh(f"byte_range.{self.code}")


#: the problem codes (their Chinese sentences are report.texts ``byte_range.<code>``)
BYTE_RANGE_PROBLEM_CODES: frozenset[str] = frozenset({
    "not_integers", "wrong_length", "negative", "not_from_start", "overlap", "beyond_eof",
    "gap_not_hex_string", "gap_not_hex", "gap_not_contents", "revision_end_mismatch",
})


def check_byte_range(data: bytes, byte_range: Any, contents: bytes,
                     revision_end: int | None) -> list[ByteRangeProblem]:
    """Structural problems of a signature's /ByteRange (code + English explanation each).

    An empty list means: two segments, starting at 0, contiguous around exactly one hex string that
    decodes to this signature's /Contents, and ending at the end of the signature's revision.
    """
    problems: list[ByteRangeProblem] = []
    try:
        br = [int(x) for x in byte_range]
    except (TypeError, ValueError):
        return [ByteRangeProblem("not_integers", "ByteRange is not an array of integers")]
    size = len(data)
    if len(br) != 4:
        return [ByteRangeProblem("wrong_length", f"ByteRange has {len(br)} numbers instead of 4")]
    s1, l1, s2, l2 = br
    if min(br) < 0:
        return [ByteRangeProblem("negative", "ByteRange holds negative numbers")]
    if s1 != 0:
        problems.append(ByteRangeProblem("not_from_start", "ByteRange does not start at offset 0"))
    if s2 < s1 + l1:
        problems.append(ByteRangeProblem("overlap", "ByteRange segments overlap or are out of order"))
    if s2 + l2 > size:
        problems.append(ByteRangeProblem("beyond_eof", "ByteRange points beyond the end of the file"))
        return problems
    gap_start, gap_end = s1 + l1, s2
    gap = data[gap_start:gap_end]
    if not (gap.startswith(b"<") and gap.endswith(b">")):
        problems.append(ByteRangeProblem("gap_not_hex_string", "the unsigned gap is not exactly one hex string"))
    else:
        body = gap[1:-1]  # E3 #11: letters and digits only hold no white space to drop (a regex over 36 KB a seal)
        hex_body = body if body.isalnum() else re.sub(rb"\s", b"", body)
        try:
            raw = bytes.fromhex(hex_body.decode("ascii"))
        except ValueError:
            problems.append(ByteRangeProblem("gap_not_hex", "the unsigned gap is not valid hexadecimal"))
        else:
            if raw != contents:
                problems.append(ByteRangeProblem(
                    "gap_not_contents",
                    "the unsigned gap is not this signature's /Contents (ByteRange points elsewhere)"))
    if revision_end is not None and s2 + l2 != revision_end:
        problems.append(ByteRangeProblem(
            "revision_end_mismatch", f"ByteRange ends at {s2 + l2} but the signed revision ends at {revision_end}"))
    return problems
