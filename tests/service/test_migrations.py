"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL.

A model change without a migration fails `test_migrations_match_the_models` with the difference.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from index.db import Base, make_engine
from index.store import PolicyStore
from service.migrate import BASELINE, BASELINE_TABLES, alembic_config, upgrade
from service.schema import import_all_tables
from tests.conftest import postgres_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    with ExitStack() as stack:
        url = stack.enter_context(postgres_database()) if request.param == "postgres" else f"sqlite:///{tmp_path}/m.db"
        built = make_engine(url)
        yield built
        built.dispose()


def _differences(engine: Engine) -> list:
    import_all_tables()
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def test_migrations_match_the_models(engine: Engine) -> None:
    upgrade(engine)
    assert _differences(engine) == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() is not None


def test_upgrading_twice_changes_nothing(engine: Engine) -> None:
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) == tables


def _pre_migration_database(engine: Engine) -> None:
    """The schema as it stood at the baseline, without `alembic_version`: what `create_all` made back then."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, BASELINE)
        connection.execute(text("DROP TABLE alembic_version"))


def test_the_baseline_table_list_is_what_the_first_revision_creates(engine: Engine) -> None:
    _pre_migration_database(engine)
    assert set(inspect(engine).get_table_names()) == BASELINE_TABLES


def test_a_database_from_before_migrations_is_adopted_and_keeps_its_rows(engine: Engine) -> None:
    _pre_migration_database(engine)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO policies (id, title, text, status, audience, extra, content_hash) "
            "VALUES ('p', 't', '第一条 x', '现行有效', '[]', '{}', 'h')"))
        connection.execute(text("DROP TABLE feedback"))
    upgrade(engine)
    store = PolicyStore(engine)
    assert store.get_policy("p").title == "t" and store.count() == (1, 0)
    assert _differences(engine) == []
