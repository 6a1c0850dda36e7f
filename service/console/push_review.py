"""推送审核 as the console shows it: the policies the next run considers, named candidates, audience forms.

Matching, decisions and audiences belong to `push.service.PushService`; this module only gathers what
one page shows and turns form fields into the correction `PushService.correct_audience` validates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from index.models import Policy
from push.audience import PolicyAudience
from push.candidates import Candidate
from push.errors import SubscriberNotFound
from push.service import PushService
from push.vocabulary import INDUSTRIES, KIND_NAMES, QUALIFICATIONS

_SEPARATORS = re.compile(r"[,，、;；\s]+")
DECISION_NAMES = {"approved": "已批准", "rejected": "已驳回"}


@dataclass
class QueuedPolicy:
    policy: Policy
    audience: PolicyAudience
    pushable: bool


@dataclass
class NamedCandidate:
    candidate: Candidate
    name: str
    region: str


def next_run_policies(push: PushService) -> list[QueuedPolicy]:
    """Policies written, corrected or decided on since the last run: what the next run will match."""
    now = push.clock()
    doc_ids = push.runner.changed_policies(push.runner.window_start(now), now)
    return [QueuedPolicy(f.policy, f.audience, f.pushable) for f in push.features.get(doc_ids)]


def named_candidates(push: PushService, doc_id: str, limit: int = 200) -> tuple[list[NamedCandidate], int]:
    found, total = push.candidates(doc_id, 0, limit)
    return [_named(push, c) for c in found], total


def _named(push: PushService, candidate: Candidate) -> NamedCandidate:
    try:
        profile = push.subscribers.get(candidate.subscriber_id).profile
    except SubscriberNotFound:
        return NamedCandidate(candidate, candidate.subscriber_id, "")
    return NamedCandidate(candidate, profile.name, profile.region)


def audience_changes(form: FormData) -> dict:
    """The audience form as a correction: kinds, 适用对象 and 行业 (empty clears them), 适用地区 if given."""
    changes: dict[str, Any] = {"kinds": [str(k) for k in form.getlist("kinds")],
                               "subjects": _terms(form.get("subjects")), "industries": _terms(form.get("industries"))}
    jurisdiction = str(form.get("jurisdiction") or "").strip()
    if jurisdiction:
        changes["jurisdiction"] = jurisdiction
    return changes


def _terms(value: object) -> list[str]:
    return [part for part in _SEPARATORS.split(str(value or "")) if part]


VOCABULARY = {"subjects": list(QUALIFICATIONS), "industries": list(INDUSTRIES), "kinds": KIND_NAMES}
