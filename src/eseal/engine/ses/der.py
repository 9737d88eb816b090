"""A small, strict DER/TLV reader used by the SES parser.

Why not asn1crypto for *reading*: the SES grammars contain constructs that a generic schema
parser cannot decide on its own (the ``SES_CertList`` CHOICE of two untagged ``SEQUENCE OF``
alternatives chosen by ``certListType``; ``timeStamp`` written ``[0] EXPLICIT`` by some vendors
and untagged by others; UTCTime where GeneralizedTime is specified). asn1crypto also parses
lazily and raises a zoo of exception types later. This reader is schema-driven by the caller,
bounded (no recursion of its own, every length is checked against the buffer before use) and
raises only :class:`SesFormatError` with the field path.

asn1crypto is still used for *writing* (``eseal.engine.ses.asn1``), and for X.509 certificates.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from eseal.engine.ses.errors import SesFormatError

UNIVERSAL, APPLICATION, CONTEXT, PRIVATE = 0, 1, 2, 3

# Universal tag numbers used by the SES grammars.
BOOLEAN, INTEGER, BIT_STRING, OCTET_STRING, OID = 1, 2, 3, 4, 6
UTF8_STRING, SEQUENCE, PRINTABLE_STRING, IA5_STRING = 12, 16, 19, 22
UTC_TIME, GENERALIZED_TIME = 23, 24

_TAG_NAMES = {
    BOOLEAN: "BOOLEAN", INTEGER: "INTEGER", BIT_STRING: "BIT STRING", OCTET_STRING: "OCTET STRING",
    5: "NULL", OID: "OBJECT IDENTIFIER", UTF8_STRING: "UTF8String", SEQUENCE: "SEQUENCE",
    17: "SET", PRINTABLE_STRING: "PrintableString", IA5_STRING: "IA5String",
    UTC_TIME: "UTCTime", GENERALIZED_TIME: "GeneralizedTime",
}


@dataclass(frozen=True, slots=True)
class Tlv:
    """One decoded element: a view on ``buf[start:end]`` (header at ``start``, value at ``vstart``)."""

    buf: bytes
    cls: int
    constructed: bool
    tag: int
    start: int
    vstart: int
    end: int

    @property
    def value(self) -> bytes:
        return self.buf[self.vstart : self.end]

    @property
    def encoded(self) -> bytes:
        """The element exactly as it appeared on the wire (what a signature covers)."""
        return self.buf[self.start : self.end]

    def is_universal(self, tag: int) -> bool:
        return self.cls == UNIVERSAL and self.tag == tag

    def is_context(self, tag: int) -> bool:
        return self.cls == CONTEXT and self.tag == tag

    def describe(self) -> str:
        if self.cls == UNIVERSAL:
            return _TAG_NAMES.get(self.tag, f"universal tag {self.tag}")
        prefix = ("UNIVERSAL ", "APPLICATION ", "", "PRIVATE ")[self.cls]
        return f"[{prefix}{self.tag}]"


def tag_name(tag: int) -> str:
    return _TAG_NAMES.get(tag, f"universal tag {tag}")


def read_tlv(buf: bytes, pos: int, limit: int, path: str) -> Tlv:
    """Decode the element starting at ``pos``; it must end at or before ``limit``."""
    if pos >= limit:
        raise SesFormatError(path, "missing (no bytes left)")
    first = buf[pos]
    cls = first >> 6
    constructed = bool(first & 0x20)
    tag = first & 0x1F
    p = pos + 1
    if tag == 0x1F:  # high-tag-number form
        tag = 0
        for _ in range(4):
            if p >= limit:
                raise SesFormatError(path, "truncated tag")
            b = buf[p]
            p += 1
            tag = (tag << 7) | (b & 0x7F)
            if not b & 0x80:
                break
        else:
            raise SesFormatError(path, "tag number too large")
    if p >= limit:
        raise SesFormatError(path, "truncated length")
    lb = buf[p]
    p += 1
    if lb < 0x80:
        length = lb
    elif lb == 0x80:
        raise SesFormatError(path, "indefinite length (BER) is not allowed in DER")
    else:
        n = lb & 0x7F
        if n > 4:
            raise SesFormatError(path, f"length field of {n} bytes is too large")
        if p + n > limit:
            raise SesFormatError(path, "truncated length")
        length = int.from_bytes(buf[p : p + n], "big")
        p += n
    if p + length > limit:
        raise SesFormatError(path, f"length {length} runs past the end of the data ({limit - p} bytes left)")
    return Tlv(buf, cls, constructed, tag, pos, p, p + length)


def children(tlv: Tlv, path: str) -> list[Tlv]:
    """The elements inside a constructed element (one level; callers recurse by schema)."""
    if not tlv.constructed:
        raise SesFormatError(path, f"expected a constructed {tlv.describe()}, found primitive encoding")
    out: list[Tlv] = []
    pos = tlv.vstart
    i = 0
    while pos < tlv.end:
        child = read_tlv(tlv.buf, pos, tlv.end, f"{path}[{i}]")
        out.append(child)
        pos = child.end
        i += 1
    return out


def expect_universal(tlv: Tlv, tag: int, path: str) -> Tlv:
    if not tlv.is_universal(tag):
        raise SesFormatError(path, f"expected {tag_name(tag)}, found {tlv.describe()}")
    primitive_only = tag not in (SEQUENCE, 17)
    if primitive_only and tlv.constructed:
        raise SesFormatError(path, f"constructed {tag_name(tag)} is not allowed in DER")
    if not primitive_only and not tlv.constructed:
        raise SesFormatError(path, f"{tag_name(tag)} must be constructed")
    return tlv


class SeqReader:
    """Walk the elements of a SEQUENCE in order, by field name, with path-aware errors."""

    def __init__(self, tlv: Tlv, path: str) -> None:
        expect_universal(tlv, SEQUENCE, path)
        self.tlv = tlv
        self.path = path
        self.items = children(tlv, path)
        self.i = 0

    def __len__(self) -> int:
        return len(self.items)

    def field_path(self, name: str) -> str:
        return f"{self.path}.{name}"

    def peek(self) -> Tlv | None:
        return self.items[self.i] if self.i < len(self.items) else None

    def next(self, name: str, tag: int | None = None) -> Tlv:
        if self.i >= len(self.items):
            raise SesFormatError(self.field_path(name), "missing")
        item = self.items[self.i]
        self.i += 1
        if tag is not None:
            expect_universal(item, tag, self.field_path(name))
        return item

    def done(self) -> None:
        if self.i < len(self.items):
            extra = self.items[self.i]
            raise SesFormatError(self.path, f"unexpected extra element {extra.describe()} at position {self.i}")


# ---- primitive decoders -------------------------------------------------------------------------


def integer(tlv: Tlv, path: str, *, lo: int | None = None, hi: int | None = None) -> int:
    expect_universal(tlv, INTEGER, path)
    v = tlv.value
    if not v:
        raise SesFormatError(path, "empty INTEGER")
    if len(v) > 64:
        raise SesFormatError(path, f"INTEGER of {len(v)} bytes is implausibly large")
    n = int.from_bytes(v, "big", signed=True)
    if (lo is not None and n < lo) or (hi is not None and n > hi):
        raise SesFormatError(path, f"value {n} out of range [{lo}, {hi}]")
    return n


def ia5(tlv: Tlv, path: str, *, max_len: int = 1 << 20) -> str:
    expect_universal(tlv, IA5_STRING, path)
    v = tlv.value
    if len(v) > max_len:
        raise SesFormatError(path, f"IA5String longer than {max_len} bytes")
    if any(b > 0x7F for b in v):
        raise SesFormatError(path, "IA5String contains non-ASCII bytes")
    return v.decode("ascii")


def printable(tlv: Tlv, path: str) -> str:
    # PrintableString is a subset of ASCII; be lenient and accept IA5/UTF8 too (vendors differ).
    if tlv.cls != UNIVERSAL or tlv.tag not in (PRINTABLE_STRING, IA5_STRING, UTF8_STRING) or tlv.constructed:
        raise SesFormatError(path, f"expected PrintableString, found {tlv.describe()}")
    try:
        return tlv.value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SesFormatError(path, "string is not valid text") from exc


def utf8(tlv: Tlv, path: str) -> str:
    expect_universal(tlv, UTF8_STRING, path)
    try:
        return tlv.value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SesFormatError(path, f"invalid UTF-8 at byte {exc.start}") from exc


def octets(tlv: Tlv, path: str) -> bytes:
    expect_universal(tlv, OCTET_STRING, path)
    return tlv.value


def bit_string(tlv: Tlv, path: str) -> bytes:
    """Raw bytes of a BIT STRING; the SES grammars always use whole octets (0 unused bits)."""
    expect_universal(tlv, BIT_STRING, path)
    v = tlv.value
    if not v:
        raise SesFormatError(path, "BIT STRING without the unused-bits octet")
    if v[0] != 0:
        raise SesFormatError(path, f"BIT STRING with {v[0]} unused bits (octet-aligned value expected)")
    return v[1:]


def boolean(tlv: Tlv, path: str) -> bool:
    expect_universal(tlv, BOOLEAN, path)
    if len(tlv.value) != 1:
        raise SesFormatError(path, "BOOLEAN must be one byte")
    return tlv.value != b"\x00"


def oid(tlv: Tlv, path: str) -> str:
    expect_universal(tlv, OID, path)
    v = tlv.value
    if not v or len(v) > 128:
        raise SesFormatError(path, "OBJECT IDENTIFIER of invalid length")
    if v[-1] & 0x80:
        raise SesFormatError(path, "truncated OBJECT IDENTIFIER")
    arcs: list[int] = []
    cur = 0
    for b in v:
        cur = (cur << 7) | (b & 0x7F)
        if not b & 0x80:
            arcs.append(cur)
            cur = 0
    first = arcs[0]
    head = [0, first] if first < 40 else [1, first - 40] if first < 80 else [2, first - 80]
    return ".".join(str(a) for a in head + arcs[1:])


_GEN_RE = re.compile(rb"^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,](\d{1,9}))?(Z|[+-]\d{4})?$")
_UTC_RE = re.compile(rb"^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$")


def _tz(suffix: bytes | None) -> _dt.timezone:
    if suffix in (None, b"Z"):
        # A GeneralizedTime without zone is "local time" in X.680; seal producers mean UTC in practice.
        return _dt.UTC
    assert suffix is not None
    sign = 1 if suffix[:1] == b"+" else -1
    hh, mm = int(suffix[1:3]), int(suffix[3:5])
    if hh > 23 or mm > 59:
        raise ValueError("bad zone offset")
    return _dt.timezone(sign * _dt.timedelta(hours=hh, minutes=mm))


def time_value(tlv: Tlv, path: str) -> _dt.datetime:
    """GeneralizedTime or UTCTime (both are accepted wherever the grammar names either, because
    early 政务 (ZWFW) seals wrote UTCTime into v4 structures and v1 writers sometimes used
    GeneralizedTime). Returned timezone-aware."""
    if tlv.cls != UNIVERSAL or tlv.tag not in (GENERALIZED_TIME, UTC_TIME) or tlv.constructed:
        raise SesFormatError(path, f"expected GeneralizedTime or UTCTime, found {tlv.describe()}")
    v = tlv.value
    try:
        if tlv.tag == GENERALIZED_TIME:
            m = _GEN_RE.match(v)
            if not m:
                raise ValueError("bad GeneralizedTime syntax")
            y, mo, d, h, mi = (int(x) for x in m.groups()[:5])
            s = int(m.group(6) or 0)
            frac = m.group(7) or b""
            us = int((frac + b"000000")[:6]) if frac else 0
            tz = _tz(m.group(8))
        else:
            m = _UTC_RE.match(v)
            if not m:
                raise ValueError("bad UTCTime syntax")
            yy, mo, d, h, mi = (int(x) for x in m.groups()[:5])
            y = 1900 + yy if yy >= 50 else 2000 + yy  # RFC 5280 rule
            s = int(m.group(6) or 0)
            us = 0
            tz = _tz(m.group(7))
        if s == 60:  # leap second: clamp
            s = 59
        return _dt.datetime(y, mo, d, h, mi, s, us, tzinfo=tz).astimezone(_dt.UTC)
    except (ValueError, OverflowError) as exc:
        shown = v[:32].decode("ascii", "replace")
        raise SesFormatError(path, f"invalid time {shown!r}: {exc}") from exc


def outer(data: bytes, what: str) -> tuple[Tlv, int]:
    """The outermost element of ``data`` and the number of trailing bytes after it.

    Trailing bytes are tolerated (PDF ``/Contents`` is zero-padded; some OFD producers append
    junk — ofdrw commit 4717bb50), so the object's length comes from its own DER header.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise SesFormatError(what, f"expected bytes, got {type(data).__name__}")
    buf = bytes(data)
    if not buf:
        raise SesFormatError(what, "empty input")
    tlv = read_tlv(buf, 0, len(buf), what)
    expect_universal(tlv, SEQUENCE, what)
    return tlv, len(buf) - tlv.end
