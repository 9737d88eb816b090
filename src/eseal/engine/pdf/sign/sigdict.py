"""The signature dictionary placeholder shared by both profiles (keys defined in gm_format).

Built on ``pyhanko.pdf_utils`` (generic objects) only, never on ``pyhanko.sign``: importing that
package costs ~0.2 s (its signers, validation and the aiohttp time-stamp client), which is what kept
``eseal sign`` slower than raw pyHanko as a whole process (issue E3 #12). The dictionary is the one
pyHanko's ``SignatureObject`` writes — ``/Contents`` placeholder, fixed-width ``/ByteRange``
placeholder, ``/Type /Sig``, ``/Filter``, ``/SubFilter``, ``/M``, ``/Name``, ``/Location``, ``/Reason``,
``/Prop_Build`` — plus our ``/ESeal.*`` keys and the ``/Reference`` of the field lock.
"""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass
from typing import Any

from eseal import __version__ as version
from eseal.engine.pdf.io import gm_format

#: room for ``[0 a b c]`` with four 10+-digit numbers (as pyHanko reserves)
BYTE_RANGE_WIDTH = 60


@dataclass(frozen=True)
class SignatureInfo:
    """What the signer states about the signature (all optional but the time)."""

    time: _dt.datetime
    signer_name: str | None = None
    reason: str | None = None
    location: str | None = None
    claimed_time_only: bool = False
    seal_id: str | None = None


class ByteRangePlaceholder:
    """``/ByteRange``: written first as ``[]`` and blanks, overwritten in place once the offsets are known."""

    def __init__(self) -> None:
        self.offset: int | None = None
        self.value: tuple[int, int, int, int] | None = None

    def write_to_stream(self, stream: Any, handler: Any = None, container_ref: Any = None) -> None:
        if self.offset is None:
            self.offset = stream.tell()
            stream.write(b"[]" + b" " * BYTE_RANGE_WIDTH)
        else:
            stream.write(self._text())

    def _text(self) -> bytes:
        assert self.value is not None
        return b"[%d %d %d %d]" % self.value

    def fill(self, stream: Any, byte_range: tuple[int, int, int, int]) -> None:
        if self.offset is None:
            raise ValueError("the /ByteRange placeholder was never written")
        self.value = byte_range
        text = self._text()
        if len(text) > BYTE_RANGE_WIDTH + 2:
            raise ValueError(f"/ByteRange {byte_range} does not fit its placeholder")
        here = stream.tell()
        stream.seek(self.offset)
        stream.write(text)
        stream.seek(here)


class ContentsPlaceholder:
    """``/Contents``: a hex string of ``reserved`` zeros; :attr:`offsets` are where ``<`` and after ``>`` are."""

    def __init__(self, reserved: int) -> None:
        if reserved <= 0 or reserved % 2:
            raise ValueError("the /Contents reservation must be a positive even number of hex digits")
        self.reserved = reserved
        self.offsets: tuple[int, int] | None = None

    def write_to_stream(self, stream: Any, handler: Any = None, container_ref: Any = None) -> None:
        start = stream.tell()
        stream.write(b"<" + b"0" * self.reserved + b">")  # never encrypted (ISO 32000-2 §7.6.2)
        if self.offsets is None:
            self.offsets = (start, stream.tell())

    def fill(self, stream: Any, der: bytes) -> None:
        """Write ``der`` hex-encoded over the zeros (the rest stays zero padding)."""
        if self.offsets is None:
            raise ValueError("the /Contents placeholder was never written")
        hexed = der.hex().upper().encode()
        if len(hexed) > self.reserved:
            raise ValueError(f"{len(der)} bytes do not fit the {self.reserved // 2} reserved")
        here = stream.tell()
        stream.seek(self.offsets[0] + 1)
        stream.write(hexed)
        stream.seek(here)


@functools.cache
def _as_pdf_objects() -> tuple[type[ContentsPlaceholder], type[ByteRangePlaceholder]]:
    """The placeholders as pyHanko ``PdfObject`` subclasses (a dictionary only holds those); made on first
    use so that importing this module does not import pyHanko."""
    from pyhanko.pdf_utils.generic import PdfObject

    return (type("ContentsPlaceholder", (ContentsPlaceholder, PdfObject), {}),
            type("ByteRangePlaceholder", (ByteRangePlaceholder, PdfObject), {}))


def build_sig_object(*, filter_name: str, subfilter: str, info: SignatureInfo, mode: str, pages: list[int],
                     bytes_reserved: int) -> Any:
    """The /Sig dictionary with its placeholders; ``bytes_reserved`` hex digits for /Contents.

    The placeholders are reachable as ``sig["/Contents"]`` and ``sig["/ByteRange"]``
    (:class:`ContentsPlaceholder`, :class:`ByteRangePlaceholder`).
    """
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_date, pdf_name, pdf_string

    contents_cls, byte_range_cls = _as_pdf_objects()
    sig = generic.DictionaryObject()
    sig[pdf_name("/Contents")] = contents_cls(bytes_reserved)
    sig[pdf_name("/ByteRange")] = byte_range_cls()
    sig[pdf_name("/Type")] = pdf_name("/Sig")
    sig[pdf_name("/Filter")] = pdf_name(filter_name)
    sig[pdf_name("/SubFilter")] = pdf_name(subfilter)
    sig[pdf_name("/M")] = pdf_date(info.time)
    if info.signer_name:
        sig[pdf_name("/Name")] = pdf_string(info.signer_name)
    if info.location:
        sig[pdf_name("/Location")] = pdf_string(info.location)
    if info.reason:
        sig[pdf_name("/Reason")] = pdf_string(info.reason)
    sig[pdf_name("/Prop_Build")] = generic.DictionaryObject({
        pdf_name("/App"): generic.DictionaryObject({
            pdf_name("/Name"): pdf_name("/eseal"),
            pdf_name("/REx"): generic.TextStringObject(str(version)),
        }),
    })
    sig[pdf_name(gm_format.KEY_TIME_SOURCE)] = pdf_name(
        gm_format.TIME_SOURCE_CLAIMED if info.claimed_time_only else gm_format.TIME_SOURCE_TSA
    )
    sig[pdf_name(gm_format.KEY_MODE)] = pdf_name("/" + mode)
    sig[pdf_name(gm_format.KEY_PAGES)] = generic.ArrayObject([generic.NumberObject(p) for p in pages])
    if info.seal_id:
        sig[pdf_name(gm_format.KEY_SEAL_ID)] = pdf_string(info.seal_id)
    return sig
