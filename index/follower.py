"""`IndexFollower`: keeps a serving process's `PolicyIndex` at the database's generation.

A daemon thread polls the generation (one indexed single-row read) every `poll_seconds` and applies
the changes it has not served; every `save_seconds` it saves the directory if it changed, so a restart
has little to repair, and prunes change-log entries older than `retention_seconds` (0: never). A process
that falls further behind than that reloads from the database (`PolicyIndex.catch_up`), so the retention
bounds the table, not correctness. A failing poll is logged and retried; `/healthz` turns `stale` if it
keeps failing.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime, timedelta

from index.policy_index import PolicyIndex

log = logging.getLogger(__name__)


class IndexFollower:
    def __init__(self, index: PolicyIndex, poll_seconds: float = 0.5, save_seconds: float = 60.0,
                 retention_seconds: float = 86400.0) -> None:
        self.index = index
        self.poll_seconds = poll_seconds
        self.save_seconds = save_seconds
        self.retention_seconds = retention_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running or self.poll_seconds <= 0:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="index-follower", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        self._save()

    def _run(self) -> None:
        last_save = time.monotonic()
        while not self._stop.wait(self.poll_seconds):
            try:
                self.index.catch_up()
            except Exception:  # noqa: BLE001 - a database hiccup must not end the thread
                log.exception("could not follow the index change log; retrying")
                continue
            if time.monotonic() - last_save >= self.save_seconds:
                self._save()
                self._prune()
                last_save = time.monotonic()

    def _prune(self) -> None:
        if self.retention_seconds <= 0:
            return
        try:
            self.index.prune_changes(datetime.now(UTC) - timedelta(seconds=self.retention_seconds))
        except Exception:  # noqa: BLE001 - pruning is housekeeping; the next tick tries again
            log.exception("could not prune the index change log")

    def _save(self) -> None:
        try:
            self.index.save_if_changed()
        except Exception:  # noqa: BLE001 - the database still has everything; the next start repairs
            log.exception("could not save the index directory")
