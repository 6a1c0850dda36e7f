"""How sure the retrieval is that it found the answer: a logistic model over retrieval scores.

Features of a result list: the best cosine of query and passage (`dense`), how far it stands above
the next passage's (`margin`), and whether dense and keyword search agree on the top passage
(`agreement`: it is in both top-3 lists). The weights are fitted on the labelled question set by
`zhengce eval --fit` (target: the top-3 passages hold a gold article; unanswerable questions are 0), so the
confidence reads as a probability that the answer is grounded in the right passage.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.search import SearchHit

FEATURES = ("dense", "margin", "agreement")


def features(hits: Sequence[SearchHit]) -> np.ndarray:
    dense = sorted((h.dense_score for h in hits), reverse=True)
    top = hits[0] if hits else None
    agree = bool(top and (top.dense_rank or 99) <= 3 and (top.keyword_rank or 99) <= 3)
    return np.array([dense[0] if dense else 0.0, dense[0] - dense[1] if len(dense) > 1 else 0.0, float(agree)])


@dataclass(frozen=True)
class ConfidenceModel:
    bias: float
    dense: float
    margin: float
    agreement: float

    def weights(self) -> np.ndarray:
        return np.array([self.dense, self.margin, self.agreement])

    def probability(self, x: np.ndarray) -> float:
        """The confidence for a feature vector (`features()` of a result list)."""
        z = self.bias + float(x @ self.weights())
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def score(self, hits: Sequence[SearchHit]) -> float:
        return self.probability(features(hits)) if hits else 0.0


def fit(x: np.ndarray, y: np.ndarray, *, l2: float = 1e-2, steps: int = 50) -> ConfidenceModel:
    """Logistic regression by Newton's method (a few dozen rows, three features)."""
    design = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(design.shape[1])
    penalty = l2 * np.diag([0.0] + [1.0] * x.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-design @ w))
        gradient = design.T @ (p - y) + penalty @ w
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty
        w -= np.linalg.solve(hessian, gradient)
    return ConfidenceModel(*(round(float(v), 3) for v in w))
