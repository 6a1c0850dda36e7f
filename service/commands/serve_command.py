"""`zhengce serve`: run the HTTP service with uvicorn.

The container starts (migrations, model, index loaded and caught up with the database) before the
port opens, so a refusal (another model or chunker in the database, an unusable setting) is one
clear message and exit status 2, and a load balancer never sees a half-started instance.
"""

from __future__ import annotations

import argparse

from config import Settings, get_settings
from service.commands.common import CommandError


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("serve", help="run the HTTP service")
    parser.add_argument("--host", default=None)
    parser.add_argument("--port", type=int, default=None)
    parser.set_defaults(handler=serve)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from index.errors import IndexError_
    from service.app import create_app
    from service.container import Container
    from service.startup import StartupRefused, check_startup

    overrides = {name: value for name, value in (("host", args.host), ("port", args.port)) if value is not None}
    settings = Settings(**overrides) if overrides else get_settings()  # links follow the address served
    try:
        check_startup(settings)
        container = Container.build(settings)
    except StartupRefused as error:
        raise CommandError(str(error)) from error
    try:
        container.start()
    except IndexError_ as error:
        container.close()
        raise CommandError(str(error)) from error
    try:
        # log_config=None: uvicorn's loggers go through the root handler (timestamps, JSON by config)
        uvicorn.run(create_app(container=container), host=settings.host, port=settings.port, log_config=None)
    finally:
        container.close()
    return 0
