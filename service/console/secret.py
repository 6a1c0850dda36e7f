"""The key that signs console session cookies.

`ZHENGCE_CONSOLE__SECRET_KEY` when set; otherwise a random key generated on first use and kept in
`<data_dir>/console_secret` (mode 600), so a restart keeps staff logged in.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from config import Settings

SECRET_FILE = "console_secret"


def console_secret(settings: Settings) -> str:
    configured = settings.console.secret_key
    if configured is not None and configured.get_secret_value():
        return configured.get_secret_value()
    return _persisted(Path(settings.data_dir) / SECRET_FILE)


def _persisted(path: Path) -> str:
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: two workers starting together keep the first key written, never two different ones
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
