"""Staff accounts: argon2 hashes, roles, the login lock-out, the last-admin rule."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from index.db import make_sessionmaker
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
    with make_sessionmaker(container.engine)() as db:
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


def _fail(staff: StaffStore, username: str, address: str, times: int, clock: SteppingClock) -> None:
    for _ in range(times):
        clock.advance(seconds=staff.throttle.wait(username, address, clock()))
        with pytest.raises(LoginFailed):
            staff.authenticate(username, "guess", address)


def test_failures_from_one_address_bring_increasing_delays_not_a_lock(staff: StaffStore,
                                                                     clock: SteppingClock) -> None:
    staff.add("wang", "reviewer", PASSWORD)
    _fail(staff, "wang", "10.0.0.1", 5, clock)
    with pytest.raises(LoginLocked, match="1 秒"):
        staff.authenticate("wang", PASSWORD, "10.0.0.1")  # even the right password waits its turn
    waits = []
    for _ in range(3):
        _fail(staff, "wang", "10.0.0.1", 1, clock)
        waits.append(staff.throttle.wait("wang", "10.0.0.1", clock()))
    assert waits == [2, 4, 8]
    clock.advance(seconds=8)
    assert staff.authenticate("wang", PASSWORD, "10.0.0.1").username == "wang"


def test_an_attacker_elsewhere_cannot_keep_the_owner_out(staff: StaffStore, clock: SteppingClock) -> None:
    staff.add("wang", "admin", PASSWORD)
    _fail(staff, "wang", "203.0.113.9", 40, clock)
    assert staff.throttle.wait("wang", "203.0.113.9", clock()) > 60  # the attacker's own delay keeps growing
    assert staff.throttle.wait("wang", "10.0.0.1", clock()) <= 30   # the owner waits at most the account cap
    clock.advance(seconds=30)
    assert staff.authenticate("wang", PASSWORD, "10.0.0.1").username == "wang"


def test_password_spraying_from_one_address_is_slowed(staff: StaffStore, clock: SteppingClock) -> None:
    for n in range(12):
        clock.advance(seconds=staff.throttle.wait(f"user{n}", "198.51.100.7", clock()))
        with pytest.raises(LoginFailed):
            staff.authenticate(f"user{n}", "Spring2024!", "198.51.100.7")
    assert staff.throttle.wait("someone-else", "198.51.100.7", clock()) == 4  # 2 ** (12 failures - 10 free)
    assert staff.throttle.wait("someone-else", "10.0.0.1", clock()) == 0


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
