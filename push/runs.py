"""A push run: find the policies new or changed since the last run, match them, write the outbox.

Planning happens under the `push-run` lease, and a scheduled run's id is its fire time
(`schedule-2024-05-01T09:00+08:00`), unique in `push_runs`: two schedulers that fire together plan
it once. The run row, its per-policy counts, every message and every (subscriber, policy) item are
written in one transaction; sending is the dispatcher's job. A subscriber gets at most one message
per run (a digest of its best matches) and, by a unique constraint, never the same policy twice.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from index.db import make_sessionmaker
from index.policy_index import PolicyIndex
from push.audience_store import AudienceStore
from push.candidates import APPROVED, DecisionStore, will_send
from push.errors import RunInProgress
from push.features import FeatureCache, PolicyFeatures, SubscriberMatrix, load_matrix
from push.leases import Leases
from push.matching import MatchConfig, Scores, score_policies
from push.outbox import PENDING
from push.reasons import explain
from push.reminders import REMINDER
from push.tables import DeliveryItemRow, DeliveryRow, RunPolicyRow, RunRow, SubscriberRow
from push.timeutil import Clock, as_utc

LEASE = "push-run"
SCHEDULED, MANUAL = "schedule", "manual"


@dataclass(frozen=True)
class RunConfig:
    match: MatchConfig = field(default_factory=MatchConfig)
    require_approval: bool = False
    max_policies_per_message: int = 10
    first_run_lookback_days: int = 30
    lease_seconds: float = 600
    public_url: str = "http://127.0.0.1:8000"
    timezone: str = "Asia/Shanghai"


@dataclass
class RunSummary:
    run_id: str
    trigger: str
    skipped: bool = False
    reason: str = ""
    window_start: datetime | None = None
    window_end: datetime | None = None
    policies: list[str] = field(default_factory=list)
    matched: int = 0
    messages: int = 0


@dataclass
class _Plan:
    summary: RunSummary
    rows: list[object]


def run_key(trigger: str, scheduled_for: datetime | None, now: datetime) -> str:
    if trigger == SCHEDULED and scheduled_for is not None:
        return f"{SCHEDULED}-{scheduled_for.isoformat(timespec='minutes')}"
    return f"{MANUAL}-{now.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"


class PushRunner:
    def __init__(self, engine: Engine, index: PolicyIndex, audiences: AudienceStore,
                 decisions: DecisionStore, config: RunConfig, clock: Clock,
                 features: FeatureCache | None = None) -> None:
        self._sessions = make_sessionmaker(engine)
        self.engine, self.index = engine, index
        self.audiences, self.decisions = audiences, decisions
        self.config, self.clock = config, clock
        self.leases = Leases(engine)
        self.features = features or FeatureCache(index, audiences)

    def run(self, trigger: str = MANUAL, scheduled_for: datetime | None = None) -> RunSummary:
        """Plan one run and write its outbox; a scheduled run already planned elsewhere is skipped."""
        now = self.clock()
        run_id = run_key(trigger, scheduled_for, now)
        holder = f"{run_id}/{uuid.uuid4().hex[:8]}"
        if not self.leases.acquire(LEASE, holder, now, self.config.lease_seconds):
            if trigger == SCHEDULED:
                return RunSummary(run_id, trigger, skipped=True, reason="另一进程正在推送")
            raise RunInProgress(self.leases.holder(LEASE) or "unknown")
        try:
            if self._exists(run_id):
                return RunSummary(run_id, trigger, skipped=True, reason="该时间点的推送已执行")
            plan = self._plan(run_id, trigger, scheduled_for, now)
            return self._write(plan)
        finally:
            self.leases.release(LEASE, holder, self.clock())

    def _exists(self, run_id: str) -> bool:
        with self._sessions() as session:
            return session.get(RunRow, run_id) is not None

    def window_start(self, now: datetime) -> datetime:
        with self._sessions() as session:
            last = session.scalar(select(func.max(RunRow.window_end)).where(RunRow.trigger != REMINDER))
        return as_utc(last) if last else now - timedelta(days=self.config.first_run_lookback_days)

    def changed_policies(self, start: datetime, end: datetime) -> list[str]:
        """Policies written, audience-corrected or decided on in (start, end], and those taking effect in it
        (a policy written before its 施行 date is pushed on that date, not before)."""
        first, last = self._today(start) + timedelta(days=1), self._today(end)
        written = self.index.written_between(start, end) | self.index.taking_effect_between(first, last)
        return sorted(written | set(self.audiences.corrected_between(start, end))
                      | set(self.decisions.decided_between(start, end)))

    def _plan(self, run_id: str, trigger: str, scheduled_for: datetime | None, now: datetime) -> _Plan:
        start = self.window_start(now)
        features = [f for f in self.features.get(self.changed_policies(start, now)) if f.pushable_at(now)]
        summary = RunSummary(run_id, trigger, window_start=start, window_end=now,
                             policies=[f.policy.id for f in features])
        run_row = RunRow(id=run_id, trigger=trigger, scheduled_for=scheduled_for, window_start=start,
                         window_end=now, created_at=now)
        if not features:
            return _Plan(summary, [run_row])
        matrix = load_matrix(self.engine, self.index, self._today(now))
        scores = score_policies(matrix, features, self.config.match, now)
        digests, per_policy = self._digests(matrix, scores)
        summary.matched = sum(int(s.selected.sum()) for s in scores)
        rows: list[object] = [run_row, *self._messages(run_id, matrix, digests, now)]
        rows += [RunPolicyRow(run_id=run_id, doc_id=doc, matched=m, queued=q) for doc, (m, q) in per_policy.items()]
        summary.messages = run_row.messages = sum(isinstance(r, DeliveryRow) for r in rows)
        run_row.policies = len(features)
        return _Plan(summary, rows)

    def _today(self, now: datetime) -> date:
        from zoneinfo import ZoneInfo

        return now.astimezone(ZoneInfo(self.config.timezone)).date()

    def _digests(self, matrix: SubscriberMatrix, scores: list[Scores]
                 ) -> tuple[dict[int, list[Scores]], dict[str, tuple[int, int]]]:
        """Subscriber row → the matches to send it, best first and capped; per policy (matched, queued)."""
        doc_ids = [s.features.policy.id for s in scores]
        sent, decisions = self._already_sent(doc_ids), self.decisions.of_policies(doc_ids)
        digests: dict[int, list[Scores]] = {}
        rows = {sid: row for row, sid in enumerate(matrix.ids)}
        for s in scores:
            doc = s.features.policy.id
            added = [rows[sid] for sid, d in decisions[doc].items() if d == APPROVED and sid in rows]
            for row in sorted(set(np.flatnonzero(s.selected).tolist()) | set(added)):
                sid = matrix.ids[row]
                if (sid, doc) not in sent and will_send(bool(s.selected[row]), decisions[doc].get(sid),
                                                        self.config.require_approval):
                    digests.setdefault(int(row), []).append(s)
        cap = self.config.max_policies_per_message
        for at, matches in digests.items():
            digests[at] = sorted(matches, key=lambda s: -float(s.score[at]))[:cap]
        queued: dict[str, int] = {}
        for matches in digests.values():
            for s in matches:
                queued[s.features.policy.id] = queued.get(s.features.policy.id, 0) + 1
        return digests, {s.features.policy.id: (int(s.selected.sum()), queued.get(s.features.policy.id, 0))
                         for s in scores}

    def _already_sent(self, doc_ids: list[str]) -> set[tuple[str, str]]:
        with self._sessions() as session:
            rows = session.execute(select(DeliveryItemRow.subscriber_id, DeliveryItemRow.doc_id)
                                   .where(DeliveryItemRow.doc_id.in_(doc_ids))).all()
            return {(r[0], r[1]) for r in rows}

    def _messages(self, run_id: str, matrix: SubscriberMatrix, digests: dict[int, list[Scores]],
                  now: datetime) -> list[object]:
        tokens = self._unsubscribe_tokens([matrix.ids[r] for r in digests])
        rows: list[object] = []
        for row, matches in sorted(digests.items()):
            sid, delivery_id = matrix.ids[row], f"msg_{uuid.uuid4().hex}"
            items = [DeliveryItemRow(delivery_id=delivery_id, run_id=run_id, subscriber_id=sid,
                                     doc_id=s.features.policy.id, score=float(s.score[row]),
                                     token=secrets.token_urlsafe(16)) for s in matches]
            payload = self._payload(run_id, delivery_id, sid, tokens[sid], matrix, row, matches, items, now)
            rows.append(DeliveryRow(id=delivery_id, run_id=run_id, subscriber_id=sid, status=PENDING, attempts=0,
                                    next_attempt_at=now, payload=payload, created_at=now))
            rows += items
        return rows

    def _unsubscribe_tokens(self, ids: list[str]) -> dict[str, str]:
        with self._sessions() as session:
            rows = session.execute(select(SubscriberRow.id, SubscriberRow.unsubscribe_token)
                                   .where(SubscriberRow.id.in_(ids))).all()
            return {r[0]: r[1] for r in rows}

    def _payload(self, run_id: str, delivery_id: str, sid: str, unsubscribe: str, matrix: SubscriberMatrix,
                 row: int, matches: list[Scores], items: list[DeliveryItemRow], now: datetime) -> dict:
        base = self.config.public_url.rstrip("/")
        return {
            "type": "policy.digest", "id": delivery_id, "run_id": run_id, "subscriber_id": sid,
            "created_at": now.isoformat(timespec="seconds"),
            "policies": [_policy_entry(s.features, float(s.score[row]), explain(matrix, row, s),
                                       f"{base}/r/{item.token}") for s, item in zip(matches, items, strict=True)],
            "unsubscribe_url": f"{base}/unsubscribe/{unsubscribe}",
        }

    def _write(self, plan: _Plan) -> RunSummary:
        summary = plan.summary
        run_row, others = plan.rows[0], plan.rows[1:]
        try:
            with self._sessions() as session, session.begin():
                session.add(run_row)
                session.flush()
                session.add_all([r for r in others if isinstance(r, DeliveryRow)])
                session.flush()
                session.add_all([r for r in others if not isinstance(r, DeliveryRow)])
        except IntegrityError:
            return RunSummary(summary.run_id, summary.trigger, skipped=True, reason="该推送已由另一进程写入")
        return summary


def _policy_entry(features: PolicyFeatures, score: float, reasons: list[str], url: str) -> dict:
    policy = features.policy
    return {
        "doc_id": policy.id, "title": policy.title, "doc_number": policy.doc_number, "issuer": policy.issuer,
        "issued": policy.issued.isoformat() if policy.issued else None,
        "jurisdiction": features.audience.jurisdiction, "score": round(score, 4), "reasons": reasons, "url": url,
    }
