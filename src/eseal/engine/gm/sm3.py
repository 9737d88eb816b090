"""SM3 hashing (GB/T 32905) through ``cryptography``, which runs at OpenSSL speed."""

from __future__ import annotations

from collections.abc import Iterable

from cryptography.hazmat.primitives import hashes

DIGEST_SIZE = 32


def sm3(data: bytes | bytearray | memoryview) -> bytes:
    h = hashes.Hash(hashes.SM3())
    h.update(bytes(data) if isinstance(data, bytearray) else data)
    return h.finalize()


def sm3_chunks(chunks: Iterable[bytes | memoryview]) -> bytes:
    """SM3 over a stream of chunks: lets callers hash a PDF's ByteRange without joining it in memory."""
    h = hashes.Hash(hashes.SM3())
    for chunk in chunks:
        h.update(chunk)
    return h.finalize()


def new() -> hashes.Hash:
    """An incremental SM3 hasher (``update`` / ``finalize``)."""
    return hashes.Hash(hashes.SM3())
