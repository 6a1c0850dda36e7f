"""The `Embedder` contract: turn queries and passages into unit-length float32 vectors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    name: str
    backend: str  # how the vectors are computed ("torch", "onnx", ...); an index records it
    dimension: int
    # cores one question's embedding keeps busy; fewer than the machine has leaves one for other work meanwhile
    query_threads: int

    def load(self) -> None:
        """Load weights; cheap to call twice. Constructors do no heavy work."""

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of shape (len(texts), dimension), L2-normalised, float32."""
        ...

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of shape (len(texts), dimension), L2-normalised, float32."""
        ...
