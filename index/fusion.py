"""Weighted reciprocal rank fusion of ranked id lists.

score(id) = Σ weight_i / (k + rank_i(id)), ranks from 1. A list where the id is absent adds nothing.
Dense retrieval is the stronger signal on colloquial questions, so its weight is the larger by default.
"""

from __future__ import annotations

from collections.abc import Sequence


def weighted_rrf(rankings: Sequence[Sequence[int]], weights: Sequence[float], k: int = 60) -> list[tuple[int, float]]:
    """Fused (id, score) pairs, best first; ties keep the order of first appearance."""
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])
