"""What `PolicyIndex.open()` found and where a serving process stands against the database."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class OpenReport:
    """What `open()` found: whether a saved index was used, and what the database repaired."""

    loaded_from_disk: bool
    added: int
    removed: int


@dataclass(frozen=True)
class IndexStatus:
    served_generation: int
    database_generation: int
    behind_seconds: float    # how long the oldest generation not yet served has been seen in the database
    vectors: int
    loaded: bool
    mismatch: str | None     # set when the database was re-indexed with another model or chunker


class Lag:
    """How long the oldest database generation not yet served has been seen (0 when none is waiting)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._first_behind: tuple[int, float] | None = None

    def behind(self, served: int, database: int) -> float:
        now = self._clock()
        if database <= served:
            self._first_behind = None
        elif self._first_behind is None or self._first_behind[0] <= served:
            self._first_behind = (database, now)
        return now - self._first_behind[1] if self._first_behind else 0.0
