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

from sqlalchemy import Engine, case, func, or_, select, update

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
                ).values(claimed_until=now + self.claim)).rowcount
                if won:
                    claimed.append(Claimed(Message(delivery.id, encode_body(delivery.payload or {})),
                                           Target(subscriber.channel_type, subscriber.channel_url,
                                                  subscriber.channel_secret),
                                           delivery.subscriber_id, delivery.attempts))
        return claimed

    def _due(self, now: datetime):  # type: ignore[no-untyped-def]
        return (select(DeliveryRow, SubscriberRow)
                .join(SubscriberRow, SubscriberRow.id == DeliveryRow.subscriber_id)
                .where(DeliveryRow.status == PENDING, DeliveryRow.next_attempt_at <= now, self._unclaimed(now))
                .order_by(DeliveryRow.next_attempt_at, DeliveryRow.id))

    @staticmethod
    def _unclaimed(now: datetime):  # type: ignore[no-untyped-def]
        return or_(DeliveryRow.claimed_until.is_(None), DeliveryRow.claimed_until < now)

    def delivered(self, delivery_id: str, status: int | None, now: datetime) -> None:
        self._finish(delivery_id, DELIVERED, status, None, now)

    def dead_letter(self, delivery_id: str, status_name: str, http_status: int | None, error: str,
                    now: datetime) -> None:
        self._finish(delivery_id, status_name, http_status, error, now)

    def retry_later(self, delivery_id: str, http_status: int | None, error: str, at: datetime) -> None:
        with self._sessions() as session, session.begin():
            session.execute(update(DeliveryRow).where(DeliveryRow.id == delivery_id).values(
                attempts=DeliveryRow.attempts + 1, next_attempt_at=at, claimed_until=None,
                last_status=http_status, last_error=error))

    def _finish(self, delivery_id: str, status: str, http_status: int | None, error: str | None,
                now: datetime) -> None:
        with self._sessions() as session, session.begin():
            session.execute(update(DeliveryRow).where(DeliveryRow.id == delivery_id, DeliveryRow.status == PENDING)
                            .values(status=status, attempts=DeliveryRow.attempts + 1, claimed_until=None,
                                    last_status=http_status, last_error=error, finished_at=now))

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
