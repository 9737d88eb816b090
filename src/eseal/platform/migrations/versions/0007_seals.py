"""all tables of S1: seal applications (S1b: seal_applications, seal_application_materials, seal_application_auths)
and seals (S1a: seals, seal_versions, seal_events, seal_event_materials, seal_filings)

Revision ID: 0007_seals
Revises: 0006_blobs
Create Date: 2026-12-01 21:31:54

Spelled out here (no model imports): the models are eseal.platform.seals.models and
eseal.platform.seals.applications.models.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from eseal.platform.core import UTCDateTime

revision = '0007_seals'
down_revision = '0006_blobs'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('seal_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_account_id', sa.Integer(), nullable=False),
    sa.Column('applicant_account_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=24), nullable=False),
    sa.Column('seal_kinds', sa.String(length=200), nullable=False),
    sa.Column('font', sa.String(length=16), nullable=True),
    sa.Column('strokes_json', sa.Text(), nullable=True),
    sa.Column('method', sa.String(length=16), nullable=True),
    sa.Column('method_password_hash', sa.String(length=255), nullable=True),
    sa.Column('handler_name', sa.String(length=100), nullable=True),
    sa.Column('handler_id_type', sa.String(length=32), nullable=True),
    sa.Column('handler_id_enc', sa.String(length=255), nullable=True),
    sa.Column('handler_id_key', sa.String(length=80), nullable=True),
    sa.Column('handler_id_masked', sa.String(length=40), nullable=True),
    sa.Column('handler_phone', sa.String(length=20), nullable=True),
    sa.Column('legal_rep_name', sa.String(length=100), nullable=True),
    sa.Column('legal_rep_id_type', sa.String(length=32), nullable=True),
    sa.Column('legal_rep_id_enc', sa.String(length=255), nullable=True),
    sa.Column('legal_rep_id_key', sa.String(length=80), nullable=True),
    sa.Column('legal_rep_id_masked', sa.String(length=40), nullable=True),
    sa.Column('legal_rep_phone', sa.String(length=20), nullable=True),
    sa.Column('unit_name', sa.String(length=200), nullable=True),
    sa.Column('unit_credit_code', sa.String(length=18), nullable=True),
    sa.Column('failure_reason', sa.String(length=64), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.Column('submitted_at', UTCDateTime(), nullable=True),
    sa.Column('completed_at', UTCDateTime(), nullable=True),
    sa.Column('cancelled_at', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['applicant_account_id'], ['accounts.id'], name=op.f('fk_seal_applications_applicant_account_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_account_id'], ['accounts.id'], name=op.f('fk_seal_applications_owner_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seal_applications'))
    )
    with op.batch_alter_table('seal_applications', schema=None) as batch_op:
        batch_op.create_index('ix_seal_applications_owner_state', ['owner_account_id', 'state'], unique=False)

    op.create_table('seal_application_auths',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('sent_at', UTCDateTime(), nullable=True),
    sa.Column('expires_at', UTCDateTime(), nullable=True),
    sa.Column('consumed_at', UTCDateTime(), nullable=True),
    sa.Column('session_hash', sa.String(length=64), nullable=True),
    sa.Column('face_check_id', sa.String(length=64), nullable=True),
    sa.Column('face_passed_at', UTCDateTime(), nullable=True),
    sa.Column('form_sha256', sa.String(length=64), nullable=True),
    sa.Column('signature_sha256', sa.String(length=64), nullable=True),
    sa.Column('signed_form_sha256', sa.String(length=64), nullable=True),
    sa.Column('signed_at', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['seal_applications.id'], name=op.f('fk_seal_application_auths_application_id_seal_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['form_sha256'], ['blobs.sha256'], name=op.f('fk_seal_application_auths_form_sha256_blobs')),
    sa.ForeignKeyConstraint(['signature_sha256'], ['blobs.sha256'], name=op.f('fk_seal_application_auths_signature_sha256_blobs')),
    sa.ForeignKeyConstraint(['signed_form_sha256'], ['blobs.sha256'], name=op.f('fk_seal_application_auths_signed_form_sha256_blobs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seal_application_auths')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_seal_application_auths_token_hash'))
    )
    with op.batch_alter_table('seal_application_auths', schema=None) as batch_op:
        batch_op.create_index('uq_seal_application_auths_seq', ['application_id', 'seq'], unique=True)

    op.create_table('seal_application_materials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('slot', sa.String(length=32), nullable=False),
    sa.Column('blob_sha256', sa.String(length=64), nullable=False),
    sa.Column('thumb_sha256', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['seal_applications.id'], name=op.f('fk_seal_application_materials_application_id_seal_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['blob_sha256'], ['blobs.sha256'], name=op.f('fk_seal_application_materials_blob_sha256_blobs')),
    sa.ForeignKeyConstraint(['thumb_sha256'], ['blobs.sha256'], name=op.f('fk_seal_application_materials_thumb_sha256_blobs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seal_application_materials'))
    )
    with op.batch_alter_table('seal_application_materials', schema=None) as batch_op:
        batch_op.create_index('uq_seal_application_materials_slot', ['application_id', 'slot'], unique=True)

    op.create_table('seals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_account_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('holder_name', sa.String(length=200), nullable=False),
    sa.Column('es_id', sa.String(length=32), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('family', sa.String(length=8), nullable=False),
    sa.Column('current_version', sa.Integer(), nullable=False),
    sa.Column('valid_from', UTCDateTime(), nullable=False),
    sa.Column('valid_to', UTCDateTime(), nullable=False),
    sa.Column('font', sa.String(length=16), nullable=True),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('method_password_hash', sa.String(length=255), nullable=True),
    sa.Column('use_count', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['seal_applications.id'], name=op.f('fk_seals_application_id_seal_applications'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_account_id'], ['accounts.id'], name=op.f('fk_seals_owner_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seals')),
    sa.UniqueConstraint('es_id', name=op.f('uq_seals_es_id'))
    )
    with op.batch_alter_table('seals', schema=None) as batch_op:
        batch_op.create_index('ix_seals_owner_kind', ['owner_account_id', 'kind'], unique=False)

    op.create_table('seal_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seal_id', sa.Integer(), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('from_state', sa.String(length=16), nullable=True),
    sa.Column('to_state', sa.String(length=16), nullable=False),
    sa.Column('actor_account_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_account_id'], ['accounts.id'], name=op.f('fk_seal_events_actor_account_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['seal_id'], ['seals.id'], name=op.f('fk_seal_events_seal_id_seals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seal_events'))
    )
    with op.batch_alter_table('seal_events', schema=None) as batch_op:
        batch_op.create_index('ix_seal_events_seal_at', ['seal_id', 'at', 'id'], unique=False)

    op.create_table('seal_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seal_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('key_id', sa.String(length=128), nullable=False),
    sa.Column('cert_serial', sa.String(length=64), nullable=False),
    sa.Column('cert_sha256', sa.String(length=64), nullable=False),
    sa.Column('esl_sha256', sa.String(length=64), nullable=False),
    sa.Column('png_sha256', sa.String(length=64), nullable=False),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
    sa.Column('width_mm', sa.Float(), nullable=False),
    sa.Column('height_mm', sa.Float(), nullable=False),
    sa.Column('font', sa.String(length=16), nullable=True),
    sa.Column('valid_from', UTCDateTime(), nullable=False),
    sa.Column('valid_to', UTCDateTime(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cert_sha256'], ['blobs.sha256'], name=op.f('fk_seal_versions_cert_sha256_blobs')),
    sa.ForeignKeyConstraint(['esl_sha256'], ['blobs.sha256'], name=op.f('fk_seal_versions_esl_sha256_blobs')),
    sa.ForeignKeyConstraint(['pdf_sha256'], ['blobs.sha256'], name=op.f('fk_seal_versions_pdf_sha256_blobs')),
    sa.ForeignKeyConstraint(['png_sha256'], ['blobs.sha256'], name=op.f('fk_seal_versions_png_sha256_blobs')),
    sa.ForeignKeyConstraint(['seal_id'], ['seals.id'], name=op.f('fk_seal_versions_seal_id_seals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seal_versions'))
    )
    with op.batch_alter_table('seal_versions', schema=None) as batch_op:
        batch_op.create_index('uq_seal_versions_seal_version', ['seal_id', 'version'], unique=True)

    op.create_table('seal_event_materials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('blob_sha256', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['blob_sha256'], ['blobs.sha256'], name=op.f('fk_seal_event_materials_blob_sha256_blobs')),
    sa.ForeignKeyConstraint(['event_id'], ['seal_events.id'], name=op.f('fk_seal_event_materials_event_id_seal_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seal_event_materials'))
    )
    op.create_table('seal_filings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seal_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('provider', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reference', sa.String(length=128), nullable=True),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['seal_events.id'], name=op.f('fk_seal_filings_event_id_seal_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['seal_id'], ['seals.id'], name=op.f('fk_seal_filings_seal_id_seals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seal_filings'))
    )


def downgrade() -> None:
    op.drop_table('seal_filings')
    op.drop_table('seal_event_materials')
    with op.batch_alter_table('seal_versions', schema=None) as batch_op:
        batch_op.drop_index('uq_seal_versions_seal_version')

    op.drop_table('seal_versions')
    with op.batch_alter_table('seal_events', schema=None) as batch_op:
        batch_op.drop_index('ix_seal_events_seal_at')

    op.drop_table('seal_events')
    with op.batch_alter_table('seals', schema=None) as batch_op:
        batch_op.drop_index('ix_seals_owner_kind')

    op.drop_table('seals')
    with op.batch_alter_table('seal_application_materials', schema=None) as batch_op:
        batch_op.drop_index('uq_seal_application_materials_slot')

    op.drop_table('seal_application_materials')
    with op.batch_alter_table('seal_application_auths', schema=None) as batch_op:
        batch_op.drop_index('uq_seal_application_auths_seq')

    op.drop_table('seal_application_auths')
    with op.batch_alter_table('seal_applications', schema=None) as batch_op:
        batch_op.drop_index('ix_seal_applications_owner_state')

    op.drop_table('seal_applications')
