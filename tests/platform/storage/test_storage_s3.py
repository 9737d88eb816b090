"""S3BlobStore specifics on a moto server started by the tests: keys, no overwrite, multipart upload of a large
body, backend failures as storage.backend_error, and the backend chosen by the settings."""

from __future__ import annotations

import hashlib
import os

import boto3
import pytest

from eseal.platform.core import Settings, SettingsError
from eseal.platform.storage import LocalBlobStore, S3BlobStore, StorageError, build_blob_store


def _calls(store: S3BlobStore) -> list[str]:
    seen: list[str] = []
    store.client.meta.events.register("before-call.s3.*", lambda model, **_: seen.append(model.name))
    return seen


def test_key_is_prefix_plus_sha256(s3_store, moto_endpoint):
    ref = s3_store.put(b"certificate")
    raw = boto3.client("s3", endpoint_url=moto_endpoint)
    keys = [o["Key"] for o in raw.list_objects_v2(Bucket=s3_store.bucket)["Contents"]]
    assert keys == [f"blobs/{ref.sha256}"]
    raw.put_object(Bucket=s3_store.bucket, Key="blobs/not-a-blob.txt", Body=b"x")
    raw.put_object(Bucket=s3_store.bucket, Key=f"other/{ref.sha256}", Body=b"x")
    assert [b.sha256 for b in s3_store.iter_blobs()] == [ref.sha256]


def test_existing_object_is_not_uploaded_again(s3_store):
    s3_store.put(b"once")
    calls = _calls(s3_store)
    assert not s3_store.put(b"once").created
    assert calls == ["HeadObject"]


def test_a_racing_writer_is_not_overwritten(s3_store):
    # another writer stored the key between our HEAD and our PUT: the conditional PUT is refused, we keep theirs
    sha = hashlib.sha256(b"raced").hexdigest()
    real_head = s3_store._head
    s3_store._head = lambda key: None  # our HEAD saw nothing
    s3_store.client.put_object(Bucket=s3_store.bucket, Key=s3_store.key_for(sha), Body=b"raced",
                               Metadata={"writer": "other"})
    assert s3_store.put(b"raced").created is False
    s3_store._head = real_head
    head = s3_store.client.head_object(Bucket=s3_store.bucket, Key=s3_store.key_for(sha))
    assert head["Metadata"] == {"writer": "other"}


def test_large_body_goes_up_in_parts(s3_store):
    store = S3BlobStore(s3_store.bucket, prefix="big/", client=s3_store.client,
                        multipart_threshold=5 * 1024 * 1024, spool_memory=1024 * 1024)
    data = os.urandom(11 * 1024 * 1024 + 5)
    calls = _calls(store)
    ref = store.put(iter([data[i:i + 300_000] for i in range(0, len(data), 300_000)]))
    assert "CreateMultipartUpload" in calls and calls.count("UploadPart") == 3
    assert "CompleteMultipartUpload" in calls
    assert ref.sha256 == hashlib.sha256(data).hexdigest()
    assert store.read(ref.sha256) == data


def test_unreachable_endpoint_is_a_backend_error(aws_env):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    from botocore.config import Config

    client = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}",
                          config=Config(retries={"max_attempts": 1}, connect_timeout=1))
    store = S3BlobStore("eseal-nowhere", client=client)
    for call in (lambda: store.put(b"x"), lambda: store.read("a" * 64), lambda: list(store.iter_blobs())):
        with pytest.raises(StorageError) as err:
            call()
        assert err.value.code == "storage.backend_error"
        assert "EndpointConnectionError" in err.value.detail


def test_missing_bucket_is_a_backend_error(s3_store):
    store = S3BlobStore("eseal-no-such-bucket", client=s3_store.client)
    with pytest.raises(StorageError) as err:
        store.put(b"x")
    assert err.value.code == "storage.backend_error"


def test_settings_choose_the_backend(tmp_path, moto_endpoint, s3_bucket):
    env = {"ESEAL_DATA_DIR": str(tmp_path), "ESEAL_STORAGE": "s3", "ESEAL_S3_BUCKET": s3_bucket,
           "ESEAL_S3_ENDPOINT_URL": moto_endpoint, "ESEAL_S3_PREFIX": "p/"}
    settings = Settings.from_env(env)
    assert (settings.storage.backend, settings.storage.s3_bucket, settings.storage.s3_prefix) == ("s3", s3_bucket, "p/")
    store = build_blob_store(settings.storage)
    assert isinstance(store, S3BlobStore) and store.put(b"via settings").created
    assert store.client.list_objects_v2(Bucket=s3_bucket)["Contents"][0]["Key"].startswith("p/")

    local = Settings.from_env({"ESEAL_DATA_DIR": str(tmp_path)})
    assert local.storage.backend == "local" and local.storage.blob_dir == tmp_path / "blobs"
    store = build_blob_store(local.storage)
    assert isinstance(store, LocalBlobStore) and store.root == tmp_path / "blobs"
    other = Settings.from_env({"ESEAL_DATA_DIR": str(tmp_path), "ESEAL_BLOB_DIR": str(tmp_path / "b2")})
    assert other.storage.blob_dir == tmp_path / "b2"

    with pytest.raises(SettingsError, match="ESEAL_S3_BUCKET"):
        Settings.from_env({"ESEAL_STORAGE": "s3"})
    with pytest.raises(SettingsError, match="ESEAL_STORAGE"):
        Settings.from_env({"ESEAL_STORAGE": "ftp"})
