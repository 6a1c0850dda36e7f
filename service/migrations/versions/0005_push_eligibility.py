"""Push eligibility: subscriber facts (form, figures, ownership, citizen attributes) and policy conditions.

Revision ID: 0005
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("push_subscribers") as batch:
        batch.add_column(sa.Column("facts", sa.JSON(), nullable=True))
    with op.batch_alter_table("push_policy_audience") as batch:
        batch.add_column(sa.Column("conditions", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("push_policy_audience") as batch:
        batch.drop_column("conditions")
    with op.batch_alter_table("push_subscribers") as batch:
        batch.drop_column("facts")
