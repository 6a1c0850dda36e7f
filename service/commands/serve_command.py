"""`zhengce serve`: run the HTTP service with uvicorn."""

from __future__ import annotations

import argparse

from config import get_settings


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("serve", help="run the HTTP service")
    parser.add_argument("--host", default=None)
    parser.add_argument("--port", type=int, default=None)
    parser.set_defaults(handler=serve)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.app import create_app

    settings = get_settings()
    uvicorn.run(create_app(settings), host=args.host or settings.host, port=args.port or settings.port)
    return 0
