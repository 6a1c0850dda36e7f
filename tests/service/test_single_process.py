"""One `serve` is a whole service: by default it runs the push schedule and the retry sender itself."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from config.settings import PushSettings
from push.scheduler import DISPATCH_JOB, RUN_JOB
from service.app import create_app
from service.container import Container
from tests.conftest import make_settings


def test_the_default_service_runs_the_schedule_and_the_sender(tmp_path: Path) -> None:
    assert PushSettings().scheduler_in_service  # the shipped default, not a test override
    container = Container.build(make_settings(tmp_path, push=PushSettings()))
    container.start()
    with TestClient(create_app(container=container)):
        assert container.push.scheduler.running_jobs == sorted([RUN_JOB, DISPATCH_JOB])
    assert container.push.scheduler.running_jobs == []  # stopped with the app
    container.close()


def test_instances_beside_a_push_worker_leave_the_schedule_to_it(tmp_path: Path) -> None:
    container = Container.build(make_settings(tmp_path, push=PushSettings(scheduler_in_service=False)))
    container.start()
    with TestClient(create_app(container=container)):
        assert container.push.scheduler.running_jobs == []
    container.close()
