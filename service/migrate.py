"""Bringing a database to the current schema with Alembic, at every start.

A database made before migrations existed (tables created directly, no `alembic_version`) gets any
missing table of the first revision and is stamped at it, so the revisions after it apply as usual.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect

from index.db import Base
from service.schema import import_all_tables

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
BASELINE = "0001"
# The tables revision 0001 creates (a test checks this list against the revision itself).
BASELINE_TABLES = frozenset({
    "answers", "chunks", "console_audit", "console_labels", "console_login_failures", "console_sessions",
    "console_staff", "faq_entries", "feedback", "policies", "push_decisions", "push_deliveries",
    "push_delivery_items", "push_leases", "push_policy_audience", "push_run_policies", "push_runs",
    "push_subscribers", "qa_sessions", "qa_turns", "tickets",
})


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
            baseline = [t for t in Base.metadata.sorted_tables if t.name in BASELINE_TABLES]
            Base.metadata.create_all(connection, tables=baseline)
            command.stamp(config, BASELINE)
        command.upgrade(config, "head")
