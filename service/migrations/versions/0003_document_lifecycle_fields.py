"""Policies gain expires, doc_type, repeals, amends and per-field provenance.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 22:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('policies') as batch:
        batch.add_column(sa.Column('expires', sa.Date(), nullable=True))
        batch.add_column(sa.Column('doc_type', sa.String(length=40), nullable=True))
        batch.add_column(sa.Column('repeals', sa.JSON(), nullable=False, server_default='[]'))
        batch.add_column(sa.Column('amends', sa.JSON(), nullable=False, server_default='[]'))
        batch.add_column(sa.Column('provenance', sa.JSON(), nullable=False, server_default='{}'))


def downgrade() -> None:
    with op.batch_alter_table('policies') as batch:
        for name in ('provenance', 'amends', 'repeals', 'doc_type', 'expires'):
            batch.drop_column(name)
