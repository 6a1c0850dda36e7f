"""Each passage's sentence vectors (answers weigh a passage by its best sentence).

Revision ID: 0011
Revises: 0005
Create Date: 2026-11-29 06:30:00

Passages stored before this revision have none until `zhengce reindex` embeds them again; until then answers
weigh them by the passage vector alone.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('chunks', sa.Column('sentence_vectors', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('chunks') as batch:
        batch.drop_column('sentence_vectors')
