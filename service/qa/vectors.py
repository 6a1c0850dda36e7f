"""The stored questions nearest to a new one (vectors in the format of `index.vector_codec`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from index.vector_codec import stack_blobs


def ranked(candidates: Iterable[Sequence[Any]], query: np.ndarray, *, floor: float, limit: int = 5
           ) -> list[tuple[int, float]]:
    """The (id, cosine) of up to `limit` stored vectors at or above `floor`, closest first."""
    rows = list(candidates)
    if not rows:
        return []
    scores = stack_blobs([blob for _, blob in rows]) @ np.asarray(query, dtype=np.float32)
    order = np.argsort(-scores)[:limit]
    return [(rows[i][0], float(scores[i])) for i in order if scores[i] >= floor]
