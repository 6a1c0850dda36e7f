"""`QuestionPrivacy`: personal data in what citizens type is masked before the answer log, tickets or the
FAQ store it; the raw text is kept apart for an audited admin reveal and deleted after the retention period.

In a question every phone number counts (there is no official contact line in a question).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete

from index.db import make_sessionmaker
from index.privacy import Analyzer, mask_text
from service.privacy.tables import RawQuestionRow
from service.qa.models import as_utc


class RawQuestionNotFound(LookupError):
    def __init__(self, answer_id: str) -> None:
        super().__init__(f"没有该问题的原文（未含个人信息，或已过保存期限被删除）：{answer_id}")


class QuestionPrivacy:
    def __init__(self, engine: Engine, retention: timedelta, clock: Callable[[], datetime], *,
                 enabled: bool = True) -> None:
        self._sessions = make_sessionmaker(engine)
        self.analyzer = Analyzer(allow_contact_lines=False)
        self.retention = retention
        self.clock = clock
        self.enabled = enabled

    def mask(self, text: str) -> str:
        if not self.enabled or not text:
            return text
        return mask_text(text, self.analyzer.analyze(text))

    def keep_raw(self, answer_id: str, raw: str) -> None:
        """Keep the unmasked text (and drop whatever has outlived the retention period)."""
        now = self.clock()
        with self._sessions() as db, db.begin():
            db.execute(delete(RawQuestionRow).where(RawQuestionRow.created_at < now - self.retention))
            db.merge(RawQuestionRow(answer_id=answer_id, text=raw, created_at=now))

    def raw(self, answer_id: str) -> str:
        with self._sessions() as db:
            row = db.get(RawQuestionRow, answer_id)
            if row is None or as_utc(row.created_at) < self.clock() - self.retention:
                raise RawQuestionNotFound(answer_id)
            return row.text

    def purge(self) -> int:
        """Delete raw question text older than the retention period; returns how many were deleted."""
        with self._sessions() as db, db.begin():
            result = db.execute(delete(RawQuestionRow).where(RawQuestionRow.created_at < self.clock() - self.retention))
            return int(getattr(result, "rowcount", 0) or 0)
