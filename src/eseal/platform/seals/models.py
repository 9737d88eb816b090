"""Tables of seals (印章): the seal, its versions (each a maker-signed SESeal with its key, certificate and face),
its history (every lifecycle change as a row with its instant) and the filing records (备案) of the changes.

* ``seals``: one row per seal of an account (the enterprise or the person); ``state`` is the current state
  (``lifecycle.py``), ``valid_from``/``valid_to`` the current version's validity; the current version's number.
* ``seal_versions``: issued, renewed (new key + certificate) or changed (new face) SESeals of one seal; the
  blobs (``blobs.sha256``): ``.esl`` (DER SESeal), the certificate (DER), the face as PNG and as vector PDF.
  The private key never leaves the platform keystore (``key_id``). All versions share the seal's esID.
* ``seal_events``: the history; "state of seal S at instant T" = ``to_state`` of the last event with
  ``at <= T`` (the ``issue`` event at creation).
* ``seal_event_materials``: pictures handed in with an event (the enterprise's 注销 materials).
* ``seal_filings``: one filing record per suspend / resume / cancel, through the filing provider.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eseal.platform.core.db import Base, UTCDateTime


class Seal(Base):
    __tablename__ = "seals"
    __table_args__ = (Index("ix_seals_owner_kind", "owner_account_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("seal_applications.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(32))  # kinds.KINDS
    name: Mapped[str] = mapped_column(String(200))  # the SES seal name (e.g. 某某有限公司合同专用章)
    holder_name: Mapped[str] = mapped_column(String(200))  # enterprise or person name drawn on the face
    es_id: Mapped[str | None] = mapped_column(String(32), unique=True)  # set right after the row has its id
    state: Mapped[str] = mapped_column(String(16))  # enabled | suspended | cancelled
    family: Mapped[str] = mapped_column(String(8))  # sm2 | ecdsa
    current_version: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime())
    valid_to: Mapped[datetime] = mapped_column(UTCDateTime())
    font: Mapped[str | None] = mapped_column(String(16))  # personal_square
    method: Mapped[str] = mapped_column(String(16))  # 用章核验方式: password | sms | face
    method_password_hash: Mapped[str | None] = mapped_column(String(255))  # security.hash_pin (was argon2id), method password
    use_count: Mapped[int] = mapped_column(Integer, default=0)  # signatures made ([D1] counts them)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SealVersion(Base):
    __tablename__ = "seal_versions"
    __table_args__ = (Index("uq_seal_versions_seal_version", "seal_id", "version", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seal_id: Mapped[int] = mapped_column(ForeignKey("seals.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)  # 1, 2, ...
    reason: Mapped[str] = mapped_column(String(16))  # issue | renew | change
    key_id: Mapped[str] = mapped_column(String(128))  # platform keystore
    cert_serial: Mapped[str] = mapped_column(String(64))  # hex
    cert_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))  # DER certificate
    esl_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))  # DER SESeal v4
    png_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))  # face, 300 dpi PNG
    pdf_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))  # face, vector PDF
    width_mm: Mapped[float] = mapped_column(Float)
    height_mm: Mapped[float] = mapped_column(Float)
    font: Mapped[str | None] = mapped_column(String(16))
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime())
    valid_to: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SealPadesCredential(Base):
    """The ECDSA P-256 key (platform keystore) and certificate (platform CA, ecdsa family; same holder and validity
    as the version's SM2 certificate) one seal version signs PAdES with; made on its first PAdES signing
    (``seals.pades``)."""

    __tablename__ = "seal_pades_credentials"

    seal_version_id: Mapped[int] = mapped_column(ForeignKey("seal_versions.id", ondelete="CASCADE"), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(128))
    cert_serial: Mapped[str] = mapped_column(String(64))  # hex
    cert_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))  # DER certificate
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SealEvent(Base):
    __tablename__ = "seal_events"
    __table_args__ = (Index("ix_seal_events_seal_at", "seal_id", "at", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seal_id: Mapped[int] = mapped_column(ForeignKey("seals.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    action: Mapped[str] = mapped_column(String(16))  # issue | suspend | resume | renew | change | cancel
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    actor_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    version: Mapped[int | None] = mapped_column(Integer)  # the version made by this event (issue/renew/change)
    detail: Mapped[str | None] = mapped_column(Text)  # JSON, no secrets (ID numbers masked)


class SealEventMaterial(Base):
    __tablename__ = "seal_event_materials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("seal_events.id", ondelete="CASCADE"))
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))


class SealFiling(Base):
    __tablename__ = "seal_filings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seal_id: Mapped[int] = mapped_column(ForeignKey("seals.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("seal_events.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(16))  # suspend | resume | cancel
    provider: Mapped[str] = mapped_column(String(16))  # dev | http
    status: Mapped[str] = mapped_column(String(16))  # simulated | filed
    reference: Mapped[str | None] = mapped_column(String(128))  # the filing body's receipt number
    payload: Mapped[str] = mapped_column(Text)  # JSON as sent
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
