"""The push schedule on an injected clock: cron in Asia/Shanghai, one run per fire time, APScheduler wiring."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from push.scheduler import DISPATCH_JOB, RUN_JOB, PushScheduler
from push.service import PushService
from push.timeutil import FrozenClock

SHANGHAI_9AM_UTC = datetime(2030, 5, 1, 1, 0, tzinfo=UTC)  # 2030-05-01 09:00 Asia/Shanghai


def _scheduler(push: PushService, clock: FrozenClock, dispatched: list[int]) -> PushScheduler:
    push.runner.clock = clock
    return PushScheduler(push.runner, lambda: dispatched.append(1), schedule="0 9 * * *", timezone="Asia/Shanghai",
                         clock=clock, misfire_grace_seconds=3600)


def test_next_fire_time_is_9am_shanghai(push: PushService) -> None:
    scheduler = _scheduler(push, FrozenClock(SHANGHAI_9AM_UTC), [])
    assert scheduler.next_fire_time(SHANGHAI_9AM_UTC - timedelta(minutes=1)) == SHANGHAI_9AM_UTC
    assert scheduler.next_fire_time(SHANGHAI_9AM_UTC + timedelta(seconds=1)) == SHANGHAI_9AM_UTC + timedelta(days=1)


def test_due_fire_time_respects_the_misfire_grace(push: PushService) -> None:
    scheduler = _scheduler(push, FrozenClock(SHANGHAI_9AM_UTC), [])
    assert scheduler.due_fire_time(SHANGHAI_9AM_UTC - timedelta(seconds=1)) is None
    assert scheduler.due_fire_time(SHANGHAI_9AM_UTC + timedelta(minutes=59)) == SHANGHAI_9AM_UTC
    assert scheduler.due_fire_time(SHANGHAI_9AM_UTC + timedelta(minutes=61)) is None


def test_each_fire_time_makes_one_run_even_with_two_schedulers(push: PushService) -> None:
    clock, dispatched = FrozenClock(SHANGHAI_9AM_UTC + timedelta(seconds=2)), []
    first, second = _scheduler(push, clock, dispatched), _scheduler(push, clock, dispatched)
    made = first.run_due()
    assert made is not None and not made.skipped and made.run_id == "schedule-2030-05-01T09:00+08:00"
    clock.advance(30)
    assert second.run_due().skipped  # type: ignore[union-attr]
    clock.advance(3600 * 24)
    assert first.run_due().run_id == "schedule-2030-05-02T09:00+08:00"  # type: ignore[union-attr]
    assert len(dispatched) == 3


def test_jobs_are_installed_on_an_apscheduler(push: PushService) -> None:
    scheduler = _scheduler(push, FrozenClock(SHANGHAI_9AM_UTC), [])
    aps = BackgroundScheduler(timezone="Asia/Shanghai")
    scheduler.install(aps)
    run_job, dispatch_job = aps.get_job(RUN_JOB), aps.get_job(DISPATCH_JOB)
    assert isinstance(run_job.trigger, CronTrigger) and str(run_job.trigger.timezone) == "Asia/Shanghai"
    assert run_job.max_instances == 1 and run_job.coalesce
    assert run_job.trigger.get_next_fire_time(None, SHANGHAI_9AM_UTC - timedelta(hours=1)) == SHANGHAI_9AM_UTC
    assert dispatch_job.trigger.interval == timedelta(seconds=30)
