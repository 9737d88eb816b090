"""Whose document: every access loads the document of the acting account (the enterprise acted for, or the person);
another account's document — or a deleted one — answers ``not_found`` exactly like one that does not exist."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from eseal.platform.accounts import Account, Actor
from eseal.platform.core import DbSession, NotFound
from eseal.platform.documents.models import Document, DocumentRevision

MAX_ID = 2**31 - 1  # INTEGER columns: a larger id is simply not found (never a 500)


def owner_of(actor: Actor) -> Account:
    """The account whose documents the actor sees (``not_authenticated`` for anonymous visitors)."""
    return actor.acting_as if actor.acting_as is not None else actor.user


def parse_id(value: int | str, field: str = "document_id") -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise NotFound("文档不存在", field) from None
    if not 1 <= number <= MAX_ID:
        raise NotFound("文档不存在", field)
    return number


# built once (every document route runs one): a live document of the owner, and the same locked
_OWN = select(Document).where(Document.id == bindparam("document_id"), Document.owner_account_id == bindparam("owner"),
                              Document.deleted_at.is_(None))
_OWN_LOCKED = _OWN.with_for_update()


def own_document(db: DbSession, actor: Actor, document_id: int | str, *, lock: bool = False) -> Document:
    owner = owner_of(actor)
    doc = db.scalars(_OWN_LOCKED if lock else _OWN, {"document_id": parse_id(document_id), "owner": owner.id}).first()
    if doc is None:
        raise NotFound("文档不存在", "document_id")
    return doc


def revision_of(db: DbSession, doc: Document, number: int | None = None) -> DocumentRevision:
    """The document's revision ``number`` (None: the current one); ``not_found`` otherwise."""
    if number is None:
        rev = db.get(DocumentRevision, doc.current_revision_id) if doc.current_revision_id else None
    else:
        if not 0 <= number <= MAX_ID:
            raise NotFound("文档版本不存在", "revision")
        rev = db.scalars(select(DocumentRevision).where(DocumentRevision.document_id == doc.id,
                                                        DocumentRevision.number == number)).first()
    if rev is None or rev.document_id != doc.id:
        raise NotFound("文档版本不存在", "revision")
    return rev
