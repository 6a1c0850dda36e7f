"""Login throttling: increasing delays, never a lock-out someone else can hold.

Failures are counted within a window in three scopes, each with free attempts and then a delay that
doubles with every further failure, measured from the scope's last failure:

    scope                      free   delay cap   what it stops
    this account, this address   5     15 min     guessing one account's password from one place
    this address, any account   10     15 min     password spraying across usernames
    this account, any address   10     30 s       a distributed guess on one account

An attacker elsewhere can only slow the owner's own address by the account-wide delay, capped at 30 s
between attempts; the owner's successful login clears that address's failures for the account.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, func, select

from index.db import make_sessionmaker
from service.console.tables import LoginFailureRow
from service.qa.models import as_utc


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5                 # free failures per account and address before delays start
    window: timedelta = timedelta(minutes=15)
    free_per_address: int = 10
    free_per_account: int = 10
    max_delay: timedelta = timedelta(minutes=15)
    max_account_delay: timedelta = timedelta(seconds=30)


def _delay(failures: int, free: int, cap: timedelta) -> timedelta:
    if failures < free:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(failures - free, 20)), cap)


class LoginThrottle:
    def __init__(self, engine: Engine, policy: LoginPolicy) -> None:
        self._sessions = make_sessionmaker(engine)
        self.policy = policy

    def wait(self, username: str, address: str, now: datetime) -> int:
        """Seconds this (username, address) must still wait before its next attempt; 0 if it may try now."""
        p = self.policy
        since = now - p.window
        scopes = (
            ((LoginFailureRow.username == username, LoginFailureRow.address == address), p.max_failures, p.max_delay),
            ((LoginFailureRow.address == address,), p.free_per_address, p.max_delay),
            ((LoginFailureRow.username == username,), p.free_per_account, p.max_account_delay),
        )
        waits = [0.0]
        with self._sessions() as db:
            for where, free, cap in scopes:
                count, last = db.execute(select(func.count(), func.max(LoginFailureRow.at)).where(
                    LoginFailureRow.at > since, *where)).one()
                if count and last is not None:
                    ready = as_utc(last) + _delay(count, free, cap)
                    waits.append((ready - now).total_seconds())
        return max(0, int(-(-max(waits) // 1)))

    def failed(self, username: str, address: str, now: datetime) -> None:
        with self._sessions() as db, db.begin():
            db.execute(delete(LoginFailureRow).where(LoginFailureRow.at <= now - self.policy.window))
            db.add(LoginFailureRow(username=username[:64], address=address[:64], at=now))

    def succeeded(self, username: str, address: str) -> None:
        with self._sessions() as db, db.begin():
            db.execute(delete(LoginFailureRow).where(LoginFailureRow.username == username,
                                                     LoginFailureRow.address == address))
