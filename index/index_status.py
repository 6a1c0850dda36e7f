"""What `PolicyIndex.open()` found and where a serving process stands against the database."""

from __future__ import annotations

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
