"""CLI command groups; each module has `register(subparsers)` and sets `handler` on its parsers."""

from service.commands import eval_command, index_commands, model_commands, push_commands, serve_command, staff_commands

COMMAND_MODULES = [serve_command, index_commands, model_commands]
COMMAND_MODULES += [eval_command]
COMMAND_MODULES += [push_commands]
COMMAND_MODULES += [staff_commands]
