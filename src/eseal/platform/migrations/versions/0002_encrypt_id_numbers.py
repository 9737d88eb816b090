"""encrypt ID numbers at rest: SM4-GCM ciphertext + keyed blind index + stored mask

Revision ID: 0002_encrypt_id_numbers
Revises: 0001_platform_core
Create Date: 2026-11-26 09:00:00

Data migration: every clear ID number (accounts.id_number, accounts.legal_rep_id_number,
face_checks.subject_id_number) is encrypted / blind-indexed with keys derived from the platform
master key (``eseal.platform.pii``), ``accounts.id_key`` ("<type>:<number>") becomes the blind index,
login-throttle keys that contained an ID number are re-keyed, then the clear columns are dropped.
The master key comes from ``upgrade_schema(engine, master_key=...)`` (``build_services`` passes it);
a populated database without it is refused with a clear error. Face checks keep no ciphertext at all:
only the blind index and the mask (the number is needed only when the check starts).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from eseal.platform.core import PiiCipher, mask_id

revision = '0002_encrypt_id_numbers'
down_revision = '0001_platform_core'
branch_labels = None
depends_on = None

accounts = sa.table(
    "accounts", sa.column("id", sa.Integer), sa.column("id_type", sa.String), sa.column("id_number", sa.String),
    sa.column("id_key", sa.String), sa.column("legal_rep_id_type", sa.String),
    sa.column("legal_rep_id_number", sa.String), sa.column("id_number_enc", sa.String),
    sa.column("id_number_masked", sa.String), sa.column("legal_rep_id_enc", sa.String),
    sa.column("legal_rep_id_masked", sa.String), sa.column("legal_rep_id_key", sa.String))
face_checks = sa.table(
    "face_checks", sa.column("id", sa.String), sa.column("subject_id_type", sa.String),
    sa.column("subject_id_number", sa.String), sa.column("subject_id_key", sa.String),
    sa.column("subject_id_masked", sa.String))
throttles = sa.table("login_throttles", sa.column("key", sa.String))

PHONE_PREFIX = "person:phone:"


def _cipher() -> PiiCipher:
    """Only called when there are stored ID numbers to convert (an empty database needs no key)."""
    key = context.config.attributes.get("master_key")
    if key is None:
        raise RuntimeError(
            "migration 0002_encrypt_id_numbers must encrypt stored ID numbers and needs the platform master key: "
            "upgrade through eseal serve / build_services (upgrade_schema(engine, master_key=...)), "
            "not the bare alembic command")
    return PiiCipher(key)


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column("accounts", sa.Column("legal_rep_id_enc", sa.String(length=255), nullable=True))
    op.add_column("accounts", sa.Column("legal_rep_id_masked", sa.String(length=40), nullable=True))
    op.add_column("accounts", sa.Column("legal_rep_id_key", sa.String(length=64), nullable=True))
    op.add_column("accounts", sa.Column("id_number_enc", sa.String(length=255), nullable=True))
    op.add_column("accounts", sa.Column("id_number_masked", sa.String(length=40), nullable=True))
    op.create_index("ix_accounts_legal_rep_id_key", "accounts", ["legal_rep_id_key"], unique=False)
    op.add_column("face_checks", sa.Column("subject_id_key", sa.String(length=64), nullable=True))
    op.add_column("face_checks", sa.Column("subject_id_masked", sa.String(length=40), nullable=True))

    rows = bind.execute(sa.select(accounts.c.id, accounts.c.id_type, accounts.c.id_number,
                                  accounts.c.legal_rep_id_type, accounts.c.legal_rep_id_number)
                        .where(sa.or_(accounts.c.id_number.is_not(None),
                                      accounts.c.legal_rep_id_number.is_not(None)))).all()
    checks = bind.execute(sa.select(face_checks.c.id, face_checks.c.subject_id_type,
                                    face_checks.c.subject_id_number)).all()
    keys = [k for (k,) in bind.execute(sa.select(throttles.c.key).where(throttles.c.key.like("person:%")))
            if not k.startswith(PHONE_PREFIX)]
    if rows or checks or keys:
        pii = _cipher()
        for row in rows:
            values: dict[str, str | None] = {}
            if row.id_number:
                id_type = row.id_type or "resident_id"
                values.update(id_number_enc=pii.encrypt(row.id_number, field="accounts.id_number"),
                              id_number_masked=mask_id(row.id_number), id_key=pii.blind_index(id_type, row.id_number))
            if row.legal_rep_id_number:
                rep_type = row.legal_rep_id_type or "resident_id"
                values.update(legal_rep_id_enc=pii.encrypt(row.legal_rep_id_number, field="accounts.legal_rep_id_number"),
                              legal_rep_id_masked=mask_id(row.legal_rep_id_number),
                              legal_rep_id_key=pii.blind_index(rep_type, row.legal_rep_id_number))
            bind.execute(accounts.update().where(accounts.c.id == row.id).values(**values))
        for check in checks:
            bind.execute(face_checks.update().where(face_checks.c.id == check.id).values(
                subject_id_key=pii.blind_index(check.subject_id_type, check.subject_id_number),
                subject_id_masked=mask_id(check.subject_id_number)))
        for key in keys:  # "person:<id_type>:<number>" → "person:id:<blind index>"
            _, id_type, number = key.split(":", 2)
            bind.execute(throttles.update().where(throttles.c.key == key)
                         .values(key=f"person:id:{pii.blind_index(id_type, number)}"))

    op.execute("ALTER TABLE accounts DROP COLUMN id_number")
    op.execute("ALTER TABLE accounts DROP COLUMN legal_rep_id_number")
    op.execute("ALTER TABLE face_checks DROP COLUMN subject_id_number")


def downgrade() -> None:
    bind = op.get_bind()
    op.add_column("accounts", sa.Column("id_number", sa.String(length=32), nullable=True))
    op.add_column("accounts", sa.Column("legal_rep_id_number", sa.String(length=32), nullable=True))
    op.add_column("face_checks", sa.Column("subject_id_number", sa.String(length=32), nullable=True))
    rows = bind.execute(sa.select(accounts.c.id, accounts.c.id_type, accounts.c.id_number_enc,
                                  accounts.c.legal_rep_id_enc)
                        .where(sa.or_(accounts.c.id_number_enc.is_not(None),
                                      accounts.c.legal_rep_id_enc.is_not(None)))).all()
    if rows:
        pii = _cipher()
        for row in rows:
            values: dict[str, str | None] = {}
            if row.id_number_enc:
                number = pii.decrypt(row.id_number_enc, field="accounts.id_number")
                values.update(id_number=number, id_key=f"{row.id_type or 'resident_id'}:{number}")
            if row.legal_rep_id_enc:
                values["legal_rep_id_number"] = pii.decrypt(row.legal_rep_id_enc, field="accounts.legal_rep_id_number")
            bind.execute(accounts.update().where(accounts.c.id == row.id).values(**values))
    # face checks are short-lived proofs: their numbers are gone; old code only needs a non-null value
    bind.execute(face_checks.update().values(subject_id_number=sa.func.coalesce(face_checks.c.subject_id_masked, "")))
    # lockouts keyed by a blind index cannot be mapped back: drop them (they expire within 24 h anyway)
    bind.execute(throttles.delete().where(throttles.c.key.like("person:id:%")))
    op.drop_index("ix_accounts_legal_rep_id_key", table_name="accounts")
    for column in ("legal_rep_id_enc", "legal_rep_id_masked", "legal_rep_id_key", "id_number_enc", "id_number_masked"):
        op.execute(f"ALTER TABLE accounts DROP COLUMN {column}")
    for column in ("subject_id_key", "subject_id_masked"):
        op.execute(f"ALTER TABLE face_checks DROP COLUMN {column}")
