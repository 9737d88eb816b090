"""The blob-store interface: content-addressed by SHA-256, write-once, explicit deletion only.

``BlobStore`` is what every backend implements (``LocalBlobStore``, ``S3BlobStore``); ``BlobRef`` is what a put
returns and what owning rows keep (the hex digest is the name). ``Intake`` counts and hashes a body while it
streams in (the size limit is enforced chunk by chunk, never after the whole body is held), ``BlobReader``
streams a stored blob out and checks its hash when the last byte has been read.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO, Protocol, runtime_checkable

from eseal.platform.storage.errors import HASH_MISMATCH, NOT_FOUND, TOO_LARGE, StorageError

CHUNK = 1024 * 1024
SHA256_RE = re.compile(r"[0-9a-f]{64}")

# what ``put`` accepts: the bytes, a binary file object, or an iterable of chunks
BlobSource = bytes | bytearray | memoryview | BinaryIO | Iterable[bytes]


@dataclass(frozen=True)
class BlobRef:
    """A stored blob: its SHA-256 (lower-case hex, the name) and size; ``created`` False when the bytes were
    already stored (content addressing: the same bytes are stored once)."""

    sha256: str
    size: int
    created: bool = True


@dataclass(frozen=True)
class BlobInfo:
    """What a store knows about one blob without reading it (``stat``, ``iter_blobs``)."""

    sha256: str
    size: int
    modified_at: datetime  # aware UTC; the last time a put wrote or confirmed it (local), the upload (S3)


@runtime_checkable
class BlobStore(Protocol):
    """Content-addressed, write-once storage of byte strings."""

    def put(self, data: BlobSource, *, max_size: int | None = None,
            expected_sha256: str | None = None) -> BlobRef:
        """Store the bytes (streamed; refused with ``storage.too_large`` as soon as ``max_size`` is passed, with
        ``storage.hash_mismatch`` when ``expected_sha256`` differs) and return their reference. Never overwrites:
        bytes already stored are left as they are (``BlobRef.created`` False)."""
        ...

    def open(self, sha256: str) -> BlobReader:
        """A streaming reader of the blob (``storage.not_found``); the hash is checked at the end."""
        ...

    def read(self, sha256: str, *, max_size: int | None = None) -> bytes:
        """The whole blob (small blobs only; ``storage.too_large`` above ``max_size``)."""
        ...

    def exists(self, sha256: str) -> bool: ...

    def stat(self, sha256: str) -> BlobInfo:
        """Size and modification time (``storage.not_found``)."""
        ...

    def delete(self, sha256: str) -> bool:
        """Remove the blob (purge after retention; only ``collect_orphans`` calls it); False if it was absent."""
        ...

    def iter_blobs(self) -> Iterator[BlobInfo]:
        """Every stored blob, in no particular order (garbage collection)."""
        ...

    def clean_temp(self) -> int:
        """Remove the leftovers of writers that died mid-put; returns how many were removed."""
        ...


def check_sha256(sha256: str) -> str:
    """The digest if it is 64 lower-case hex digits; anything else names no blob (``storage.not_found``)."""
    if not isinstance(sha256, str) or not SHA256_RE.fullmatch(sha256):
        raise StorageError(NOT_FOUND, "not a SHA-256 hex digest")
    return sha256


def iter_chunks(data: BlobSource, chunk_size: int = CHUNK) -> Iterator[bytes]:
    """The body as chunks of at most ``chunk_size`` bytes (files are read chunk by chunk)."""
    if isinstance(data, bytes | bytearray | memoryview):
        view = memoryview(data)
        for start in range(0, len(view), chunk_size):
            yield bytes(view[start:start + chunk_size])
        return
    read = getattr(data, "read", None)
    if callable(read):
        while True:
            chunk = read(chunk_size)
            if not chunk:
                return
            yield bytes(chunk)
    for chunk in data:
        if not isinstance(chunk, bytes | bytearray | memoryview):
            raise TypeError(f"blob chunks must be bytes, not {type(chunk).__name__}")
        for start in range(0, len(chunk), chunk_size):
            yield bytes(chunk[start:start + chunk_size])


class Intake:
    """Counts and hashes a body as it streams in; refuses it the moment it passes the limit."""

    def __init__(self, max_size: int | None, expected_sha256: str | None = None) -> None:
        if expected_sha256 is not None and not SHA256_RE.fullmatch(expected_sha256):
            raise StorageError(HASH_MISMATCH, "the expected digest is not a SHA-256 hex digest")
        self.max_size = max_size
        self.expected_sha256 = expected_sha256
        self.size = 0
        self._hash = hashlib.sha256()

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.max_size is not None and self.size > self.max_size:
            raise StorageError(TOO_LARGE, f"the body exceeds the limit of {self.max_size} bytes",
                               limit=self.max_size)
        self._hash.update(chunk)

    def pour(self, data: BlobSource, write: Callable[[bytes], object]) -> str:
        """Stream ``data`` into ``write`` chunk by chunk (every backend's put), counting and hashing as it goes;
        the checked digest (:meth:`finish`)."""
        for chunk in iter_chunks(data):
            self.add(chunk)
            write(chunk)
        return self.finish()

    def finish(self) -> str:
        """The hex digest, checked against the expected one."""
        digest = self._hash.hexdigest()
        if self.expected_sha256 is not None and digest != self.expected_sha256:
            raise StorageError(HASH_MISMATCH, f"the body hashes to {digest}, not {self.expected_sha256}")
        return digest


class BlobReader(io.RawIOBase):
    """A stored blob as a binary stream. When the last byte has been read, the size and SHA-256 of what was read
    are compared with the name: a blob damaged at rest raises ``storage.hash_mismatch`` instead of passing off
    wrong bytes."""

    def __init__(self, sha256: str, size: int, read: Callable[[int], bytes],
                 close: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.sha256 = sha256
        self.size = size
        self._read = read
        self._close = close
        self._hash = hashlib.sha256()
        self._seen = 0
        self._checked = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self._read(len(buffer)) if len(buffer) else b""
        if not chunk:
            if len(buffer):
                self._verify()
            return 0
        n = len(chunk)
        memoryview(buffer)[:n] = chunk
        self._hash.update(chunk)
        self._seen += n
        return n

    def _verify(self) -> None:
        if self._checked:
            return
        self._checked = True
        digest = self._hash.hexdigest()
        if self._seen != self.size or digest != self.sha256:
            raise StorageError(HASH_MISMATCH, f"blob {self.sha256} is damaged: read {self._seen} bytes hashing "
                                              f"to {digest}, expected {self.size} bytes")

    def chunks(self, chunk_size: int = CHUNK) -> Iterator[bytes]:
        """The blob chunk by chunk (a streaming HTTP response), verified at the end; closes the reader."""
        try:
            while True:
                chunk = self.read(chunk_size)
                if not chunk:
                    return
                yield chunk
        finally:
            self.close()

    def close(self) -> None:
        if not self.closed and self._close is not None:
            self._close()
        super().close()


def read_all(reader: BlobReader, max_size: int | None) -> bytes:
    """The whole content of a reader (``storage.too_large`` above ``max_size``, checked before reading)."""
    with reader:
        if max_size is not None and reader.size > max_size:
            raise StorageError(TOO_LARGE, f"blob {reader.sha256} has {reader.size} bytes, more than {max_size}",
                               limit=max_size)
        return reader.read()
