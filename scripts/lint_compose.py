"""Validate compose.yaml against the Compose specification (no Docker engine needed).

    .venv/bin/python scripts/lint_compose.py [compose.yaml]

Variables are interpolated first, as `docker compose` does (`${X:-default}` takes the default,
`${X:?message}` and `${X}` a placeholder; `$$` is a literal `$`); then `compose-spec` parses the
file against the specification's types, rejecting unknown keys and wrongly typed values.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from compose_spec import PyCompose

_VARIABLE = re.compile(r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def interpolate(text: str) -> str:
    def value(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        if match.group("op") in (":-", "-"):
            return match.group("arg")
        return "placeholder"

    return _VARIABLE.sub(value, text)


def lint(path: Path) -> PyCompose:
    """The parsed file; raises ValueError naming the first key that breaks the specification."""
    return PyCompose.from_yaml(interpolate(path.read_text(encoding="utf-8")))


def main(argv: list[str]) -> int:
    path = Path(argv[0] if argv else "compose.yaml")
    try:
        compose = lint(path)
    except ValueError as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 1
    print(f"{path}: valid, services {', '.join(compose.service_names())}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
