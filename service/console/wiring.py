"""`Console`: the console's stores, built from settings in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from sqlalchemy import Engine

from config import Settings
from service.console.audit import AuditLog
from service.console.auth import StaffStore
from service.console.labels import LabelStore
from service.console.secret import console_secret
from service.console.sessions import SessionStore
from service.console.throttle import LoginPolicy
from service.qa.models import Clock, utc_now


@dataclass
class Console:
    staff: StaffStore
    sessions: SessionStore
    audit: AuditLog
    labels: LabelStore

    @classmethod
    def build(cls, settings: Settings, engine: Engine, *, clock: Clock = utc_now,
              hasher: PasswordHasher | None = None) -> Console:
        """The secret is read (or generated) on the first login, not here: building stays cheap."""
        console = settings.console
        policy = LoginPolicy(console.login_max_failures, timedelta(minutes=console.login_window_minutes))
        return cls(
            staff=StaffStore(engine, policy=policy, hasher=hasher, clock=clock),
            sessions=SessionStore(engine, lambda: console_secret(settings), timedelta(hours=console.session_hours),
                                  clock=clock),
            audit=AuditLog(engine, clock=clock),
            labels=LabelStore(engine, clock=clock),
        )
