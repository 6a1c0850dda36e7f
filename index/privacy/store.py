"""`PrivacyStore`: findings per document with staff decisions, and the originals of masked documents.

A value is never stored, only its masked form and a keyed hash (`fingerprint`) that recognises it when
the same document is screened again, so a decision (mask / allow) outlives a re-upload.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, case, delete, func, select

from index.db import make_sessionmaker
from index.privacy.errors import FindingNotFound, LocatedFinding, OriginalNotFound
from index.privacy.findings import KIND_LABELS, Finding
from index.privacy.tables import PrivacyFindingRow, PrivacyOriginalRow

MASK, ALLOW = "mask", "allow"
DECISIONS = (MASK, ALLOW)
BLOCKED, MASKED, ALLOWED, PUBLISHED = "blocked", "masked", "allowed", "published"


@dataclass(frozen=True)
class StoredFinding:
    id: int
    doc_id: str
    located: LocatedFinding
    state: str
    decision: str | None
    decided_by: str | None
    decided_at: datetime | None


@dataclass(frozen=True)
class DocumentFindings:
    doc_id: str
    total: int
    undecided: int
    states: tuple[str, ...]


def _now() -> datetime:
    return datetime.now(UTC)


class PrivacyStore:
    def __init__(self, engine: Engine, key: Callable[[], bytes], *, clock: Callable[[], datetime] = _now) -> None:
        self._sessions = make_sessionmaker(engine)
        self._key = key
        self.clock = clock

    def fingerprint(self, finding: Finding) -> str:
        return hmac.new(self._key(), f"{finding.kind}:{finding.value}".encode(), hashlib.sha256).hexdigest()[:32]

    def decisions(self, doc_id: str) -> dict[str, str]:
        query = select(PrivacyFindingRow.fingerprint, PrivacyFindingRow.decision).where(
            PrivacyFindingRow.doc_id == doc_id, PrivacyFindingRow.decision.is_not(None))
        with self._sessions() as db:
            return {fp: decision for fp, decision in db.execute(query)}

    def record(self, doc_id: str, found: Sequence[tuple[LocatedFinding, str, str]]) -> None:
        """Replace the findings of `doc_id` by `found` (located finding, fingerprint, state), keeping decisions."""
        now = self.clock()
        with self._sessions() as db, db.begin():
            earlier = {r.fingerprint: r for r in db.scalars(select(PrivacyFindingRow).where(
                PrivacyFindingRow.doc_id == doc_id, PrivacyFindingRow.decision.is_not(None)))}
            db.execute(delete(PrivacyFindingRow).where(PrivacyFindingRow.doc_id == doc_id))
            for located, fingerprint, state in found:
                decided = earlier.get(fingerprint)
                db.add(PrivacyFindingRow(
                    doc_id=doc_id, field=located.field, kind=located.kind, fingerprint=fingerprint,
                    masked=located.masked[:200], line=located.line, column=located.column, state=state,
                    decision=decided.decision if decided else None, decided_by=decided.decided_by if decided else None,
                    decided_at=decided.decided_at if decided else None, found_at=now))

    def keep_original(self, doc_id: str, title: str, text: str) -> None:
        with self._sessions() as db, db.begin():
            row = db.get(PrivacyOriginalRow, doc_id) or PrivacyOriginalRow(doc_id=doc_id)
            row.title, row.text, row.stored_at = title, text, self.clock()
            db.add(row)

    def drop_original(self, doc_id: str) -> None:
        with self._sessions() as db, db.begin():
            db.execute(delete(PrivacyOriginalRow).where(PrivacyOriginalRow.doc_id == doc_id))

    def original(self, doc_id: str) -> tuple[str, str]:
        with self._sessions() as db:
            row = db.get(PrivacyOriginalRow, doc_id)
            if row is None:
                raise OriginalNotFound(doc_id)
            return row.title, row.text

    def has_original(self, doc_id: str) -> bool:
        with self._sessions() as db:
            return db.get(PrivacyOriginalRow, doc_id) is not None

    def forget(self, doc_id: str) -> None:
        """Everything about a deleted document: its findings and its original."""
        with self._sessions() as db, db.begin():
            db.execute(delete(PrivacyFindingRow).where(PrivacyFindingRow.doc_id == doc_id))
            db.execute(delete(PrivacyOriginalRow).where(PrivacyOriginalRow.doc_id == doc_id))

    def documents(self, offset: int = 0, limit: int = 100) -> list[DocumentFindings]:
        """Documents with findings, those with undecided findings first."""
        undecided = func.sum(case((PrivacyFindingRow.decision.is_(None), 1), else_=0))
        query = (select(PrivacyFindingRow.doc_id, func.count(), undecided)
                 .group_by(PrivacyFindingRow.doc_id).order_by(undecided.desc(), PrivacyFindingRow.doc_id))
        with self._sessions() as db:
            rows = list(db.execute(query.offset(offset).limit(limit)))
            pairs = db.execute(select(PrivacyFindingRow.doc_id, PrivacyFindingRow.state).distinct().where(
                PrivacyFindingRow.doc_id.in_([doc for doc, _, _ in rows])))
            states: dict[str, set[str]] = {}
            for doc, state in pairs:
                states.setdefault(doc, set()).add(state)
        return [DocumentFindings(doc, total, int(open_ or 0), tuple(sorted(states.get(doc, ()))))
                for doc, total, open_ in rows]

    def findings(self, doc_id: str) -> list[StoredFinding]:
        query = select(PrivacyFindingRow).where(PrivacyFindingRow.doc_id == doc_id).order_by(PrivacyFindingRow.id)
        with self._sessions() as db:
            return [_stored(r) for r in db.scalars(query)]

    def get(self, finding_id: int) -> StoredFinding:
        with self._sessions() as db:
            row = db.get(PrivacyFindingRow, finding_id)
            if row is None:
                raise FindingNotFound(finding_id)
            return _stored(row)

    def decide(self, finding_id: int, decision: str, actor: str) -> StoredFinding:
        if decision not in DECISIONS:
            raise ValueError(decision)
        with self._sessions() as db, db.begin():
            row = db.get(PrivacyFindingRow, finding_id)
            if row is None:
                raise FindingNotFound(finding_id)
            row.decision, row.decided_by, row.decided_at = decision, actor, self.clock()
            db.flush()
            return _stored(row)


def _stored(row: PrivacyFindingRow) -> StoredFinding:
    located = LocatedFinding(row.field, row.kind, KIND_LABELS.get(row.kind, row.kind), row.line, row.column,
                             row.masked)
    return StoredFinding(row.id, row.doc_id, located, row.state, row.decision, row.decided_by, row.decided_at)
