"""Fitting the re-ranking weights (`RerankWeights`) on dev questions: the grid point with the best MRR@10.

Each question's candidates are turned into their feature rows once (`rerank_features`); every grid point is
then a matrix product, and the rank of the first gold passage is counted from the scores, with the same order
and the same handling of a passage the question names as `evaluation.second_stage` (named first, then the
re-ranked others). So a grid of tens of thousands of points takes seconds, not the minutes of re-ranking each
question at each point.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from service.qa.evaluation import Candidates, GoldMatcher
from service.qa.retrieval import RerankWeights, rerank_features, weight_vector

# A few steps a term: on the dev split, a grid of 576 points held up better on folds it was not fitted on (5-fold
# cross-validation, the same four shuffles for each: MRR@10 0.782) than the 80,640 points used before (0.775) or a
# finer one (0.770), and chose the same weights on all of dev (`scripts/cv_rerank_grid.py`). Fine steps fit the
# questions, not the rule.
LEXICAL_GRID = (0.0, 0.05, 0.1, 0.2)
FUSED_GRID = (0.0, 0.02)
SLOT_GRID = (0.0, 0.01)
CITED_GRID = (0.0, 0.01)
SENTENCE_GRID = (0.0, 0.5, 1.0)
ANSWER_GRID = (0.0, 0.01, 0.03)
NAMED_GRID = (0.0, 0.01)
GRID = (LEXICAL_GRID, FUSED_GRID, SLOT_GRID, CITED_GRID, SENTENCE_GRID, ANSWER_GRID, NAMED_GRID)


@dataclass(frozen=True)
class Prepared:
    """One question as the fit sees it: the feature rows of its candidates other than the named passage,
    which of them are gold, and whether it names a passage (and whether that one is gold)."""

    features: np.ndarray
    gold: np.ndarray
    named: bool
    named_gold: bool


def prepare(candidates: Sequence[Candidates], matcher: GoldMatcher) -> list[Prepared]:
    prepared = []
    for c in candidates:
        rows = rerank_features(c.question.query, c.hits)
        keep = [n for n, h in enumerate(c.hits) if c.named is None or h.chunk_id != c.named.chunk_id]
        gold = np.array([matcher.is_gold(c.hits[n], c.question.gold) for n in keep], dtype=bool)
        named_gold = c.named is not None and matcher.is_gold(c.named, c.question.gold)
        prepared.append(Prepared(rows[keep], gold, c.named is not None, named_gold))
    return prepared


def ranks(question: Prepared, weights: np.ndarray, top_k: int = 10) -> np.ndarray:
    """The rank of the first gold passage at each weight vector (rows of `weights`); 0 where none is in the top k.
    Candidates are ordered by score, ties by their search order."""
    count = weights.shape[0]
    if question.named_gold:
        return np.ones(count, dtype=np.int64)
    gold_rows = np.flatnonzero(question.gold)
    if gold_rows.size == 0:
        return np.zeros(count, dtype=np.int64)
    scores = question.features @ weights.T  # candidates × grid points
    unweighted = ~weights[:, 1:].any(axis=1)  # `rerank` keeps the search order when no weight is set
    scores[:, unweighted] = -np.arange(len(scores), dtype=np.float64)[:, None]
    other = ~question.gold
    ahead = np.full(count, np.iinfo(np.int64).max)
    for g in gold_rows:
        before = np.arange(len(other)) < g
        beaten = (scores[other] > scores[g]) | ((scores[other] == scores[g]) & before[other][:, None])
        ahead = np.minimum(ahead, beaten.sum(axis=0))
    offset = 1 if question.named else 0
    rank = ahead + 1 + offset
    return np.where(rank <= top_k, rank, 0)


def reciprocal_ranks(prepared: Sequence[Prepared], points: Sequence[tuple[float, ...]]) -> np.ndarray:
    """Each question's reciprocal rank of its first gold passage (0 beyond the top 10) at each grid point
    (questions × points)."""
    weights = np.array([weight_vector(RerankWeights(*p)) for p in points])
    found = np.array([ranks(question, weights) for question in prepared]).reshape(len(prepared), len(points))
    return np.where(found > 0, 1.0 / np.maximum(found, 1), 0.0)


def best_point(reciprocal: np.ndarray) -> int:
    """The grid point with the best MRR@10 over these questions' rows; ties go to the earlier (smaller) weights."""
    total = reciprocal.sum(axis=0)
    return int(np.flatnonzero(total >= total.max() - 1e-9)[0])


def fit_rerank(candidates: Sequence[Candidates], matcher: GoldMatcher) -> RerankWeights:
    """The grid point with the best MRR@10 on these (dev) questions; ties go to the earlier (smaller) weights."""
    points = list(itertools.product(*GRID))
    return RerankWeights(*points[best_point(reciprocal_ranks(prepare(candidates, matcher), points))])
