"""bind OAuth state to the browser that started the round trip (login CSRF)

Revision ID: 0003_oauth_state_binding
Revises: 0002_encrypt_id_numbers
Create Date: 2026-11-26 10:00:00

Pending states (10 minutes) created before the upgrade have no binding and are refused at callback.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003_oauth_state_binding'
down_revision = '0002_encrypt_id_numbers'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("oauth_states", sa.Column("client_binding", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE oauth_states DROP COLUMN client_binding")
