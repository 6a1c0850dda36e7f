"""How vectors are kept in the database: one blob of float32 values per vector.

Chunks, subscriber profiles, FAQ entries and tickets all store their embeddings this way; this module is
the one place that writes and reads the format.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

DTYPE = np.float32


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=DTYPE).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=DTYPE)


def stack_blobs(blobs: Sequence[bytes]) -> np.ndarray:
    """An (n, d) matrix of n stored vectors; `blobs` must not be empty."""
    return np.stack([from_blob(blob) for blob in blobs])
