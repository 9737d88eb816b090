"""Service functions of the blob store: store a blob and its row, forget a row, sweep orphans.

The crash rule: a committed ``blobs`` row names a blob that exists. ``store_blob`` writes the blob first
(content-addressed, so writing it again is harmless), then inserts the row in the caller's transaction and checks
the blob is still there once the row is written (the row holds the primary-key lock a sweeper needs); a crash
before COMMIT leaves an orphan blob without a row, which ``collect_orphans`` removes. Blobs are deleted only by
``collect_orphans``, one at a time under a claimed row, and only when they are older than the grace period
(a local put that finds its blob refreshes its age). None of these functions commits: the caller's unit of work
does, like every service of the platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from eseal.platform.core import DbSession, Services, affected_rows, audit
from eseal.platform.storage.blobs import BlobReader, BlobRef, BlobSource, check_sha256
from eseal.platform.storage.errors import BACKEND_ERROR, NOT_FOUND, StorageError
from eseal.platform.storage.models import Blob
from eseal.platform.storage.stores import blob_store

if TYPE_CHECKING:
    from eseal.platform.accounts import Actor

GRACE = timedelta(hours=1)
_BATCH = 500


@dataclass(frozen=True)
class StoredBlob:
    """A blob with its row: digest, size, the content type declared when it was first stored, and when."""

    sha256: str
    size: int
    content_type: str | None
    created_at: datetime


@dataclass(frozen=True)
class OrphanSweep:
    """What ``collect_orphans`` did: blobs looked at, orphans removed (and their bytes), temp files removed."""

    examined: int
    removed: int
    removed_bytes: int
    temp_removed: int


def _insert_ignore(db: DbSession, **values: Any) -> bool:
    """INSERT the row unless one with that digest exists (waits for a concurrent writer of the same digest);
    True when this call inserted it. (RETURNING, not rowcount: psycopg reports -1 for a skipped insert.)"""
    dialect = db.get_bind().dialect.name
    if dialect == "postgresql":
        stmt: Any = postgresql.insert(Blob).values(**values).on_conflict_do_nothing(index_elements=["sha256"])
    elif dialect == "sqlite":
        stmt = sqlite.insert(Blob).values(**values).on_conflict_do_nothing(index_elements=["sha256"])
    else:  # pragma: no cover - the platform runs on SQLite and PostgreSQL
        raise RuntimeError(f"unsupported database {dialect}")
    return db.execute(stmt.returning(Blob.sha256)).first() is not None


def _view(row: Blob) -> StoredBlob:
    return StoredBlob(row.sha256, row.size, row.content_type, row.created_at)


def _actor_id(actor: Actor) -> int | None:
    return actor.account.id if actor.account is not None else None


def put_blob(svc: Services, *, data: BlobSource, max_size: int | None = None,
             expected_sha256: str | None = None) -> BlobRef:
    """Write the bytes only (no row): a caller that must not hold a database write lock during the write and its
    fsyncs (SQLite: one writer at a time) puts first, then passes the ref to :func:`store_blob` in its write. Until
    that row is committed the blob is an orphan like any other (collected after :data:`GRACE`)."""
    return blob_store(svc).put(data, max_size=max_size, expected_sha256=expected_sha256)


def store_blob(db: DbSession, svc: Services, *, actor: Actor, data: BlobSource | None = None,
               content_type: str | None = None, max_size: int | None = None, expected_sha256: str | None = None,
               put: BlobRef | None = None) -> StoredBlob:
    """Store the bytes and their row in the caller's transaction; the same bytes twice give the same row.
    ``put``: the bytes were already written by :func:`put_blob` (then ``data`` is not needed).

    The owning row (document, seal) references the digest in the same transaction. Not audited here: the
    owner's action is (``actor`` is the house signature, and who it was is the owner's record)."""
    store = blob_store(svc)
    if put is None:
        if data is None:
            raise TypeError("store_blob needs the data or the ref of put_blob")
        put = store.put(data, max_size=max_size, expected_sha256=expected_sha256)
    ref: BlobRef = put
    now = svc.clock.now()
    inserted = _insert_ignore(db, sha256=ref.sha256, size=ref.size, content_type=content_type, created_at=now)
    if not store.exists(ref.sha256):  # swept between our put and our row (an orphan older than the grace)
        raise StorageError(BACKEND_ERROR, f"blob {ref.sha256} was collected before its row was written; retry")
    if inserted:  # the row is the one just written: no need to read it back
        return StoredBlob(ref.sha256, ref.size, content_type, now.astimezone(UTC))
    row = db.get(Blob, ref.sha256, populate_existing=True)
    if row is None:  # pragma: no cover - the insert above ran in this transaction
        raise StorageError(BACKEND_ERROR, f"no row for blob {ref.sha256} after inserting it")
    return _view(row)


def get_blob(db: DbSession, svc: Services, *, actor: Actor, sha256: str) -> StoredBlob:
    """The row of a blob (``storage.not_found``). Access is the owner's check: call it after loading the owner."""
    row = db.get(Blob, check_sha256(sha256))
    if row is None:
        raise StorageError(NOT_FOUND, f"no blob row {sha256}")
    return _view(row)


