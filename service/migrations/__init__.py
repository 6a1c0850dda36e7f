"""Alembic migrations of the whole schema (every domain's tables). Applied by `service.migrate`."""
