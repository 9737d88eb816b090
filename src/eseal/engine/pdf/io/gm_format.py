"""The GM (national-algorithm) embedding of a GB/T 38540 ``SES_Signature`` in a PDF.

This module is the *contract* between the signing side (``gm_profile``, ``eseal sign``) and the
verification side (``verify*``, ``eseal verify``): names, keys and string formats live here and
nowhere else. docs/pdf-signing.md explains the same in prose.

Why a dedicated /Filter and /SubFilter (research note gbt38540-and-ids.md §4, kept outside this repository)
-------------------------------------------------------------------------------------------------------
There is no public normative text for GB/T 38540 signatures in PDF. Chinese platforms do one of:

1. SM2 CMS (GM/T 0010) under ``/adbe.pkcs7.detached`` or ``/ETSI.CAdES.detached`` — a CMS, not an
   SES_Signature, so it cannot carry the seal (SESeal) the way 38540 requires;
2. the DER SES_Signature under ``/Adobe.PPKMS /adbe.pkcs7.detached`` — mislabels non-CMS bytes, generic
   readers then report a *broken* signature instead of an *unsupported* one;
3. a vendor SubFilter: infosec NetSeal writes GM/T 0031 SES data under ``/Adobe.PPKMS /adbe.x509.seal``
   (``adbe.x509.rsa_sha1`` already means something else to Adobe, and the name is Adobe's namespace);
4. extra vendor keys (``/sealCode``, ``/sealName``...) beside a PKCS#7 ``/Contents``.

We write a normal ``/Type /Sig`` dictionary with a full-file ``/ByteRange`` (so pyHanko's incremental
writer, ByteRange/placeholder logic and difference analysis apply unchanged) and name our own handler:

    /Filter /ESeal.GM   /SubFilter /GBT38540.SES

* ``/Filter`` names the *preferred signature handler* (ISO 32000-1 §12.8.1). Our handler is not
  Adobe's, so claiming ``/Adobe.PPKLite`` would send Acrobat to a handler that cannot read the data;
  a distinct name makes every generic tool say "unsupported handler" rather than "invalid signature".
* ``/SubFilter /GBT38540.SES`` names the *format* of ``/Contents`` (the name the research note
  recommends). It is vendor-neutral on purpose: any implementation that puts a DER GB/T 38540 v4
  SES_Signature into /Contents with dataHash = SM3(ByteRange bytes) may use it.
* On *read*, verifiers should also accept :data:`FOREIGN_SES_SUBFILTERS` (NetSeal's name) and try to
  parse the bytes as SES_Signature (v4, falling back to GM/T 0031 v1/v2), reporting the foreign name.

What is where
-------------
``/Contents``
    DER ``SES_Signature`` (GB/T 38540 v4), zero-padded to the reserved size. The real length comes from
    the outer DER header: use :func:`trim_der`.
``TBS_Sign.dataHash``
    plain SM3 (no Z value) over the ByteRange bytes: ``file[a:a+b] || file[c:c+d]`` for
    ``/ByteRange [a b c d]`` (a = 0). ``/ByteRange`` must cover the whole revision except ``/Contents``.
``TBS_Sign.propertyInfo``
    ASCII, see :func:`format_property_info`, e.g.
    ``PDF;ByteRange=[0 840 17226 912];Mode=seam;Pages=1-3;Time=tsa``. It is inside the SM2-signed data,
    so mode, pages and the time source are protected by the signer's SM2 signature as well as (through the
    signature dictionary) by dataHash. The ByteRange in it must equal the dictionary's ``/ByteRange``.
``TBS_Sign.eseal`` / ``SES_Signature.cert``
    the signer's seal (SESeal DER, as made by ``eseal seal make``) and the signer's certificate DER.
``TBS_Sign.timeInfo``
    the signer-claimed signing time (GeneralizedTime, UTC). The signature dictionary's ``/M`` carries
    the same instant (to the second) as a PDF date.
``SES_Signature.timeStamp``
    ``[0] EXPLICIT BIT STRING``: an RFC 3161 TimeStampToken whose messageImprint is over the bytes of
    ``SES_Signature.signature`` (the BIT STRING content = DER SM2 signature). The imprint hash is SM3
    (OID 1.2.156.10197.1.401) when the TSA accepts it; verifiers must honour whatever algorithm the token
    names (SHA-256 is accepted). Absent **only** for claimed-time-only signatures.

Signature dictionary keys (all inside the ByteRange, hence covered by dataHash). The same keys are
written by the PAdES profile, so reports can treat both profiles alike:

``/M``             signer-claimed signing time (PDF date string).
``/Name``          signer's display name (seal holder or person; may be Chinese).
``/Reason`` ``/Location``  optional, as in any PDF signature.
``/ESeal.TimeSource``  ``/TSA`` (a token from a time-stamping authority is in the signature) or
                   ``/Claimed`` (no trusted time was available and the caller explicitly accepted the
                   claimed time only; verification must report the time as *claimed, not proven*).
``/ESeal.Mode``    ``/single`` | ``/multi`` | ``/seam`` (单页签章 / 多页签章 / 骑缝签章).
``/ESeal.Pages``   array of 1-based page numbers that carry an appearance of this signature.
``/ESeal.SealID``  the seal's esID (ASCII string), for listings without parsing /Contents.
``/Prop_Build``    ``<< /App << /Name /eseal /REx (version) >> >>``.

Appearances (one stamping operation = one signature = one incremental revision)
-----------------------------------------------------------------------------
One ``/FT /Sig`` field per signature, named ``ESeal-<n>``. It has **one widget kid per appearance**
(``/Kids``; each widget ``/Subtype /Widget /F 4 /P page /Parent field``), on as many pages as the mode
needs. pyHanko's difference analysis explicitly admits new signature fields with several widget kids
(``SigFieldCreationRule`` walks ``/Kids`` and the pages' ``/Annots``), so a later multi-page or seam
signature keeps earlier signatures at modification level FORM_FILLING; drawing into page content
streams or adding ``/Stamp`` annotations would instead be flagged as OTHER. Each widget's ``/AP /N`` is a
form XObject; in seam mode every slice form draws the *same* seal image XObject shifted left by the
slice offset and is clipped by its ``/BBox``, so the slices of one seal share one image.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FILTER = "/ESeal.GM"
SUBFILTER = "/GBT38540.SES"
# SubFilters of other vendors whose /Contents is also an SES_Signature (accepted on read only).
FOREIGN_SES_SUBFILTERS: tuple[str, ...] = ("/adbe.x509.seal",)

# PAdES profile: the standard names (documented here so reports can tell the profiles apart).
PADES_FILTER = "/Adobe.PPKLite"
PADES_SUBFILTER = "/ETSI.CAdES.detached"

KEY_TIME_SOURCE = "/ESeal.TimeSource"
KEY_MODE = "/ESeal.Mode"
KEY_PAGES = "/ESeal.Pages"
KEY_SEAL_ID = "/ESeal.SealID"

TIME_SOURCE_TSA = "/TSA"
TIME_SOURCE_CLAIMED = "/Claimed"

MODES: tuple[str, ...] = ("single", "multi", "seam")

FIELD_PREFIX = "ESeal-"
SM3_OID = "1.2.156.10197.1.401"
SM2_SM3_OID = "1.2.156.10197.1.501"

# Reserve for /Contents, in *DER* bytes (the hex placeholder is twice that). The SES carries the seal
# picture and two certificates, so it is sized from the actual parts plus this margin for the SM2
# signature, the timestamp token and the DER overhead.
CONTENTS_MARGIN = 12_288

# Hard cap on page numbers in page lists (``--pages``, propertyInfo): far above any real document
# (the 20 MB input limit allows a few thousand pages), low enough that a materialised list is small.
MAX_PAGES = 100_000


@dataclass(frozen=True)
class PropertyInfo:
    """Parsed ``TBS_Sign.propertyInfo`` of a PDF signature."""

    byte_range: tuple[int, int, int, int]
    mode: str
    page_ranges: tuple[tuple[int, int], ...]  # merged, ascending, inclusive; never materialised here
    claimed_time_only: bool

    @property
    def page_count(self) -> int:
        """How many pages the propertyInfo claims (arithmetic on the ranges, no list is built)."""
        return sum(hi - lo + 1 for lo, hi in self.page_ranges)

    @property
    def pages(self) -> tuple[int, ...]:
        """The claimed pages as a tuple; ValueError beyond :data:`MAX_PAGES` (attacker-controlled text)."""
        if self.page_count > MAX_PAGES or (self.page_ranges and self.page_ranges[-1][1] > MAX_PAGES):
            raise ValueError(f"propertyInfo claims pages beyond the {MAX_PAGES}-page limit")
        return tuple(p for lo, hi in self.page_ranges for p in range(lo, hi + 1))


def format_pages(pages: list[int] | tuple[int, ...]) -> str:
    """Compact 1-based page list: ``[1,2,3,5]`` -> ``"1-3,5"``."""
    out: list[str] = []
    ordered = sorted(set(pages))
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        out.append(str(ordered[i]) if i == j else f"{ordered[i]}-{ordered[j]}")
        i = j + 1
    return ",".join(out)


def format_pages_ranges(ranges: tuple[tuple[int, int], ...]) -> str:
    """Merged ranges (as :func:`parse_page_ranges` returns) back to text, without expanding them."""
    return ",".join(str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in ranges)


def parse_page_ranges(text: str, *, max_page: int | None = None) -> tuple[tuple[int, int], ...]:
    """``"1-3,5,4"`` -> ``((1, 5),)``: merged inclusive ranges, without materialising the pages.

    Page lists come from users (``--pages``) and from signed-but-attacker-chosen propertyInfo text
    (``Pages=1-3000000000``), so nothing here is proportional to the *values*, only to the text length.
    ``max_page`` (when given) rejects any page above it; raises ValueError.
    """
    ranges: list[tuple[int, int]] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            raise ValueError(f"empty item in page list {text[:80]!r}")
        if "-" in part:
            lo_s, hi_s = part.split("-", 1)
            lo, hi = int(lo_s), int(hi_s)
            if lo < 1 or hi < lo:
                raise ValueError(f"bad page range {part[:40]!r}")
        else:
            lo = hi = int(part)
            if lo < 1:
                raise ValueError(f"bad page number {part[:40]!r}")
        if max_page is not None and hi > max_page:
            raise ValueError(f"page {hi} is beyond the limit of {max_page} pages")
        ranges.append((lo, hi))
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in ranges:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return tuple(merged)


def parse_pages(text: str, *, max_page: int = MAX_PAGES) -> tuple[int, ...]:
    """Inverse of :func:`format_pages` (``"1-3,5"`` -> ``(1, 2, 3, 5)``); raises ValueError.

    Pages above ``max_page`` (default the hard cap :data:`MAX_PAGES`) are rejected *before* the list is
    built, so ``1-99999999999`` costs nothing.
    """
    return tuple(p for lo, hi in parse_page_ranges(text, max_page=max_page) for p in range(lo, hi + 1))


def format_property_info(
    byte_range: tuple[int, int, int, int] | list[int],
    mode: str,
    pages: list[int] | tuple[int, ...],
    claimed_time_only: bool,
) -> str:
    """The ASCII ``propertyInfo`` written into TBS_Sign (IA5String: ASCII only)."""
    if mode not in MODES:
        raise ValueError(f"unknown stamping mode {mode!r}")
    br = " ".join(str(int(v)) for v in byte_range)
    time = "claimed" if claimed_time_only else "tsa"
    return f"PDF;ByteRange=[{br}];Mode={mode};Pages={format_pages(pages)};Time={time}"


_PI_RE = re.compile(r"^PDF;ByteRange=\[(\d+) (\d+) (\d+) (\d+)\](?P<rest>(;[A-Za-z]+=[^;]*)*)$")


def parse_property_info(text: str) -> PropertyInfo:
    """Parse a propertyInfo written by :func:`format_property_info`; raises ValueError otherwise.

    Unknown ``key=value`` items are ignored (forward compatibility); missing Mode/Pages/Time default to
    single / () / tsa so that a foreign ``PDF;ByteRange=[...]`` string still yields its range.
    """
    m = _PI_RE.match(text.strip())
    if not m:
        raise ValueError(f"not an eseal PDF propertyInfo: {text[:80]!r}")
    br = (int(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4)))
    items = dict(kv.split("=", 1) for kv in m.group("rest").split(";") if kv)
    mode = items.get("Mode", "single")
    page_ranges = parse_page_ranges(items["Pages"]) if items.get("Pages") else ()
    time = items.get("Time", "tsa")
    if time not in ("tsa", "claimed"):
        raise ValueError(f"bad Time item {time!r} in propertyInfo")
    return PropertyInfo(byte_range=br, mode=mode, page_ranges=page_ranges, claimed_time_only=time == "claimed")


def trim_der(contents: bytes) -> bytes:
    """Cut the zero padding off a ``/Contents`` value: the length comes from the outer DER header."""
    if len(contents) < 2 or contents[0] != 0x30:
        raise ValueError("/Contents does not start with a DER SEQUENCE")
    first = contents[1]
    if first < 0x80:
        total = 2 + first
    else:
        n = first & 0x7F
        if n == 0 or n > 4 or len(contents) < 2 + n:
            raise ValueError("/Contents has an unsupported DER length")
        total = 2 + n + int.from_bytes(contents[2 : 2 + n], "big")
    if total > len(contents):
        raise ValueError("/Contents DER object is truncated")
    return bytes(contents[:total])
