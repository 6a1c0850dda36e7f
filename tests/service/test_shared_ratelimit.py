"""The rate limit shared through the local Redis server, and what happens when Redis does not answer."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

import pytest
from limits import storage

from service.ratelimit import Rate, RateLimiter
from service.shared_ratelimit import SharedRateLimiter, make_rate_limiter
from service.startup import StartupRefused
from tests.conftest import make_settings

REDIS_URL = "redis://127.0.0.1:6379/0"
DEAD_REDIS_URL = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_backend() -> storage.Storage:
    backend = storage.storage_from_string(REDIS_URL, socket_connect_timeout=1)
    if not backend.check():
        pytest.skip("Redis not reachable at 127.0.0.1:6379")
    return backend


def test_two_instances_share_one_limit_per_client(redis_backend: storage.Storage) -> None:
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    rate = Rate.parse("3/minute")
    assert rate is not None
    first, second = SharedRateLimiter(rate, redis_backend, prefix), SharedRateLimiter(rate, redis_backend, prefix)
    assert [first.take("1.2.3.4"), second.take("1.2.3.4"), first.take("1.2.3.4")] == [0.0, 0.0, 0.0]
    wait = second.take("1.2.3.4")
    assert 0 < wait <= 60
    assert first.take("5.6.7.8") == 0.0  # another client has its own window


def test_a_configured_redis_is_used(tmp_path: Path, redis_backend: storage.Storage) -> None:
    limiter = make_rate_limiter(make_settings(tmp_path, redis_url=REDIS_URL))
    assert isinstance(limiter, SharedRateLimiter)


def test_a_silent_redis_gives_one_warning_and_memory_limits(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="service.shared_ratelimit"):
        limiter = make_rate_limiter(make_settings(tmp_path, redis_url=DEAD_REDIS_URL, rate_limit="2/minute"))
    assert isinstance(limiter, RateLimiter) and limiter.rate == Rate.parse("2/minute")
    assert [r.message for r in caplog.records if "falls back to process memory" in r.message] != []
    assert len(caplog.records) == 1


def test_a_silent_redis_refuses_to_start_when_required(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, redis_url="redis://user:secret@127.0.0.1:1/0", rate_limit_require_redis=True)
    with pytest.raises(StartupRefused, match="ZHENGCE_REDIS_URL") as refused:
        make_rate_limiter(settings)
    assert "secret" not in str(refused.value)
