"""all tables of D1: documents, document_revisions, signings, business_sources (D1a: eseal.platform.documents.models)
and verification_reports (D1b: eseal.platform.verification.models)

Revision ID: 0008_documents
Revises: 0007_seals
Create Date: 2026-12-01 22:00:00

Spelled out here (no model imports).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from eseal.platform.core import UTCDateTime

revision = '0008_documents'
down_revision = '0007_seals'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('business_sources',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_business_sources'))
    )
    # the seven sources of the manual (§4.6.3); the same codes as eseal.platform.documents.business.SOURCES [D1c]
    op.bulk_insert(sa.table('business_sources', sa.column('code', sa.String), sa.column('name', sa.String)), [
        {'code': 'gx_eseal', 'name': '广西统一电子印章管理平台'},
        {'code': 'yichuangtong', 'name': '企业开办“一窗通”平台'},
        {'code': 'guihuinong', 'name': '桂惠农'},
        {'code': 'yiwangtongban', 'name': '一网通办'},
        {'code': 'gx_port_dg', 'name': '广西港口危险货物安监'},
        {'code': 'gx_realestate', 'name': '广西不动产APP'},
        {'code': 'gx_water_gas', 'name': '广西城市供水供气服务综合管理平台'},
    ])
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_account_id', sa.Integer(), nullable=False),
    sa.Column('created_by_account_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('source_code', sa.String(length=32), nullable=True),
    sa.Column('matter_type', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('current_revision_id', sa.Integer(), nullable=True),
    sa.Column('page_count', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('signed_at', UTCDateTime(), nullable=True),
    sa.Column('deleted_at', UTCDateTime(), nullable=True),
    sa.Column('purge_after', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_account_id'], ['accounts.id'], name=op.f('fk_documents_created_by_account_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_account_id'], ['accounts.id'], name=op.f('fk_documents_owner_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_code'], ['business_sources.code'], name=op.f('fk_documents_source_code_business_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index('ix_documents_owner_created', ['owner_account_id', 'created_at'], unique=False)
        batch_op.create_index('ix_documents_owner_signed', ['owner_account_id', 'signed_at'], unique=False)

    op.create_table('verification_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.String(length=64), nullable=False),
    sa.Column('document_sha256', sa.String(length=64), nullable=False),
    sa.Column('document_sm3', sa.String(length=64), nullable=False),
    sa.Column('document_name', sa.String(length=255), nullable=False),
    sa.Column('document_size', sa.BigInteger(), nullable=False),
    sa.Column('verdict', sa.String(length=32), nullable=False),
    sa.Column('signature_count', sa.Integer(), nullable=False),
    sa.Column('report_json_blob', sa.String(length=64), nullable=False),
    sa.Column('report_pdf_blob', sa.String(length=64), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('anon_session_hash', sa.String(length=64), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_verification_reports_account_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['report_json_blob'], ['blobs.sha256'], name=op.f('fk_verification_reports_report_json_blob_blobs')),
    sa.ForeignKeyConstraint(['report_pdf_blob'], ['blobs.sha256'], name=op.f('fk_verification_reports_report_pdf_blob_blobs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_reports')),
    sa.UniqueConstraint('serial', name=op.f('uq_verification_reports_serial'))
    )
    with op.batch_alter_table('verification_reports', schema=None) as batch_op:
        batch_op.create_index('ix_verification_reports_account', ['account_id', 'created_at'], unique=False)

    op.create_table('document_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('blob_sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('sm3', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('created_by_account_id', sa.Integer(), nullable=True),
    sa.Column('signing_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['blob_sha256'], ['blobs.sha256'], name=op.f('fk_document_revisions_blob_sha256_blobs')),
    sa.ForeignKeyConstraint(['created_by_account_id'], ['accounts.id'], name=op.f('fk_document_revisions_created_by_account_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_revisions_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_revisions'))
    )
    with op.batch_alter_table('document_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_revisions_sha256'), ['sha256'], unique=False)
        batch_op.create_index('uq_document_revisions_number', ['document_id', 'number'], unique=True)

    op.create_table('signings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('from_revision_id', sa.Integer(), nullable=False),
    sa.Column('to_revision_id', sa.Integer(), nullable=True),
    sa.Column('seal_id', sa.Integer(), nullable=True),
    sa.Column('seal_version_id', sa.Integer(), nullable=True),
    sa.Column('mode', sa.String(length=8), nullable=False),
    sa.Column('placements', sa.Text(), nullable=False),
    sa.Column('profile', sa.String(length=8), nullable=False),
    sa.Column('acting_account_id', sa.Integer(), nullable=True),
    sa.Column('owner_account_id', sa.Integer(), nullable=True),
    sa.Column('willingness_method', sa.String(length=16), nullable=False),
    sa.Column('client_ip', sa.String(length=64), nullable=True),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.Column('grant_id', sa.Integer(), nullable=True),
    sa.Column('use_number', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['acting_account_id'], ['accounts.id'], name=op.f('fk_signings_acting_account_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_signings_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['from_revision_id'], ['document_revisions.id'], name=op.f('fk_signings_from_revision_id_document_revisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_account_id'], ['accounts.id'], name=op.f('fk_signings_owner_account_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['seal_id'], ['seals.id'], name=op.f('fk_signings_seal_id_seals'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['seal_version_id'], ['seal_versions.id'], name=op.f('fk_signings_seal_version_id_seal_versions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['to_revision_id'], ['document_revisions.id'], name=op.f('fk_signings_to_revision_id_document_revisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signings'))
    )
    with op.batch_alter_table('signings', schema=None) as batch_op:
        batch_op.create_index('ix_signings_document_at', ['document_id', 'at'], unique=False)
        batch_op.create_index('ix_signings_seal', ['seal_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('signings', schema=None) as batch_op:
        batch_op.drop_index('ix_signings_seal')
        batch_op.drop_index('ix_signings_document_at')

    op.drop_table('signings')
    with op.batch_alter_table('document_revisions', schema=None) as batch_op:
        batch_op.drop_index('uq_document_revisions_number')
        batch_op.drop_index(batch_op.f('ix_document_revisions_sha256'))

    op.drop_table('document_revisions')
    with op.batch_alter_table('verification_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_verification_reports_account')

    op.drop_table('verification_reports')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ix_documents_owner_signed')
        batch_op.drop_index('ix_documents_owner_created')

    op.drop_table('documents')
    op.drop_table('business_sources')
