"""`zhengce push worker` (the one process that runs the schedule) and `zhengce push run` (a run now)."""

from __future__ import annotations

import argparse
import asyncio
import logging

from service.commands.common import CommandError, started_container

log = logging.getLogger(__name__)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("push", help="precision push: the scheduled worker, or a run now")
    sub = parser.add_subparsers(dest="push_command", required=True)
    worker = sub.add_parser("worker", help="run the push schedule and send the outbox (one process only)")
    worker.set_defaults(handler=worker_command)
    run = sub.add_parser("run", help="plan a push run now and send its messages")
    run.add_argument("--max-wait", type=float, default=0.0,
                     help="keep retrying failed deliveries while the next retry is at most this many seconds away")
    run.set_defaults(handler=run_command)


def worker_command(_: argparse.Namespace) -> int:
    from apscheduler.schedulers.blocking import BlockingScheduler

    push = started_container().push
    report = push.dispatch_once()  # resume what a previous process left in the outbox
    log.info("resumed outbox: %s", report)
    scheduler = BlockingScheduler(timezone=push.scheduler.timezone)
    print(f"push worker: schedule '{push.settings.schedule}' ({push.settings.timezone}), "
          f"next run {push.scheduler.next_fire_time(push.clock())}")
    try:
        push.scheduler.start(scheduler)
    except (KeyboardInterrupt, SystemExit):
        push.scheduler.stop()
    return 0


def run_command(args: argparse.Namespace) -> int:
    from push.errors import RunInProgress

    push = started_container().push
    try:
        summary = push.run_now()
    except RunInProgress as error:
        raise CommandError(str(error)) from error
    print(f"run {summary.run_id}: {len(summary.policies)} policies, {summary.matched} matched, "
          f"{summary.messages} messages")
    report = asyncio.run(push.send_due(drain=True, max_wait=args.max_wait))
    print(f"delivered {report.delivered}, retrying {report.retried}, dead-lettered {report.dead_lettered}; "
          f"outbox {push.outbox.counts()}")
    return 0
