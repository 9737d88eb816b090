"""``S3BlobStore``: blobs as objects of an S3-compatible bucket, key ``<prefix><sha256>`` (boto3).

A put spools the body to a temporary file (in memory up to ``spool_memory`` bytes), hashing and counting as it
streams (the size limit is enforced chunk by chunk); then, unless the key already exists (HEAD), it uploads:
small bodies with one conditional PutObject (``If-None-Match: *``, so a concurrent writer is never overwritten;
a refusal means the same bytes are there), large ones as a multipart upload (boto3 ``upload_fileobj``; same
bytes under the same key, so a race between two writers of one blob is harmless). An upload interrupted by a
crash leaves an incomplete multipart upload, never an object: give the bucket a lifecycle rule that aborts
incomplete multipart uploads after a day. Credentials and region come from the standard AWS environment.
"""

from __future__ import annotations

import base64
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from eseal.platform.storage.blobs import (
    SHA256_RE,
    BlobInfo,
    BlobReader,
    BlobRef,
    BlobSource,
    Intake,
    check_sha256,
    read_all,
)
from eseal.platform.storage.errors import BACKEND_ERROR, NOT_FOUND, StorageError

MULTIPART_THRESHOLD = 16 * 1024 * 1024
SPOOL_MEMORY = 8 * 1024 * 1024
_MISSING = ("404", "NoSuchKey", "NotFound")
_EXISTS = ("412", "PreconditionFailed", "409", "ConditionalRequestConflict")


class S3BlobStore:
    """Content-addressed objects in ``bucket`` under ``prefix``."""

    def __init__(self, bucket: str, *, prefix: str = "", endpoint_url: str | None = None, client: Any = None,
                 multipart_threshold: int = MULTIPART_THRESHOLD, spool_memory: int = SPOOL_MEMORY) -> None:
        if not bucket:
            raise ValueError("an S3 blob store needs a bucket")
        self.bucket = bucket
        self.prefix = prefix
        self.multipart_threshold = multipart_threshold
        self.spool_memory = spool_memory
        if client is None:
            import boto3  # heavy: only when the S3 backend is configured
            from botocore.config import Config

            client = boto3.client("s3", endpoint_url=endpoint_url or None,
                                  config=Config(retries={"max_attempts": 3, "mode": "standard"}))
        self.client = client

    def key_for(self, sha256: str) -> str:
        return self.prefix + check_sha256(sha256)

    # ------------------------------------------------------------------------------------------------ write
    def put(self, data: BlobSource, *, max_size: int | None = None,
            expected_sha256: str | None = None) -> BlobRef:
        intake = Intake(max_size, expected_sha256)
        with tempfile.SpooledTemporaryFile(max_size=self.spool_memory) as spool:
            sha256 = intake.pour(data, spool.write)
            key = self.key_for(sha256)
            if self._head(key) is not None:
                return BlobRef(sha256, intake.size, created=False)
            spool.seek(0)
            created = self._upload(spool, key, sha256, intake.size)
        return BlobRef(sha256, intake.size, created)

    def _upload(self, body: Any, key: str, sha256: str, size: int) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            if size < self.multipart_threshold:
                self.client.put_object(
                    Bucket=self.bucket, Key=key, Body=body.read(), IfNoneMatch="*",
                    ContentType="application/octet-stream",
                    ChecksumSHA256=base64.b64encode(bytes.fromhex(sha256)).decode("ascii"))
            else:
                from boto3.s3.transfer import TransferConfig

                self.client.upload_fileobj(
                    body, self.bucket, key, ExtraArgs={"ContentType": "application/octet-stream"},
                    Config=TransferConfig(multipart_threshold=self.multipart_threshold,
                                          multipart_chunksize=self.multipart_threshold))
        except ClientError as exc:
            if _error_code(exc) in _EXISTS:
                return False  # a concurrent writer stored the same bytes first
            raise _backend(exc, f"upload of {key}") from exc
        except BotoCoreError as exc:
            raise _backend(exc, f"upload of {key}") from exc
        return True

    def clean_temp(self) -> int:
        return 0  # nothing is written under a blob's key before it is complete (see the module text)

    # ------------------------------------------------------------------------------------------------- read
    def _head(self, key: str) -> dict[str, Any] | None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            response: dict[str, Any] = self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _error_code(exc) in _MISSING:
                return None
            raise _backend(exc, f"HEAD {key}") from exc
        except BotoCoreError as exc:
            raise _backend(exc, f"HEAD {key}") from exc
        return response

    def open(self, sha256: str) -> BlobReader:
        from botocore.exceptions import BotoCoreError, ClientError

        key = self.key_for(sha256)
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _error_code(exc) in _MISSING:
                raise StorageError(NOT_FOUND, f"no blob {sha256}") from exc
            raise _backend(exc, f"GET {key}") from exc
        except BotoCoreError as exc:
            raise _backend(exc, f"GET {key}") from exc
        body = response["Body"]
        return BlobReader(sha256, int(response["ContentLength"]), body.read, body.close)

    def read(self, sha256: str, *, max_size: int | None = None) -> bytes:
        return read_all(self.open(sha256), max_size)

    def exists(self, sha256: str) -> bool:
        return self._head(self.key_for(sha256)) is not None

    def stat(self, sha256: str) -> BlobInfo:
        head = self._head(self.key_for(sha256))
        if head is None:
            raise StorageError(NOT_FOUND, f"no blob {sha256}")
        return BlobInfo(sha256, int(head["ContentLength"]), _utc(head["LastModified"]))

    def iter_blobs(self) -> Iterator[BlobInfo]:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
            for page in pages:
                for item in page.get("Contents", ()):
                    name = item["Key"][len(self.prefix):]
                    if SHA256_RE.fullmatch(name):
                        yield BlobInfo(name, int(item["Size"]), _utc(item["LastModified"]))
        except (ClientError, BotoCoreError) as exc:
            raise _backend(exc, f"listing {self.bucket}/{self.prefix}") from exc

    # ----------------------------------------------------------------------------------------------- delete
    def delete(self, sha256: str) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        key = self.key_for(sha256)
        if self._head(key) is None:
            return False
        try:
            self.client.delete_object(Bucket=self.bucket, Key=key)
        except (ClientError, BotoCoreError) as exc:
            raise _backend(exc, f"DELETE {key}") from exc
        return True


def _error_code(exc: Any) -> str:
    error = exc.response.get("Error", {})
    return str(error.get("Code") or exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", ""))


def _backend(exc: Exception, what: str) -> StorageError:
    return StorageError(BACKEND_ERROR, f"S3 {what} failed: {type(exc).__name__}: {exc}")


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
