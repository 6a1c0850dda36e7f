"""Index change log: the generation every index write bumps, and one row per change; FAQ and ticket
vectors name their model.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    _add_model_columns()
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "index_state" in existing:  # a pre-migration database adopted with create_all already has them
        _ensure_state_row()
        return
    state = op.create_table('index_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('generation', sa.BigInteger(), nullable=False),
    sa.Column('model', sa.String(length=200), nullable=True),
    sa.Column('dimension', sa.Integer(), nullable=True),
    sa.Column('chunker_version', sa.String(length=50), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('index_changes',
    sa.Column('generation', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('doc_id', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('removed', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('generation')
    )
    op.bulk_insert(state, [{'id': 1, 'generation': 0}])


def _add_model_columns() -> None:
    """FAQ and ticket question vectors name the model that made them (None: made before this revision)."""
    inspector = sa.inspect(op.get_bind())
    for table in ('faq_entries', 'tickets'):
        if 'model' not in {c['name'] for c in inspector.get_columns(table)}:
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.add_column(sa.Column('model', sa.String(length=200), nullable=True))


def _ensure_state_row() -> None:
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT count(*) FROM index_state WHERE id = 1")).scalar() == 0:
        bind.execute(sa.text("INSERT INTO index_state (id, generation) VALUES (1, 0)"))


def downgrade() -> None:
    for table in ('faq_entries', 'tickets'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('model')
    op.drop_table('index_changes')
    op.drop_table('index_state')
