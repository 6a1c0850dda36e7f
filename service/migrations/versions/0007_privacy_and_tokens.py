"""Privacy findings and originals, raw questions, API tokens, login failures by address

Revision ID: 0007
Revises: 0010
Create Date: 2026-11-28 22:48:06.602622
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a database adopted from before migrations already has every table of the models (service.migrate)
    bind = op.get_bind()
    tables = set(sa.inspect(bind).get_table_names())
    if 'api_tokens' not in tables:
        op.create_table('api_tokens',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('prefix', sa.String(length=16), nullable=False),
        sa.Column('created_by', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
        sa.UniqueConstraint('token_hash')
        )
    if 'privacy_findings' not in tables:
        op.create_table('privacy_findings',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('doc_id', sa.String(length=200), nullable=False),
        sa.Column('field', sa.String(length=20), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('masked', sa.String(length=200), nullable=False),
        sa.Column('line', sa.Integer(), nullable=False),
        sa.Column('column', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('decision', sa.String(length=16), nullable=True),
        sa.Column('decided_by', sa.String(length=64), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('found_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('privacy_findings', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_privacy_findings_doc_id'), ['doc_id'], unique=False)
            batch_op.create_index(batch_op.f('ix_privacy_findings_fingerprint'), ['fingerprint'], unique=False)
    if 'privacy_raw_questions' not in tables:
        op.create_table('privacy_raw_questions',
        sa.Column('answer_id', sa.String(length=64), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('answer_id')
        )
        with op.batch_alter_table('privacy_raw_questions', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_privacy_raw_questions_created_at'), ['created_at'], unique=False)
    if 'privacy_originals' not in tables:
        op.create_table('privacy_originals',
        sa.Column('doc_id', sa.String(length=200), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('stored_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['doc_id'], ['policies.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('doc_id')
        )
    if 'address' not in {c['name'] for c in sa.inspect(bind).get_columns('console_login_failures')}:
        with op.batch_alter_table('console_login_failures', schema=None) as batch_op:
            batch_op.add_column(sa.Column('address', sa.String(length=64), server_default='', nullable=False))
            batch_op.create_index(batch_op.f('ix_console_login_failures_address'), ['address'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('console_login_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_login_failures_address'))
        batch_op.drop_column('address')

    op.drop_table('privacy_originals')
    with op.batch_alter_table('privacy_raw_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_privacy_raw_questions_created_at'))

    op.drop_table('privacy_raw_questions')
    with op.batch_alter_table('privacy_findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_privacy_findings_fingerprint'))
        batch_op.drop_index(batch_op.f('ix_privacy_findings_doc_id'))

    op.drop_table('privacy_findings')
    op.drop_table('api_tokens')
