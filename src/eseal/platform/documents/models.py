"""Tables of documents (我的文档 / 业务文档) and signings (签署), all of [D1] except ``verification_reports``.

* ``documents``: one row per document of an account (``owner_account_id``: the enterprise or the person; the
  acting person in ``created_by_account_id``). ``origin`` is ``upload`` or ``business`` (sent by another
  government platform, then ``source_code`` and ``matter_type``). ``status``: ``unsigned`` | ``signed`` |
  ``pending`` (business, waiting for the seal). ``current_revision_id`` names the revision served; soft delete
  sets ``deleted_at`` and ``purge_after``.
* ``document_revisions``: revision 0 is the original; each stamping appends one (an incremental update of the
  previous one). ``blob_sha256`` names the blob (``blobs.sha256``); ``sha256`` and ``sm3`` are the hashes of the
  bytes (sha256 equals ``blob_sha256``; kept for the audit and the verification lookup).
* ``signings``: one row per stamp: from which revision to which, which seal (and version), the mode and the
  placements (JSON: pages and x/y in millimetres), the profile (``gm`` | ``pades``), who acted for which owner,
  the willingness method, the client address and the instant; ``grant_id``/``use_number`` for [G1].
* ``business_sources``: the seven sources of the manual (seeded by the migration).

The rule the tables carry: a committed revision row names a blob that exists (blob first, row after, in one
transaction); a document's ``current_revision_id`` always names one of its own committed revisions.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eseal.platform.core.db import Base, UTCDateTime


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_owner_created", "owner_account_id", "created_at"),
        Index("ix_documents_owner_signed", "owner_account_id", "signed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    created_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(255))
    origin: Mapped[str] = mapped_column(String(16))  # upload | business
    source_code: Mapped[str | None] = mapped_column(ForeignKey("business_sources.code"))  # business only
    matter_type: Mapped[str | None] = mapped_column(String(64))  # business only (企业开办, 不动产登记, ...)
    status: Mapped[str] = mapped_column(String(16))  # unsigned | signed | pending
    # the revision served; a plain integer (no FK: revisions point back to documents) set in the same transaction
    current_revision_id: Mapped[int | None] = mapped_column(Integer)
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # last stamping
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    purge_after: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DocumentRevision(Base):
    __tablename__ = "document_revisions"
    __table_args__ = (Index("uq_document_revisions_number", "document_id", "number", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)  # 0 = the original
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    sm3: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    signing_id: Mapped[int | None] = mapped_column(Integer)  # null for the original; signings.id otherwise


class Signing(Base):
    __tablename__ = "signings"
    __table_args__ = (
        Index("ix_signings_document_at", "document_id", "at"),
        Index("ix_signings_seal", "seal_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    from_revision_id: Mapped[int] = mapped_column(ForeignKey("document_revisions.id", ondelete="CASCADE"))
    to_revision_id: Mapped[int | None] = mapped_column(ForeignKey("document_revisions.id", ondelete="CASCADE"))
    seal_id: Mapped[int | None] = mapped_column(ForeignKey("seals.id", ondelete="SET NULL"))
    seal_version_id: Mapped[int | None] = mapped_column(ForeignKey("seal_versions.id", ondelete="SET NULL"))
    mode: Mapped[str] = mapped_column(String(8))  # single | multi | seam
    placements: Mapped[str] = mapped_column(Text)  # JSON: {"pages": [...], "x_mm": .., "y_mm": ..}
    profile: Mapped[str] = mapped_column(String(8))  # gm | pades
    acting_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    owner_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    willingness_method: Mapped[str] = mapped_column(String(16))  # password | sms | face
    client_ip: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    grant_id: Mapped[int | None] = mapped_column(Integer)  # [G1] fills it
    use_number: Mapped[int | None] = mapped_column(Integer)


class BusinessSource(Base):
    __tablename__ = "business_sources"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
