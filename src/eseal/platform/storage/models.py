"""The ``blobs`` table: one row per stored blob that the platform counts on.

The rule it carries: a committed row names a blob that exists in the store. Rows of other domains (documents,
seals) reference blobs with ``ForeignKey("blobs.sha256")`` (RESTRICT): a blob still referenced cannot be
forgotten. A blob in the store without a row is an orphan (a put whose transaction rolled back or crashed) and
``collect_orphans`` removes it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from eseal.platform.core import Base, UTCDateTime


class Blob(Base):
    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    content_type: Mapped[str | None] = mapped_column(String(127))  # as declared by the first store
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
