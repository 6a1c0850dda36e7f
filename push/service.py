"""`PushService`: the push domain as the service, the worker and the staff console use it.

One object holds the stores and wires the runner, the dispatcher and the scheduler from
`PushSettings`. Routes stay thin: each calls one method here. The clock, the channels and the
back-off are injectable, so tests run delivery and schedules against a fixed time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select

from config.settings import PushSettings
from index.db import make_sessionmaker
from index.errors import DocumentNotFound
from index.filters import SearchFilters
from index.policy_index import PolicyIndex
from push.audience import PolicyAudience
from push.audience_store import AudienceStore
from push.candidates import DECISIONS, Candidate, DecisionStore, candidate, rank
from push.channel import Channel
from push.clicks import Clicks
from push.dispatch import Backoff, Dispatcher, DispatchReport, Sleep
from push.errors import CandidateNotFound, SubscriberNotFound
from push.features import FeatureCache, load_matrix
from push.matching import MatchConfig, score_policies
from push.outbox import DEAD_LETTERED, Outbox
from push.reasons import explain
from push.reminders import ReminderConfig, Reminders, ReminderSummary
from push.runs import PushRunner, RunConfig, RunSummary
from push.scheduler import PushScheduler
from push.send_guard import OutOfForceGuard
from push.stats import PushStats
from push.subscribers import SubscriberStore
from push.tables import DeliveryItemRow
from push.timeutil import Clock, system_clock
from push.webhook import WebhookChannel

ChannelFactory = Callable[[], Mapping[str, Channel]]


@dataclass
class Recommendation:
    doc_id: str
    title: str
    score: float
    selected: bool
    reasons: list[str]


def match_config(settings: PushSettings) -> MatchConfig:
    return MatchConfig(min_score=settings.min_score, similarity_floor=settings.similarity_floor,
                       similarity_ceiling=settings.similarity_ceiling, semantic_weight=settings.semantic_weight,
                       subject_weight=settings.subject_weight, industry_weight=settings.industry_weight,
                       conditioned_min_score=settings.conditioned_min_score, unknown=settings.unknown)


def webhook_channels(settings: PushSettings) -> ChannelFactory:
    """The one place that maps a channel type to its implementation."""
    return lambda: {"webhook": WebhookChannel(timeout=settings.request_timeout_seconds)}


class PushService:
    def __init__(self, settings: PushSettings, engine: Engine, index: PolicyIndex, *,
                 public_url: str, clock: Clock = system_clock, channels: ChannelFactory | None = None,
                 backoff: Backoff | None = None) -> None:
        self.settings, self.engine, self.index, self.clock = settings, engine, index, clock
        self.subscribers = SubscriberStore(engine, index, clock)
        self.audiences = AudienceStore(engine, clock)
        self.decisions = DecisionStore(engine, clock)
        self.outbox = Outbox(engine, settings.claim_seconds)
        self.clicks, self.stats = Clicks(engine), PushStats(engine, index)
        self.features = FeatureCache(index, self.audiences)
        self.channels = channels or webhook_channels(settings)
        self.backoff = backoff or Backoff(settings.backoff_base_seconds, 2.0, settings.backoff_max_seconds)
        self.runner = PushRunner(engine, index, self.audiences, self.decisions, RunConfig(
            match=match_config(settings), require_approval=settings.require_approval,
            max_policies_per_message=settings.max_policies_per_message,
            first_run_lookback_days=settings.first_run_lookback_days, lease_seconds=settings.run_lease_seconds,
            public_url=public_url, timezone=settings.timezone), clock, self.features)
        self.reminders = Reminders(engine, index, ReminderConfig(
            days_before_close=settings.reminder_days_before_close,
            days_before_expiry=settings.reminder_days_before_expiry, public_url=public_url), clock)
        self.scheduler = PushScheduler(self.runner, self.dispatch_once, schedule=settings.schedule,
                                       timezone=settings.timezone, clock=clock, remind=self.remind_now,
                                       dispatch_seconds=settings.dispatch_interval_seconds,
                                       misfire_grace_seconds=settings.misfire_grace_seconds)

    # -- matching views for staff and subscribers -------------------------------------------------------

    def candidates(self, doc_id: str, offset: int = 0, limit: int = 100) -> tuple[list[Candidate], int]:
        """Every active subscriber ranked for one policy, with reasons for the page asked for."""
        features = self.features.get([doc_id])
        if not features:
            raise DocumentNotFound(doc_id)
        matrix = load_matrix(self.engine, self.index, self._today())
        scores = score_policies(matrix, features, self.runner.config.match, self.clock())[0]
        decisions, sent = self.decisions.of_policies([doc_id])[doc_id], self._sent_to(doc_id)
        rows = rank(matrix, scores)[offset:offset + limit]
        approval = self.settings.require_approval
        return [candidate(matrix, r, scores, decisions, sent, approval) for r in rows], len(matrix)

    def recommendations(self, subscriber_id: str, limit: int | None = None) -> list[Recommendation]:
        """The in-force policies that fit one subscriber best (a 政策计算器 view)."""
        matrix = load_matrix(self.engine, self.index, self._today(), ids=[subscriber_id], active_only=False)
        if len(matrix) == 0:
            raise SubscriberNotFound(subscriber_id)
        policies, _ = self.index.list_policies(SearchFilters(), limit=100_000)
        now = self.clock()
        features = [f for f in self.features.get([p.id for p in policies]) if f.pushable_at(now)]
        found = [(s, explain(matrix, 0, s)) for s in score_policies(matrix, features, self.runner.config.match, now)
                 if s.eligible[0]]
        found.sort(key=lambda pair: -float(pair[0].score[0]))
        return [Recommendation(s.features.policy.id, s.features.policy.title, round(float(s.score[0]), 4),
                               bool(s.selected[0]), reasons)
                for s, reasons in found[: limit or self.settings.recommendations_limit]]

    def decide(self, doc_id: str, subscriber_id: str, decision: str | None, decided_by: str | None = None) -> bool:
        """Approve (send, even a subscriber the selection missed) or reject (withhold) a candidate; None clears.

        Returns whether the selection had chosen the subscriber, which is stored with the decision as a label.
        """
        if decision is not None and decision not in DECISIONS:
            raise ValueError(decision)
        self.index.get_policy(doc_id)
        try:
            self.subscribers.get(subscriber_id)
        except SubscriberNotFound:
            raise CandidateNotFound(doc_id, subscriber_id) from None
        selected = self._selected(doc_id, subscriber_id)
        self.decisions.decide(doc_id, subscriber_id, decision, selected=selected, decided_by=decided_by)
        return selected

    def _selected(self, doc_id: str, subscriber_id: str) -> bool:
        matrix = load_matrix(self.engine, self.index, self._today(), ids=[subscriber_id], active_only=False)
        features = self.features.get([doc_id])
        return bool(features and len(matrix)
                    and score_policies(matrix, features, self.runner.config.match, self.clock())[0].selected[0])

    def _sent_to(self, doc_id: str) -> set[str]:
        with make_sessionmaker(self.engine)() as session:
            return set(session.scalars(select(DeliveryItemRow.subscriber_id).where(DeliveryItemRow.doc_id == doc_id)))

    def _today(self) -> date:
        return self.clock().astimezone(ZoneInfo(self.settings.timezone)).date()

    # -- a policy's audience -------------------------------------------------------------------------

    def audience(self, doc_id: str) -> PolicyAudience:
        return self.audiences.ensure(self.index.get_policy(doc_id), self.index.hash_of(doc_id))

    def correct_audience(self, doc_id: str, changes: dict) -> PolicyAudience:
        return self.audiences.correct(self.index.get_policy(doc_id), changes)

    def reset_audience(self, doc_id: str) -> PolicyAudience:
        return self.audiences.reset(self.index.get_policy(doc_id))

    def on_policy_changed(self, doc_id: str) -> None:
        """Hook for ingest and metadata edits: derive the audience now rather than at the next run."""
        self.audience(doc_id)

    # -- runs and delivery ---------------------------------------------------------------------------

    def run_now(self) -> RunSummary:
        return self.runner.run()

    def remind_now(self) -> ReminderSummary:
        """Queue the reminders due today (application windows closing, policies expiring)."""
        return self.reminders.run()

    def dispatcher(self, channels: Mapping[str, Channel]) -> Dispatcher:
        return Dispatcher(self.outbox, channels, self.clock, backoff=self.backoff,
                          max_attempts=self.settings.max_attempts, concurrency=self.settings.concurrency,
                          hold=OutOfForceGuard(self.index))

    async def send_due(self, *, drain: bool = False, sleep: Sleep = asyncio.sleep,
                       max_wait: float | None = None) -> DispatchReport:
        channels = self.channels()
        try:
            dispatcher = self.dispatcher(channels)
            return await (dispatcher.drain(sleep, max_wait) if drain else dispatcher.dispatch_due())
        finally:
            for channel in channels.values():
                await channel.aclose()

    def dispatch_once(self) -> DispatchReport:
        """Send what is due now (from a thread without an event loop: jobs, background tasks)."""
        return asyncio.run(self.send_due())

    def dead_letters(self, offset: int = 0, limit: int = 100) -> list[dict]:
        return [{"id": r.id, "run_id": r.run_id, "subscriber_id": r.subscriber_id, "status": r.status,
                 "attempts": r.attempts, "last_status": r.last_status, "last_error": r.last_error,
                 "finished_at": r.finished_at.isoformat() if r.finished_at else None}
                for r in self.outbox.list(DEAD_LETTERED, offset, limit)]

    def requeue(self, delivery_id: str) -> None:
        self.outbox.requeue(delivery_id, self.clock())

    def follow(self, token: str) -> str:
        return self.clicks.follow(token, self.clock())
