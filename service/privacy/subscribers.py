"""Erasing a subscriber everywhere the service keeps their id: push data (`push.subject_rights`) and the
audit log, whose entries stay (what was done, when, by whom) with the id replaced by the same pseudonym."""

from __future__ import annotations

from sqlalchemy import Engine, func, update

from index.db import make_sessionmaker
from push.subject_rights import SubjectRights
from service.console.tables import AuditRow


def erase_subscriber(engine: Engine, rights: SubjectRights, subscriber_id: str) -> str:
    pseudonym = rights.erase(subscriber_id)
    sessions = make_sessionmaker(engine)
    with sessions() as db, db.begin():
        db.execute(update(AuditRow).where(AuditRow.target.contains(subscriber_id, autoescape=True))
                   .values(target=func.replace(AuditRow.target, subscriber_id, pseudonym)))
    return pseudonym
