"""Eligibility: is a policy in force, and which subscribers meet its required conditions.

`in_force(policy, now)` is the one place push decides whether a policy may be pushed at all; every
selection goes through it. `evaluate` checks every condition of a policy against every subscriber at
once (numpy over the `SubscriberFacts` arrays) and says, per condition and subscriber, met / not met /
unknown (the profile lacks the field). A required condition that is not met excludes; what `unknown`
does is `UnknownPolicy`: `pass` (default) keeps the subscriber, with the reason saying what is missing,
`fail` excludes it. Preferred conditions never exclude.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np

from index.lifecycle import IN_FORCE_STATUSES, status_on
from index.models import Policy
from push.conditions import (
    AGE,
    EMPLOYEES,
    ENTERPRISE_AGE,
    INDUSTRY,
    NOT_INDUSTRY,
    NOT_OWNERSHIP,
    NOT_SIZE,
    NOT_WHO,
    OWNERSHIP,
    QUALIFICATION,
    REVENUE,
    SIZE,
    WHO,
    Condition,
)
from push.profile_facts import OWNERSHIP_CODES, SubscriberFacts, code_levels
from push.sizing import SCALES
from push.subjects import GROUPS, TOKEN_INDEX

IN_FORCE = "现行有效"
PASS, FAIL = "pass", "fail"


def in_force(policy: Policy, now: datetime | date) -> bool:
    """Whether a policy may be pushed at `now`: in force (现行有效 or 已修改) on that day.

    The single decision point for push (runs, candidates, recommendations). `policy.status` is the status of
    the day the feature store computed (repeals and amendments by other documents included); the lifecycle rule
    then applies the policy's own dates, so a run late in the day agrees with the calendar.
    """
    today = now.date() if isinstance(now, datetime) else now
    return status_on(policy, today).status in IN_FORCE_STATUSES


@dataclass
class ConditionResult:
    condition: Condition
    met: np.ndarray       # (n,) bool
    unknown: np.ndarray   # (n,) bool: neither met nor failed, the profile lacks the field


def evaluate(facts: SubscriberFacts, conditions: list[Condition]) -> list[ConditionResult]:
    persons_exempt = _persons_exempt_from_industry(conditions)
    return [ConditionResult(c, *_check(facts, c, persons_exempt)) for c in conditions]


def passes(results: list[ConditionResult], n: int, unknown: str = PASS) -> np.ndarray:
    """Every required condition met (or unknown, when unknown passes)."""
    ok = np.ones(n, dtype=bool)
    for result in results:
        if result.condition.required:
            ok &= result.met | (result.unknown if unknown == PASS else False)
    return ok


def preferred_share(results: list[ConditionResult], n: int) -> np.ndarray:
    """The share of preferred conditions met, 0 where the policy states none."""
    preferred = [r for r in results if not r.condition.required]
    if not preferred:
        return np.zeros(n, dtype=np.float32)
    share = np.zeros(n, dtype=np.float32)
    for result in preferred:
        share += result.met.astype(np.float32)
    return share / len(preferred)


def _persons_exempt_from_industry(conditions: list[Condition]) -> bool:
    """An industry condition binds organisations only when the policy also admits groups of people (农户…)."""
    return any(c.kind == WHO and any(v in GROUPS or v == "person" for v in c.values) for c in conditions)


def _check(f: SubscriberFacts, c: Condition, persons_exempt: bool) -> tuple[np.ndarray, np.ndarray]:
    met, unknown = _states(f, c, persons_exempt)
    return np.asarray(met, dtype=bool), np.asarray(unknown, dtype=bool)


def _states(f: SubscriberFacts, c: Condition, persons_exempt: bool) -> tuple[Any, Any]:
    n = len(f.person)
    none = np.zeros(n, dtype=bool)
    if c.kind in (WHO, NOT_WHO):
        idx = [TOKEN_INDEX[v] for v in c.values if v in TOKEN_INDEX]
        has = f.tokens[:, idx].any(axis=1) if idx else none
        unknown = ~has & (~f.known[:, idx]).any(axis=1) if idx else none
        return (has, unknown) if c.kind == WHO else (~has & ~unknown, unknown)
    if c.kind in (SIZE, NOT_SIZE):
        mask = sum(1 << SCALES.index(s) for s in c.values if s in SCALES)
        allowed = np.uint8(mask if c.kind == SIZE else (~mask & 0b1111))
        outside = np.uint8(~int(allowed) & 0b1111)
        met = (f.scales != 0) & ((f.scales & outside) == 0)
        return met, ((f.scales & allowed) != 0) & ~met
    if c.kind in (INDUSTRY, NOT_INDUSTRY):
        hit = none.copy()
        for level, value in (code_levels(v) for v in c.values):
            hit |= f.industry[level] == value
        unknown = (f.industry[0] < 0) & ~f.person
        if c.kind == INDUSTRY:
            return hit | (f.person & persons_exempt), unknown
        return ~hit & ~unknown, unknown
    if c.kind == QUALIFICATION:
        idx = [TOKEN_INDEX[v] for v in c.values if v in TOKEN_INDEX]
        has = f.tokens[:, idx].any(axis=1) if idx else none
        return has, (~has & (~f.known[:, idx]).any(axis=1)) if idx else none
    if c.kind in (OWNERSHIP, NOT_OWNERSHIP):
        codes = [OWNERSHIP_CODES[v] for v in c.values if v in OWNERSHIP_CODES]
        hit = np.isin(f.ownership, codes)
        unknown = (f.ownership < 0) & ~f.person
        return (hit, unknown) if c.kind == OWNERSHIP else (~hit & ~unknown, unknown)
    values = {AGE: f.age, ENTERPRISE_AGE: f.founded_years, REVENUE: f.revenue, EMPLOYEES: f.employees}[c.kind]
    applies = f.person if c.kind == AGE else ~f.person
    low = -np.inf if c.low is None else c.low
    high = np.inf if c.high is None else c.high
    with np.errstate(invalid="ignore"):
        inside = (values >= low) & (values < high)
    return inside & applies, np.isnan(values) & applies
