"""The transactional outbox: messages are written with their run, then sent, and never lost.

A `DeliveryRow` is `pending` until it ends `delivered`, `failed` (the receiver refused it with a 4xx:
dead-lettered at once), `dead` (retries exhausted: dead-lettered) or `cancelled` (its subscriber was
deleted). A sender claims a due row for `claim_seconds`; if it crashes, the claim lapses and another
sender (or the same one restarted) sends it again with the same `webhook-id`, which receivers
de-duplicate by. At-least-once delivery plus a stable id is what "never lost, never repeated" means.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Engine, Select, Update, case, func, or_, select, update

from index.db import make_sessionmaker
from push.channel import Message, Target
from push.errors import DeliveryNotFound
from push.tables import DeliveryRow, SubscriberRow
from push.timeutil import as_utc

PENDING, DELIVERED, FAILED, DEAD, CANCELLED = "pending", "delivered", "failed", "dead", "cancelled"
DEAD_LETTERED = (FAILED, DEAD)
FINAL = (DELIVERED, FAILED, DEAD, CANCELLED)


@dataclass
class Claimed:
    """A due message claimed for sending, with where it goes."""

    message: Message
    target: Target
    subscriber_id: str
    attempts: int


@dataclass(frozen=True)
class Recorded:
    """How one attempt ended: a final `status`, or None and `retry_at` for another attempt."""

    delivery_id: str
    status: str | None
    http_status: int | None
    error: str | None
    at: datetime

    def statement(self) -> Update:
        changes = {"attempts": DeliveryRow.attempts + 1, "claimed_until": None, "last_status": self.http_status,
                   "last_error": self.error}
        if self.status is None:
            return update(DeliveryRow).where(DeliveryRow.id == self.delivery_id).values(
                **changes, next_attempt_at=self.at)
        return update(DeliveryRow).where(DeliveryRow.id == self.delivery_id, DeliveryRow.status == PENDING).values(
            **changes, status=self.status, finished_at=self.at)


def encode_body(payload: dict) -> bytes:
    """The exact bytes sent and signed; deterministic, so every retry sends the same body."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


class Outbox:
    def __init__(self, engine: Engine, claim_seconds: float = 300) -> None:
        self._sessions = make_sessionmaker(engine)
        self.claim = timedelta(seconds=claim_seconds)

    def claim_due(self, now: datetime, limit: int) -> list[Claimed]:
        """Claim up to `limit` due messages: one conditional UPDATE per row, so two senders never share one."""
        claimed: list[Claimed] = []
        with self._sessions() as session, session.begin():
            rows = session.execute(self._due(now).limit(limit)).all()
            for delivery, subscriber in rows:
                won = session.execute(update(DeliveryRow).where(
                    DeliveryRow.id == delivery.id, DeliveryRow.status == PENDING, self._unclaimed(now),
                ).values(claimed_until=now + self.claim).execution_options(synchronize_session=False)).rowcount
                if won:
                    claimed.append(Claimed(Message(delivery.id, encode_body(delivery.payload or {})),
                                           Target(subscriber.channel_type, subscriber.channel_url,
                                                  subscriber.channel_secret),
                                           delivery.subscriber_id, delivery.attempts))
        return claimed

    def _due(self, now: datetime) -> Select:
        return (select(DeliveryRow, SubscriberRow)
                .join(SubscriberRow, SubscriberRow.id == DeliveryRow.subscriber_id)
                .where(DeliveryRow.status == PENDING, DeliveryRow.next_attempt_at <= now, self._unclaimed(now))
                .order_by(DeliveryRow.next_attempt_at, DeliveryRow.id))

    @staticmethod
    def _unclaimed(now: datetime) -> ColumnElement[bool]:
        return or_(DeliveryRow.claimed_until.is_(None), DeliveryRow.claimed_until < now)

    def record(self, outcomes: list[Recorded]) -> None:
        """Write the outcomes of several attempts in one transaction."""
        with self._sessions() as session, session.begin():
            for outcome in outcomes:
                session.execute(outcome.statement())

    def requeue(self, delivery_id: str, now: datetime) -> None:
        """Send a dead-lettered message again (staff action), from a fresh attempt count."""
        with self._sessions() as session, session.begin():
            row = session.get(DeliveryRow, delivery_id)
            if row is None or row.status not in DEAD_LETTERED or row.payload is None:
                raise DeliveryNotFound(delivery_id)
            row.status, row.attempts, row.next_attempt_at, row.finished_at = PENDING, 0, now, None

    def next_due(self) -> datetime | None:
        """When the earliest pending message can be sent, claims included (None when nothing is pending)."""
        ready = case((DeliveryRow.claimed_until > DeliveryRow.next_attempt_at, DeliveryRow.claimed_until),
                     else_=DeliveryRow.next_attempt_at)
        with self._sessions() as session:
            found = session.scalar(select(func.min(ready)).where(DeliveryRow.status == PENDING))
            return as_utc(found) if found else None

    def counts(self) -> dict[str, int]:
        with self._sessions() as session:
            rows = session.execute(select(DeliveryRow.status, func.count()).group_by(DeliveryRow.status)).all()
            return {status: count for status, count in rows}

    def list(self, statuses: tuple[str, ...], offset: int = 0, limit: int = 100) -> list[DeliveryRow]:
        with self._sessions() as session:
            query = select(DeliveryRow).where(DeliveryRow.status.in_(statuses))
            return list(session.scalars(query.order_by(DeliveryRow.created_at.desc(), DeliveryRow.id)
                                        .offset(offset).limit(limit)))
