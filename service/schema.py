"""Every domain's tables, registered on the shared metadata, and the call that creates them."""

from __future__ import annotations

from sqlalchemy import Engine


def import_all_tables() -> None:
    """Import each table module so `Base.metadata` knows every table before `create_all`."""
    import index.lifecycle_tables  # noqa: F401
    import index.privacy.tables  # noqa: F401
    import index.tables  # noqa: F401
    import push.reminder_tables  # noqa: F401
    import push.tables  # noqa: F401
    import service.console.tables  # noqa: F401
    import service.privacy.tables  # noqa: F401
    import service.qa.tables  # noqa: F401
    import service.security.tables  # noqa: F401


def create_schema(engine: Engine) -> None:
    """Bring the database to the current schema by applying the Alembic migrations."""
    from service.migrate import upgrade

    upgrade(engine)
