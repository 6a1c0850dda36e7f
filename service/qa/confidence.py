"""How sure the Q&A is that the retrieved passages answer the question: one calibrated logistic model.

The confidence is P(one of the top-3 passages holds the answer) given the features of
`service.qa.features` (retrieval scores, slot filler, entities, coverage, direct reference). It is fitted
on the dev split of the labelled questions by `zhengce eval --fit` (answerable questions whose gold
passage is in the top 3 count 1; the others, and every unanswerable question, 0) together with the
re-ranking weights, and stored as JSON (`answerability.json` beside this module, or the file named by
`qa.answerability_model`). The hand-over threshold is chosen on the same dev split.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from service.qa.features import FEATURES
from service.qa.retrieval import RerankWeights

DEFAULT_MODEL = Path(__file__).with_name("answerability.json")


@dataclass(frozen=True)
class ConfidenceModel:
    bias: float
    weights: dict[str, float]
    rerank: RerankWeights = field(default_factory=RerankWeights)

    def probability(self, values: Mapping[str, float]) -> float:
        z = self.bias + sum(w * values.get(name, 0.0) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def to_json(self) -> str:
        return json.dumps({"bias": self.bias, "weights": self.weights, "rerank": asdict(self.rerank)},
                          ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def load(cls, path: Path | None = None) -> ConfidenceModel:
        data = json.loads(Path(path or DEFAULT_MODEL).read_text(encoding="utf-8"))
        unknown = set(data["weights"]) - set(FEATURES)
        if unknown:
            raise ValueError(f"{path}: unknown answerability features {sorted(unknown)}")
        return cls(float(data["bias"]), {k: float(v) for k, v in data["weights"].items()},
                   RerankWeights(**data.get("rerank", {})))


def fit(rows: Sequence[Mapping[str, float]], grounded: Sequence[float], *, rerank: RerankWeights | None = None,
        l2: float = 1.0, steps: int = 50) -> ConfidenceModel:
    """L2-regularised logistic regression of `grounded` (0/1) on the named features, by Newton's method."""
    design = np.array([[1.0, *(row.get(name, 0.0) for name in FEATURES)] for row in rows])
    y = np.asarray(grounded, dtype=float)
    w = np.zeros(design.shape[1])
    penalty = np.diag([0.0] + [l2] * len(FEATURES))
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ w, -50, 50)))
        gradient = design.T @ (p - y) + penalty @ w
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty
        w -= np.linalg.solve(hessian, gradient)
    return ConfidenceModel(round(float(w[0]), 4), {n: round(float(v), 4) for n, v in zip(FEATURES, w[1:], strict=True)},
                           rerank or RerankWeights())