def open_blob(db: DbSession, svc: Services, *, actor: Actor, sha256: str) -> BlobReader:
    """A verified streaming reader of a blob that has a row (``storage.not_found`` otherwise)."""
    get_blob(db, svc, actor=actor, sha256=sha256)
    return blob_store(svc).open(sha256)


def forget_blob(db: DbSession, svc: Services, *, actor: Actor, sha256: str) -> bool:
    """Drop the row of a blob no other row references any more (purge after retention); the bytes go at the
    next ``collect_orphans`` after COMMIT. False when the row is missing or still referenced."""
    check_sha256(sha256)
    try:
        with db.begin_nested():
            gone = affected_rows(db.execute(delete(Blob).where(Blob.sha256 == sha256))) == 1
    except IntegrityError:
        return False  # a document or seal still points at it (foreign key)
    if gone:
        audit.record(db, svc.clock.now(), "blob.forgotten", actor=_actor_id(actor), subject=f"blob:{sha256}",
                     ip=actor.ip)
    return gone


def collect_orphans(db: DbSession, svc: Services, *, actor: Actor, grace: timedelta = GRACE) -> OrphanSweep:
    """Remove blobs that have no row and are older than ``grace``, and the temporary files of dead writers.

    Each orphan is claimed first by inserting its row inside a savepoint (a writer holding an uncommitted row
    for it makes us wait, then skip); then its age is read again, the blob deleted and the claim removed. A
    writer whose put found the blob just before we deleted it sees it missing after writing its row and fails
    instead of committing a row without a blob."""
    store = blob_store(svc)
    now = svc.clock.now()
    temp_removed = store.clean_temp()
    examined = removed = removed_bytes = 0
    batch: list[Any] = []

    def sweep(infos: list[Any]) -> None:
        nonlocal removed, removed_bytes
        known = set(db.scalars(select(Blob.sha256).where(Blob.sha256.in_([i.sha256 for i in infos]))))
        for info in infos:
            if info.sha256 in known or now - info.modified_at < grace:
                continue
            with db.begin_nested():
                if not _insert_ignore(db, sha256=info.sha256, size=info.size, content_type=None, created_at=now):
                    continue  # a row appeared: not an orphan any more
                try:
                    fresh = store.stat(info.sha256)
                except StorageError:
                    fresh = None
                if fresh is not None and now - fresh.modified_at >= grace and store.delete(info.sha256):
                    removed += 1
                    removed_bytes += fresh.size
                db.execute(delete(Blob).where(Blob.sha256 == info.sha256))

    for info in store.iter_blobs():
        examined += 1
        batch.append(info)
        if len(batch) >= _BATCH:
            sweep(batch)
            batch = []
    if batch:
        sweep(batch)
    if removed or temp_removed:
        audit.record(db, now, "blob.orphans_collected", actor=_actor_id(actor), ip=actor.ip, removed=removed,
                     removed_bytes=removed_bytes, temp_removed=temp_removed)
    return OrphanSweep(examined, removed, removed_bytes, temp_removed)
