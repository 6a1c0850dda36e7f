"""Push and validity: never a policy out of force at send time; a later-effective policy on its 施行 date.

The clock is real time shifted into 2027 (so the index's write stamps stay inside the push windows);
a real local webhook receiver records what was actually sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from config import Settings
from config.settings import PushSettings
from push.outbox import CANCELLED
from push.tables import DeliveryRow
from service.container import Container
from tests.conftest import make_settings
from tests.push.conftest import SECRET, profile
from tests.push.receiver import Receiver
from tests.push.test_reminders_receiver import MovableClock, shanghai_morning

TEMPLATE = """---
id: {id}
title: {title}
issuer: 宁波市奉化区经济和信息化局
issued: 2027-01-05
region: 浙江省宁波市奉化区
audience: [小微企业]
{dates}
---
一、本区小微企业{what}，给予一次性补助5万元。
"""
POLICIES = {
    "starts-in-march": ("奉化区小微企业技术改造补助办法", "effective: 2027-03-01", "实施技术改造的"),
    "expired": ("奉化区小微企业上云补助办法", "effective: 2026-01-01\nexpires: 2027-01-31", "上云用云的"),
    "ends-in-february": ("奉化区小微企业参展补助办法", "effective: 2027-01-10\nexpires: 2027-02-20", "参加展会的"),
}


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(shanghai_morning(2027, 2, 20))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, validity_as_of=None, push=PushSettings(first_run_lookback_days=3650,
                                                                          min_score=0.3))


@pytest.fixture
def container(settings: Settings, clock: MovableClock, tmp_path: Path) -> Iterator[Container]:
    built = Container.build(settings, clock=clock)
    built.start()
    for doc_id, (title, dates, what) in POLICIES.items():
        (tmp_path / f"{doc_id}.md").write_text(TEMPLATE.format(id=doc_id, title=title, dates=dates, what=what),
                                               encoding="utf-8")
    built.ingestor.ingest_paths([tmp_path / f"{doc_id}.md" for doc_id in POLICIES])
    yield built
    built.close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    started = Receiver(SECRET).start()
    yield started
    started.stop()


def _sent(receiver: Receiver) -> list[str]:
    return [p["doc_id"] for r in receiver.accepted().values() for p in r.payload.get("policies", [])]


def test_only_policies_in_force_are_pushed_and_a_later_one_on_its_start_date(
        container: Container, clock: MovableClock, receiver: Receiver) -> None:
    push = container.push
    push.subscribers.put("sme", profile(channel={"type": "webhook", "url": receiver.url, "secret": SECRET}))
    first = push.run_now()
    assert first.policies == ["ends-in-february"]  # in force on 20 February; the others not (yet / any more)
    asyncio.run(push.send_due())
    clock.move_to(shanghai_morning(2027, 2, 28))
    assert push.run_now().policies == []  # nothing new, and the March policy not yet
    clock.move_to(shanghai_morning(2027, 3, 1))
    assert push.run_now().policies == ["starts-in-march"]
    asyncio.run(push.send_due())
    assert _sent(receiver) == ["ends-in-february", "starts-in-march"]


def test_a_message_whose_policy_expires_before_it_is_sent_is_cancelled(
        container: Container, clock: MovableClock, receiver: Receiver) -> None:
    push = container.push
    push.subscribers.put("sme", profile(channel={"type": "webhook", "url": receiver.url, "secret": SECRET}))
    assert push.run_now().messages == 1
    clock.move_to(shanghai_morning(2027, 2, 21))  # the receiver was down all day; the policy ended on the 20th
    report = asyncio.run(push.send_due())
    assert report.cancelled == 1 and receiver.requests == []
    with push.subscribers._sessions() as session:
        [row] = session.query(DeliveryRow).all()
    assert row.status == CANCELLED and "ends-in-february：已失效" in (row.last_error or "")
