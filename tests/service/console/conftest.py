"""Console fixtures: a container with the sample corpus, one admin and one reviewer, logged-in clients."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from service.app import create_app
from service.console.wiring import Console
from service.container import Container
from tests.conftest import make_settings

ADMIN, REVIEWER, PASSWORD = "admin1", "reviewer1", "correct-horse-battery"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


class SteppingClock:
    def __init__(self, start: datetime = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock()


def with_staff(container: Container, clock: SteppingClock | None = None) -> Container:
    """Give the container a console on `clock` with a fast hasher, and an admin and a reviewer."""
    kwargs = {"clock": clock} if clock else {}
    container.console = Console.build(container.settings, container.engine, hasher=FAST_HASHER, **kwargs)
    container.console.staff.add(ADMIN, "admin", PASSWORD)
    container.console.staff.add(REVIEWER, "reviewer", PASSWORD)
    return container


@contextmanager
def staffed_container(tmp_path: Path, clock: SteppingClock, *, samples: bool = True,
                      **overrides: object) -> Iterator[Container]:
    """A started container (fake embedder, settings `overrides`) with staff on `clock`, closed afterwards."""
    built = Container.build(make_settings(tmp_path, **overrides))
    built.start()
    if samples:
        built.ingest_samples()
    try:
        yield with_staff(built, clock)
    finally:
        built.close()


@pytest.fixture
def console_container(tmp_path: Path, clock: SteppingClock) -> Iterator[Container]:
    """Sample corpus, fake embedder, every question answered (threshold 0), clocked console."""
    with staffed_container(tmp_path, clock, qa={"handoff_threshold": 0.0}) as built:
        yield built


@pytest.fixture
def web(console_container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=console_container), follow_redirects=False) as client:
        yield client


def login(client: TestClient, username: str = ADMIN, password: str = PASSWORD) -> TestClient:
    page = client.get("/console/login")
    response = client.post("/console/login", data={"username": username, "password": password,
                                                   "csrf_token": csrf_of(page.text)})
    assert response.status_code == 303, response.text
    return client


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "page has no CSRF token"
    return found.group(1)


def post_form(client: TestClient, page: str, action: str, data: dict | None = None) -> Any:
    """Submit a form the way a browser does: the CSRF token comes from the page that shows it.

    Returns the test client's response (httpx or httpx2, whichever starlette picked).
    """
    token = csrf_of(client.get(page).text)
    return client.post(action, data={**(data or {}), "csrf_token": token})


@pytest.fixture
def admin_web(web: TestClient) -> TestClient:
    return login(web, ADMIN)


@pytest.fixture
def reviewer_web(console_container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=console_container), follow_redirects=False) as client:
        yield login(client, REVIEWER)
