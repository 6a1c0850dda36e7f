"""Alembic environment: runs on the connection `service.migrate` hands over, against every domain's tables."""

from __future__ import annotations

from alembic import context

from index.db import Base
from service.schema import import_all_tables

import_all_tables()
connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
