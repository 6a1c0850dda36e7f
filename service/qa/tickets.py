"""`TicketStore`: questions handed over to staff (库外事项“最多转一次”).

A question asked again while its ticket is open is attached to that ticket (its `asks` grows)
instead of opening a second one; answering a ticket turns it into an FAQ entry, so the next asker
gets the staff answer at once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from index.db import make_sessionmaker
from index.vector_codec import from_blob, to_blob
from service.qa.errors import CannotMerge, TicketClosed, TicketNotFound
from service.qa.faq import entry_of, faq_row
from service.qa.models import ANSWERED, CLOSED, MERGED, OPEN, Clock, FaqEntry, SourceRef, Ticket, as_utc, utc_now
from service.qa.paraphrase import ParaphraseMatcher
from service.qa.sources import SourceResolver
from service.qa.tables import TicketRow
from service.qa.text import normalize_question
from service.qa.vectors import ranked


def _ticket(row: TicketRow) -> Ticket:
    return Ticket(id=row.id, question=row.question, status=row.status, asks=row.asks,
                  retrieved=list(row.retrieved or []), answer_ids=list(row.answer_ids or []), faq_id=row.faq_id,
                  created_at=as_utc(row.created_at), updated_at=as_utc(row.updated_at), merged_into=row.merged_into)


class TicketStore:
    def __init__(self, engine: Engine, resolver: SourceResolver, *, min_similarity: float,
                 clock: Clock = utc_now, model: str | None = None) -> None:
        self._sessions = make_sessionmaker(engine)
        self.model = model  # vectors of another model are not compared (`zhengce reindex` re-embeds them)
        self.resolver = resolver
        self.min_similarity = min_similarity
        self.clock = clock

    def open_or_attach(self, question: str, vector: np.ndarray, retrieved: list[dict], answer_id: str) -> Ticket:
        """Attach the question to an open ticket asking the same, or open a new one."""
        now = self.clock()
        with self._sessions() as db, db.begin():
            row = self._open_twin(db, question, vector)
            if row is None:
                row = TicketRow(question=question.strip(), normalized=normalize_question(question),
                                vector=to_blob(vector), model=self.model, retrieved=retrieved, status=OPEN, asks=0,
                                answer_ids=[], created_at=now)
                db.add(row)
            row.asks += 1
            row.answer_ids = [*row.answer_ids, answer_id]
            row.updated_at = now
            db.flush()
            return _ticket(row)

    def _open_twin(self, db: Session, question: str, vector: np.ndarray) -> TicketRow | None:
        opened = select(TicketRow).where(TicketRow.status == OPEN)
        same = db.scalars(opened.where(TicketRow.normalized == normalize_question(question)).limit(1)).first()
        if same is not None:
            return same
        matcher = ParaphraseMatcher(self.min_similarity)
        rows = db.execute(select(TicketRow.id, TicketRow.vector)
                          .where(TicketRow.status == OPEN, TicketRow.model == self.model))
        for ticket_id, cosine in ranked(rows, vector, floor=self.min_similarity):
            row = db.get(TicketRow, ticket_id)
            if row is not None and matcher.same_intent(question, row.question, cosine):
                return row
        return None

    def get(self, ticket_id: int) -> Ticket:
        with self._sessions() as db:
            row = db.get(TicketRow, ticket_id)
            if row is None:
                raise TicketNotFound(ticket_id)
            return _ticket(row)

    def list_open(self, offset: int = 0, limit: int = 100) -> list[Ticket]:
        """Open tickets, most asked first, then oldest first."""
        return self.list(OPEN, offset, limit)

    def list(self, status: str | None = None, offset: int = 0, limit: int = 100) -> list[Ticket]:
        query = select(TicketRow).order_by(TicketRow.asks.desc(), TicketRow.id)
        if status:
            query = query.where(TicketRow.status == status)
        with self._sessions() as db:
            return [_ticket(r) for r in db.scalars(query.offset(offset).limit(limit))]

    def count_open(self) -> int:
        with self._sessions() as db:
            return db.scalar(select(func.count()).select_from(TicketRow).where(TicketRow.status == OPEN)) or 0

    def answer_ticket(self, ticket_id: int, answer: str, sources: Sequence[SourceRef] = ()) -> FaqEntry:
        """Staff answer an open ticket: it becomes an FAQ entry citing `sources`, and the ticket is answered."""
        citations = self.resolver.citations(sources)
        with self._sessions() as db, db.begin():
            row = self._still_open(db, ticket_id)
            vector = from_blob(row.vector)
            faq = faq_row(row.question, answer, citations, vector, self.clock(), ticket_id=row.id, model=row.model)
            db.add(faq)
            db.flush()
            row.status, row.faq_id, row.updated_at = ANSWERED, faq.id, self.clock()
            return entry_of(faq)

    def merge(self, ticket_id: int, into: int) -> Ticket:
        """Fold a duplicate open ticket into another open one; returns the one kept, with the asks added up."""
        if ticket_id == into:
            raise CannotMerge(ticket_id)
        with self._sessions() as db, db.begin():
            duplicate, kept = self._still_open(db, ticket_id), self._still_open(db, into)
            kept.asks += duplicate.asks
            kept.answer_ids = [*kept.answer_ids, *duplicate.answer_ids]
            duplicate.status, duplicate.merged_into = MERGED, into
            kept.updated_at = duplicate.updated_at = self.clock()
            return _ticket(kept)

    def close(self, ticket_id: int) -> Ticket:
        """Close a ticket without an answer (spam, or outside the government's remit)."""
        with self._sessions() as db, db.begin():
            row = self._still_open(db, ticket_id)
            row.status, row.updated_at = CLOSED, self.clock()
            return _ticket(row)

    @staticmethod
    def _still_open(db: Session, ticket_id: int) -> TicketRow:
        row = db.get(TicketRow, ticket_id)
        if row is None:
            raise TicketNotFound(ticket_id)
        if row.status != OPEN:
            raise TicketClosed(ticket_id, row.status)
        return row


