"""`AnswerLog`: every question asked and what the service answered, for statistics and feedback."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select

from index.db import make_sessionmaker
from service.qa.errors import AnswerNotFound
from service.qa.models import Answer, AnswerStats, Citation, as_utc
from service.qa.tables import AnswerRow


def _answer(row: AnswerRow) -> Answer:
    return Answer(answer_id=row.id, question=row.question, standalone=row.standalone, text=row.answer,
                  citations=[Citation.from_dict(c) for c in row.citations or []], interpretations=[],
                  confidence=row.confidence, handoff=row.handoff, session_id=row.session_id,
                  ticket_id=row.ticket_id, faq_id=row.faq_id, style=row.style, created_at=as_utc(row.created_at))


class AnswerLog:
    def __init__(self, engine: Engine) -> None:
        self._sessions = make_sessionmaker(engine)

    def record(self, answer: Answer, *, channel: str, at: datetime) -> None:
        with self._sessions() as db, db.begin():
            db.add(self.row(answer, channel=channel, at=at))

    @staticmethod
    def row(answer: Answer, *, channel: str, at: datetime) -> AnswerRow:
        """The log row of an answer, for a caller that writes it with the session's turn (`SessionStore.append`)."""
        return AnswerRow(id=answer.answer_id, session_id=answer.session_id, question=answer.question,
                         standalone=answer.standalone, answer=answer.text,
                         citations=[c.to_dict() for c in answer.citations], confidence=answer.confidence,
                         handoff=answer.handoff, faq_id=answer.faq_id, ticket_id=answer.ticket_id,
                         style=answer.style, channel=channel, created_at=at)

    def get(self, answer_id: str) -> Answer:
        with self._sessions() as db:
            row = db.get(AnswerRow, answer_id)
            if row is None:
                raise AnswerNotFound(answer_id)
            return _answer(row)

    def recent(self, offset: int = 0, limit: int = 100, *, handoff: bool | None = None) -> list[Answer]:
        """Answers newest first; `handoff=True` keeps only those handed over to staff."""
        query = select(AnswerRow).order_by(AnswerRow.created_at.desc(), AnswerRow.id)
        if handoff is not None:
            query = query.where(AnswerRow.handoff == handoff)
        with self._sessions() as db:
            return [_answer(r) for r in db.scalars(query.offset(offset).limit(limit))]

    def stats(self, since: datetime | None = None) -> AnswerStats:
        """Totals, hand-overs, FAQ hits, and questions and hand-overs per day (UTC dates)."""
        query = select(AnswerRow.created_at, AnswerRow.handoff, AnswerRow.faq_id)
        if since is not None:
            query = query.where(AnswerRow.created_at >= since)
        stats = AnswerStats(total=0, handed_over=0, faq_hits=0)
        with self._sessions() as db:
            for created, handoff, faq_id in db.execute(query):
                stats.total += 1
                stats.handed_over += int(bool(handoff))
                stats.faq_hits += int(faq_id is not None)
                day = as_utc(created).date().isoformat()
                stats.by_day[day] = stats.by_day.get(day, 0) + 1
                if handoff:
                    stats.handed_over_by_day[day] = stats.handed_over_by_day.get(day, 0) + 1
        return stats


