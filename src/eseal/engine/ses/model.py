"""Typed, version-neutral views of parsed seals and signatures.

Every object keeps the *original* bytes of the parts that are signed (``SealInfo.der``,
``Seal.maker_signed_data``, ``Signature.tbs_der``) so verification never depends on our
re-encoding matching the producer's.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

# Wire formats.
FORMAT_V1 = "v1"  # GM/T 0031-2014 (header.version 1 or 2, sometimes other small values)
FORMAT_V4 = "v4"  # GB/T 38540-2020
FORMAT_V5 = "v5"  # GM/T 0031-2025 (v4 + optional SESeal.timeStamp), read-only

CERT_LIST_CERTS = 1  # certList holds DER certificates
CERT_LIST_DIGESTS = 2  # certList holds certificate hashes


@dataclass(frozen=True, slots=True)
class Header:
    id: str  # always "ES"
    version: int
    vid: str  # vendor ID


@dataclass(frozen=True, slots=True)
class CertDigest:
    type: str  # e.g. "SM3"
    value: bytes


@dataclass(frozen=True, slots=True)
class Picture:
    type: str  # "PNG", "SVG", "GIF", "JPG", "BMP", "OFD"
    data: bytes
    width_mm: int
    height_mm: int


@dataclass(frozen=True, slots=True)
class Extension:
    oid: str
    critical: bool
    value: bytes


@dataclass(frozen=True, slots=True)
class SealInfo:
    header: Header
    es_id: str
    seal_type: int
    name: str
    cert_list_type: int  # v1 seals always 1
    certs: tuple[bytes, ...]  # DER certificates (cert_list_type 1)
    cert_digests: tuple[CertDigest, ...]  # (cert_list_type 2)
    create_date: _dt.datetime
    valid_start: _dt.datetime
    valid_end: _dt.datetime
    picture: Picture
    extensions: tuple[Extension, ...]
    der: bytes  # SES_SealInfo as received


@dataclass(frozen=True, slots=True)
class Seal:
    format: str  # FORMAT_V1 / FORMAT_V4 / FORMAT_V5
    info: SealInfo
    maker_cert: bytes  # DER X.509 of the seal maker (制章者)
    sign_alg: str  # dotted OID
    signed_value: bytes  # maker signature (DER SEQUENCE{r,s} or raw r||s)
    # Byte strings the maker signature may cover, in order of preference (§2.1 of the notes):
    # v4: DER(SES_SealInfo), then DER(SEQUENCE{SealInfo, cert, alg}); v1: the reverse.
    maker_signed_candidates: tuple[tuple[str, bytes], ...]
    der: bytes  # the SESeal element exactly as received (without trailing bytes)
    timestamp: bytes | None = None  # v5 only
    trailing_bytes: int = 0
    notes: tuple[str, ...] = ()  # tolerated deviations, reported by the format check

    @property
    def version(self) -> int:
        return self.info.header.version

    @property
    def es_id(self) -> str:
        return self.info.es_id

    @property
    def name(self) -> str:
        return self.info.name


@dataclass(frozen=True, slots=True)
class Signature:
    format: str
    version: int  # TBS_Sign.version
    seal: Seal
    time_info: _dt.datetime | None  # claimed signing time (None if a v1 timeInfo is unreadable)
    data_hash: bytes
    property_info: str
    signer_cert: bytes  # DER X.509 of the signer (签章者)
    sign_alg: str
    signature: bytes  # signer's signature value over tbs_der
    tbs_der: bytes  # TBS_Sign exactly as received: the signed bytes
    der: bytes
    timestamp: bytes | None = None  # DER TimeStampToken (v4 [0]; v1: when timeInfo holds a token)
    extensions: tuple[Extension, ...] = ()
    trailing_bytes: int = 0
    notes: tuple[str, ...] = field(default=())
