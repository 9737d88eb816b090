"""grants (G1): grants, grant_seals, grant_events (eseal.platform.grants.models)

Revision ID: 0009_grants
Revises: 0008_documents
Create Date: 2026-12-02 10:00:00

Spelled out here (no model imports).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from eseal.platform.core import UTCDateTime

revision = '0009_grants'
down_revision = '0008_documents'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_account_id', sa.Integer(), nullable=False),
    sa.Column('grantee_account_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('department', sa.String(length=100), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('all_seals', sa.Boolean(), nullable=False),
    sa.Column('starts_at', UTCDateTime(), nullable=True),
    sa.Column('ends_at', UTCDateTime(), nullable=True),
    sa.Column('uses_total', sa.Integer(), nullable=True),
    sa.Column('uses_left', sa.Integer(), nullable=True),
    sa.Column('last_use_number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('created_by_account_id', sa.Integer(), nullable=True),
    sa.Column('accepted_at', UTCDateTime(), nullable=True),
    sa.Column('revoked_at', UTCDateTime(), nullable=True),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_account_id'], ['accounts.id'], name=op.f('fk_grants_enterprise_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['grantee_account_id'], ['accounts.id'], name=op.f('fk_grants_grantee_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_account_id'], ['accounts.id'], name=op.f('fk_grants_created_by_account_id_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grants'))
    )
    with op.batch_alter_table('grants', schema=None) as batch_op:
        batch_op.create_index('ix_grants_enterprise_role', ['enterprise_account_id', 'role'], unique=False)
        batch_op.create_index('ix_grants_grantee', ['grantee_account_id', 'status'], unique=False)

    op.create_table('grant_seals',
    sa.Column('grant_id', sa.Integer(), nullable=False),
    sa.Column('seal_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['grant_id'], ['grants.id'], name=op.f('fk_grant_seals_grant_id_grants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['seal_id'], ['seals.id'], name=op.f('fk_grant_seals_seal_id_seals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('grant_id', 'seal_id', name=op.f('pk_grant_seals'))
    )
    op.create_table('grant_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('grant_id', sa.Integer(), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('actor_account_id', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('signing_id', sa.Integer(), nullable=True),
    sa.Column('seal_id', sa.Integer(), nullable=True),
    sa.Column('use_number', sa.Integer(), nullable=True),
    sa.Column('remaining', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['grant_id'], ['grants.id'], name=op.f('fk_grant_events_grant_id_grants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['actor_account_id'], ['accounts.id'], name=op.f('fk_grant_events_actor_account_id_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grant_events'))
    )
    with op.batch_alter_table('grant_events', schema=None) as batch_op:
        batch_op.create_index('ix_grant_events_grant', ['grant_id', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('grant_events', schema=None) as batch_op:
        batch_op.drop_index('ix_grant_events_grant')
    op.drop_table('grant_events')
    op.drop_table('grant_seals')
    with op.batch_alter_table('grants', schema=None) as batch_op:
        batch_op.drop_index('ix_grants_grantee')
        batch_op.drop_index('ix_grants_enterprise_role')
    op.drop_table('grants')
