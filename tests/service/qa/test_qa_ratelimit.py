"""The token bucket behind the per-client rate limit."""

from __future__ import annotations

import pytest

from service.ratelimit import Rate, RateLimiter
from tests.service.qa.conftest import SteppingClock


def test_a_rate_is_read_from_config_text() -> None:
    assert Rate.parse("60/minute") == Rate(60, 60, "60/minute")
    assert Rate.parse("5 / seconds") == Rate(5, 1, "5 / seconds")
    assert Rate.parse("") is None
    with pytest.raises(ValueError, match="60/minute"):
        Rate.parse("60 per minute")


def test_each_client_has_its_own_bucket(clock: SteppingClock) -> None:
    limiter = RateLimiter(Rate.parse("3/minute"), clock=clock.monotonic)
    assert [limiter.take("a") for _ in range(4)] == [0.0, 0.0, 0.0, pytest.approx(20.0)]
    assert limiter.take("b") == 0.0
    clock.advance(seconds=20)
    assert limiter.take("a") == 0.0 and limiter.take("a") > 0


def test_no_rate_means_no_limit(clock: SteppingClock) -> None:
    limiter = RateLimiter(None, clock=clock.monotonic)
    assert all(limiter.take("a") == 0.0 for _ in range(1000))


def test_idle_clients_are_forgotten_once_too_many_are_tracked(clock: SteppingClock) -> None:
    limiter = RateLimiter(Rate.parse("1/second"), clock=clock.monotonic, max_clients=2)
    for client in "abc":
        limiter.take(client)
    clock.advance(seconds=5)
    limiter.take("d")
    assert limiter.take("a") == 0.0 and len(limiter._buckets) <= 2
