"""Delivery to real HTTP receivers on 127.0.0.1 that fail on purpose.

500s, timeouts, refused connections, 4xx, and a sender that crashes mid-run and restarts: every
message ends delivered or dead-lettered, none is lost, and a receiver that de-duplicates by
`webhook-id` sees each (subscriber, policy) at most once. Retries wait on a fake sleep that moves
the injected clock, so hours of back-off take no time.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from config import Settings
from push.channel import Message, SendResult, Target
from push.outbox import FINAL
from push.service import PushService
from push.tables import DeliveryItemRow, DeliveryRow
from push.webhook import WebhookChannel
from service.container import Container
from tests.conftest import make_settings, postgres_database
from tests.push.conftest import SECRET, ShiftedClock, ingest_local, profile
from tests.push.receiver import HANG, Receiver, free_port

POLICIES = ("fenghua-sme-support", "ningbo-specialized", "zhejiang-disabled-employment")


def failing_first(times: int, status: int) -> object:
    """Each message gets `status` on its first `times` attempts, then 200."""
    attempts: Counter[str] = Counter()

    def plan(_: int, message_id: str) -> int:
        attempts[message_id] += 1
        return status if attempts[message_id] <= times else 200

    return plan


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """The outbox, its claims and the run guard on both databases the product supports."""
    if request.param == "sqlite":
        yield make_settings(tmp_path)
        return
    with postgres_database() as url:
        yield make_settings(tmp_path, database_url=url)


@pytest.fixture
def receivers() -> Iterator[dict[str, Receiver]]:
    plans = {"healthy": lambda n, m: 200, "flaky": failing_first(2, 500), "slow": failing_first(1, HANG),
             "busy": failing_first(1, 429), "gone": lambda n, m: 410}
    started = {name: Receiver(SECRET, plan).start() for name, plan in plans.items()}  # type: ignore[arg-type]
    yield started
    for receiver in started.values():
        receiver.stop()


def _subscribe(push: PushService, receivers: dict[str, Receiver]) -> dict[str, str]:
    """Two subscribers per receiver, plus two whose address refuses connections; id → receiver name."""
    urls = {name: r.url for name, r in receivers.items()} | {"refused": f"http://127.0.0.1:{free_port()}/hook"}
    where = {}
    for name, url in urls.items():
        for n in range(2):
            push.subscribers.put(f"{name}-{n}", profile(tags=["小微企业", "专精特新"],
                                                        channel={"type": "webhook", "url": url, "secret": SECRET}))
            where[f"{name}-{n}"] = name
    return where


def _fake_sleep(clock: ShiftedClock):  # type: ignore[no-untyped-def]
    async def sleep(seconds: float) -> None:
        clock.advance(seconds)
    return sleep


def _outbox(push: PushService) -> tuple[list[DeliveryRow], list[DeliveryItemRow]]:
    with push.subscribers._sessions() as session:
        return list(session.query(DeliveryRow)), list(session.query(DeliveryItemRow))


def _assert_at_most_once(receivers: dict[str, Receiver]) -> set[tuple[str, str]]:
    pairs: Counter[tuple[str, str]] = Counter()
    for receiver in receivers.values():
        assert all(r.verified for r in receiver.requests)
        for request in receiver.accepted().values():
            payload = request.payload
            pairs.update((payload["subscriber_id"], p["doc_id"]) for p in payload["policies"])
    assert all(count == 1 for count in pairs.values()), pairs
    return set(pairs)


def test_every_message_ends_delivered_or_dead_lettered(container: Container, push: PushService, clock: ShiftedClock,
                                                       receivers: dict[str, Receiver]) -> None:
    push.settings = push.settings.model_copy(update={"request_timeout_seconds": 0.3})
    push.channels = lambda: {"webhook": WebhookChannel(timeout=0.3)}
    ingest_local(container, *POLICIES)
    where = _subscribe(push, receivers)
    summary = push.run_now()
    assert summary.messages == len(where)

    asyncio.run(push.send_due(drain=True, sleep=_fake_sleep(clock)))

    deliveries, items = _outbox(push)
    assert {d.status for d in deliveries} <= set(FINAL)
    status = {d.subscriber_id: d.status for d in deliveries}
    for sid, name in where.items():
        expected = {"gone": "failed", "refused": "dead"}.get(name, "delivered")
        assert status[sid] == expected, (sid, status[sid])
    delivered_pairs = {(i.subscriber_id, i.doc_id) for i in items if status[i.subscriber_id] == "delivered"}
    assert _assert_at_most_once(receivers) == delivered_pairs
    assert len(receivers["flaky"].requests) == 2 * 3 and len(receivers["gone"].requests) == 2


def test_one_message_per_subscriber_per_run_and_never_a_policy_twice(
        container: Container, push: PushService, clock: ShiftedClock, receivers: dict[str, Receiver]) -> None:
    ingest_local(container, "fenghua-sme-support")
    push.subscribers.put("a", profile(channel={"type": "webhook", "url": receivers["healthy"].url, "secret": SECRET}))
    push.run_now()
    ingest_local(container, "ningbo-specialized")
    changed = container.index.get_policy("synth-fenghua-sme-2024")
    container.index.update_metadata(changed.id, {"category": "行政规范性文件"})  # changed: considered again
    clock.advance(60)
    second = push.run_now()
    assert set(second.policies) == {"synth-fenghua-sme-2024", "synth-ningbo-zjtx-2024"}
    asyncio.run(push.send_due(drain=True, sleep=_fake_sleep(clock)))
    bodies = [r.payload for r in receivers["healthy"].requests]
    digests = sorted([p["doc_id"] for p in b["policies"]] for b in bodies)  # the two runs' messages, either order
    assert digests == [["synth-fenghua-sme-2024"], ["synth-ningbo-zjtx-2024"]]
    assert len({b["run_id"] for b in bodies}) == 2


class Crash(Exception):
    """The sender process dying: raised after the receiver got the message, before the outbox knew."""


class CrashingChannel:
    def __init__(self, inner: WebhookChannel, survive: int) -> None:
        self.inner, self.survive = inner, survive

    async def send(self, target: Target, message: Message, timestamp: int) -> SendResult:
        result = await self.inner.send(target, message, timestamp)
        self.survive -= 1
        if self.survive < 0:
            raise Crash(message.id)
        return result

    async def aclose(self) -> None:
        await self.inner.aclose()


def test_a_crash_mid_run_then_a_restart_loses_nothing_and_repeats_nothing(
        container: Container, push: PushService, clock: ShiftedClock, receivers: dict[str, Receiver]) -> None:
    ingest_local(container, *POLICIES)
    url = receivers["healthy"].url
    for n in range(30):
        push.subscribers.put(f"s{n:02d}", profile(channel={"type": "webhook", "url": url, "secret": SECRET}))
    assert push.run_now().messages == 30

    async def crashing_sender() -> None:
        channel = CrashingChannel(WebhookChannel(), survive=20)
        try:
            await push.dispatcher({"webhook": channel}).drain(sleep=_fake_sleep(clock))
        finally:
            await channel.aclose()

    with pytest.raises(Crash):
        asyncio.run(crashing_sender())
    deliveries, _ = _outbox(push)
    assert 0 < sum(d.status == "delivered" for d in deliveries) < 30  # the crash left work behind

    clock.advance(push.settings.claim_seconds + 1)  # the dead sender's claims lapse; a new process starts
    asyncio.run(push.send_due(drain=True, sleep=_fake_sleep(clock)))

    deliveries, items = _outbox(push)
    assert [d.status for d in deliveries] == ["delivered"] * 30
    receiver = receivers["healthy"]
    assert len(receiver.requests) > 30  # some messages arrived twice ...
    assert len(receiver.accepted()) == 30  # ... under the same webhook-id, so a receiver keeps each once
    assert _assert_at_most_once(receivers) == {(i.subscriber_id, i.doc_id) for i in items}
