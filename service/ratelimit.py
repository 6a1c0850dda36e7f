"""Per-client rate limit for the public endpoints: one token bucket per client IP.

`rate_limit = "60/minute"` gives each client a bucket of 60 requests that refills continuously at
60 per minute; an empty string turns the limit off. A small bucket rather than slowapi: slowapi
wants a module-level `Limiter` and a `request` parameter on every endpoint, and its windows follow
the wall clock; this one takes an injected clock, so tests step time instead of sleeping.
Buckets live in process memory: behind several workers each worker counts on its own; with `redis_url`
set, `service.shared_ratelimit` counts in Redis instead.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Depends, Request

from service.errors import TooManyRequests

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour|day)s?\s*$")
_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


@dataclass(frozen=True)
class Rate:
    requests: int
    per_seconds: int
    text: str

    @classmethod
    def parse(cls, text: str) -> Rate | None:
        """`"60/minute"` → 60 requests per 60 s; `""` → no limit."""
        if not text.strip():
            return None
        match = _RATE.match(text)
        if not match or int(match.group(1)) < 1:
            raise ValueError(f"rate_limit 须形如 60/minute（单位 second、minute、hour、day），而不是 {text!r}")
        return cls(int(match.group(1)), _SECONDS[match.group(2)], text.strip())


class RateLimiter:
    def __init__(self, rate: Rate | None, *, clock: Callable[[], float] = time.monotonic,
                 max_clients: int = 10_000) -> None:
        self.rate = rate
        self.clock = clock
        self.max_clients = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """Spend one request of `client`'s bucket; 0 if allowed, else seconds until one is available."""
        if self.rate is None:
            return 0.0
        refill = self.rate.requests / self.rate.per_seconds
        with self._lock:
            now = self.clock()
            tokens, last = self._buckets.get(client, (float(self.rate.requests), now))
            tokens = min(float(self.rate.requests), tokens + (now - last) * refill)
            if tokens < 1.0:
                self._buckets[client] = (tokens, now)
                return (1.0 - tokens) / refill
            self._buckets[client] = (tokens - 1.0, now)
            self._forget_idle(now, refill)
        return 0.0

    def _forget_idle(self, now: float, refill: float) -> None:
        """Drop buckets that have refilled completely once too many clients are tracked."""
        if len(self._buckets) <= self.max_clients:
            return
        assert self.rate is not None
        full = [k for k, (t, last) in self._buckets.items() if t + (now - last) * refill >= self.rate.requests]
        for key in full:
            del self._buckets[key]


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
