"""Blob-store fixtures: a local store in a temporary directory, and an S3 store on a moto server that the tests
start themselves on 127.0.0.1 (never AWS), one fresh bucket per test; ``store`` runs a test on both."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from eseal.platform.storage import LocalBlobStore, S3BlobStore
from uvicorn_thread import free_port


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """A moto S3 server (server mode, in a thread) on a free local port, stopped at the end of the session."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    """Fake credentials in the standard AWS variables (what production reads), no user config files."""
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": str(tmp_path / "none"),
                        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none")}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)


@pytest.fixture
def s3_bucket(moto_endpoint: str, aws_env: None) -> str:
    import boto3

    name = f"eseal-test-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=moto_endpoint).create_bucket(Bucket=name)
    return name


@pytest.fixture
def s3_store(moto_endpoint: str, s3_bucket: str) -> S3BlobStore:
    return S3BlobStore(s3_bucket, prefix="blobs/", endpoint_url=moto_endpoint)


@pytest.fixture
def local_store(tmp_path: Any) -> LocalBlobStore:
    return LocalBlobStore(tmp_path / "blobs")


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest) -> Any:
    """The same contract test on both backends."""
    return request.getfixturevalue(f"{request.param}_store")
