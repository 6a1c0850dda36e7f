"""CLI command groups; each module has `register(subparsers)` and sets `handler` on its parsers."""

from service.commands import (
    db_commands,
    eval_command,
    index_commands,
    model_commands,
    privacy_commands,
    push_commands,
    serve_command,
    staff_commands,
    token_commands,
)

COMMAND_MODULES = [
    serve_command, index_commands, model_commands, db_commands, eval_command, push_commands, staff_commands,
    privacy_commands, token_commands,
]
