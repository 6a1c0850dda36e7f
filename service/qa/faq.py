"""`FaqStore`: staff-written answers, matched before retrieval.

A question matches an entry when its normalised text is identical, or when it is a paraphrase of the
entry's question: the cosine of the two question vectors (same embedder, "query:" side on both) reaches
the configured similarity and nothing in the wording marks a different errand (`service.qa.paraphrase`).
Matching first is what makes a question that staff answered once never be handed over again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np
from sqlalchemy import Engine, func, or_, select

from index.db import make_sessionmaker
from index.vector_codec import to_blob
from service.qa.errors import FaqNotFound
from service.qa.models import Citation, Clock, FaqEntry, as_utc, utc_now
from service.qa.paraphrase import ParaphraseMatcher
from service.qa.tables import FaqRow
from service.qa.text import normalize_question
from service.qa.vectors import ranked


def faq_row(question: str, answer: str, citations: Sequence[Citation], vector: np.ndarray, now: datetime,
            ticket_id: int | None = None, model: str | None = None) -> FaqRow:
    return FaqRow(question=question.strip(), normalized=normalize_question(question), vector=to_blob(vector),
                  model=model,
                  answer=answer.strip(), citations=[c.to_dict() for c in citations], ticket_id=ticket_id,
                  hits=0, created_at=now, updated_at=now)


def entry_of(row: FaqRow) -> FaqEntry:
    return FaqEntry(id=row.id, question=row.question, answer=row.answer,
                    citations=[Citation.from_dict(c) for c in row.citations or []], ticket_id=row.ticket_id,
                    hits=row.hits, created_at=as_utc(row.created_at))


class FaqStore:
    def __init__(self, engine: Engine, *, clock: Clock = utc_now, model: str | None = None) -> None:
        self._sessions = make_sessionmaker(engine)
        self.clock = clock
        self.model = model  # vectors of another model are not compared (`zhengce reindex` re-embeds them)

    def add(self, question: str, answer: str, citations: Sequence[Citation], vector: np.ndarray,
            *, ticket_id: int | None = None) -> FaqEntry:
        row = faq_row(question, answer, citations, vector, self.clock(), ticket_id, self.model)
        with self._sessions() as db, db.begin():
            db.add(row)
            db.flush()
            return entry_of(row)

    def match(self, question: str, vector: np.ndarray, min_similarity: float) -> tuple[FaqEntry, float] | None:
        """The entry answering `question` and its similarity, or None when none is close enough."""
        normalized = normalize_question(question)
        with self._sessions() as db:  # one read: the entries of the same wording, and the vectors to compare
            rows = db.execute(select(FaqRow.id, FaqRow.vector, FaqRow.normalized, FaqRow.model)
                              .where(or_(FaqRow.normalized == normalized, FaqRow.model == self.model))).all()
            same = max((row.id for row in rows if row.normalized == normalized), default=None)
            if same is not None:
                return entry_of(db.get_one(FaqRow, same)), 1.0
            matcher = ParaphraseMatcher(min_similarity)
            vectors = [(row.id, row.vector) for row in rows if row.model == self.model]
            for faq_id, cosine in ranked(vectors, vector, floor=min_similarity):
                row = db.get(FaqRow, faq_id)
                if row is not None and matcher.same_intent(question, row.question, cosine):
                    return entry_of(row), cosine
            return None

    def record_hit(self, faq_id: int) -> None:
        with self._sessions() as db, db.begin():
            row = db.get(FaqRow, faq_id)
            if row is not None:
                row.hits += 1

    def get(self, faq_id: int) -> FaqEntry:
        with self._sessions() as db:
            row = db.get(FaqRow, faq_id)
            if row is None:
                raise FaqNotFound(faq_id)
            return entry_of(row)

    def list(self, offset: int = 0, limit: int = 50) -> tuple[list[FaqEntry], int]:
        """Entries newest first, with the total count."""
        with self._sessions() as db:
            rows = db.scalars(select(FaqRow).order_by(FaqRow.id.desc()).offset(offset).limit(limit)).all()
            return [entry_of(r) for r in rows], db.scalar(select(func.count()).select_from(FaqRow)) or 0

    def update(self, faq_id: int, answer: str, citations: Sequence[Citation] | None = None) -> FaqEntry:
        with self._sessions() as db, db.begin():
            row = db.get(FaqRow, faq_id)
            if row is None:
                raise FaqNotFound(faq_id)
            row.answer = answer.strip()
            if citations is not None:
                row.citations = [c.to_dict() for c in citations]
            row.updated_at = self.clock()
            return entry_of(row)

    def delete(self, faq_id: int) -> None:
        with self._sessions() as db, db.begin():
            row = db.get(FaqRow, faq_id)
            if row is None:
                raise FaqNotFound(faq_id)
            db.delete(row)
