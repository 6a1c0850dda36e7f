"""Push eligibility: subscriber facts, policy conditions, and what the selection said when staff decided.

Revision ID: 0005
Revises: 0007

A database adopted from before migrations gets its tables from the current models and is stamped 0001,
so a column may already be there: each one is added only where it is missing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS: dict[str, list[sa.Column]] = {
    "push_subscribers": [sa.Column("facts", sa.JSON(), nullable=True)],
    "push_policy_audience": [sa.Column("conditions", sa.JSON(), nullable=True)],
    "push_decisions": [sa.Column("selected", sa.Boolean(), nullable=True),
                       sa.Column("decided_by", sa.String(length=200), nullable=True)],
}


def _existing(table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        missing = [c for c in columns if c.name not in _existing(table)]
        if missing:
            with op.batch_alter_table(table) as batch:
                for column in missing:
                    batch.add_column(column)


def downgrade() -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in reversed(columns):
                batch.drop_column(column.name)
