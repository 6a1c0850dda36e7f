"""`zhengce token create NAME --role admin|reviewer|push`, `token list`, `token revoke NAME`: per-person API tokens.

The secret is printed once, at creation; only its hash is stored.
"""

from __future__ import annotations

import argparse
import getpass

from config import get_settings
from index.db import make_engine
from service.commands.common import CommandError
from service.console.audit import AuditLog
from service.schema import create_schema
from service.security.tokens import ROLE_NAMES, TOKEN_ROLES, TokenError, TokenNotFound, TokenStore


def register(commands: argparse._SubParsersAction) -> None:
    token = commands.add_parser("token", help="per-person API tokens (admin, reviewer, push operator)")
    actions = token.add_subparsers(dest="token_command", required=True)
    create = actions.add_parser("create", help="create a token and print its secret once")
    create.add_argument("name", help="whose token: a person or a system, e.g. wang or push-bot")
    create.add_argument("--role", choices=TOKEN_ROLES, required=True)
    create.set_defaults(handler=create_command)
    actions.add_parser("list", help="list tokens (never their secrets)").set_defaults(handler=list_command)
    revoke = actions.add_parser("revoke", help="revoke a token at once")
    revoke.add_argument("name")
    revoke.set_defaults(handler=revoke_command)


def _stores() -> tuple[TokenStore, AuditLog]:
    engine = make_engine(get_settings().database_url)
    create_schema(engine)
    return TokenStore(engine), AuditLog(engine)


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def create_command(args: argparse.Namespace) -> int:
    tokens, audit = _stores()
    try:
        token, secret = tokens.create(args.name, args.role, _actor())
    except TokenError as error:
        raise CommandError(str(error)) from error
    audit.record(_actor(), "tokens.create", token.name, after={"role": token.role})
    print(secret)
    print(f"created {ROLE_NAMES[token.role]} token {token.name}; the secret above is shown only once")
    return 0


def list_command(_: argparse.Namespace) -> int:
    tokens, _audit = _stores()
    for token in tokens.list():
        state = "revoked" if token.revoked_at else "active"
        used = token.last_used_at.isoformat(timespec="seconds") if token.last_used_at else "never used"
        print(f"{token.name}\t{token.role}\t{token.prefix}…\t{state}\t{used}")
    return 0


def revoke_command(args: argparse.Namespace) -> int:
    tokens, audit = _stores()
    try:
        token = tokens.revoke(args.name)
    except TokenNotFound as error:
        raise CommandError(str(error)) from error
    audit.record(_actor(), "tokens.revoke", token.name)
    print(f"revoked {token.name}")
    return 0
