"""A subscriber's rights under PIPL: a copy of everything kept about them, and erasure that leaves nothing behind.

`export` gathers the profile (the delivery secret withheld: it is a credential, not data about them), every
message with its policies, clicks and staff decisions. `erase` deletes the profile and its vector, cancels
pending messages, strips payloads and errors, and replaces the subscriber's id wherever statistics keep
a row (deliveries, delivery items, push decisions) by a random pseudonym, so the counts stay and no
row can be tied back to the person.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import Engine, select, update

from index.db import make_sessionmaker
from push.subscribers import SubscriberStore
from push.tables import DecisionRow, DeliveryItemRow, DeliveryRow


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


class SubjectRights:
    def __init__(self, engine: Engine, subscribers: SubscriberStore) -> None:
        self._sessions = make_sessionmaker(engine)
        self.subscribers = subscribers

    def export(self, subscriber_id: str) -> dict:
        subscriber = self.subscribers.get(subscriber_id)
        profile = subscriber.profile.model_dump(mode="json")
        profile["channel"]["secret"] = "（已设置，出于安全不导出）"
        with self._sessions() as db:
            deliveries = list(db.scalars(select(DeliveryRow).where(DeliveryRow.subscriber_id == subscriber_id)
                                         .order_by(DeliveryRow.created_at)))
            items = list(db.scalars(select(DeliveryItemRow).where(DeliveryItemRow.subscriber_id == subscriber_id)))
            decisions = list(db.scalars(select(DecisionRow).where(DecisionRow.subscriber_id == subscriber_id)))
        by_delivery: dict[str, list[dict]] = {}
        for item in items:
            by_delivery.setdefault(item.delivery_id, []).append({
                "doc_id": item.doc_id, "score": item.score, "clicks": item.clicks,
                "first_clicked_at": _iso(item.first_clicked_at)})
        return {
            "subscriber_id": subscriber.id, "active": subscriber.active, "profile": profile,
            "created_at": _iso(subscriber.created_at), "updated_at": _iso(subscriber.updated_at),
            "deliveries": [{"id": d.id, "run_id": d.run_id, "status": d.status, "attempts": d.attempts,
                            "created_at": _iso(d.created_at), "finished_at": _iso(d.finished_at),
                            "policies": by_delivery.get(d.id, [])} for d in deliveries],
            "decisions": [{"doc_id": d.doc_id, "decision": d.decision, "decided_at": _iso(d.decided_at)}
                          for d in decisions],
        }

    def erase(self, subscriber_id: str) -> str:
        """Erase the subscriber; returns the pseudonym their statistics rows now carry."""
        self.subscribers.delete(subscriber_id)
        pseudonym = "erased-" + secrets.token_hex(8)
        with self._sessions() as db, db.begin():
            db.execute(update(DeliveryRow).where(DeliveryRow.subscriber_id == subscriber_id)
                       .values(subscriber_id=pseudonym, payload=None, last_error=None))
            db.execute(update(DeliveryItemRow).where(DeliveryItemRow.subscriber_id == subscriber_id)
                       .values(subscriber_id=pseudonym))
            db.execute(update(DecisionRow).where(DecisionRow.subscriber_id == subscriber_id)
                       .values(subscriber_id=pseudonym))
        return pseudonym
