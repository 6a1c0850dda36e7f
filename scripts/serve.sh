#!/usr/bin/env bash
# Install everything and run the service on the built-in defaults: SQLite under ./data, the bundled
# model, and the sample corpus indexed on first start. Extra arguments go to `zhengce serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/zhengce serve "$@"
