"""Question vectors kept in the database: float32 bytes, and the nearest stored question."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def nearest(candidates: Iterable[Sequence[Any]], query: np.ndarray) -> tuple[int, float] | None:
    """The (id, cosine) of the stored vector closest to `query`; vectors are unit length."""
    rows = list(candidates)
    if not rows:
        return None
    matrix = np.stack([np.frombuffer(blob, dtype=np.float32) for _, blob in rows])
    scores = matrix @ np.asarray(query, dtype=np.float32)
    best = int(np.argmax(scores))
    return rows[best][0], float(scores[best])
