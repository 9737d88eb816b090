"""The ByteRange digest without a second pass over the input: hash the unchanged input while the new
revision is being built.

An incremental signature's output is ``input + new revision``, and the placeholder ``/Contents`` lies
in the new revision, so the whole input is the head of ByteRange[0]. :class:`PrefixDigest` starts
hashing the input in a worker thread as soon as signing starts (hashlib's OpenSSL hashes release the
GIL on large buffers, so this overlaps page listing, widget building and pyHanko's writing), and
:meth:`finish` continues from a copy of that state over the rest of the ByteRange. The output's head
is compared with the input before the prefix state is trusted (copy + memcmp, ~4 ms per 20 MB); if they
differ, the digest is computed over the ByteRange from scratch.

``hashlib.new('sm3')`` is OpenSSL's SM3 and is also ~1.4x faster here than ``cryptography``'s
(52 vs 72 ms per 20 MB) which pyHanko's own digest step uses. The embedding step
(:mod:`eseal.engine.pdf.sign.embedding`) calls :meth:`PrefixDigest.finish`.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any

from eseal.engine.gm import sm3_new

MIN_THREADED = 256 * 1024  # below this a thread costs more than it saves


def _new(md_algorithm: str) -> Any:
    name = md_algorithm.lower().replace("-", "")
    try:
        return hashlib.new(name)
    except ValueError:
        if name != "sm3":
            raise

        return _CryptographyHash(sm3_new())


class _CryptographyHash:
    def __init__(self, h: Any) -> None:
        self._h = h

    def update(self, data: Any) -> None:
        self._h.update(data)

    def copy(self) -> _CryptographyHash:
        return _CryptographyHash(self._h.copy())

    def digest(self) -> bytes:
        return self._h.finalize()


class PrefixDigest:
    """Digest of ``prefix`` computed in the background; :meth:`finish` completes a ByteRange digest."""

    def __init__(self, prefix: bytes, md_algorithm: str) -> None:
        self.prefix = prefix
        self.md_algorithm = md_algorithm
        self._h = _new(md_algorithm)
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        if len(prefix) >= MIN_THREADED:
            self._thread = threading.Thread(target=self._run, name="eseal-prefix-digest", daemon=True)
            self._thread.start()
        else:
            self._h.update(prefix)

    def _run(self) -> None:
        try:
            self._h.update(self.prefix)
        except BaseException as exc:  # re-raised in finish()
            self._error = exc

    def finish(self, buffer: memoryview, sig_start: int, sig_end: int, eof: int) -> bytes:
        """Digest of ``buffer[:sig_start] + buffer[sig_end:eof]`` (the ByteRange of the output)."""
        if self._thread is not None:
            self._thread.join()
        n = len(self.prefix)
        if self._error is None and n <= sig_start and bytes(buffer[:n]) == self.prefix:
            h = self._h.copy()
            h.update(buffer[n:sig_start])
        else:  # not an append-only output (should not happen): the plain two-part digest
            h = _new(self.md_algorithm)
            h.update(buffer[:sig_start])
        h.update(buffer[sig_end:eof])
        return h.digest()
