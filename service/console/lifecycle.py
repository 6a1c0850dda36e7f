"""The 申报中 / 即将到期 page's figures: open and closing application windows, policies about to expire,
and relations between documents that wait for staff (ambiguous, inexact, self-referring) or for a target."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from index.filters import SearchFilters
from index.lifecycle import IN_FORCE_STATUSES, PENDING, REVIEW, Relation, usable_expiry
from index.policy_index import PolicyIndex
from index.relations import occurrence


@dataclass
class Row:
    doc_id: str
    title: str
    doc_number: str | None
    opens: date | None
    closes: date
    days_left: int
    sentence: str = ""


@dataclass
class LifecycleView:
    today: date
    applying: list[Row] = field(default_factory=list)    # window open today
    upcoming: list[Row] = field(default_factory=list)    # window opens within the horizon
    expiring: list[Row] = field(default_factory=list)    # policy expires within the horizon
    review: list[Relation] = field(default_factory=list)
    pending: list[Relation] = field(default_factory=list)


def lifecycle_view(index: PolicyIndex, horizon_days: int = 60) -> LifecycleView:
    today = index.today()
    view = LifecycleView(today)
    policies, _ = index.list_policies(SearchFilters(statuses=IN_FORCE_STATUSES), limit=1_000_000)
    by_id = {p.id: p for p in policies}
    horizon = today + timedelta(days=horizon_days)
    for doc_id, windows in index.application_windows(list(by_id)).items():
        policy = by_id[doc_id]
        for window in windows:
            opens, closes = occurrence(window, today)
            row = Row(doc_id, policy.title, policy.doc_number, opens, closes, (closes - today).days, window.sentence)
            if closes >= today and (opens is None or opens <= today):
                view.applying.append(row)
            elif opens is not None and today < opens <= horizon:
                view.upcoming.append(row)
    for policy in policies:
        expires = usable_expiry(index.get_policy(policy.id))
        if expires and today <= expires <= horizon:
            view.expiring.append(Row(policy.id, policy.title, policy.doc_number, None, expires,
                                     (expires - today).days))
    for rows in (view.applying, view.upcoming, view.expiring):
        rows.sort(key=lambda r: (r.closes, r.doc_id))
    view.review = index.relations(states=[REVIEW])
    view.pending = index.relations(states=[PENDING])
    return view
