"""删除 (multi-select) and the purge after the retention period.

``delete_documents`` is a soft delete: the documents leave every list and every lookup at once (``not_found``,
like another account's), and are kept ``settings.documents.retention_days`` days (30 by default; the answer
states it, so the page can say 删除后保留 30 天，期满后彻底清除). ``purge_deleted`` (a job) then deletes the
rows (signings, revisions, the document) and forgets the blobs nothing references any more; the bytes go with
the next ``collect_orphans`` after COMMIT (``purge_job`` runs both in their own units of work).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update

from eseal.platform.accounts import Actor
from eseal.platform.core import DbSession, NotFound, PlatformError, Services, audit
from eseal.platform.documents.access import owner_of, parse_id
from eseal.platform.documents.listing import live_documents, retention_notice
from eseal.platform.documents.models import Document, DocumentRevision, Signing
from eseal.platform.storage import OrphanSweep, collect_orphans, forget_blob

MAX_SELECTION = 100
_PURGE_BATCH = 200


@dataclass(frozen=True)
class Deletion:
    """What ``delete_documents`` did, and what the page tells the user."""

    deleted: tuple[int, ...]
    deleted_at: str
    purge_after: str  # ISO 8601 UTC
    retention_days: int
    notice: str  # 删除后保留 30 天，期满后彻底清除


@dataclass(frozen=True)
class Purge:
    """What ``purge_deleted`` removed: documents, and blob rows forgotten (bytes go at the next orphan sweep)."""

    documents: int
    blobs_forgotten: int


@dataclass(frozen=True)
class PurgeCandidate:
    """A deleted document whose retention has ended (what ``eseal documents purge --dry-run`` lists)."""

    id: int
    name: str
    owner_account_id: int
    deleted_at: datetime
    purge_after: datetime


def selection(ids: list[int | str] | tuple[int | str, ...]) -> tuple[int, ...]:
    """The chosen ids, deduplicated in order (``invalid_input`` for none or too many; an id that cannot name a
    row is ``not_found``)."""
    if not ids:
        raise PlatformError("invalid_input", "请选择文档", "ids")
    if len(ids) > MAX_SELECTION:
        raise PlatformError("invalid_input", f"一次最多选择 {MAX_SELECTION} 个文档", "ids")
    return tuple(dict.fromkeys(parse_id(i, "ids") for i in ids))


def own_documents(db: DbSession, actor: Actor, ids: tuple[int, ...], *, lock: bool = False) -> list[Document]:
    """The acting account's live documents with these ids, in the order asked; one missing, deleted or
    another account's id makes the whole request ``not_found`` (nothing is revealed, nothing half done)."""
    query = live_documents(owner_of(actor).id).where(Document.id.in_(ids))
    found = {d.id: d for d in db.scalars(query.with_for_update() if lock else query)}
    if len(found) != len(ids):
        raise NotFound("文档不存在", "ids")
    return [found[i] for i in ids]


def delete_documents(db: DbSession, svc: Services, *, actor: Actor, ids: list[int | str]) -> Deletion:
    """Soft-delete the acting account's documents (all or none); audit ``document.deleted`` per document."""
    wanted = selection(ids)
    docs = own_documents(db, actor, wanted, lock=True)
    now = svc.clock.now()
    days = svc.settings.documents.retention_days
    purge_after = now + timedelta(days=days)
    for doc in docs:
        doc.deleted_at = now
        doc.purge_after = purge_after
        audit.record(db, now, "document.deleted", actor=actor.user.id, subject=f"document:{doc.id}", ip=actor.ip,
                     owner=doc.owner_account_id, purge_after=purge_after.isoformat())
    db.flush()
    return Deletion(wanted, now.astimezone(UTC).isoformat(), purge_after.astimezone(UTC).isoformat(), days,
                    retention_notice(days))


def _due(when: datetime) -> Any:
    return Document.deleted_at.is_not(None), Document.purge_after <= when


def due_for_purge(db: DbSession, svc: Services, *, now: datetime | None = None,
                  limit: int = 1000) -> tuple[PurgeCandidate, ...]:
    """The deleted documents ``purge_deleted`` would remove at ``now`` (oldest retention end first); reads only."""
    when = now or svc.clock.now()
    rows = db.execute(select(Document.id, Document.name, Document.owner_account_id, Document.deleted_at,
                             Document.purge_after).where(*_due(when))
                      .order_by(Document.purge_after, Document.id).limit(limit))
    return tuple(PurgeCandidate(r.id, r.name, r.owner_account_id, r.deleted_at, r.purge_after) for r in rows)


def purge_deleted(db: DbSession, svc: Services, *, now: datetime | None = None) -> Purge:
    """Delete the documents whose retention ended (``purge_after`` <= ``now``): their signings, revisions and
    rows, then forget their blobs that no other row references. Never commits; run ``collect_orphans`` after
    COMMIT for the bytes (``purge_job`` does)."""
    when = now or svc.clock.now()
    actor = Actor()
    documents = forgotten = 0
    while True:
        ids = list(db.scalars(select(Document.id).where(*_due(when))
                              .order_by(Document.id).limit(_PURGE_BATCH).with_for_update()))
        if not ids:
            break
        shas = set(db.scalars(select(DocumentRevision.blob_sha256).where(DocumentRevision.document_id.in_(ids))))
        db.execute(update(DocumentRevision).where(DocumentRevision.document_id.in_(ids))
                   .values(signing_id=None))
        db.execute(delete(Signing).where(Signing.document_id.in_(ids)))
        db.execute(update(Document).where(Document.id.in_(ids)).values(current_revision_id=None))
        db.execute(delete(DocumentRevision).where(DocumentRevision.document_id.in_(ids)))
        db.execute(delete(Document).where(Document.id.in_(ids)))
        for sha in sorted(shas):
            forgotten += forget_blob(db, svc, actor=actor, sha256=sha)
        for number in ids:
            audit.record(db, when, "document.purged", subject=f"document:{number}")
        documents += len(ids)
    return Purge(documents, forgotten)


def purge_job(svc: Services, *, now: datetime | None = None) -> tuple[Purge, OrphanSweep]:
    """The purge as a job: rows and blob rows in one unit of work, then the orphan sweep in the next."""
    with svc.session() as db:
        purge = purge_deleted(db, svc, now=now)
    with svc.session() as db:
        sweep = collect_orphans(db, svc, actor=Actor())
    return purge, sweep
