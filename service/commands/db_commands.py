"""`zhengce db upgrade` and `zhengce db revision`: the schema migrations (Alembic)."""

from __future__ import annotations

import argparse

from alembic import command

from config import get_settings
from index.db import make_engine
from service.migrate import alembic_config, upgrade


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("db", help="database schema migrations")
    sub = parser.add_subparsers(dest="db_command", required=True)
    sub.add_parser("upgrade", help="apply pending migrations (the service also does this at start)").set_defaults(
        handler=upgrade_command)
    revision = sub.add_parser("revision", help="write a new migration from the difference between models and database")
    revision.add_argument("-m", "--message", required=True)
    revision.set_defaults(handler=revision_command)


def upgrade_command(_: argparse.Namespace) -> int:
    upgrade(make_engine(get_settings().database_url))
    print("database is at the latest revision")
    return 0


def revision_command(args: argparse.Namespace) -> int:
    engine = make_engine(get_settings().database_url)
    upgrade(engine)
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=args.message, autogenerate=True)
    return 0
