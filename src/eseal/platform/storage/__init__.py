"""Storage of binary objects (seal pictures, certificates, uploaded and signed documents): one content-addressed,
write-once ``BlobStore`` interface with a local-directory backend (default) and an S3-compatible one (boto3),
and the ``blobs`` table whose committed rows always name an existing blob (see ``service``)."""

from eseal.platform.storage.blobs import BlobInfo, BlobReader, BlobRef, BlobSource, BlobStore, check_sha256
from eseal.platform.storage.errors import (
    BACKEND_ERROR,
    HASH_MISMATCH,
    NOT_FOUND,
    TOO_LARGE,
    StorageError,
)
from eseal.platform.storage.local import LocalBlobStore
from eseal.platform.storage.models import Blob
from eseal.platform.storage.s3 import S3BlobStore
from eseal.platform.storage.service import (
    GRACE,
    OrphanSweep,
    StoredBlob,
    collect_orphans,
    forget_blob,
    get_blob,
    open_blob,
    put_blob,
    store_blob,
)
from eseal.platform.storage.stores import blob_store, build_blob_store, install_blob_store

__all__ = [
    "BACKEND_ERROR", "GRACE", "HASH_MISMATCH", "NOT_FOUND", "TOO_LARGE", "Blob", "BlobInfo", "BlobReader",
    "BlobRef", "BlobSource", "BlobStore", "LocalBlobStore", "OrphanSweep", "S3BlobStore", "StorageError",
    "StoredBlob", "blob_store", "build_blob_store", "check_sha256", "collect_orphans", "forget_blob", "get_blob",
    "install_blob_store", "open_blob", "put_blob", "store_blob",
]
