"""Relevance labels: staff judge whether a retrieved passage answers a question.

A passage is identified by its document, section label and the first characters of its text, so a
label survives re-indexing (chunk ids change; the text does not). Labelled questions with at least one
relevant passage export as the JSON lines `zhengce eval` reads: `{"query", "gold": [{"doc", "article"}]}`,
where `article` is the section label, or the passage's opening words when it has none.

Precision@5 is judged precision: among the passages ranked 1-5 when they were labelled, the share
staff marked relevant (unjudged passages are left out), averaged over the questions labelled that day.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from index.db import make_sessionmaker
from service.console.tables import LabelRow
from service.qa.models import Clock, as_utc, utc_now
from service.qa.text import normalize_question

SNIPPET_CHARS = 40


@dataclass(frozen=True)
class Passage:
    """A passage as the hit test or an answer's citation shows it."""

    doc_id: str
    section: str
    text: str
    chunk_id: int | None = None
    rank: int | None = None

    @property
    def snippet(self) -> str:
        return self.text.strip()[:SNIPPET_CHARS]

    @property
    def key(self) -> tuple[str, str, str]:
        return self.doc_id, self.section or "", self.snippet


@dataclass(frozen=True)
class LabelledQuery:
    query: str
    relevant: int
    judged: int
    last_at: datetime


@dataclass(frozen=True)
class PrecisionPoint:
    day: str
    precision: float
    queries: int


class LabelStore:
    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self._sessions = make_sessionmaker(engine)
        self.clock = clock

    def set(self, query: str, passage: Passage, relevant: bool, staff: str) -> bool | None:
        """Store a judgement; returns the one it replaced (None when new)."""
        normalized = normalize_question(query)
        with self._sessions() as db, db.begin():
            row = db.scalars(select(LabelRow).where(
                LabelRow.normalized == normalized, LabelRow.doc_id == passage.doc_id,
                LabelRow.section == (passage.section or ""), LabelRow.snippet == passage.snippet)).first()
            before = row.relevant if row is not None else None
            row = row or LabelRow(normalized=normalized, doc_id=passage.doc_id, section=passage.section or "",
                                  snippet=passage.snippet)
            row.query, row.chunk_id, row.rank, row.relevant = query.strip(), passage.chunk_id, passage.rank, relevant
            row.labelled_by, row.labelled_at = staff, self.clock()
            db.add(row)
            return before

    def of_query(self, query: str) -> dict[tuple[str, str, str], bool]:
        """Judgements of one question, by passage key."""
        with self._sessions() as db:
            rows = db.scalars(select(LabelRow).where(LabelRow.normalized == normalize_question(query)))
            return {(r.doc_id, r.section, r.snippet): r.relevant for r in rows}

    def queries(self) -> list[LabelledQuery]:
        """Every labelled question, most recently labelled first."""
        grouped = self._grouped()
        found = [LabelledQuery(rows[-1].query, sum(r.relevant for r in rows), len(rows),
                               max(as_utc(r.labelled_at) for r in rows)) for rows in grouped.values()]
        return sorted(found, key=lambda q: q.last_at, reverse=True)

    def export_lines(self) -> list[str]:
        """The evaluation set as `zhengce eval` JSON lines, one per question with a relevant passage."""
        lines = []
        for rows in self._grouped().values():
            gold = [{"doc": r.doc_id, "article": r.section or r.snippet} for r in rows if r.relevant]
            if gold:
                lines.append(json.dumps({"query": rows[-1].query, "gold": gold}, ensure_ascii=False))
        return lines

    def precision_at_5(self) -> list[PrecisionPoint]:
        """Judged precision@5 per day, oldest day first."""
        per_day: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
        for rows in self._grouped().values():
            for row in rows:
                if row.rank is not None and row.rank <= 5:
                    per_day[as_utc(row.labelled_at).date().isoformat()][row.normalized].append(row.relevant)
        points = []
        for day in sorted(per_day):
            shares = [sum(marks) / len(marks) for marks in per_day[day].values()]
            points.append(PrecisionPoint(day, round(sum(shares) / len(shares), 4), len(shares)))
        return points

    def _grouped(self) -> dict[str, list[LabelRow]]:
        """Rows per normalised question, in labelling order."""
        grouped: dict[str, list[LabelRow]] = defaultdict(list)
        with self._sessions() as db:
            for row in db.scalars(select(LabelRow).order_by(LabelRow.labelled_at, LabelRow.id)):
                grouped[row.normalized].append(row)
        return grouped
