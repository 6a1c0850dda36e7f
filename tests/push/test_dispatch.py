"""The dispatcher against the outbox: retries with back-off on an injected clock, dead letters, bounds."""

from __future__ import annotations

import asyncio
import random

import pytest

from push.channel import Message, Outcome, SendResult, Target
from push.dispatch import Backoff
from push.service import PushService
from service.container import Container
from tests.push.conftest import ShiftedClock, ingest_local, profile


class ScriptedChannel:
    """Answers from a script per message id; records what it was asked to send and how many at once."""

    def __init__(self, script: list[SendResult]) -> None:
        self.script, self.sent, self.in_flight, self.most_in_flight = script, [], 0, 0

    async def send(self, target: Target, message: Message, timestamp: int) -> SendResult:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        await asyncio.sleep(0)
        self.in_flight -= 1
        self.sent.append((message.id, timestamp))
        return self.script[min(len(self.sent) - 1, len(self.script) - 1)]

    async def aclose(self) -> None:
        return None


def test_backoff_grows_exponentially_is_capped_and_jittered() -> None:
    backoff = Backoff(base=10, factor=2, cap=100, rng=random.Random(1))
    delays = [[backoff.delay(n) for _ in range(200)] for n in (1, 2, 3, 6)]
    assert [max(d) <= bound for d, bound in zip(delays, (10, 20, 40, 100), strict=True)] == [True] * 4
    assert max(delays[3]) > 50 and len(set(delays[0])) > 100
    assert backoff.delay(1, retry_after=300) == 100


def _queue(container: Container, push: PushService, subscribers: int = 1) -> None:
    ingest_local(container, "fenghua-sme-support")
    for n in range(subscribers):
        push.subscribers.put(f"e{n}", profile())
    assert push.run_now().messages == subscribers


def _drain(push: PushService, channel: ScriptedChannel, clock: ShiftedClock) -> list[float]:
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)
        clock.advance(seconds)

    asyncio.run(push.dispatcher({"webhook": channel}).drain(sleep=fake_sleep))
    return waits


def test_failures_are_retried_after_backing_off_then_delivered(container: Container, push: PushService,
                                                               clock: ShiftedClock) -> None:
    _queue(container, push)
    channel = ScriptedChannel([SendResult(Outcome.RETRY, 503, "HTTP 503")] * 3 + [SendResult(Outcome.DELIVERED, 200)])
    waits = _drain(push, channel, clock)
    assert len(channel.sent) == 4 and len(waits) == 3
    assert all(0 <= w <= 60 * 2 ** n for n, w in enumerate(waits))
    assert len({message_id for message_id, _ in channel.sent}) == 1
    assert channel.sent[0][1] < channel.sent[-1][1]  # each attempt signed at its own time
    assert push.outbox.counts() == {"delivered": 1}


def test_retries_run_out_into_the_dead_letters(container: Container, push: PushService, clock: ShiftedClock) -> None:
    _queue(container, push)
    channel = ScriptedChannel([SendResult(Outcome.RETRY, None, "timeout")])
    _drain(push, channel, clock)
    assert len(channel.sent) == push.settings.max_attempts
    [dead] = push.dead_letters()
    assert dead["status"] == "dead" and dead["attempts"] == push.settings.max_attempts
    assert dead["last_error"] == "timeout"


def test_a_4xx_fails_at_once_and_staff_can_requeue_it(container: Container, push: PushService,
                                                      clock: ShiftedClock) -> None:
    _queue(container, push)
    _drain(push, ScriptedChannel([SendResult(Outcome.REJECT, 410, "HTTP 410")]), clock)
    [failed] = push.dead_letters()
    assert failed["status"] == "failed" and failed["attempts"] == 1 and failed["last_status"] == 410
    push.requeue(failed["id"])
    _drain(push, ScriptedChannel([SendResult(Outcome.DELIVERED, 200)]), clock)
    assert push.outbox.counts() == {"delivered": 1}


def test_concurrency_is_bounded(container: Container, push: PushService, clock: ShiftedClock) -> None:
    push.settings = push.settings.model_copy(update={"concurrency": 3})
    _queue(container, push, subscribers=12)
    channel = ScriptedChannel([SendResult(Outcome.DELIVERED, 200)])
    _drain(push, channel, clock)
    assert len(channel.sent) == 12 and channel.most_in_flight == 3


def test_a_claimed_message_is_not_sent_by_a_second_sender(container: Container, push: PushService,
                                                         clock: ShiftedClock) -> None:
    _queue(container, push)
    first = push.outbox.claim_due(clock(), 10)
    assert len(first) == 1 and push.outbox.claim_due(clock(), 10) == []
    clock.advance(push.settings.claim_seconds + 1)
    assert [c.message.id for c in push.outbox.claim_due(clock(), 10)] == [first[0].message.id]


@pytest.mark.parametrize("deleted", [True, False], ids=["deleted", "unsubscribed"])
def test_leaving_cancels_pending_messages(container: Container, push: PushService, deleted: bool) -> None:
    _queue(container, push)
    if deleted:
        push.subscribers.delete("e0")
    else:
        push.subscribers.unsubscribe(push.subscribers.get("e0").unsubscribe_token)
    assert push.outbox.counts() == {"cancelled": 1}
    assert push.dispatch_once().delivered == 0
