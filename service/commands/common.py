"""What the command modules share: the error type and a started container."""

from __future__ import annotations

from config import get_settings
from index.errors import IndexError_
from service.container import Container
from service.startup import StartupRefused


class CommandError(Exception):
    """A CLI failure with a message for the user; the process exits with status 2."""


def started_container(*, ingest_samples: bool = False) -> Container:
    try:
        container = Container.build(get_settings())
    except StartupRefused as error:
        raise CommandError(str(error)) from error
    try:
        container.start(ingest_samples=ingest_samples)
    except IndexError_ as error:
        raise CommandError(str(error)) from error
    return container
