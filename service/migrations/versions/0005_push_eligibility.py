"""Push eligibility: subscriber facts, policy conditions, and what the selection said when staff decided.

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
    with op.batch_alter_table("push_decisions") as batch:
        batch.add_column(sa.Column("selected", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("decided_by", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("push_decisions") as batch:
        batch.drop_column("decided_by")
        batch.drop_column("selected")
    with op.batch_alter_table("push_policy_audience") as batch:
        batch.drop_column("conditions")
    with op.batch_alter_table("push_subscribers") as batch:
        batch.drop_column("facts")
