"""Per-client rate limit for the public endpoints: the `limits` library's moving window, on one storage.

`rate_limit = "60/minute"` allows each client (by IP) 60 requests in any 60 s; an empty string turns the
limit off. `make_rate_limiter` picks the storage from config: Redis when `redis_url` is set and answers, so
N instances behind one balancer allow `rate_limit` per client in all; process memory otherwise, each
instance counting on its own. A Redis that does not answer at start gives one warning and memory, or, with
`rate_limit_require_redis`, a refusal to start. If the storage fails later, requests are let through
(failing open) and the failure is logged once a minute: a limiter outage must not become a service outage.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Depends, Request
from limits import RateLimitItem, parse, storage, strategies

from config import Settings
from service.errors import TooManyRequests
from service.startup import StartupRefused

log = logging.getLogger(__name__)
NAMESPACE = "zhengce-public"
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour|day)s?\s*$")


@dataclass(frozen=True)
class Rate:
    requests: int
    unit: str
    text: str

    @classmethod
    def parse(cls, text: str) -> Rate | None:
        """`"60/minute"` → 60 requests per minute; `""` → no limit."""
        if not text.strip():
            return None
        match = _RATE.match(text)
        if not match or int(match.group(1)) < 1:
            raise ValueError(f"rate_limit 须形如 60/minute（单位 second、minute、hour、day），而不是 {text!r}")
        return cls(int(match.group(1)), match.group(2), text.strip())

    @property
    def item(self) -> RateLimitItem:
        return parse(f"{self.requests}/{self.unit}")


class RateLimiter:
    """`take(client)`: 0 if the request is allowed, else the seconds until the client may ask again.

    `clock` is the wall clock the storage keeps its windows by (`time.time`), for the wait it reports.
    """

    def __init__(self, rate: Rate | None, backend: storage.Storage, *, key_prefix: str = NAMESPACE,
                 clock: Callable[[], float] = time.time) -> None:
        self.rate = rate
        self.backend = backend
        self._limiter = strategies.MovingWindowRateLimiter(backend)
        self._prefix = key_prefix
        self._clock = clock
        self._last_error = float("-inf")

    def take(self, client: str) -> float:
        if self.rate is None:
            return 0.0
        item = self.rate.item
        try:
            if self._limiter.hit(item, self._prefix, client):
                return 0.0
            reset = self._limiter.get_window_stats(item, self._prefix, client).reset_time
        except Exception:  # noqa: BLE001 - storage down: let the request through, say so now and then
            if time.monotonic() - self._last_error > 60:
                self._last_error = time.monotonic()
                log.warning("rate limit storage failed; requests are not limited until it answers", exc_info=True)
            return 0.0
        return max(reset - self._clock(), 0.001)


def make_rate_limiter(settings: Settings) -> RateLimiter:
    rate = Rate.parse(settings.rate_limit)
    return RateLimiter(rate, rate_storage(settings) if rate else storage.MemoryStorage())


def rate_storage(settings: Settings) -> storage.Storage:
    """Redis when `redis_url` is set and answers; process memory otherwise (or a refusal, by config)."""
    if not settings.redis_url:
        return storage.MemoryStorage()
    backend = storage.storage_from_string(settings.redis_url, socket_connect_timeout=2, socket_timeout=2)
    assert isinstance(backend, storage.Storage)  # a synchronous storage for a redis:// URL
    if backend.check():
        return backend
    if settings.rate_limit_require_redis:
        raise StartupRefused(f"限流所需的 Redis 无法连接：{_safe(settings.redis_url)}。"
                             "请检查 ZHENGCE_REDIS_URL，或设置 ZHENGCE_RATE_LIMIT_REQUIRE_REDIS=false 以进程内限流启动")
    log.warning("Redis at %s does not answer: the rate limit falls back to process memory, so each instance "
                "counts on its own", _safe(settings.redis_url))
    return storage.MemoryStorage()


def _safe(url: str) -> str:
    """The URL without a password."""
    scheme, sep, rest = url.partition("://")
    return f"{scheme}{sep}{rest.rpartition('@')[2]}"


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def rate_limited(request: Request) -> None:
    """Async: it only takes a lock for a few microseconds, so it needs no worker thread."""
    limiter = request.app.state.container.rate_limiter
    wait = limiter.take(client_address(request))
    if wait > 0:
        assert limiter.rate is not None
        raise TooManyRequests(f"请求过于频繁：每个客户端限 {limiter.rate.text}，请约 {int(wait) + 1} 秒后再试")


RateLimited = Depends(rate_limited)
