"""Time for the push domain: an injectable clock and UTC normalisation.

SQLite hands datetimes back without a zone, PostgreSQL with one; everything here is compared as
aware UTC, so both databases behave the same.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A naive datetime read from SQLite is UTC; an aware one is converted."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class FrozenClock:
    """A clock that moves only when told: for tests, benchmarks and `Dispatcher.drain` simulations."""

    def __init__(self, start: datetime) -> None:
        self.now = as_utc(start)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now = self.now + timedelta(seconds=seconds)
