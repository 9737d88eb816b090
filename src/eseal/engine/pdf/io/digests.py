"""Hashing the document and its signatures' ByteRanges with SM3 and/or SHA-256, in a stream.

1 MiB chunks from a memoryview (no copy of the 20 MB document per algorithm); :func:`stream_digests`
computes the whole-file digests and every ByteRange's digests in one pass.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from eseal.engine.gm import sm3_new

CHUNK = 1 << 20


def _new_hasher(algorithm: str) -> Any:
    algorithm = algorithm.lower().replace("-", "")
    if algorithm == "sm3":
        return sm3_new()
    return hashlib.new(algorithm)


def _finish(h: Any) -> bytes:
    return h.finalize() if hasattr(h, "finalize") else h.digest()


def digest_segments(data: bytes | memoryview, segments: Iterable[tuple[int, int]],
                    algorithms: Iterable[str]) -> dict[str, bytes]:
    """Hash the concatenation of ``(offset, length)`` segments with each algorithm, chunk by chunk."""
    view = memoryview(data)
    hashers = {alg: _new_hasher(alg) for alg in algorithms}
    for offset, length in segments:
        end = offset + length
        pos = offset
        while pos < end:
            chunk = view[pos:min(pos + CHUNK, end)]
            for h in hashers.values():
                h.update(chunk)
            pos += CHUNK
    return {alg: _finish(h) for alg, h in hashers.items()}


def byte_range_segments(byte_range: list[int]) -> list[tuple[int, int]]:
    return [(byte_range[i], byte_range[i + 1]) for i in range(0, len(byte_range) - 1, 2)]


def digest_byte_range(data: bytes | memoryview, byte_range: list[int], algorithms: Iterable[str]) -> dict[str, bytes]:
    return digest_segments(data, byte_range_segments(byte_range), algorithms)


def document_digests(data: bytes) -> dict[str, str]:
    d = digest_segments(data, [(0, len(data))], ("sha256", "sm3"))
    return {k: v.hex() for k, v in d.items()}


def stream_digests(data: bytes | memoryview, byte_ranges: Iterable[list[int]],
                   algorithms: Iterable[str] = ("sha256", "sm3"),
                   ) -> tuple[dict[str, bytes], dict[tuple[int, ...], dict[str, bytes]]]:
    """Whole-file digests and every well-formed ``[0 a b c]`` ByteRange's digests in ONE pass.

    A signature's first segment is a prefix of the file, so one running hasher per algorithm walks the
    file once; at each signature's gap the running state is copied (``hash.copy()``) and only that
    signature's second segment — the short tail of its own revision — is hashed a second time. A
    20 MB file with one signature costs one SM3 + one SHA-256 pass instead of two SM3 passes.
    ByteRanges of any other shape (not starting at 0, more segments, out of bounds) are left out:
    callers hash those with :func:`digest_byte_range`.
    """
    algs = tuple(algorithms)
    view = memoryview(data)
    size = len(view)
    plans: dict[tuple[int, ...], tuple[int, int, int]] = {}
    for br in byte_ranges:
        try:
            key = tuple(int(x) for x in br)
        except (TypeError, ValueError):
            continue
        if len(key) != 4 or key[0] != 0 or min(key) < 0:
            continue
        _s1, l1, s2, l2 = key
        if s2 < l1 or s2 + l2 > size:
            continue
        plans[key] = (l1, s2, s2 + l2)
    running = {alg: _new_hasher(alg) for alg in algs}
    ranges: dict[tuple[int, ...], dict[str, bytes]] = {}
    pos = 0
    for key, (gap_start, tail_start, tail_end) in sorted(plans.items(), key=lambda kv: kv[1][0]):
        _feed(running.values(), view, pos, gap_start)
        pos = gap_start
        forks = {alg: h.copy() for alg, h in running.items()}
        _feed(forks.values(), view, tail_start, tail_end)
        ranges[key] = {alg: _finish(h) for alg, h in forks.items()}
    _feed(running.values(), view, pos, size)
    return {alg: _finish(h) for alg, h in running.items()}, ranges


def _feed(hashers: Iterable[Any], view: memoryview, start: int, end: int) -> None:
    hs = list(hashers)
    while start < end:
        chunk = view[start:min(start + CHUNK, end)]
        for h in hs:
            h.update(chunk)
        start += CHUNK
