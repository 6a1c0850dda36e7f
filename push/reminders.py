"""Reminders (政策找人 beyond the first push): before an application window closes and before a policy
expires, each subscriber who was sent that policy gets a reminder.

    delivered (subscriber, policy) items
        × windows closing within `days_before_close` (a yearly window in this year's or next year's dates)
        + expiry within `days_before_expiry`
        − reminders already written (unique subscriber, policy, kind, closing day: once per window)
        − policies not in force today
    → one `policy.reminder` message per subscriber, in the same outbox as pushes (signatures, retries,
      dead letters and the receiver's webhook-id de-duplication all apply)

The reminder rows and their messages are written in one transaction; two reminder jobs racing write
them once (the unique constraint makes the loser's transaction fail, and it writes nothing).
"""

from __future__ import annotations

import secrets
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import quote

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from index.db import make_sessionmaker
from index.lifecycle import IN_FORCE_STATUSES, usable_expiry
from index.policy_index import PolicyIndex
from index.relations import occurrence
from push.outbox import DELIVERED, PENDING
from push.reminder_tables import ReminderRow
from push.tables import DeliveryItemRow, DeliveryRow, RunRow, SubscriberRow
from push.timeutil import Clock

REMINDER = "reminder"
CLOSING, EXPIRING = "closing", "expiring"


@dataclass(frozen=True)
class ReminderConfig:
    days_before_close: int = 7
    days_before_expiry: int = 30
    public_url: str = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class Due:
    subscriber_id: str
    doc_id: str
    kind: str
    closes: date
    opens: date | None = None


@dataclass
class ReminderSummary:
    run_id: str | None
    reminders: int = 0
    messages: int = 0
    skipped: bool = False
    due: list[Due] = field(default_factory=list)


class Reminders:
    def __init__(self, engine: Engine, index: PolicyIndex, config: ReminderConfig, clock: Clock) -> None:
        self._sessions = make_sessionmaker(engine)
        self.index, self.config, self.clock = index, config, clock

    def today(self) -> date:
        """The index's day (`PolicyIndex.today`), so reminders and validity agree."""
        return self.index.today()

    def due(self, today: date) -> list[Due]:
        """Every reminder due today that has not been written yet."""
        sent = self._delivered_pairs()
        doc_ids = sorted({doc for _, doc in sent})
        validity = self.index.validity(doc_ids, today)
        in_force = [d for d in doc_ids if d in validity and validity[d].status in IN_FORCE_STATUSES]
        deadlines = self._deadlines(in_force, today)
        done = self._written()
        return [Due(sid, doc, kind, closes, opens)
                for sid, doc in sorted(sent) for kind, closes, opens in deadlines.get(doc, ())
                if (sid, doc, kind, closes) not in done]

    def _deadlines(self, doc_ids: list[str], today: date) -> dict[str, list[tuple[str, date, date | None]]]:
        found: dict[str, list[tuple[str, date, date | None]]] = defaultdict(list)
        close_by = today + timedelta(days=self.config.days_before_close)
        for doc, windows in self.index.application_windows(doc_ids).items():
            for window in windows:
                opens, closes = occurrence(window, today)
                if today <= closes <= close_by:
                    found[doc].append((CLOSING, closes, opens))
        expire_by = today + timedelta(days=self.config.days_before_expiry)
        for doc in doc_ids:
            expires = usable_expiry(self.index.get_policy(doc))
            if expires and today <= expires <= expire_by:
                found[doc].append((EXPIRING, expires, None))
        return found

    def _delivered_pairs(self) -> set[tuple[str, str]]:
        query = (select(DeliveryItemRow.subscriber_id, DeliveryItemRow.doc_id)
                 .join(DeliveryRow, DeliveryRow.id == DeliveryItemRow.delivery_id)
                 .join(SubscriberRow, SubscriberRow.id == DeliveryItemRow.subscriber_id)
                 .where(DeliveryRow.status == DELIVERED, SubscriberRow.active.is_(True)))
        with self._sessions() as session:
            return {(r[0], r[1]) for r in session.execute(query).all()}

    def _written(self) -> set[tuple[str, str, str, date]]:
        with self._sessions() as session:
            rows = session.execute(select(ReminderRow.subscriber_id, ReminderRow.doc_id, ReminderRow.kind,
                                          ReminderRow.closes)).all()
            return {(r[0], r[1], r[2], r[3]) for r in rows}

    def run(self) -> ReminderSummary:
        """Write today's due reminders to the outbox (one message per subscriber); sending is the dispatcher's."""
        now, today = self.clock(), self.today()
        due = self.due(today)
        if not due:
            return ReminderSummary(None)
        run_id = f"{REMINDER}-{now.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
        by_subscriber: dict[str, list[Due]] = defaultdict(list)
        for item in due:
            by_subscriber[item.subscriber_id].append(item)
        try:
            with self._sessions() as session, session.begin():
                session.add(RunRow(id=run_id, trigger=REMINDER, window_start=now, window_end=now, created_at=now,
                                   policies=len({d.doc_id for d in due}), messages=len(by_subscriber)))
                session.flush()
                for sid, items in sorted(by_subscriber.items()):
                    self._queue(session, run_id, sid, items, now, today)
        except IntegrityError:
            return ReminderSummary(run_id, skipped=True)
        return ReminderSummary(run_id, len(due), len(by_subscriber), due=due)

    def _queue(self, session: Session, run_id: str, sid: str, items: list[Due], now: datetime,
               today: date) -> None:
        delivery_id = f"msg_{uuid.uuid4().hex}"
        token = session.scalar(select(SubscriberRow.unsubscribe_token).where(SubscriberRow.id == sid))
        base = self.config.public_url.rstrip("/")
        payload = {"type": "policy.reminder", "id": delivery_id, "run_id": run_id, "subscriber_id": sid,
                   "created_at": now.isoformat(timespec="seconds"),
                   "reminders": [self._entry(item, today, base) for item in items],
                   "unsubscribe_url": f"{base}/unsubscribe/{token}"}
        session.add(DeliveryRow(id=delivery_id, run_id=run_id, subscriber_id=sid, status=PENDING, attempts=0,
                                next_attempt_at=now, payload=payload, created_at=now))
        session.flush()
        session.add_all(ReminderRow(subscriber_id=sid, doc_id=i.doc_id, kind=i.kind, closes=i.closes,
                                    delivery_id=delivery_id, created_at=now) for i in items)

    def _entry(self, item: Due, today: date, base: str) -> dict:
        policy = self.index.get_policy(item.doc_id)
        left = (item.closes - today).days
        named = f"《{policy.title}》" + (f"（{policy.doc_number}）" if policy.doc_number else "")
        when = f"{item.closes.year}年{item.closes.month}月{item.closes.day}日"
        text = (f"{named}申报将于{when}截止，还剩{left}天" if item.kind == CLOSING
                else f"{named}有效期至{when}，还剩{left}天")
        return {"doc_id": policy.id, "title": policy.title, "doc_number": policy.doc_number, "kind": item.kind,
                "opens": item.opens.isoformat() if item.opens else None, "closes": item.closes.isoformat(),
                "days_left": left, "message": text, "url": f"{base}/policies/{quote(policy.id, safe='')}"}
