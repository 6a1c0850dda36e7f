"""Staff accounts: argon2 hashes, roles, the login lock-out, the last-admin rule."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service.console.auth import LoginPolicy, StaffStore
from service.console.errors import InvalidStaff, LoginFailed, LoginLocked, StaffExists
from service.console.tables import StaffRow
from service.container import Container
from tests.service.console.conftest import FAST_HASHER, SteppingClock

PASSWORD = "a-long-enough-password"


@pytest.fixture
def staff(container: Container, clock: SteppingClock) -> StaffStore:
    return StaffStore(container.engine, policy=LoginPolicy(max_failures=5), hasher=FAST_HASHER, clock=clock)


def test_password_is_stored_as_an_argon2id_hash(staff: StaffStore, container: Container) -> None:
    staff.add("wang", "admin", PASSWORD)
    with container.store.session() as db:
        stored = db.scalar(select(StaffRow.password_hash).where(StaffRow.username == "wang"))
    assert stored is not None and stored.startswith("$argon2id$") and PASSWORD not in stored
    assert staff.authenticate("wang", PASSWORD).role == "admin"


def test_wrong_password_and_unknown_user_get_the_same_refusal(staff: StaffStore) -> None:
    staff.add("wang", "reviewer", PASSWORD)
    with pytest.raises(LoginFailed) as wrong:
        staff.authenticate("wang", "not-the-password")
    with pytest.raises(LoginFailed) as unknown:
        staff.authenticate("nobody", PASSWORD)
    assert str(wrong.value) == str(unknown.value) == "用户名或密码错误"


def test_five_failures_lock_the_username_until_the_window_passes(staff: StaffStore, clock: SteppingClock) -> None:
    staff.add("wang", "reviewer", PASSWORD)
    for _ in range(5):
        with pytest.raises(LoginFailed):
            staff.authenticate("wang", "guess")
        clock.advance(minutes=1)
    with pytest.raises(LoginLocked, match="15 分钟"):
        staff.authenticate("wang", PASSWORD)  # even the right password is refused while locked
    clock.advance(minutes=11)  # the first failure is now older than 15 minutes
    assert staff.authenticate("wang", PASSWORD).username == "wang"


def test_a_successful_login_clears_earlier_failures(staff: StaffStore) -> None:
    staff.add("wang", "reviewer", PASSWORD)
    for _ in range(4):
        with pytest.raises(LoginFailed):
            staff.authenticate("wang", "guess")
    staff.authenticate("wang", PASSWORD)
    for _ in range(4):
        with pytest.raises(LoginFailed):
            staff.authenticate("wang", "guess")
    assert staff.authenticate("wang", PASSWORD).username == "wang"


def test_a_disabled_account_cannot_log_in(staff: StaffStore) -> None:
    staff.add("root", "admin", PASSWORD)
    staff.add("wang", "reviewer", PASSWORD)
    staff.update("wang", disabled=True)
    with pytest.raises(LoginFailed):
        staff.authenticate("wang", PASSWORD)


@pytest.mark.parametrize(("username", "role", "password", "message"), [
    ("w", "admin", PASSWORD, "用户名"),
    ("<b>x</b>", "admin", PASSWORD, "用户名"),
    ("wang", "superuser", PASSWORD, "角色"),
    ("wang", "admin", "short", "密码至少"),
])
def test_account_rules(staff: StaffStore, username: str, role: str, password: str, message: str) -> None:
    with pytest.raises(InvalidStaff, match=message):
        staff.add(username, role, password)
    assert staff.list() == []


def test_a_username_is_taken_once(staff: StaffStore) -> None:
    staff.add("wang", "admin", PASSWORD)
    with pytest.raises(StaffExists):
        staff.add("wang", "reviewer", PASSWORD)


def test_the_last_active_admin_cannot_be_demoted_or_disabled(staff: StaffStore) -> None:
    staff.add("root", "admin", PASSWORD)
    with pytest.raises(InvalidStaff, match="管理员"):
        staff.update("root", role="reviewer")
    with pytest.raises(InvalidStaff, match="管理员"):
        staff.update("root", disabled=True)
    assert staff.get("root").role == "admin" and not staff.get("root").disabled
