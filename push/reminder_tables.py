"""The reminders already written: one row per (subscriber, policy, kind, closing day), unique, so a
reminder is queued once per policy and window however often the reminder job runs."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from index.db import Base


class ReminderRow(Base):
    __tablename__ = "push_reminders"
    __table_args__ = (UniqueConstraint("subscriber_id", "doc_id", "kind", "closes"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subscriber_id: Mapped[str] = mapped_column(String(100))
    doc_id: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    closes: Mapped[date] = mapped_column(Date)
    delivery_id: Mapped[str] = mapped_column(String(40), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
