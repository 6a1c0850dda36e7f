"""`zhengce serve`: run the HTTP service with uvicorn."""

from __future__ import annotations

import argparse

from config import Settings, get_settings


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("serve", help="run the HTTP service")
    parser.add_argument("--host", default=None)
    parser.add_argument("--port", type=int, default=None)
    parser.set_defaults(handler=serve)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.app import create_app

    overrides = {name: value for name, value in (("host", args.host), ("port", args.port)) if value is not None}
    settings = Settings(**overrides) if overrides else get_settings()  # links follow the address served
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port)
    return 0
