"""The BlobStore contract, run on the local directory and on S3 (moto server): content addressing, streaming
puts with the size limit enforced while streaming, verified reads, explicit deletion, typed errors."""

from __future__ import annotations

import hashlib
import io
import os

import pytest

from eseal.platform.storage import BlobRef, BlobStore, StorageError

DATA = os.urandom(3 * 1024 * 1024 + 17)  # a few chunks and a tail
SHA = hashlib.sha256(DATA).hexdigest()


def test_both_backends_implement_the_interface(store):
    assert isinstance(store, BlobStore)


@pytest.mark.parametrize("shape", ["bytes", "file", "chunks"])
def test_put_returns_the_sha256_and_reads_back(store, shape):
    source = {"bytes": DATA, "file": io.BytesIO(DATA),
              "chunks": (DATA[i:i + 700_001] for i in range(0, len(DATA), 700_001))}[shape]
    ref = store.put(source)
    assert ref == BlobRef(SHA, len(DATA), created=True)
    assert store.exists(SHA)
    assert store.read(SHA) == DATA
    info = store.stat(SHA)
    assert (info.sha256, info.size) == (SHA, len(DATA))
    with store.open(SHA) as reader:
        assert b"".join(reader.chunks(100_000)) == DATA


def test_same_bytes_are_stored_once(store):
    first = store.put(b"same bytes")
    second = store.put(io.BytesIO(b"same bytes"))
    assert first.sha256 == second.sha256 and first.created and not second.created
    assert [b.sha256 for b in store.iter_blobs()] == [first.sha256]


def test_size_limit_is_enforced_while_streaming(store):
    pulled = []

    def body():
        for i in range(100):  # 100 MiB if it were all read
            pulled.append(i)
            yield b"x" * (1024 * 1024)

    with pytest.raises(StorageError) as err:
        store.put(body(), max_size=2 * 1024 * 1024)
    assert err.value.code == "storage.too_large" and err.value.limit == 2 * 1024 * 1024
    assert len(pulled) == 3  # refused on the chunk that passed the limit, the rest never read
    assert list(store.iter_blobs()) == []
    assert store.put(b"x" * 10, max_size=10).size == 10  # exactly the limit is allowed


def test_expected_hash_mismatch_stores_nothing(store):
    with pytest.raises(StorageError) as err:
        store.put(b"payload", expected_sha256="0" * 64)
    assert err.value.code == "storage.hash_mismatch"
    assert list(store.iter_blobs()) == []
    good = hashlib.sha256(b"payload").hexdigest()
    assert store.put(b"payload", expected_sha256=good).sha256 == good


@pytest.mark.parametrize("name", ["0" * 64, "../../etc/passwd", "A" * 64, ""])
def test_unknown_or_malformed_names_are_not_found(store, name):
    calls = [store.open, store.read, store.stat]
    if name == "0" * 64:
        assert store.exists(name) is False
    else:
        calls.append(store.exists)  # a malformed name names no blob: never a path or key outside the store
    for call in calls:
        with pytest.raises(StorageError) as err:
            call(name)
        assert err.value.code == "storage.not_found"


def test_delete_is_explicit_and_reports_absence(store):
    ref = store.put(b"to purge")
    assert store.delete(ref.sha256) is True
    assert not store.exists(ref.sha256)
    assert store.delete(ref.sha256) is False
    assert store.put(b"to purge").created  # stored again after a purge


def test_read_limit(store):
    ref = store.put(b"y" * 100)
    with pytest.raises(StorageError) as err:
        store.read(ref.sha256, max_size=99)
    assert err.value.code == "storage.too_large"


def test_error_texts(store):
    with pytest.raises(StorageError) as err:
        store.read("f" * 64)
    exc = err.value
    assert exc.code == "storage.not_found" and exc.message == "文件不存在"
    assert str(exc).startswith("storage.not_found: ") and exc.english == f"no blob {'f' * 64}"


def _damage(store, sha256: str, content: bytes) -> None:
    """Replace the stored bytes behind the store's back (bit rot, a tampering operator)."""
    if hasattr(store, "path_for"):
        path = store.path_for(sha256)
        os.chmod(path, 0o640)
        path.write_bytes(content)
    else:
        store.client.put_object(Bucket=store.bucket, Key=store.key_for(sha256), Body=content)


@pytest.mark.parametrize("content", [b"tampered!", b"short", b"tampered! and longer"])
def test_a_damaged_blob_is_refused_at_the_end_of_the_read(store, content):
    ref = store.put(b"original")
    _damage(store, ref.sha256, content)
    with pytest.raises(StorageError) as err:
        store.read(ref.sha256)
    assert err.value.code == "storage.hash_mismatch"
    with store.open(ref.sha256) as reader, pytest.raises(StorageError) as err:
        for _ in reader.chunks(4):
            pass
    assert err.value.code == "storage.hash_mismatch"
