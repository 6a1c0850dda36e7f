"""`zhengce staff add USERNAME --role admin|reviewer`, `zhengce staff list`: console accounts.

    zhengce staff add wang --role admin                      # asks for the password twice
    printf '%s\n' "$PASSWORD" | zhengce staff add li --role reviewer --password-stdin
"""

from __future__ import annotations

import argparse
import getpass
import sys

from config import get_settings
from index.db import make_engine
from service.commands.common import CommandError
from service.console.errors import ConsoleError
from service.console.permissions import ROLES
from service.console.wiring import Console
from service.schema import create_schema


def register(commands: argparse._SubParsersAction) -> None:
    staff = commands.add_parser("staff", help="staff accounts of the review console (/console)")
    actions = staff.add_subparsers(dest="staff_command", required=True)
    add = actions.add_parser("add", help="create a staff account (the first admin, for instance)")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    add.set_defaults(handler=add_command)
    listing = actions.add_parser("list", help="list staff accounts")
    listing.set_defaults(handler=list_command)


def console() -> Console:
    """The console's stores on the configured database; no model, no index."""
    settings = get_settings()
    engine = make_engine(settings.database_url)
    create_schema(engine)
    return Console.build(settings, engine)


def add_command(args: argparse.Namespace) -> int:
    password = _read_password(args.password_stdin)
    try:
        staff = console().staff.add(args.username, args.role, password)
    except ConsoleError as error:
        raise CommandError(str(error)) from error
    print(f"created {staff.role} {staff.username}; log in at /console/login")
    return 0


def list_command(_: argparse.Namespace) -> int:
    for staff in console().staff.list():
        print(f"{staff.username}\t{staff.role}\t{'disabled' if staff.disabled else 'active'}")
    return 0


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码（至少 10 位）：")
    if getpass.getpass("再输入一次：") != first:
        raise CommandError("两次输入的密码不一致")
    return first
