"""The ``verification_reports`` table: one row per verification run (验签) on the platform.

* ``serial``: the public, random, unguessable serial (the report's QR code points to ``<public_url>/r/<serial>``).
* ``document_sha256`` / ``document_sm3``: the verified file's hashes (the file itself is not kept).
* ``document_name``: the uploaded file name (shown on the public page with the hash, as government practice does).
* ``verdict``: the overall indication (``eseal.engine.pdf`` report indication: passed / failed / indeterminate /
  no_signatures ...), ``signature_count``.
* ``report_json_blob`` / ``report_pdf_blob``: the JSON report and the platform-sealed PDF report (``blobs.sha256``).
* ``account_id``: the account that verified (null for an anonymous run, then ``anon_session_hash`` binds the report
  to the anonymous browser session that ran it: HMAC of its cookie, never the cookie itself).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from eseal.platform.core import Base, UTCDateTime


class VerificationReport(Base):
    __tablename__ = "verification_reports"
    __table_args__ = (Index("ix_verification_reports_account", "account_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    serial: Mapped[str] = mapped_column(String(64), unique=True)
    document_sha256: Mapped[str] = mapped_column(String(64))
    document_sm3: Mapped[str] = mapped_column(String(64))
    document_name: Mapped[str] = mapped_column(String(255))
    document_size: Mapped[int] = mapped_column(BigInteger)
    verdict: Mapped[str] = mapped_column(String(32))
    signature_count: Mapped[int] = mapped_column(Integer)
    report_json_blob: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    report_pdf_blob: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    anon_session_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
