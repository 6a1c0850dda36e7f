"""Push effect per policy and per run: matched, sent, delivered, failed, dead-lettered, clicked, CTR.

`matched` counts selected (subscriber, policy) pairs when the run planned; `sent` the pairs put in a
message; `delivered` those whose message the receiver acknowledged; `failed` those refused at once
(4xx), `dead_lettered` those whose retries ran out; `pending` still being tried; `clicked` the pairs
whose tracking link was followed; `click_through_rate` = clicked / delivered.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Engine, case, func, select
from sqlalchemy.orm import InstrumentedAttribute

from index.db import make_sessionmaker
from index.policy_index import PolicyIndex
from push.outbox import CANCELLED, DEAD, DELIVERED, FAILED, PENDING
from push.tables import DeliveryItemRow, DeliveryRow, RunPolicyRow, RunRow
from push.timeutil import as_utc

COUNTERS = ("matched", "sent", "delivered", "failed", "dead_lettered", "pending", "cancelled", "clicked")
_STATUS_COUNTER = {DELIVERED: "delivered", FAILED: "failed", DEAD: "dead_lettered", PENDING: "pending",
                   CANCELLED: "cancelled"}


class PushStats:
    def __init__(self, engine: Engine, index: PolicyIndex) -> None:
        self._sessions = make_sessionmaker(engine)
        self.index = index

    def per_policy(self) -> list[dict]:
        rows = self._tally(DeliveryItemRow.doc_id, RunPolicyRow.doc_id)
        titles = self._titles(list(rows))
        return [{"doc_id": doc, "title": titles.get(doc), **_finish(c)} for doc, c in sorted(rows.items())]

    def per_run(self) -> list[dict]:
        rows = self._tally(DeliveryItemRow.run_id, RunPolicyRow.run_id)
        with self._sessions() as session:
            runs = session.scalars(select(RunRow).order_by(RunRow.created_at.desc())).all()
            return [{"run_id": r.id, "trigger": r.trigger, "created_at": as_utc(r.created_at).isoformat(),
                     "policies": r.policies, "messages": r.messages,
                     **_finish(rows.get(r.id, {}))} for r in runs]

    def of_policy(self, doc_id: str) -> dict:
        found = [row for row in self.per_policy() if row["doc_id"] == doc_id]
        return found[0] if found else {"doc_id": doc_id, "title": self._titles([doc_id]).get(doc_id),
                                       **_finish({})}

    def _tally(self, item_key: InstrumentedAttribute, matched_key: InstrumentedAttribute) -> dict[str, dict]:
        counts: dict[str, dict] = defaultdict(lambda: defaultdict(int))
        clicked = func.sum(case((DeliveryItemRow.clicks > 0, 1), else_=0))
        with self._sessions() as session:
            query = (select(item_key, DeliveryRow.status, func.count(), clicked)
                     .join(DeliveryRow, DeliveryRow.id == DeliveryItemRow.delivery_id)
                     .group_by(item_key, DeliveryRow.status))
            for key, status, count, clicks in session.execute(query):
                counts[key]["sent"] += count
                counts[key][_STATUS_COUNTER.get(status, "pending")] += count
                counts[key]["clicked"] += int(clicks or 0)
            for key, matched in session.execute(select(matched_key, RunPolicyRow.matched)):
                counts[key]["matched"] += matched
        return counts

    def _titles(self, doc_ids: list[str]) -> dict[str, str]:
        return self.index.titles(doc_ids)


def _finish(counts: dict) -> dict:
    out: dict[str, float] = {name: int(counts.get(name, 0)) for name in COUNTERS}
    out["click_through_rate"] = round(out["clicked"] / out["delivered"], 4) if out["delivered"] else 0.0
    return out
