"""How sure the retrieval is that it found the answer: a logistic curve over the best passage's cosine.

The confidence is P(one of the top-3 passages holds the answer), fitted on the labelled question set by
`zhengce eval --fit` (answerable questions whose gold article is in the top 3 count 1; the others, and every
unanswerable question, 0). Only the best cosine of query and passage is used: on that set, adding the margin
to the next passage or whether dense and keyword search agree on the top passage separated answerable from
unanswerable questions no better (see README, "Knowing when not to answer").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.search import SearchHit


def top_cosine(hits: Sequence[SearchHit]) -> float:
    return max((h.dense_score for h in hits), default=0.0)


@dataclass(frozen=True)
class ConfidenceModel:
    bias: float
    dense: float

    def probability(self, cosine: float) -> float:
        z = self.bias + self.dense * cosine
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def score(self, hits: Sequence[SearchHit]) -> float:
        return self.probability(top_cosine(hits)) if hits else 0.0


def fit(cosines: np.ndarray, grounded: np.ndarray, *, l2: float = 1e-2, steps: int = 50) -> ConfidenceModel:
    """Logistic regression of `grounded` (0/1) on `cosines`, by Newton's method."""
    design = np.column_stack([np.ones(len(cosines)), cosines])
    w = np.zeros(2)
    penalty = np.diag([0.0, l2])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-design @ w))
        gradient = design.T @ (p - grounded) + penalty @ w
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty
        w -= np.linalg.solve(hessian, gradient)
    return ConfidenceModel(round(float(w[0]), 3), round(float(w[1]), 3))
