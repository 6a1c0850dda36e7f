"""Named leases in the database: a lock that works across processes and outlives none of them.

`acquire` inserts the lease row or takes it over once expired, in one conditional statement, so of
two schedulers racing for the same run exactly one plans it. A crashed holder's lease lapses.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, or_, update
from sqlalchemy.exc import IntegrityError

from index.db import make_sessionmaker
from push.tables import LeaseRow


class Leases:
    def __init__(self, engine: Engine) -> None:
        self._sessions = make_sessionmaker(engine)

    def acquire(self, name: str, holder: str, now: datetime, ttl: float) -> bool:
        expires = now + timedelta(seconds=ttl)
        try:
            with self._sessions() as session, session.begin():
                session.add(LeaseRow(name=name, holder=holder, expires_at=expires))
            return True
        except IntegrityError:
            pass
        with self._sessions() as session, session.begin():
            taken = session.execute(update(LeaseRow).where(
                LeaseRow.name == name, or_(LeaseRow.expires_at < now, LeaseRow.holder == holder),
            ).values(holder=holder, expires_at=expires)).rowcount
            return bool(taken)

    def release(self, name: str, holder: str, now: datetime) -> None:
        with self._sessions() as session, session.begin():
            session.execute(update(LeaseRow).where(LeaseRow.name == name, LeaseRow.holder == holder)
                            .values(expires_at=now - timedelta(seconds=1)))

    def holder(self, name: str) -> str | None:
        with self._sessions() as session:
            row = session.get(LeaseRow, name)
            return row.holder if row else None
