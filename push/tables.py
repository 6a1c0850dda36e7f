"""Tables of the push domain.

Deliveries and their items name subscribers and policies by id only, without foreign keys: deleting
a subscriber erases its profile and addresses while the delivery history (ids, statuses, clicks) stays.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from index.db import Base

Moment = DateTime(timezone=True)


class SubscriberRow(Base):
    __tablename__ = "push_subscribers"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)
    region: Mapped[str] = mapped_column(String(200))
    industry: Mapped[str | None] = mapped_column(String(100))
    scale: Mapped[str | None] = mapped_column(String(20))
    tags: Mapped[list] = mapped_column(JSON, default=list)
    established: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[str] = mapped_column(Text, default="")
    facts: Mapped[dict | None] = mapped_column(JSON)
    channel_type: Mapped[str] = mapped_column(String(20))
    channel_url: Mapped[str] = mapped_column(Text)
    channel_secret: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    unsubscribe_token: Mapped[str] = mapped_column(String(64), unique=True)
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)
    vector_model: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(Moment)
    updated_at: Mapped[datetime] = mapped_column(Moment)


class PolicyAudienceRow(Base):
    """What a policy is for, derived at ingest or corrected by staff (corrections win)."""

    __tablename__ = "push_policy_audience"

    doc_id: Mapped[str] = mapped_column(ForeignKey("policies.id", ondelete="CASCADE"), primary_key=True)
    kinds: Mapped[list] = mapped_column(JSON, default=list)
    subjects: Mapped[list] = mapped_column(JSON, default=list)
    jurisdiction: Mapped[str | None] = mapped_column(String(200))
    industries: Mapped[list] = mapped_column(JSON, default=list)
    scales: Mapped[list] = mapped_column(JSON, default=list)
    thresholds: Mapped[list] = mapped_column(JSON, default=list)
    conditions: Mapped[list | None] = mapped_column(JSON)
    corrected_by_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    source_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(Moment)


class DecisionRow(Base):
    """A staff approval or rejection of one (policy, subscriber) candidate."""

    __tablename__ = "push_decisions"

    doc_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    subscriber_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    decision: Mapped[str] = mapped_column(String(20))
    decided_at: Mapped[datetime] = mapped_column(Moment, index=True)
    # what the selection said when staff decided: approved and not selected = a recipient it missed
    selected: Mapped[bool | None] = mapped_column(Boolean)
    decided_by: Mapped[str | None] = mapped_column(String(200))


class RunRow(Base):
    """One push run; a scheduled run's id is its fire time, so two schedulers cannot both make it."""

    __tablename__ = "push_runs"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    trigger: Mapped[str] = mapped_column(String(20))
    scheduled_for: Mapped[datetime | None] = mapped_column(Moment)
    window_start: Mapped[datetime] = mapped_column(Moment)
    window_end: Mapped[datetime] = mapped_column(Moment, index=True)
    created_at: Mapped[datetime] = mapped_column(Moment)
    policies: Mapped[int] = mapped_column(Integer, default=0)
    messages: Mapped[int] = mapped_column(Integer, default=0)


class RunPolicyRow(Base):
    __tablename__ = "push_run_policies"

    run_id: Mapped[str] = mapped_column(ForeignKey("push_runs.id", ondelete="CASCADE"), primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    matched: Mapped[int] = mapped_column(Integer, default=0)
    queued: Mapped[int] = mapped_column(Integer, default=0)


class DeliveryRow(Base):
    """The transactional outbox: one message per (run, subscriber), sent and retried until it ends."""

    __tablename__ = "push_deliveries"
    __table_args__ = (
        UniqueConstraint("run_id", "subscriber_id"),
        Index("ix_push_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("push_runs.id"), index=True)
    subscriber_id: Mapped[str] = mapped_column(String(100), index=True)
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(Moment)
    claimed_until: Mapped[datetime | None] = mapped_column(Moment)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(Moment)
    finished_at: Mapped[datetime | None] = mapped_column(Moment)


class DeliveryItemRow(Base):
    """One policy inside a message; unique per (subscriber, policy), so nobody gets a policy twice."""

    __tablename__ = "push_delivery_items"
    __table_args__ = (UniqueConstraint("subscriber_id", "doc_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    delivery_id: Mapped[str] = mapped_column(ForeignKey("push_deliveries.id"), index=True)
    run_id: Mapped[str] = mapped_column(String(100), index=True)
    subscriber_id: Mapped[str] = mapped_column(String(100))
    doc_id: Mapped[str] = mapped_column(String(200), index=True)
    score: Mapped[float] = mapped_column(Float)
    token: Mapped[str] = mapped_column(String(40), unique=True)
    clicks: Mapped[int] = mapped_column(Integer, default=0)
    first_clicked_at: Mapped[datetime | None] = mapped_column(Moment)


class LeaseRow(Base):
    """A named lease (the run planner's lock): held by one process until it expires or is released."""

    __tablename__ = "push_leases"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(Moment)
