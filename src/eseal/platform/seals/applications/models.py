"""Tables of seal applications (申领印章, manual §4.1 / §5.1) and their certificate applications (数字证书申请).

* ``seal_applications``: one row per application of an account (the enterprise acted for, or the person) with
  the requested seal kinds, the forms (经办人 / 单位法人 / 单位信息), the chosen seal-use verification method and
  the state (see ``states.py``: the one table of allowed moves). ID numbers are stored as in ``accounts``:
  SM4-GCM ciphertext (``*_id_enc``), keyed blind index (``*_id_key``), mask (``*_id_masked``).
* ``seal_application_materials``: uploaded pictures (JPG/PNG re-encoded without metadata) and their thumbnails,
  both blobs (``blobs.sha256``), one row per slot (a new upload replaces the slot's row).
* ``seal_application_auths``: the certificate-application steps, one per signer in order (legal rep first, then
  handler; the same person twice if so; ``self`` for a person). A step is reached through a link
  ``/cert-auth/<token>`` sent by SMS; only the SHA-256 of the token is stored, and of the browser session that
  consumed it. A re-sent link supersedes the step's token (new row values, the old token no longer matches).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eseal.platform.core.db import Base, UTCDateTime


class SealApplication(Base):
    __tablename__ = "seal_applications"
    __table_args__ = (Index("ix_seal_applications_owner_state", "owner_account_id", "state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # whose seals these will be: the enterprise (acting_as) or the person
    owner_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    # who filled it in (the person acting for the enterprise, or the enterprise account itself)
    applicant_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))  # enterprise | person
    state: Mapped[str] = mapped_column(String(24))
    seal_kinds: Mapped[str] = mapped_column(String(200))  # comma-separated kind codes, in canonical order
    font: Mapped[str | None] = mapped_column(String(16))  # personal_square
    strokes_json: Mapped[str | None] = mapped_column(Text)  # personal_handdrawn: [[[x, y(, p)], ...], ...]
    method: Mapped[str | None] = mapped_column(String(16))  # password | sms | face
    method_password_hash: Mapped[str | None] = mapped_column(String(255))  # security.hash_pin (was argon2id), method password
    # 经办人 (handler)
    handler_name: Mapped[str | None] = mapped_column(String(100))
    handler_id_type: Mapped[str | None] = mapped_column(String(32))
    handler_id_enc: Mapped[str | None] = mapped_column(String(255))
    handler_id_key: Mapped[str | None] = mapped_column(String(80))
    handler_id_masked: Mapped[str | None] = mapped_column(String(40))
    handler_phone: Mapped[str | None] = mapped_column(String(20))
    # 单位法人 (legal representative)
    legal_rep_name: Mapped[str | None] = mapped_column(String(100))
    legal_rep_id_type: Mapped[str | None] = mapped_column(String(32))
    legal_rep_id_enc: Mapped[str | None] = mapped_column(String(255))
    legal_rep_id_key: Mapped[str | None] = mapped_column(String(80))
    legal_rep_id_masked: Mapped[str | None] = mapped_column(String(40))
    legal_rep_phone: Mapped[str | None] = mapped_column(String(20))
    # 单位信息 (unit)
    unit_name: Mapped[str | None] = mapped_column(String(200))
    unit_credit_code: Mapped[str | None] = mapped_column(String(18))
    failure_reason: Mapped[str | None] = mapped_column(String(64))  # a code, state == failed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SealApplicationMaterial(Base):
    __tablename__ = "seal_application_materials"
    __table_args__ = (Index("uq_seal_application_materials_slot", "application_id", "slot", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("seal_applications.id", ondelete="CASCADE"))
    slot: Mapped[str] = mapped_column(String(32))  # business_license, legal_rep_id_front, ...
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    thumb_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    content_type: Mapped[str] = mapped_column(String(32))  # image/jpeg | image/png (after re-encoding)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)  # bytes stored (re-encoded)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SealApplicationAuth(Base):
    __tablename__ = "seal_application_auths"
    __table_args__ = (Index("uq_seal_application_auths_seq", "application_id", "seq", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("seal_applications.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)  # 1 = first signer (legal rep / self), 2 = handler
    role: Mapped[str] = mapped_column(String(16))  # legal_rep | handler | self
    # step state: waiting (no link yet) | sent | opened | face_passed | signed
    state: Mapped[str] = mapped_column(String(16))
    phone: Mapped[str | None] = mapped_column(String(20))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    consumed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    session_hash: Mapped[str | None] = mapped_column(String(64))  # the browser session that consumed the link
    face_check_id: Mapped[str | None] = mapped_column(String(64))
    face_passed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    form_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))  # the form as shown
    signature_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))  # handwritten PNG
    signed_form_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))  # platform-signed PDF
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
