"""Which blob store the platform uses: built from ``settings.storage`` (``ESEAL_STORAGE=local|s3``) by the
composition root and found in the services container by :func:`blob_store`."""

from __future__ import annotations

from eseal.platform.core import Services, StorageSettings
from eseal.platform.storage.blobs import BlobStore
from eseal.platform.storage.local import LocalBlobStore
from eseal.platform.storage.s3 import S3BlobStore

_KEY = "blob_store"


def build_blob_store(settings: StorageSettings) -> BlobStore:
    """The configured backend: a local directory (default ``<data dir>/blobs``) or an S3-compatible bucket."""
    if settings.backend == "s3":
        return S3BlobStore(settings.s3_bucket, prefix=settings.s3_prefix,
                           endpoint_url=settings.s3_endpoint_url or None)
    return LocalBlobStore(settings.blob_dir)


def install_blob_store(svc: Services, store: BlobStore) -> None:
    """Put ``store`` into the container (bootstrap; tests swap it here)."""
    svc.extra[_KEY] = store


def blob_store(svc: Services) -> BlobStore:
    """The container's blob store (built from the settings on first use when bootstrap did not install one)."""
    store = svc.extra.get(_KEY)
    if store is None:
        store = build_blob_store(svc.settings.storage)
        install_blob_store(svc, store)
    if not isinstance(store, BlobStore):
        raise TypeError(f"services.extra[{_KEY!r}] is not a BlobStore")
    return store
