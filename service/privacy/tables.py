"""`privacy_raw_questions`: the unmasked text of a question that held personal data, for admins only,
deleted after `privacy.raw_question_retention_days`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from index.db import Base


class RawQuestionRow(Base):
    __tablename__ = "privacy_raw_questions"

    answer_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
