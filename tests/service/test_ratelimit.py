"""The per-client rate limit: one contract run on both storages (process memory, the local Redis), then the
choice of storage from config and what happens when Redis does not answer."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from limits import storage

from service.ratelimit import Rate, RateLimiter, make_rate_limiter
from service.startup import StartupRefused
from tests.conftest import drive_rate_limit_clock, make_settings

REDIS_URL = "redis://127.0.0.1:6379/0"
DEAD_REDIS_URL = "redis://127.0.0.1:1/0"


class WallClock:
    def __init__(self) -> None:
        self.now = 1_714_554_000.0  # 2024-05-01 09:00 UTC

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def wall(monkeypatch: pytest.MonkeyPatch) -> WallClock:
    clock = WallClock()
    drive_rate_limit_clock(monkeypatch, clock)
    return clock


def _redis() -> storage.Storage:
    backend = storage.storage_from_string(REDIS_URL, socket_connect_timeout=1)
    if not backend.check():
        pytest.skip("Redis not reachable at 127.0.0.1:6379")
    return backend


@pytest.fixture(params=["memory", "redis"])
def backend(request: pytest.FixtureRequest) -> Iterator[storage.Storage]:
    yield storage.MemoryStorage() if request.param == "memory" else _redis()


def _limiter(backend: storage.Storage, rate: str, wall: WallClock, prefix: str | None = None) -> RateLimiter:
    return RateLimiter(Rate.parse(rate), backend, key_prefix=prefix or f"test-{uuid.uuid4().hex[:8]}", clock=wall)


# -- the contract, on every storage ---------------------------------------------------------------------

def test_a_client_gets_its_rate_then_waits_for_the_window(backend: storage.Storage, wall: WallClock) -> None:
    limiter = _limiter(backend, "3/minute", wall)
    assert [limiter.take("1.2.3.4") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.take("1.2.3.4") == pytest.approx(60.0)
    wall.advance(30)
    assert limiter.take("1.2.3.4") == pytest.approx(30.0)  # a moving window: the first request is 30 s old
    wall.advance(31)
    assert limiter.take("1.2.3.4") == 0.0


def test_each_client_has_its_own_window(backend: storage.Storage, wall: WallClock) -> None:
    limiter = _limiter(backend, "1/second", wall)
    assert limiter.take("a") == 0.0 and limiter.take("a") > 0
    assert limiter.take("b") == 0.0


def test_two_instances_on_one_storage_count_together(backend: storage.Storage, wall: WallClock) -> None:
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    first, second = _limiter(backend, "3/minute", wall, prefix), _limiter(backend, "3/minute", wall, prefix)
    assert [first.take("1.2.3.4"), second.take("1.2.3.4"), first.take("1.2.3.4")] == [0.0, 0.0, 0.0]
    assert 0 < second.take("1.2.3.4") <= 60


def test_no_rate_means_no_limit(backend: storage.Storage, wall: WallClock) -> None:
    limiter = RateLimiter(None, backend, clock=wall)
    assert all(limiter.take("a") == 0.0 for _ in range(1000))


# -- config ---------------------------------------------------------------------------------------------

def test_a_rate_is_read_from_config_text() -> None:
    assert Rate.parse("60/minute") == Rate(60, "minute", "60/minute")
    assert Rate.parse("5 / seconds") == Rate(5, "second", "5 / seconds")
    assert Rate.parse("") is None
    with pytest.raises(ValueError, match="60/minute"):
        Rate.parse("60 per minute")


def test_without_redis_the_limit_counts_in_process_memory(tmp_path: Path) -> None:
    limiter = make_rate_limiter(make_settings(tmp_path, rate_limit="2/minute"))
    assert isinstance(limiter.backend, storage.MemoryStorage) and limiter.rate == Rate.parse("2/minute")


def test_a_configured_redis_that_answers_is_used(tmp_path: Path) -> None:
    _redis()
    limiter = make_rate_limiter(make_settings(tmp_path, redis_url=REDIS_URL))
    assert isinstance(limiter.backend, storage.RedisStorage)


def test_a_silent_redis_gives_one_warning_and_memory_limits(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="service.ratelimit"):
        limiter = make_rate_limiter(make_settings(tmp_path, redis_url=DEAD_REDIS_URL, rate_limit="2/minute"))
    assert isinstance(limiter.backend, storage.MemoryStorage) and limiter.rate == Rate.parse("2/minute")
    assert [r.message for r in caplog.records] == [
        "Redis at redis://127.0.0.1:1/0 does not answer: the rate limit falls back to process memory, "
        "so each instance counts on its own"]
    assert [limiter.take("a"), limiter.take("a")] == [0.0, 0.0] and limiter.take("a") > 0


def test_a_silent_redis_refuses_to_start_when_required(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, redis_url="redis://user:secret@127.0.0.1:1/0", rate_limit_require_redis=True)
    with pytest.raises(StartupRefused, match="ZHENGCE_REDIS_URL") as refused:
        make_rate_limiter(settings)
    assert "secret" not in str(refused.value)


def test_a_storage_that_fails_later_lets_requests_through_and_says_so_once(caplog: pytest.LogCaptureFixture) -> None:
    gone = storage.storage_from_string(DEAD_REDIS_URL, socket_connect_timeout=0.5)  # Redis went away after start
    limiter = RateLimiter(Rate.parse("1/minute"), gone)
    with caplog.at_level(logging.WARNING, logger="service.ratelimit"):
        assert [limiter.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert len([r for r in caplog.records if "rate limit storage failed" in r.message]) == 1
