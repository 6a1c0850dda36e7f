"""The `zhengce` console script. Each command group lives in `service/commands/`.

All commands read the same settings (`ZHENGCE_DATA_DIR` and friends), so `ingest` then `serve` on
one data directory serves what was ingested.
"""

from __future__ import annotations

import argparse
import sys

from pydantic import ValidationError

from config import get_settings
from service.commands import COMMAND_MODULES
from service.commands.common import CommandError
from service.logging_setup import configure_logging
from service.security import log_redaction


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhengce", description="政策通：政策问答、检索与精准推送")
    parser.add_argument("-v", "--verbose", action="store_true", help="show debug logs")
    commands = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(verbose=args.verbose, log_format=_log_format())
    log_redaction.install()
    try:
        return int(args.handler(args) or 0)
    except CommandError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2


def _log_format() -> str:
    """The configured log format; a configuration that does not load is reported by the command itself."""
    try:
        return get_settings().log_format
    except ValidationError:
        return "text"


if __name__ == "__main__":
    sys.exit(main())
