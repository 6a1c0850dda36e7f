"""`FaissIndex`: the dense half of search, chunk ids → vectors in faiss.

`flat` is exact inner product (vectors are unit length, so this is cosine); `hnsw` is approximate,
for corpora where exact search gets slow. Filters are applied with faiss's id selector, so a filter
never starves the result list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import faiss as _faiss
import numpy as np

# faiss's bundled stubs miss the id-map and search-parameter APIs used here
faiss: Any = _faiss

KINDS = ("flat", "hnsw")


class FaissIndex:
    def __init__(self, dimension: int, kind: str = "flat", *, shared_ids: bool = False) -> None:
        """`shared_ids`: several vectors may carry one id (a passage's sentences); removing it removes them all."""
        if kind not in KINDS:
            raise ValueError(f"index_kind must be one of {KINDS}, got {kind!r}")
        self.dimension = dimension
        self.kind = kind
        self._id_map = faiss.IndexIDMap if shared_ids else faiss.IndexIDMap2
        self._index = self._empty()

    def _empty(self) -> faiss.Index:
        if self.kind == "hnsw":
            return self._id_map(faiss.IndexHNSWFlat(self.dimension, 32, faiss.METRIC_INNER_PRODUCT))
        return self._id_map(faiss.IndexFlatIP(self.dimension))

    def __len__(self) -> int:
        return int(self._index.ntotal)

    @property
    def supports_remove(self) -> bool:
        return self.kind == "flat"

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids):
            self._index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64))

    def remove(self, ids: list[int]) -> None:
        if ids:
            self._index.remove_ids(np.asarray(ids, dtype=np.int64))

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k nearest chunk ids with their inner-product scores, best first."""
        if len(self) == 0 or k <= 0:
            return []
        params = None
        if allowed is not None:
            if len(allowed) == 0:
                return []
            selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
            params = (faiss.SearchParametersHNSW if self.kind == "hnsw" else faiss.SearchParameters)(sel=selector)
        matrix = np.asarray(query, dtype=np.float32).reshape(1, -1)
        # one query vector: OpenMP's thread team costs more than it saves at these sizes, and on a busy machine
        # it spins (27k chunks: 66 ms with two threads against 9 ms with one, load average 7). The setting is
        # per thread, so it is made here, on the thread that searches; concurrent requests still run in parallel
        faiss.omp_set_num_threads(1)
        scores, ids = self._index.search(matrix, min(k, len(self)), params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i != -1]

    def ids(self) -> np.ndarray:
        return faiss.vector_to_array(self._index.id_map).astype(np.int64)

    def serialize(self) -> bytes:
        """The index as `save` would write it; quick, so it can be taken under a lock and written outside."""
        return faiss.serialize_index(self._index).tobytes()

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path, kind: str) -> FaissIndex:
        loaded = faiss.read_index(str(path))
        index = cls(loaded.d, kind)
        index._index = loaded
        return index
