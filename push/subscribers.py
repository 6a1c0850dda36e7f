"""`SubscriberStore`: profiles with their delivery channel and their embedding, in `push_subscribers`.

The profile vector is computed when the profile is written (one short text) and stored with the
model's name, so a run over 100,000 subscribers embeds nothing; vectors of another model are
re-embedded in one batch when the matrix is loaded (`push.features`).
Deleting a subscriber erases the profile and its addresses and strips the payloads of its messages;
the delivery history keeps only ids, statuses and clicks.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from index.db import make_sessionmaker
from index.policy_index import PolicyIndex
from index.vector_codec import to_blob
from push.errors import LinkNotFound, SubscriberNotFound
from push.profiles import SubscriberProfile, profile_text, validate_profile, validate_subscriber_id
from push.tables import DeliveryRow, SubscriberRow
from push.timeutil import Clock, as_utc, system_clock

PROFILE_FIELDS = ("kind", "name", "region", "industry", "scale", "tags", "established", "description", "interests")
FACT_FIELDS = ("org_form", "employees", "revenue", "assets", "ownership", "birth_year", "gender", "employment")


@dataclass
class Subscriber:
    id: str
    profile: SubscriberProfile
    active: bool
    unsubscribe_token: str
    created_at: datetime
    updated_at: datetime


class SubscriberStore:
    def __init__(self, engine: Engine, index: PolicyIndex, clock: Clock = system_clock) -> None:
        self._sessions = make_sessionmaker(engine)
        self.index = index
        self.clock = clock

    def put(self, subscriber_id: str, profile: SubscriberProfile) -> tuple[Subscriber, bool]:
        """Create or replace; returns the subscriber and whether it was created."""
        validate_subscriber_id(subscriber_id)
        vector = self.index.embed_query(profile_text(profile))
        now = self.clock()
        with self._sessions() as session, session.begin():
            row = session.get(SubscriberRow, subscriber_id)
            created = row is None
            if row is None:
                row = SubscriberRow(id=subscriber_id, created_at=now, active=True,
                                    unsubscribe_token=secrets.token_urlsafe(24))
            _fill(row, profile, to_blob(vector), self.index.model_name)
            row.updated_at = now
            session.add(row)
            session.flush()
            return _to_subscriber(row), created

    def patch(self, subscriber_id: str, changes: dict) -> Subscriber:
        """Merge `changes` into the stored profile and validate the whole again."""
        current = self.get(subscriber_id).profile.model_dump(mode="python")
        current["channel"]["secret"] = current["channel"]["secret"].get_secret_value()
        merged = {**current, **changes}
        if isinstance(changes.get("channel"), dict) and "secret" not in changes["channel"]:
            merged["channel"] = {**changes["channel"], "secret": current["channel"]["secret"]}
        return self.put(subscriber_id, validate_profile(merged))[0]

    def get(self, subscriber_id: str) -> Subscriber:
        with self._sessions() as session:
            row = session.get(SubscriberRow, subscriber_id)
            if row is None:
                raise SubscriberNotFound(subscriber_id)
            return _to_subscriber(row)

    def list(self, offset: int = 0, limit: int = 100) -> tuple[list[Subscriber], int]:
        with self._sessions() as session:
            total = session.scalar(select(func.count()).select_from(SubscriberRow)) or 0
            rows = session.scalars(select(SubscriberRow).order_by(SubscriberRow.id).offset(offset).limit(limit))
            return [_to_subscriber(r) for r in rows], total

    def delete(self, subscriber_id: str) -> None:
        """Erase the profile and addresses; pending messages are cancelled and every payload stripped."""
        with self._sessions() as session, session.begin():
            row = session.get(SubscriberRow, subscriber_id)
            if row is None:
                raise SubscriberNotFound(subscriber_id)
            session.delete(row)
            self._cancel_pending(session, subscriber_id)
            session.execute(update(DeliveryRow).where(DeliveryRow.subscriber_id == subscriber_id).values(payload=None))

    def unsubscribe(self, token: str) -> str:
        """Stop pushing to the subscriber holding `token` (pending messages cancelled); returns its id."""
        with self._sessions() as session, session.begin():
            row = session.scalars(select(SubscriberRow).where(SubscriberRow.unsubscribe_token == token)).first()
            if row is None:
                raise LinkNotFound()
            row.active, row.updated_at = False, self.clock()
            self._cancel_pending(session, row.id)
            return row.id

    def _cancel_pending(self, session: Session, subscriber_id: str) -> None:
        pending = (DeliveryRow.subscriber_id == subscriber_id) & (DeliveryRow.status == "pending")
        session.execute(update(DeliveryRow).where(pending)
                        .values(status="cancelled", finished_at=self.clock(), claimed_until=None))

    def find_by_token(self, token: str) -> Subscriber:
        with self._sessions() as session:
            row = session.scalars(select(SubscriberRow).where(SubscriberRow.unsubscribe_token == token)).first()
            if row is None:
                raise LinkNotFound()
            return _to_subscriber(row)


def _fill(row: SubscriberRow, profile: SubscriberProfile, vector: bytes, model: str) -> None:
    for name in PROFILE_FIELDS:
        setattr(row, name, getattr(profile, name))
    row.facts = {name: getattr(profile, name) for name in FACT_FIELDS if getattr(profile, name) is not None}
    row.channel_type, row.channel_url = profile.channel.type, profile.channel.url
    row.channel_secret = profile.channel.secret.get_secret_value()
    row.vector, row.vector_model = vector, model


def row_profile(row: SubscriberRow) -> SubscriberProfile:
    """The profile as stored, validated again on the way out."""
    fields = {name: getattr(row, name) for name in PROFILE_FIELDS} | dict(row.facts or {})
    channel = {"type": row.channel_type, "url": row.channel_url, "secret": row.channel_secret}
    return SubscriberProfile.model_validate({**fields, "tags": list(row.tags or []), "channel": channel})


def _to_subscriber(row: SubscriberRow) -> Subscriber:
    return Subscriber(row.id, row_profile(row), row.active, row.unsubscribe_token,
                      as_utc(row.created_at), as_utc(row.updated_at))
