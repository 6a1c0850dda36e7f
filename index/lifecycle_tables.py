"""Tables of a policy's lifecycle: relations between documents and application windows.

A relation names its source (the repealing / amending document) by id, with a foreign key: deleting the
source deletes what it said, which undoes its effect. The target is a plain id (or none while pending),
since the target may arrive after the source or leave before it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from index.db import Base


class RelationRow(Base):
    __tablename__ = "policy_relations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[str] = mapped_column(ForeignKey("policies.id", ondelete="CASCADE"), index=True)
    target_ref: Mapped[str] = mapped_column(String(300))
    target_id: Mapped[str | None] = mapped_column(String(200), index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    sentence: Mapped[str] = mapped_column(Text, default="")
    warning: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ApplicationWindowRow(Base):
    """When applications are accepted (申报时间, 受理时间, 申报截止): one-off dates, or each year (`yearly`)."""

    __tablename__ = "policy_application_windows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("policies.id", ondelete="CASCADE"), index=True)
    opens: Mapped[date | None] = mapped_column(Date)
    closes: Mapped[date] = mapped_column(Date)
    yearly: Mapped[bool] = mapped_column(Boolean, default=False)
    sentence: Mapped[str] = mapped_column(Text, default="")
