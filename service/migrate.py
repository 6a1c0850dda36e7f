"""Bringing a database to the current schema with Alembic, at every start.

A database made before migrations existed (tables created directly, no `alembic_version`) gets any
missing tables and is stamped at the first revision, so the revisions after it apply as usual.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect

from index.db import create_all
from service.schema import import_all_tables

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
BASELINE = "0001"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Apply every migration not yet applied; adopt a pre-migration database first."""
    config = alembic_config(engine)
    tables = set(inspect(engine).get_table_names())
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        if "policies" in tables and "alembic_version" not in tables:
            log.warning("database predates migrations: creating missing tables and stamping %s", BASELINE)
            import_all_tables()
            create_all(engine)
            command.stamp(config, BASELINE)
        command.upgrade(config, "head")
