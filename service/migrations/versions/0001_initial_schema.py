"""Initial schema: policies and chunks, Q&A, push and console tables.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 07:20:06.326924
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('answers',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('session_id', sa.String(length=64), nullable=True),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('standalone', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('citations', sa.JSON(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('handoff', sa.Boolean(), nullable=False),
    sa.Column('faq_id', sa.Integer(), nullable=True),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('style', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answers_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_answers_handoff'), ['handoff'], unique=False)
        batch_op.create_index(batch_op.f('ix_answers_session_id'), ['session_id'], unique=False)

    op.create_table('console_audit',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target', sa.Text(), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('console_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_audit_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_console_audit_actor'), ['actor'], unique=False)
        batch_op.create_index(batch_op.f('ix_console_audit_at'), ['at'], unique=False)

    op.create_table('console_labels',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('query', sa.Text(), nullable=False),
    sa.Column('normalized', sa.String(length=500), nullable=False),
    sa.Column('doc_id', sa.String(length=200), nullable=False),
    sa.Column('section', sa.Text(), nullable=False),
    sa.Column('snippet', sa.String(length=200), nullable=False),
    sa.Column('chunk_id', sa.Integer(), nullable=True),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('relevant', sa.Boolean(), nullable=False),
    sa.Column('labelled_by', sa.String(length=64), nullable=False),
    sa.Column('labelled_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('normalized', 'doc_id', 'section', 'snippet', name='uq_console_label')
    )
    with op.batch_alter_table('console_labels', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_labels_doc_id'), ['doc_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_console_labels_labelled_at'), ['labelled_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_console_labels_normalized'), ['normalized'], unique=False)

    op.create_table('console_login_failures',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('console_login_failures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_login_failures_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_console_login_failures_username'), ['username'], unique=False)

    op.create_table('console_staff',
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('username')
    )
    op.create_table('faq_entries',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('normalized', sa.Text(), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('citations', sa.JSON(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('faq_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_faq_entries_normalized'), ['normalized'], unique=False)

    op.create_table('policies',
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('doc_number', sa.String(length=200), nullable=True),
    sa.Column('issuer', sa.String(length=200), nullable=True),
    sa.Column('issued', sa.Date(), nullable=True),
    sa.Column('effective', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=True),
    sa.Column('region', sa.String(length=200), nullable=True),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('interprets', sa.String(length=200), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('extra', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('policies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policies_doc_number'), ['doc_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_policies_interprets'), ['interprets'], unique=False)
        batch_op.create_index(batch_op.f('ix_policies_issuer'), ['issuer'], unique=False)
        batch_op.create_index(batch_op.f('ix_policies_status'), ['status'], unique=False)

    op.create_table('push_decisions',
    sa.Column('doc_id', sa.String(length=200), nullable=False),
    sa.Column('subscriber_id', sa.String(length=100), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('doc_id', 'subscriber_id')
    )
    with op.batch_alter_table('push_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_push_decisions_decided_at'), ['decided_at'], unique=False)

    op.create_table('push_leases',
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('holder', sa.String(length=200), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('push_runs',
    sa.Column('id', sa.String(length=100), nullable=False),
    sa.Column('trigger', sa.String(length=20), nullable=False),
    sa.Column('scheduled_for', sa.DateTime(timezone=True), nullable=True),
    sa.Column('window_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('window_end', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('policies', sa.Integer(), nullable=False),
    sa.Column('messages', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('push_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_push_runs_window_end'), ['window_end'], unique=False)

    op.create_table('push_subscribers',
    sa.Column('id', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('region', sa.String(length=200), nullable=False),
    sa.Column('industry', sa.String(length=100), nullable=True),
    sa.Column('scale', sa.String(length=20), nullable=True),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('established', sa.Date(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('interests', sa.Text(), nullable=False),
    sa.Column('channel_type', sa.String(length=20), nullable=False),
    sa.Column('channel_url', sa.Text(), nullable=False),
    sa.Column('channel_secret', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('unsubscribe_token', sa.String(length=64), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=True),
    sa.Column('vector_model', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('unsubscribe_token')
    )
    op.create_table('qa_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_active_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('qa_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qa_sessions_last_active_at'), ['last_active_at'], unique=False)

    op.create_table('tickets',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('normalized', sa.Text(), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.Column('retrieved', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('asks', sa.Integer(), nullable=False),
    sa.Column('answer_ids', sa.JSON(), nullable=False),
    sa.Column('faq_id', sa.Integer(), nullable=True),
    sa.Column('merged_into', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tickets_normalized'), ['normalized'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_status'), ['status'], unique=False)

    op.create_table('chunks',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('doc_id', sa.String(length=200), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('section', sa.Text(), nullable=False),
    sa.Column('heading_path', sa.JSON(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('embed_text', sa.Text(), nullable=False),
    sa.Column('tokens', sa.Text(), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['policies.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('chunks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chunks_doc_id'), ['doc_id'], unique=False)

    op.create_table('console_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('csrf_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['username'], ['console_staff.username'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash')
    )
    with op.batch_alter_table('console_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_sessions_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_console_sessions_username'), ['username'], unique=False)

    op.create_table('feedback',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('answer_id', sa.String(length=64), nullable=False),
    sa.Column('rating', sa.String(length=10), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_answer_id'), ['answer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_rating'), ['rating'], unique=False)

    op.create_table('push_deliveries',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('run_id', sa.String(length=100), nullable=False),
    sa.Column('subscriber_id', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_status', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['push_runs.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('run_id', 'subscriber_id')
    )
    with op.batch_alter_table('push_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_push_deliveries_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_push_deliveries_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_push_deliveries_subscriber_id'), ['subscriber_id'], unique=False)

    op.create_table('push_policy_audience',
    sa.Column('doc_id', sa.String(length=200), nullable=False),
    sa.Column('kinds', sa.JSON(), nullable=False),
    sa.Column('subjects', sa.JSON(), nullable=False),
    sa.Column('jurisdiction', sa.String(length=200), nullable=True),
    sa.Column('industries', sa.JSON(), nullable=False),
    sa.Column('scales', sa.JSON(), nullable=False),
    sa.Column('thresholds', sa.JSON(), nullable=False),
    sa.Column('corrected_by_staff', sa.Boolean(), nullable=False),
    sa.Column('source_hash', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['policies.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('doc_id')
    )
    op.create_table('push_run_policies',
    sa.Column('run_id', sa.String(length=100), nullable=False),
    sa.Column('doc_id', sa.String(length=200), nullable=False),
    sa.Column('matched', sa.Integer(), nullable=False),
    sa.Column('queued', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['push_runs.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('run_id', 'doc_id')
    )
    op.create_table('qa_turns',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('session_id', sa.String(length=64), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('standalone', sa.Text(), nullable=False),
    sa.Column('topic_title', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['qa_sessions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('qa_turns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qa_turns_session_id'), ['session_id'], unique=False)

    op.create_table('push_delivery_items',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('delivery_id', sa.String(length=40), nullable=False),
    sa.Column('run_id', sa.String(length=100), nullable=False),
    sa.Column('subscriber_id', sa.String(length=100), nullable=False),
    sa.Column('doc_id', sa.String(length=200), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('token', sa.String(length=40), nullable=False),
    sa.Column('clicks', sa.Integer(), nullable=False),
    sa.Column('first_clicked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['delivery_id'], ['push_deliveries.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('subscriber_id', 'doc_id'),
    sa.UniqueConstraint('token')
    )
    with op.batch_alter_table('push_delivery_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_push_delivery_items_delivery_id'), ['delivery_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_push_delivery_items_doc_id'), ['doc_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_push_delivery_items_run_id'), ['run_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('push_delivery_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_delivery_items_run_id'))
        batch_op.drop_index(batch_op.f('ix_push_delivery_items_doc_id'))
        batch_op.drop_index(batch_op.f('ix_push_delivery_items_delivery_id'))

    op.drop_table('push_delivery_items')
    with op.batch_alter_table('qa_turns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qa_turns_session_id'))

    op.drop_table('qa_turns')
    op.drop_table('push_run_policies')
    op.drop_table('push_policy_audience')
    with op.batch_alter_table('push_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_deliveries_subscriber_id'))
        batch_op.drop_index(batch_op.f('ix_push_deliveries_run_id'))
        batch_op.drop_index('ix_push_deliveries_due')

    op.drop_table('push_deliveries')
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_rating'))
        batch_op.drop_index(batch_op.f('ix_feedback_created_at'))
        batch_op.drop_index(batch_op.f('ix_feedback_answer_id'))

    op.drop_table('feedback')
    with op.batch_alter_table('console_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_sessions_username'))
        batch_op.drop_index(batch_op.f('ix_console_sessions_expires_at'))

    op.drop_table('console_sessions')
    with op.batch_alter_table('chunks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chunks_doc_id'))

    op.drop_table('chunks')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tickets_status'))
        batch_op.drop_index(batch_op.f('ix_tickets_normalized'))

    op.drop_table('tickets')
    with op.batch_alter_table('qa_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qa_sessions_last_active_at'))

    op.drop_table('qa_sessions')
    op.drop_table('push_subscribers')
    with op.batch_alter_table('push_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_runs_window_end'))

    op.drop_table('push_runs')
    op.drop_table('push_leases')
    with op.batch_alter_table('push_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_decisions_decided_at'))

    op.drop_table('push_decisions')
    with op.batch_alter_table('policies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policies_status'))
        batch_op.drop_index(batch_op.f('ix_policies_issuer'))
        batch_op.drop_index(batch_op.f('ix_policies_interprets'))
        batch_op.drop_index(batch_op.f('ix_policies_doc_number'))

    op.drop_table('policies')
    with op.batch_alter_table('faq_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_faq_entries_normalized'))

    op.drop_table('faq_entries')
    op.drop_table('console_staff')
    with op.batch_alter_table('console_login_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_login_failures_username'))
        batch_op.drop_index(batch_op.f('ix_console_login_failures_at'))

    op.drop_table('console_login_failures')
    with op.batch_alter_table('console_labels', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_labels_normalized'))
        batch_op.drop_index(batch_op.f('ix_console_labels_labelled_at'))
        batch_op.drop_index(batch_op.f('ix_console_labels_doc_id'))

    op.drop_table('console_labels')
    with op.batch_alter_table('console_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_audit_at'))
        batch_op.drop_index(batch_op.f('ix_console_audit_actor'))
        batch_op.drop_index(batch_op.f('ix_console_audit_action'))

    op.drop_table('console_audit')
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answers_session_id'))
        batch_op.drop_index(batch_op.f('ix_answers_handoff'))
        batch_op.drop_index(batch_op.f('ix_answers_created_at'))

    op.drop_table('answers')
