"""The stored question nearest to a new one (vectors in the format of `index.vector_codec`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from index.vector_codec import stack_blobs


def nearest(candidates: Iterable[Sequence[Any]], query: np.ndarray) -> tuple[int, float] | None:
    """The (id, cosine) of the stored vector closest to `query`; vectors are unit length."""
    rows = list(candidates)
    if not rows:
        return None
    matrix = stack_blobs([blob for _, blob in rows])
    scores = matrix @ np.asarray(query, dtype=np.float32)
    best = int(np.argmax(scores))
    return rows[best][0], float(scores[best])
