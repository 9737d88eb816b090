"""signing profile (D1): accounts.signing_profile (gm | pades, the account's choice, default gm) and
seal_pades_credentials (the ECDSA P-256 key and certificate a seal version signs PAdES with, made on first use)

Revision ID: 0010_signing_profile
Revises: 0009_grants
Create Date: 2026-12-02 01:15:00

Spelled out here (no model imports).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from eseal.platform.core import UTCDateTime

revision = '0010_signing_profile'
down_revision = '0009_grants'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('accounts') as batch:
        batch.add_column(sa.Column('signing_profile', sa.String(length=8), nullable=False, server_default='gm'))
    op.create_table('seal_pades_credentials',
    sa.Column('seal_version_id', sa.Integer(), nullable=False),
    sa.Column('key_id', sa.String(length=128), nullable=False),
    sa.Column('cert_serial', sa.String(length=64), nullable=False),
    sa.Column('cert_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['seal_version_id'], ['seal_versions.id'],
                            name=op.f('fk_seal_pades_credentials_seal_version_id_seal_versions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cert_sha256'], ['blobs.sha256'],
                            name=op.f('fk_seal_pades_credentials_cert_sha256_blobs')),
    sa.PrimaryKeyConstraint('seal_version_id', name=op.f('pk_seal_pades_credentials'))
    )


def downgrade() -> None:
    op.drop_table('seal_pades_credentials')
    with op.batch_alter_table('accounts') as batch:
        batch.drop_column('signing_profile')
