"""Every domain's tables, registered on the shared metadata, and the call that creates them."""

from __future__ import annotations

from sqlalchemy import Engine

from index.db import create_all


def import_all_tables() -> None:
    """Import each table module so `Base.metadata` knows every table before `create_all`."""
    import index.tables  # noqa: F401
    import push.tables  # noqa: F401
    import service.console.tables  # noqa: F401
    import service.qa.tables  # noqa: F401


def create_schema(engine: Engine) -> None:
    import_all_tables()
    create_all(engine)
