"""Tables of grants (授权管理, manual §4.6 / §5.7).

* ``grants``: one grant of an enterprise to a person, as administrator (``role = admin``: manages grantees and the
  seal lifecycle within its scope) or grantee (``role = grantee``: stamps with the seals of its scope, inside
  ``starts_at``..``ends_at``, at most ``uses_total`` times; NULL = unlimited). ``status``: pending (created, waiting
  for the person's 接收授权) → active (accepted) → revoked (terminal). ``uses_left`` is decremented by ONE
  conditional UPDATE per stamping (``usage.take_use``), never by a read-modify-write.
* ``grant_seals``: the seals of a grant's scope when ``all_seals`` is false.
* ``grant_events``: the history of each grant (create, accept, change, revoke) and every use (document, signing,
  use number, remaining count, acting person).

This module imports only ``core`` so that ``accounts.roles`` and ``seals.access`` (lower packages) can read it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eseal.platform.core.db import Base, UTCDateTime

ROLE_ADMIN = "admin"
ROLE_GRANTEE = "grantee"
ROLES = (ROLE_ADMIN, ROLE_GRANTEE)
PENDING, ACTIVE, REVOKED = "pending", "active", "revoked"
LIVE = (PENDING, ACTIVE)


class Grant(Base):
    __tablename__ = "grants"
    __table_args__ = (Index("ix_grants_enterprise_role", "enterprise_account_id", "role"),
                      Index("ix_grants_grantee", "grantee_account_id", "status"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    grantee_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))  # admin | grantee
    department: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(20))  # as typed by the enterprise (contact)
    all_seals: Mapped[bool] = mapped_column(Boolean, default=False)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # grantee: the window
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    uses_total: Mapped[int | None] = mapped_column(Integer)  # grantee: NULL = unlimited
    uses_left: Mapped[int | None] = mapped_column(Integer)
    last_use_number: Mapped[int] = mapped_column(Integer, default=0)  # use numbers handed out (never reused)
    status: Mapped[str] = mapped_column(String(16))  # pending | active | revoked
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class GrantSeal(Base):
    __tablename__ = "grant_seals"

    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id", ondelete="CASCADE"), primary_key=True)
    seal_id: Mapped[int] = mapped_column(ForeignKey("seals.id", ondelete="CASCADE"), primary_key=True)


class GrantEvent(Base):
    __tablename__ = "grant_events"
    __table_args__ = (Index("ix_grant_events_grant", "grant_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    action: Mapped[str] = mapped_column(String(16))  # create | accept | change | revoke | use | give_back
    actor_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    document_id: Mapped[int | None] = mapped_column(Integer)  # use: the document stamped
    signing_id: Mapped[int | None] = mapped_column(Integer)  # use: the signings row
    seal_id: Mapped[int | None] = mapped_column(Integer)
    use_number: Mapped[int | None] = mapped_column(Integer)
    remaining: Mapped[int | None] = mapped_column(Integer)  # uses left after this event (NULL: unlimited)
    detail: Mapped[str | None] = mapped_column(Text)  # JSON, no secrets
