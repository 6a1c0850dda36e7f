"""Candidates of a policy for staff: every subscriber ranked, with score, reasons, `selected` and the
staff decision. With `push.require_approval` only approved candidates are sent; without it, every
selected candidate that staff did not reject.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from index.db import make_sessionmaker
from push.features import SubscriberMatrix
from push.matching import Scores
from push.reasons import explain
from push.tables import DecisionRow
from push.timeutil import Clock, system_clock

APPROVED, REJECTED = "approved", "rejected"
DECISIONS = (APPROVED, REJECTED)


@dataclass
class Candidate:
    subscriber_id: str
    score: float
    reasons: list[str]
    selected: bool
    eligible: bool
    decision: str | None = None
    sent: bool = False
    will_send: bool = False


def rank(matrix: SubscriberMatrix, scores: Scores) -> list[int]:
    """Row order for staff: selected first, then eligible, each by score."""
    return sorted(range(len(matrix)),
                  key=lambda r: (not scores.selected[r], not scores.eligible[r], -scores.score[r], matrix.ids[r]))


def candidate(matrix: SubscriberMatrix, row: int, scores: Scores, decisions: dict[str, str],
              sent: set[str], require_approval: bool = False) -> Candidate:
    subscriber_id = matrix.ids[row]
    return Candidate(subscriber_id, round(float(scores.score[row]), 4), explain(matrix, row, scores),
                     bool(scores.selected[row]), bool(scores.eligible[row]), decisions.get(subscriber_id),
                     subscriber_id in sent, will_send(bool(scores.selected[row]), decisions.get(subscriber_id),
                                                      require_approval))


def will_send(selected: bool, decision: str | None, require_approval: bool) -> bool:
    """Staff decide over the selection: an approval sends (a recipient the selection missed is added), a
    rejection withholds; undecided, a selected candidate is sent unless approval is required."""
    if decision is not None:
        return decision == APPROVED
    return selected and not require_approval


class DecisionStore:
    def __init__(self, engine: Engine, clock: Clock = system_clock) -> None:
        self._sessions = make_sessionmaker(engine)
        self.clock = clock

    def decide(self, doc_id: str, subscriber_id: str, decision: str | None, *, selected: bool | None = None,
               decided_by: str | None = None) -> None:
        """Record approved / rejected (with what the selection said and who decided), or clear it with None."""
        with self._sessions() as session, session.begin():
            row = session.get(DecisionRow, (doc_id, subscriber_id))
            if decision is None:
                if row is not None:
                    session.delete(row)
                return
            row = row or DecisionRow(doc_id=doc_id, subscriber_id=subscriber_id)
            row.decision, row.decided_at = decision, self.clock()
            row.selected, row.decided_by = selected, decided_by
            session.add(row)

    def labels(self) -> list[dict]:
        """Staff decisions as evaluation labels: approved = eligible, rejected = not; `correction` marks the
        ones that overrule the selection (a recipient added, or one removed)."""
        with self._sessions() as session:
            rows = session.scalars(select(DecisionRow).order_by(DecisionRow.doc_id, DecisionRow.subscriber_id))
            return [{"doc_id": r.doc_id, "subscriber_id": r.subscriber_id, "eligible": r.decision == APPROVED,
                     "selected": r.selected,
                     "correction": r.selected is not None and r.selected != (r.decision == APPROVED),
                     "decided_by": r.decided_by, "decided_at": r.decided_at.isoformat()} for r in rows]

    def of_policies(self, doc_ids: Sequence[str]) -> dict[str, dict[str, str]]:
        """doc_id → {subscriber_id: decision}."""
        found: dict[str, dict[str, str]] = {d: {} for d in doc_ids}
        with self._sessions() as session:
            for row in session.scalars(select(DecisionRow).where(DecisionRow.doc_id.in_(list(doc_ids)))):
                found[row.doc_id][row.subscriber_id] = row.decision
        return found

    def decided_between(self, start: datetime, end: datetime) -> list[str]:
        """Policies with a decision in (start, end]: a run considers them again, so approvals get sent."""
        with self._sessions() as session:
            query = select(DecisionRow.doc_id).where(DecisionRow.decided_at > start, DecisionRow.decided_at <= end)
            return sorted(set(session.scalars(query)))
