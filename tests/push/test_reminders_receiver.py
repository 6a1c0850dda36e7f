"""Reminders to a real local webhook receiver while the injected clock moves across a window and an expiry.

A subscriber is sent a policy whose applications are taken 每年3月1日至3月31日 and which expires at the end
of 2027. Moving the clock day by day, the receiver gets exactly one reminder before the window closes,
one before the policy expires, nothing for a window already reminded of, and nothing once the policy has
expired; every message is signed and goes through the outbox like a push.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from config import Settings
from config.settings import PushSettings
from push.reminders import CLOSING, EXPIRING
from service.container import Container
from tests.conftest import make_settings
from tests.push.conftest import SECRET, profile
from tests.push.receiver import Receiver

POLICY = """---
id: fh-innovation-voucher
title: 奉化区小微企业科技创新券实施细则
doc_number: 奉科〔2023〕11号
issuer: 宁波市奉化区科学技术局
issued: 2022-12-20
region: 浙江省宁波市奉化区
audience: [小微企业]
---
一、本区小微企业可申领科技创新券，用于购买检验检测、研发设计、技术改造等服务，每家企业每年最高20万元。
二、申报时间为每年3月1日至3月31日，逾期不予受理。
三、本细则自2023年1月1日起施行，有效期5年。
"""


class MovableClock:
    """Real time shifted to a chosen day (so index timestamps stay in step), moved forward by tests."""

    def __init__(self, start: datetime) -> None:
        self.offset = start - datetime.now(UTC)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def move_to(self, moment: datetime) -> None:
        self.offset = moment - datetime.now(UTC)


def shanghai_morning(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 1, 0, tzinfo=UTC)  # 09:00 in Asia/Shanghai


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(shanghai_morning(2027, 2, 20))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, validity_as_of=None, push=PushSettings(
        first_run_lookback_days=3650, min_score=0.3, reminder_days_before_close=7, reminder_days_before_expiry=30))


@pytest.fixture
def lifecycle(settings: Settings, clock: MovableClock, tmp_path: Path) -> Iterator[Container]:
    built = Container.build(settings, clock=clock)
    built.start()
    (tmp_path / "voucher.md").write_text(POLICY, encoding="utf-8")
    built.ingestor.ingest_paths([tmp_path / "voucher.md"])
    yield built
    built.close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    started = Receiver(SECRET).start()
    yield started
    started.stop()


def _days(first: tuple[int, int, int], last: tuple[int, int, int]) -> list[datetime]:
    """Every morning from `first` to `last`: the clock crosses each window and the expiry one day at a time."""
    start, end = shanghai_morning(*first), shanghai_morning(*last)
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _reminders(receiver: Receiver) -> list[dict]:
    return [r for req in receiver.accepted().values() if req.payload["type"] == "policy.reminder"
            for r in req.payload["reminders"]]


def test_each_reminder_reaches_the_receiver_once_as_the_clock_moves(
        lifecycle: Container, clock: MovableClock, receiver: Receiver) -> None:
    push = lifecycle.push
    push.subscribers.put("sme", profile(channel={"type": "webhook", "url": receiver.url, "secret": SECRET}))
    assert push.run_now().policies == ["fh-innovation-voucher"]
    asyncio.run(push.send_due())
    assert [r.payload["type"] for r in receiver.requests] == ["policy.digest"]

    days = _days((2027, 2, 20), (2027, 4, 5)) + _days((2027, 11, 25), (2028, 1, 5)) + _days((2028, 3, 1), (2028, 4, 2))
    for day in days:
        clock.move_to(day)
        push.remind_now()
        asyncio.run(push.send_due())

    assert all(r.verified for r in receiver.requests)
    assert len(receiver.requests) == len(receiver.accepted()) == 3  # the push and two reminders, nothing resent
    got = [(r["kind"], r["closes"], r["days_left"]) for r in _reminders(receiver)]
    assert got == [(CLOSING, "2027-03-31", 7), (EXPIRING, "2027-12-31", 30)]
    closing = _reminders(receiver)[0]
    assert closing["message"] == ("《奉化区小微企业科技创新券实施细则》（奉科〔2023〕11号）"
                                  "申报将于2027年3月31日截止，还剩7天")
    assert closing["opens"] == "2027-03-01"
    # the 2028 window is not reminded of: the policy expired on 2027-12-31


def test_a_subscriber_never_sent_the_policy_gets_no_reminder(
        lifecycle: Container, clock: MovableClock, receiver: Receiver) -> None:
    push = lifecycle.push
    clock.move_to(shanghai_morning(2027, 3, 25))
    push.subscribers.put("late", profile(channel={"type": "webhook", "url": receiver.url, "secret": SECRET}))
    assert push.remind_now().reminders == 0
