"""`SentenceIndex`: the sentence vectors of passages that hold several sentences, searchable by sentence.

A passage's own vector blurs when it holds several sentences (`index.sentences`), so the passage whose one
sentence says what a question asks may not be among the passages nearest to the question at all: "店里写着
最终解释权归本店所有，这种说法有效吗" is answered by one sentence of an article about standard terms, whose
passage vector is about the article's other sentences. This index finds passages by their best sentence, so
answers can take those passages as candidates too (`service.qa.retrieval`).

Each sentence is stored under its passage's chunk id (faiss `IndexIDMap` keeps duplicate ids, and removing
an id removes every sentence of that passage). Search is exact inner product (vectors are unit length).
The index is not saved: it is built from the database when the policy index opens and then follows the
change log with the passage vectors (`index.policy_index`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import faiss as _faiss
import numpy as np

faiss: Any = _faiss
OVERFETCH = 8  # sentences read per passage wanted: a passage's several sentences may all be near the question


class SentenceIndex:
    def __init__(self, dimension: int) -> None:
        self.dimension = dimension
        self._index = faiss.IndexIDMap(faiss.IndexFlatIP(dimension))

    @classmethod
    def of(cls, dimension: int, batches: Iterable[Mapping[int, np.ndarray]]) -> SentenceIndex:
        """An index holding these batches of sentence vectors (`PolicyStore.iter_sentence_vectors`)."""
        index = cls(dimension)
        for batch in batches:
            index.add(batch)
        return index

    def __len__(self) -> int:
        """The number of sentences."""
        return int(self._index.ntotal)

    def add(self, sentences: Mapping[int, np.ndarray]) -> None:
        """Add each chunk's sentence vectors ((n, d) by chunk id)."""
        if not sentences:
            return
        ids = np.concatenate([np.full(len(v), chunk_id, dtype=np.int64) for chunk_id, v in sentences.items()])
        matrix = np.ascontiguousarray(np.vstack(list(sentences.values())), dtype=np.float32)
        self._index.add_with_ids(matrix, ids)

    def remove(self, chunk_ids: list[int]) -> None:
        """Remove every sentence of these chunks."""
        if chunk_ids:
            self._index.remove_ids(np.asarray(chunk_ids, dtype=np.int64))

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k chunks whose best sentence is nearest to the query, with that sentence's cosine, best first."""
        if len(self) == 0 or k <= 0:
            return []
        params = None
        if allowed is not None:
            if len(allowed) == 0:
                return []
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64)))
        faiss.omp_set_num_threads(1)  # one query: see `index.vector_index.FaissIndex.search`
        matrix = np.asarray(query, dtype=np.float32).reshape(1, -1)
        scores, ids = self._index.search(matrix, min(k * OVERFETCH, len(self)), params=params)
        best: dict[int, float] = {}
        for chunk_id, score in zip(ids[0], scores[0], strict=True):
            if chunk_id != -1 and int(chunk_id) not in best:
                best[int(chunk_id)] = float(score)
        return list(best.items())[:k]
