"""Staff login sessions, kept server-side so logout and expiry take effect at once.

The cookie carries a random token signed with the console secret (itsdangerous); the database keeps
only the token's SHA-256, the staff member, the session's CSRF token and when it expires.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from itsdangerous import BadSignature, Signer
from sqlalchemy import Engine, delete

from index.db import make_sessionmaker
from service.console.auth import Staff
from service.console.errors import NotLoggedIn, SessionExpired
from service.console.tables import StaffRow, StaffSessionRow
from service.qa.models import Clock, as_utc, utc_now

COOKIE = "zc_console"


@dataclass(frozen=True)
class StaffSession:
    staff: Staff
    csrf_token: str
    expires_at: datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SessionStore:
    def __init__(self, engine: Engine, secret: Callable[[], str], lifetime: timedelta, *,
                 clock: Clock = utc_now) -> None:
        self._sessions = make_sessionmaker(engine)
        self._secret = secret
        self.lifetime = lifetime
        self.clock = clock

    @cached_property
    def _signer(self) -> Signer:
        return Signer(self._secret(), salt="zhengce-console-session")

    def open(self, staff: Staff) -> tuple[str, StaffSession]:
        """A new session for `staff`: the signed cookie value and the session."""
        token, now = secrets.token_urlsafe(32), self.clock()
        row = StaffSessionRow(token_hash=_digest(token), username=staff.username,
                              csrf_token=secrets.token_urlsafe(32), created_at=now, expires_at=now + self.lifetime)
        with self._sessions() as db, db.begin():
            db.execute(delete(StaffSessionRow).where(StaffSessionRow.expires_at <= now))
            db.add(row)
        return self._signer.sign(token).decode(), StaffSession(staff, row.csrf_token, row.expires_at)

    def resolve(self, cookie: str | None) -> StaffSession:
        """The live session a cookie names; raises `NotLoggedIn` or `SessionExpired`."""
        token = self._unsign(cookie)
        with self._sessions() as db:
            row = db.get(StaffSessionRow, _digest(token))
            staff = db.get(StaffRow, row.username) if row is not None else None
            if row is None or staff is None or staff.disabled:
                raise NotLoggedIn()
            if as_utc(row.expires_at) <= self.clock():
                raise SessionExpired()
            account = Staff(staff.username, staff.role, staff.disabled)
            return StaffSession(account, row.csrf_token, as_utc(row.expires_at))

    def close(self, cookie: str | None) -> None:
        try:
            token = self._unsign(cookie)
        except NotLoggedIn:
            return
        with self._sessions() as db, db.begin():
            db.execute(delete(StaffSessionRow).where(StaffSessionRow.token_hash == _digest(token)))

    def close_all(self, username: str) -> None:
        """End every session of a staff member (role changed, account disabled)."""
        with self._sessions() as db, db.begin():
            db.execute(delete(StaffSessionRow).where(StaffSessionRow.username == username))

    def _unsign(self, cookie: str | None) -> str:
        if not cookie:
            raise NotLoggedIn()
        try:
            return self._signer.unsign(cookie).decode()
        except BadSignature as error:
            raise NotLoggedIn() from error
