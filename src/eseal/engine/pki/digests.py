"""Digest algorithms accepted by the PKI code, addressed by dotted OID.

We compare OIDs in dotted form everywhere instead of relying on asn1crypto's name maps, because other
parts of eseal (the pyHanko SM2 plugin) may register ``sm3`` in those maps and change ``.native`` values.
"""

from __future__ import annotations

from typing import ClassVar

from cryptography.hazmat.primitives import hashes

from eseal.engine.gm import oids as gm_oids

from .errors import UnsupportedAlgorithm

SHA256 = "2.16.840.1.101.3.4.2.1"
SHA384 = "2.16.840.1.101.3.4.2.2"
SHA512 = "2.16.840.1.101.3.4.2.3"
SM3 = gm_oids.SM3

_BY_OID: dict[str, type[hashes.HashAlgorithm]] = {
    SHA256: hashes.SHA256,
    SHA384: hashes.SHA384,
    SHA512: hashes.SHA512,
    SM3: hashes.SM3,
}
_NAMES = {"sha256": SHA256, "sha384": SHA384, "sha512": SHA512, "sm3": SM3}
_OID_TO_NAME = {v: k for k, v in _NAMES.items()}


class UnsupportedDigest(UnsupportedAlgorithm):
    """A digest algorithm we refuse (unknown, or too weak such as SHA-1/MD5)."""

    code: ClassVar[str] = "pki.unsupported_algorithm.digest"


def digest_oid(name_or_oid: str) -> str:
    """``"sm3"`` / ``"sha256"`` / dotted OID -> dotted OID (raises :class:`UnsupportedDigest`)."""
    key = name_or_oid.lower().replace("-", "")
    if key in _NAMES:
        return _NAMES[key]
    if name_or_oid in _BY_OID:
        return name_or_oid
    raise UnsupportedDigest(f"unsupported digest algorithm {name_or_oid!r}")


def digest_name(oid: str) -> str:
    return _OID_TO_NAME[digest_oid(oid)]


def hash_algorithm(name_or_oid: str) -> hashes.HashAlgorithm:
    return _BY_OID[digest_oid(name_or_oid)]()


def digest(name_or_oid: str, data: bytes) -> bytes:
    h = hashes.Hash(hash_algorithm(name_or_oid))
    h.update(data)
    return h.finalize()


def digest_size(name_or_oid: str) -> int:
    return hash_algorithm(name_or_oid).digest_size
