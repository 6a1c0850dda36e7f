"""Sessions: signed cookies, server-side expiry and logout, and the persisted secret."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

import pytest

from config import Settings
from service.console.auth import Staff
from service.console.errors import NotLoggedIn, SessionExpired
from service.console.secret import console_secret
from service.console.sessions import SessionStore
from service.console.wiring import Console
from service.container import Container
from tests.conftest import make_settings
from tests.service.console.conftest import FAST_HASHER, SteppingClock


@pytest.fixture
def sessions(container: Container, clock: SteppingClock) -> SessionStore:
    console = Console.build(container.settings, container.engine, clock=clock, hasher=FAST_HASHER)
    console.staff.add("wang", "admin", "a-long-enough-password")
    return console.sessions


def test_a_cookie_resolves_to_its_staff_member(sessions: SessionStore) -> None:
    cookie, opened = sessions.open(Staff("wang", "admin"))
    found = sessions.resolve(cookie)
    assert found.staff.username == "wang" and found.csrf_token == opened.csrf_token


def test_a_session_expires_after_its_lifetime(sessions: SessionStore, clock: SteppingClock) -> None:
    cookie, _ = sessions.open(Staff("wang", "admin"))
    clock.advance(hours=8, seconds=-1)
    sessions.resolve(cookie)
    clock.advance(seconds=1)
    with pytest.raises(SessionExpired):
        sessions.resolve(cookie)


def test_forged_and_closed_cookies_are_refused(sessions: SessionStore) -> None:
    cookie, _ = sessions.open(Staff("wang", "admin"))
    token, _, signature = cookie.rpartition(".")
    with pytest.raises(NotLoggedIn):
        sessions.resolve(f"{token}x.{signature}")
    sessions.close(cookie)
    with pytest.raises(NotLoggedIn):
        sessions.resolve(cookie)


def test_a_cookie_signed_with_another_secret_is_refused(container: Container, sessions: SessionStore) -> None:
    cookie, _ = sessions.open(Staff("wang", "admin"))
    other = SessionStore(container.engine, lambda: "another-secret", timedelta(hours=8))
    with pytest.raises(NotLoggedIn):
        other.resolve(cookie)


def test_the_generated_secret_is_private_and_survives_a_restart(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    first = console_secret(settings)
    secret_file = Path(settings.data_dir) / "console_secret"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert console_secret(make_settings(tmp_path)) == first and len(first) >= 48


def test_a_configured_secret_wins(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, console={"secret_key": "from-the-environment"})
    assert isinstance(settings, Settings)
    assert console_secret(settings) == "from-the-environment"
    assert not (Path(settings.data_dir) / "console_secret").exists()
