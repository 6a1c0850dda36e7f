"""Relations between documents (repeals, amends) and application windows; reminders sent.

Revision ID: 0010
Revises: 0003
Create Date: 2026-11-28 22:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'policy_relations',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('source_id', sa.String(length=200), nullable=False),
        sa.Column('target_ref', sa.String(length=300), nullable=False),
        sa.Column('target_id', sa.String(length=200), nullable=True),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('sentence', sa.Text(), nullable=False),
        sa.Column('warning', sa.Text(), nullable=False),
        sa.Column('decided_by', sa.String(length=100), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['source_id'], ['policies.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_policy_relations_source_id', 'policy_relations', ['source_id'])
    op.create_index('ix_policy_relations_target_id', 'policy_relations', ['target_id'])
    op.create_index('ix_policy_relations_state', 'policy_relations', ['state'])
    op.create_table(
        'policy_application_windows',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('doc_id', sa.String(length=200), nullable=False),
        sa.Column('opens', sa.Date(), nullable=True),
        sa.Column('closes', sa.Date(), nullable=False),
        sa.Column('yearly', sa.Boolean(), nullable=False),
        sa.Column('sentence', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['doc_id'], ['policies.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_policy_application_windows_doc_id', 'policy_application_windows', ['doc_id'])
    op.create_table(
        'push_reminders',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('subscriber_id', sa.String(length=100), nullable=False),
        sa.Column('doc_id', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('closes', sa.Date(), nullable=False),
        sa.Column('delivery_id', sa.String(length=40), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('subscriber_id', 'doc_id', 'kind', 'closes'),
    )
    op.create_index('ix_push_reminders_delivery_id', 'push_reminders', ['delivery_id'])


def downgrade() -> None:
    op.drop_table('push_reminders')
    op.drop_table('policy_application_windows')
    op.drop_table('policy_relations')
