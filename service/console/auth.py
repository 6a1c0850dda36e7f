"""Staff accounts: argon2id password hashes, roles, and login throttled by account and client address.

Failed logins slow further attempts with increasing delays (`service.console.throttle`), never a lock-out
that someone else can hold on an account. An unknown username costs as much time as a known one (a
dummy hash is verified), so timing does not tell which usernames exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, func, select

from index.db import make_sessionmaker
from service.console.errors import InvalidStaff, LoginFailed, LoginLocked, StaffExists, StaffNotFound
from service.console.permissions import ADMIN, ROLES
from service.console.tables import StaffRow
from service.console.throttle import LoginPolicy, LoginThrottle
from service.qa.models import Clock, as_utc, utc_now

USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,32}$")
MIN_PASSWORD = 10


@dataclass(frozen=True)
class Staff:
    username: str
    role: str
    disabled: bool = False
    created_at: datetime | None = None


def _staff(row: StaffRow) -> Staff:
    return Staff(row.username, row.role, row.disabled, as_utc(row.created_at))


def check_new_account(username: str, role: str, password: str) -> None:
    if not USERNAME.match(username):
        raise InvalidStaff("用户名须为 2-32 位字母、数字或 _ . -")
    check_role(role)
    if len(password) < MIN_PASSWORD:
        raise InvalidStaff(f"密码至少 {MIN_PASSWORD} 位")


def check_role(role: str) -> None:
    if role not in ROLES:
        raise InvalidStaff(f"角色只能是 {' 或 '.join(ROLES)}")


class StaffStore:
    def __init__(self, engine: Engine, *, policy: LoginPolicy | None = None, hasher: PasswordHasher | None = None,
                 clock: Clock = utc_now) -> None:
        self._sessions = make_sessionmaker(engine)
        self.policy = policy or LoginPolicy()
        self.throttle = LoginThrottle(engine, self.policy)
        self.hasher = hasher or PasswordHasher()
        self.clock = clock
        self._dummy_hash = self.hasher.hash("timing-equaliser")

    def add(self, username: str, role: str, password: str) -> Staff:
        check_new_account(username, role, password)
        with self._sessions() as db, db.begin():
            if db.get(StaffRow, username) is not None:
                raise StaffExists(username)
            row = StaffRow(username=username, password_hash=self.hasher.hash(password), role=role,
                           disabled=False, created_at=self.clock())
            db.add(row)
            return _staff(row)

    def get(self, username: str) -> Staff:
        with self._sessions() as db:
            row = db.get(StaffRow, username)
            if row is None:
                raise StaffNotFound(username)
            return _staff(row)

    def list(self) -> list[Staff]:
        with self._sessions() as db:
            return [_staff(r) for r in db.scalars(select(StaffRow).order_by(StaffRow.username))]

    def update(self, username: str, *, role: str | None = None, disabled: bool | None = None) -> Staff:
        if role is not None:
            check_role(role)
        with self._sessions() as db, db.begin():
            row = db.get(StaffRow, username)
            if row is None:
                raise StaffNotFound(username)
            row.role = role if role is not None else row.role
            row.disabled = disabled if disabled is not None else row.disabled
            db.flush()
            if not db.scalar(select(func.count()).select_from(StaffRow).where(
                    StaffRow.role == ADMIN, StaffRow.disabled.is_(False))):
                raise InvalidStaff("至少须保留一个可用的管理员账号，未做修改")
            return _staff(row)

    def authenticate(self, username: str, password: str, address: str = "") -> Staff:
        """The staff member with these credentials; raises `LoginLocked` (wait) or `LoginFailed`."""
        now = self.clock()
        wait = self.throttle.wait(username, address, now)
        if wait > 0:
            raise LoginLocked(wait)
        with self._sessions() as db:
            row = db.get(StaffRow, username)
            stored = row.password_hash if row is not None and not row.disabled else self._dummy_hash
        if not self._verify(stored, password) or row is None or row.disabled:
            self.throttle.failed(username, address, now)
            raise LoginFailed()
        self.throttle.succeeded(username, address)
        return _staff(row)

    def _verify(self, stored: str, password: str) -> bool:
        try:
            return self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

