"""keyed audit chain: rows carry the version of their chain hash

Revision ID: 0004_keyed_audit_chain
Revises: 0003_oauth_state_binding
Create Date: 2026-11-27 10:00:00

Version 1 (rows written before this revision): hash = SHA-256(prev_hash || content) — anyone with write
access could rebuild a truncated chain. Version 2 (every new row): hash = HMAC-SHA-256(audit key, prev_hash ||
content), the audit key derived from the master key. Old rows keep version 1 and still verify; a version-1 row
after a version-2 row is reported as tampering. ``ADD COLUMN`` with a constant default touches no row (the
append-only triggers stay in place; SQLite's table is not rebuilt).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_keyed_audit_chain'
down_revision = '0003_oauth_state_binding'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("hash_version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    # keyed rows cannot be turned back into unkeyed ones; the column is dropped, those rows then no longer
    # verify with an older eseal (by design: a downgrade must not silently weaken the chain)
    op.execute("ALTER TABLE audit_log DROP COLUMN hash_version")
