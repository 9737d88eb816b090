"""remember that an enterprise's registered legal representative passed the face check for it

Revision ID: 0005_legal_rep_face_verified
Revises: 0004_keyed_audit_chain
Create Date: 2026-12-01 21:30:00

``accounts.legal_rep_face_verified_at``: when the registered legal representative last passed the legal-rep face
check for this enterprise (§3.2 entry, or a reclaim). Only then does the enterprise appear in that person's
切换角色 list. Backfilled from the audit log: an ``enterprise.entry`` row proves that the face check of the legal
representative registered at the time passed (the legal representative could not be changed before this revision).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import eseal.platform.core.db

revision = '0005_legal_rep_face_verified'
down_revision = '0004_keyed_audit_chain'
branch_labels = None
depends_on = None

accounts = sa.table("accounts", sa.column("id", sa.Integer), sa.column("kind", sa.String),
                    sa.column("legal_rep_face_verified_at", sa.DateTime))
audit_log = sa.table("audit_log", sa.column("event", sa.String), sa.column("actor_account_id", sa.Integer),
                     sa.column("created_at", sa.DateTime))


def upgrade() -> None:
    op.add_column("accounts", sa.Column("legal_rep_face_verified_at",
                                        eseal.platform.core.db.UTCDateTime(timezone=True), nullable=True))
    last_entry = (sa.select(sa.func.max(audit_log.c.created_at))
                  .where(audit_log.c.event == "enterprise.entry", audit_log.c.actor_account_id == accounts.c.id)
                  .scalar_subquery())
    op.execute(accounts.update().where(accounts.c.kind == "enterprise").values(legal_rep_face_verified_at=last_entry))


def downgrade() -> None:
    op.execute("ALTER TABLE accounts DROP COLUMN legal_rep_face_verified_at")
