"""Sending the outbox: claim due messages, send them with bounded concurrency, record each outcome.

Retries back off exponentially with full jitter (`Backoff`), capped, and honour a receiver's
Retry-After; after `max_attempts` a message is dead-lettered. Time comes from an injected clock and
waiting from an injected `sleep`, so tests drive hours of retries without waiting.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from push.channel import Channel, Outcome, SendResult
from push.outbox import CANCELLED, DEAD, DELIVERED, FAILED, Claimed, Outbox, Recorded
from push.timeutil import Clock

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
Hold = Callable[[list[Claimed]], Mapping[str, str]]  # claimed messages → {message id: why it must not go}


@dataclass
class Backoff:
    """Delay before attempt n+1 after n failures: uniform in [0, min(cap, base · factor^(n-1))]."""

    base: float = 30.0
    factor: float = 2.0
    cap: float = 3600.0
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, failures: int, retry_after: float | None = None) -> float:
        ceiling = min(self.cap, self.base * self.factor ** max(failures - 1, 0))
        return max(self.rng.uniform(0, ceiling), min(retry_after or 0.0, self.cap))


@dataclass
class DispatchReport:
    delivered: int = 0
    retried: int = 0
    dead_lettered: int = 0
    cancelled: int = 0  # held back at send time (a policy no longer in force)

    def add(self, other: DispatchReport) -> None:
        self.delivered += other.delivered
        self.retried += other.retried
        self.dead_lettered += other.dead_lettered
        self.cancelled += other.cancelled


class Dispatcher:
    def __init__(self, outbox: Outbox, channels: Mapping[str, Channel], clock: Clock, *,
                 backoff: Backoff | None = None, max_attempts: int = 6, concurrency: int = 16,
                 batch: int = 500, hold: Hold | None = None) -> None:
        self.outbox = outbox
        self.channels = channels
        self.clock = clock
        self.backoff = backoff or Backoff()
        self.max_attempts = max_attempts
        self.concurrency = concurrency
        self.batch = batch
        self.hold = hold

    async def dispatch_due(self) -> DispatchReport:
        """Send the messages due now, batch after batch while batches come back full."""
        report = DispatchReport()
        while True:
            claimed = self.outbox.claim_due(self.clock(), self.batch)
            held = self.hold(claimed) if self.hold and claimed else {}
            if held:
                now = self.clock()
                self.outbox.record([Recorded(message_id, CANCELLED, None, reason, now)
                                    for message_id, reason in held.items()])
                report.cancelled += len(held)
            await self._send_all([c for c in claimed if c.message.id not in held], report)
            if len(claimed) < self.batch:
                return report

    async def _send_all(self, claimed: list[Claimed], report: DispatchReport) -> None:
        """Send concurrently; outcomes are written in groups of `concurrency` as sends complete, so a
        crash loses at most one group's records (those messages go again, with the same webhook-id)."""
        gate, done = asyncio.Semaphore(self.concurrency), []
        tasks = [asyncio.ensure_future(self._send(gate, item)) for item in claimed]
        try:
            for finished in asyncio.as_completed(tasks):
                done.append(self._outcome(*await finished, report))
                if len(done) >= self.concurrency:
                    self.outbox.record(done)
                    done = []
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        if done:
            self.outbox.record(done)

    async def drain(self, sleep: Sleep = asyncio.sleep, max_wait: float | None = None) -> DispatchReport:
        """Dispatch until nothing is pending, sleeping until the next retry falls due.

        With `max_wait` it stops once the next retry is further away than that (messages stay pending).
        """
        report = DispatchReport()
        while True:
            report.add(await self.dispatch_due())
            due = self.outbox.next_due()
            if due is None:
                return report
            wait = max((due - self.clock()).total_seconds(), 0.0)
            if max_wait is not None and wait > max_wait:
                return report
            await sleep(wait)

    async def _send(self, gate: asyncio.Semaphore, item: Claimed) -> tuple[Claimed, SendResult]:
        channel = self.channels.get(item.target.type)
        async with gate:
            if channel is None:
                return item, SendResult(Outcome.REJECT, error=f"no channel for type {item.target.type!r}")
            return item, await channel.send(item.target, item.message, int(self.clock().timestamp()))

    def _outcome(self, item: Claimed, result: SendResult, report: DispatchReport) -> Recorded:
        now, attempt = self.clock(), item.attempts + 1
        if result.outcome is Outcome.DELIVERED:
            report.delivered += 1
            return Recorded(item.message.id, DELIVERED, result.status, None, now)
        if result.outcome is Outcome.REJECT or attempt >= self.max_attempts:
            report.dead_lettered += 1
            log.warning("delivery %s to subscriber %s dead-lettered after %d attempts: %s",
                        item.message.id, item.subscriber_id, attempt, result.error)
            status = FAILED if result.outcome is Outcome.REJECT else DEAD
            return Recorded(item.message.id, status, result.status, result.error, now)
        report.retried += 1
        delay = self.backoff.delay(attempt, result.retry_after)
        log.info("delivery %s attempt %d failed (%s); retry in %.0fs", item.message.id, attempt, result.error, delay)
        return Recorded(item.message.id, None, result.status, result.error, now + timedelta(seconds=delay))
