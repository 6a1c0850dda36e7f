"""Scoring (subscriber, policy) pairs, vectorised over every subscriber at once, with reasons.

    score = w_sem · semantic + w_subj · subject fit + w_ind · industry fit          (each in [0, 1])

`semantic` is the best cosine between the profile vector and any passage of the policy, rescaled
from [similarity_floor, similarity_ceiling] to [0, 1]. `subject fit` is 1 when the subscriber holds a
qualification the policy names (小微企业, 高校毕业生 ...), 0 when the policy names some and the
subscriber none, ½ when the policy names none; `industry fit` likewise. Three gates come before the
score and no similarity overrides them: the policy's jurisdiction contains the subscriber's region,
the policy addresses the subscriber's kind (enterprise / citizen), and a scale the policy names fits.
A pair is `selected` when it passes the gates and the score reaches `min_score`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from push.conditions import AGE, EMPLOYEES, ENTERPRISE_AGE, INDUSTRY, OWNERSHIP, QUALIFICATION, REVENUE, SIZE, WHO
from push.eligibility import PASS, ConditionResult, evaluate, passes, preferred_share
from push.features import PolicyFeatures, SubscriberMatrix
from push.regions import LEVELS

BLOCK_ROWS = 8192


@dataclass(frozen=True)
class MatchConfig:
    min_score: float = 0.5
    similarity_floor: float = 0.75
    similarity_ceiling: float = 0.9
    semantic_weight: float = 0.4
    subject_weight: float = 0.4
    industry_weight: float = 0.2
    # a policy that states whom it is for selects every subscriber meeting it whose score reaches this
    conditioned_min_score: float = 0.0
    unknown: str = PASS  # what a condition the profile cannot answer does: "pass" or "fail"


@dataclass
class Scores:
    """One policy against every row of a matrix."""

    features: PolicyFeatures
    similarity: np.ndarray   # raw best cosine
    subject_fit: np.ndarray
    industry_fit: np.ndarray
    region_ok: np.ndarray
    kind_ok: np.ndarray
    scale_ok: np.ndarray
    conditions: list[ConditionResult]
    score: np.ndarray
    eligible: np.ndarray
    selected: np.ndarray

    def best_passage(self, matrix: SubscriberMatrix, row: int) -> int:
        """Which passage matched a subscriber best (computed only for the rows that are explained)."""
        return int(np.argmax(self.features.chunk_vectors @ matrix.vectors[row]))


def score_policies(matrix: SubscriberMatrix, policies: list[PolicyFeatures], config: MatchConfig,
                   now: datetime | date | None = None) -> list[Scores]:
    """Every policy against every subscriber: one matrix product over all passages, in row blocks.

    A policy not in force at `now` (default: today) selects nobody.
    """
    similarity = _best_similarity(matrix, policies)
    when = now or date.today()
    return [_combine(matrix, p, similarity[:, i], config, when) for i, p in enumerate(policies)]


def _best_similarity(matrix: SubscriberMatrix, policies: list[PolicyFeatures]) -> np.ndarray:
    """(subscribers, policies): the best cosine of each profile with any passage of each policy."""
    n, count = len(matrix), len(policies)
    similarity = np.full((n, count), -1.0, dtype=np.float32)
    with_passages = [i for i, p in enumerate(policies) if len(p.passages)]
    if not with_passages or n == 0:
        return similarity
    passages = np.concatenate([policies[i].chunk_vectors for i in with_passages])
    starts = np.cumsum([0] + [len(policies[i].passages) for i in with_passages])
    for lo in range(0, n, BLOCK_ROWS):
        block = passages @ matrix.vectors[lo:lo + BLOCK_ROWS].T  # (passages, rows): each policy's rows contiguous
        for column, i in enumerate(with_passages):
            similarity[lo:lo + BLOCK_ROWS, i] = block[starts[column]:starts[column + 1]].max(axis=0)
    return similarity


def _combine(matrix: SubscriberMatrix, policy: PolicyFeatures, similarity: np.ndarray,
             config: MatchConfig, now: datetime | date) -> Scores:
    span = max(config.similarity_ceiling - config.similarity_floor, 1e-6)
    semantic = np.clip((similarity - config.similarity_floor) / span, 0.0, 1.0)
    subject_fit = _fit(matrix.quals @ policy.subjects, bool(policy.subjects.any()), np.ones(len(matrix), dtype=bool))
    knows_industry = (matrix.industry >= 0) & (matrix.kind == 0)
    industry_fit = _fit(np.isin(matrix.industry, policy.industries), len(policy.industries) > 0, knows_industry)
    results = evaluate(matrix.facts, policy.conditions)
    preferred = preferred_share(results, len(matrix))
    score = (config.semantic_weight * semantic + config.subject_weight * np.maximum(subject_fit, preferred)
             + config.industry_weight * industry_fit).astype(np.float32)
    region_ok, kind_ok = region_contains(matrix, policy), policy.kinds[matrix.kind]
    scale_ok = passes(results, len(matrix), config.unknown)
    eligible = region_ok & kind_ok & scale_ok & policy.pushable_at(now)
    threshold = config.conditioned_min_score if states_whom(policy) else config.min_score
    return Scores(policy, similarity, subject_fit, industry_fit, region_ok, kind_ok, scale_ok, results, score,
                  eligible, eligible & (score >= threshold))


def states_whom(policy: PolicyFeatures) -> bool:
    """Whether a policy's own wording says whom it is for (a required who / size / figure condition)."""
    return any(c.required and c.kind in STATING for c in policy.conditions)


STATING = (WHO, SIZE, AGE, ENTERPRISE_AGE, REVENUE, EMPLOYEES, INDUSTRY, QUALIFICATION, OWNERSHIP)


def _fit(hit: np.ndarray, policy_names_some: bool, applicable: np.ndarray) -> np.ndarray:
    """1 on a hit, 0 on a miss where the policy names terms, ½ where it names none or the term is unknown."""
    if not policy_names_some:
        return np.full(len(hit), 0.5, dtype=np.float32)
    return np.where(applicable, hit.astype(np.float32), 0.5).astype(np.float32)


def region_contains(matrix: SubscriberMatrix, policy: PolicyFeatures) -> np.ndarray:
    """The policy's jurisdiction contains each subscriber's region (unknown jurisdiction: nobody)."""
    region = policy.jurisdiction
    if region is None:
        return np.zeros(len(matrix), dtype=bool)
    depth = min(len(region.parts), LEVELS)
    if depth == 0:
        return np.ones(len(matrix), dtype=bool)
    return matrix.prefixes[depth - 1] == region.prefixes()[depth - 1]
