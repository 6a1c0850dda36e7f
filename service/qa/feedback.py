"""`FeedbackStore`: 好差评 on answers, for the staff console."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from index.db import make_sessionmaker
from service.qa.errors import AnswerNotFound
from service.qa.models import BAD, Clock, Feedback, as_utc, utc_now
from service.qa.tables import AnswerRow, FeedbackRow


def _feedback(row: FeedbackRow, answer: AnswerRow | None = None) -> Feedback:
    return Feedback(id=row.id, answer_id=row.answer_id, rating=row.rating, comment=row.comment,
                    created_at=as_utc(row.created_at), question=answer.question if answer else "",
                    answer=answer.answer if answer else "")


class FeedbackStore:
    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self._sessions = make_sessionmaker(engine)
        self.clock = clock

    def add(self, answer_id: str, rating: str, comment: str | None = None) -> Feedback:
        """Rate an answer given earlier; raises `AnswerNotFound` for an id the service never gave."""
        with self._sessions() as db, db.begin():
            answer = db.get(AnswerRow, answer_id)
            if answer is None:
                raise AnswerNotFound(answer_id)
            row = FeedbackRow(answer_id=answer_id, rating=rating, comment=(comment or "").strip() or None,
                              created_at=self.clock())
            db.add(row)
            db.flush()
            return _feedback(row, answer)

    def list_bad(self, offset: int = 0, limit: int = 100) -> list[Feedback]:
        """差评, newest first, each with the question and the answer it rates."""
        return self.list(BAD, offset, limit)

    def list(self, rating: str | None = None, offset: int = 0, limit: int = 100) -> list[Feedback]:
        query = select(FeedbackRow, AnswerRow).join(AnswerRow, AnswerRow.id == FeedbackRow.answer_id)
        if rating:
            query = query.where(FeedbackRow.rating == rating)
        query = query.order_by(FeedbackRow.id.desc()).offset(offset).limit(limit)
        with self._sessions() as db:
            return [_feedback(row, answer) for row, answer in db.execute(query)]

    def counts(self) -> dict[str, int]:
        """How many good and bad ratings there are."""
        query = select(FeedbackRow.rating, func.count()).group_by(FeedbackRow.rating)
        with self._sessions() as db:
            return {rating: count for rating, count in db.execute(query)}
