"""The public rate limit shared by every instance: the `limits` library on Redis.

With `redis_url` set, each client's requests are counted in Redis (a moving window), so N instances
behind one balancer allow `rate_limit` per client in all, not N times it. A Redis that does not answer
at start gives one warning and the in-memory buckets of `service.ratelimit` (each instance counting on
its own), or, with `rate_limit_require_redis`, a refusal to start. If Redis fails later, requests are
let through (failing open) and the failure is logged once a minute: a limiter outage must not become
a service outage.
"""

from __future__ import annotations

import logging
import time

from limits import RateLimitItem, parse, storage, strategies

from config import Settings
from service.ratelimit import Rate, RateLimiter
from service.startup import StartupRefused

log = logging.getLogger(__name__)
NAMESPACE = "zhengce-public"


class SharedRateLimiter:
    """Same contract as `RateLimiter.take`: 0 if allowed, else seconds until the client may ask again."""

    def __init__(self, rate: Rate, backend: storage.Storage, key_prefix: str = NAMESPACE) -> None:
        self.rate = rate
        self._item: RateLimitItem = parse(rate.text.replace(" ", ""))
        self._limiter = strategies.MovingWindowRateLimiter(backend)
        self._prefix = key_prefix
        self._last_error = 0.0

    def take(self, client: str) -> float:
        try:
            if self._limiter.hit(self._item, self._prefix, client):
                return 0.0
            reset = self._limiter.get_window_stats(self._item, self._prefix, client).reset_time
        except Exception:  # noqa: BLE001 - Redis down: let the request through, say so now and then
            if time.monotonic() - self._last_error > 60:
                self._last_error = time.monotonic()
                log.warning("rate limit storage failed; requests are not limited until it answers", exc_info=True)
            return 0.0
        return max(reset - time.time(), 0.001)


def make_rate_limiter(settings: Settings) -> RateLimiter | SharedRateLimiter:
    rate = Rate.parse(settings.rate_limit)
    if rate is None or not settings.redis_url:
        return RateLimiter(rate)
    backend = storage.storage_from_string(settings.redis_url, socket_connect_timeout=2, socket_timeout=2)
    assert isinstance(backend, storage.Storage)  # a synchronous storage for a redis:// URL
    if backend.check():
        return SharedRateLimiter(rate, backend)
    if settings.rate_limit_require_redis:
        raise StartupRefused(f"限流所需的 Redis 无法连接：{_safe(settings.redis_url)}。"
                             "请检查 ZHENGCE_REDIS_URL，或设置 ZHENGCE_RATE_LIMIT_REQUIRE_REDIS=false 以进程内限流启动")
    log.warning("Redis at %s does not answer: the rate limit falls back to process memory, so each instance "
                "counts on its own", _safe(settings.redis_url))
    return RateLimiter(rate)


def _safe(url: str) -> str:
    """The URL without a password."""
    scheme, sep, rest = url.partition("://")
    return f"{scheme}{sep}{rest.rpartition('@')[2]}"
