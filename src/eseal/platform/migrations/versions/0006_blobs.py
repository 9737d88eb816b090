"""the blobs table of eseal.platform.storage (content-addressed blob store metadata)

Revision ID: 0006_blobs
Revises: 0005_legal_rep_face_verified
Create Date: 2026-12-01 21:30:00

A committed row names a blob that exists in the store; documents and seals reference ``blobs.sha256``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from eseal.platform.core import UTCDateTime

revision = '0006_blobs'
down_revision = '0005_legal_rep_face_verified'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("content_type", sa.String(length=127), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blobs")),
    )


def downgrade() -> None:
    op.drop_table("blobs")
