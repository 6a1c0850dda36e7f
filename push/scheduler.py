"""When runs happen: an APScheduler cron job for runs and an interval job that sends due messages.

By default `zhengce serve` runs both jobs itself (`push.scheduler_in_service`), so one process sends
scheduled pushes and retries; with several instances, `zhengce push worker` (a blocking scheduler)
does. Should two schedulers run anyway, the run key (the fire time) and the run lease in the database
let only one of them plan each scheduled run.
What is due is computed from an injected clock (`due_fire_time`), so tests never wait for a cron.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from push.runs import SCHEDULED, PushRunner, RunSummary
from push.timeutil import Clock

log = logging.getLogger(__name__)

RUN_JOB, DISPATCH_JOB = "push-run", "push-dispatch"


class PushScheduler:
    def __init__(self, runner: PushRunner, dispatch: Callable[[], object], *, schedule: str, timezone: str,
                 clock: Clock, dispatch_seconds: float = 30, misfire_grace_seconds: float = 3600,
                 remind: Callable[[], object] | None = None) -> None:
        self.runner = runner
        self.dispatch = dispatch
        self.remind = remind
        self.timezone = ZoneInfo(timezone)
        self.trigger = CronTrigger.from_crontab(schedule, timezone=self.timezone)
        self.clock = clock
        self.dispatch_seconds = dispatch_seconds
        self.misfire_grace = timedelta(seconds=misfire_grace_seconds)
        self._scheduler: BaseScheduler | None = None

    def next_fire_time(self, now: datetime) -> datetime | None:
        return self.trigger.get_next_fire_time(None, now.astimezone(self.timezone))

    def due_fire_time(self, now: datetime) -> datetime | None:
        """The latest fire time at or before `now`, if it is within the misfire grace period."""
        local = now.astimezone(self.timezone)
        fire, last = self.trigger.get_next_fire_time(None, local - self.misfire_grace), None
        while fire is not None and fire <= local:
            last, fire = fire, self.trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
        return last

    def run_due(self) -> RunSummary | None:
        """The cron job: plan the run for the fire time just passed, queue the reminders due, then send."""
        fire = self.due_fire_time(self.clock())
        if fire is None:
            return None
        summary = self.runner.run(SCHEDULED, scheduled_for=fire)
        outcome = f"{len(summary.policies)} policies, {summary.messages} messages"
        log.info("push run %s: %s", summary.run_id, summary.reason if summary.skipped else outcome)
        if self.remind is not None and not summary.skipped:
            self.remind()
        self.dispatch()
        return summary

    def install(self, scheduler: BaseScheduler) -> None:
        scheduler.add_job(self.run_due, self.trigger, id=RUN_JOB, max_instances=1, coalesce=True,
                          misfire_grace_time=int(self.misfire_grace.total_seconds()), replace_existing=True)
        scheduler.add_job(self.dispatch, IntervalTrigger(seconds=self.dispatch_seconds, timezone=self.timezone),
                          id=DISPATCH_JOB, max_instances=1, coalesce=True, replace_existing=True)

    def start(self, scheduler: BaseScheduler | None = None) -> BaseScheduler:
        """Install the jobs and start `scheduler` (default: a background one in this process)."""
        from apscheduler.schedulers.background import BackgroundScheduler

        self._scheduler = scheduler or BackgroundScheduler(timezone=self.timezone)
        self.install(self._scheduler)
        self._scheduler.start()
        return self._scheduler

    @property
    def running_jobs(self) -> list[str]:
        """Ids of the jobs this process is running (empty when its scheduler is not started)."""
        if self._scheduler is None or not self._scheduler.running:
            return []
        return sorted(job.id for job in self._scheduler.get_jobs())

    def stop(self) -> None:
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._scheduler = None
