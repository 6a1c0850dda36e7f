#!/usr/bin/env bash
# Install everything (with test tools) and run every check: ruff, mypy, hadolint, the compose lint, the whole pytest suite.
# pytest's exit code 5 (no tests collected) fails this script like any other failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev

.venv/bin/ruff check .
.venv/bin/mypy config index push service
.venv/bin/hadolint Dockerfile
.venv/bin/python scripts/lint_compose.py compose.yaml
.venv/bin/python -m pytest "$@"
