"""`SentenceIndex`: the sentence vectors of passages that hold several sentences, searchable by sentence.

A passage's own vector blurs when it holds several sentences (`index.sentences`), so the passage whose one
sentence says what a question asks may not be among the passages nearest to the question at all: "店里写着
最终解释权归本店所有，这种说法有效吗" is answered by one sentence of an article about standard terms, whose
passage vector is about the article's other sentences. This index finds passages by their best sentence, so
answers can take those passages as candidates too (`service.qa.retrieval`).

Each sentence is stored under its passage's chunk id (`FaissIndex(shared_ids=True)`: faiss `IndexIDMap` keeps
duplicate ids, and removing an id removes every sentence of that passage). Search is exact inner product.
The vectors are also kept by passage, so that an answer reads its candidates' sentence vectors here rather than
from the database (`vectors_of`). The index is not saved: it is built from the database when the policy index
opens and then follows the change log with the passage vectors (`index.policy_index`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from index.vector_index import FaissIndex

OVERFETCH = 8  # sentences read per passage wanted: a passage's several sentences may all be near the question


class SentenceIndex:
    def __init__(self, dimension: int) -> None:
        self.dimension = dimension
        self._vectors = FaissIndex(dimension, "flat", shared_ids=True)
        self._by_chunk: dict[int, np.ndarray] = {}

    @classmethod
    def of(cls, dimension: int, batches: Iterable[Mapping[int, np.ndarray]]) -> SentenceIndex:
        """An index holding these batches of sentence vectors (`PolicyStore.iter_sentence_vectors`)."""
        index = cls(dimension)
        for batch in batches:
            index.add(batch)
        return index

    def __len__(self) -> int:
        """The number of sentences."""
        return len(self._vectors)

    def add(self, sentences: Mapping[int, np.ndarray]) -> None:
        """Add each chunk's sentence vectors ((n, d) by chunk id)."""
        if sentences:
            ids = np.concatenate([np.full(len(v), chunk_id, dtype=np.int64) for chunk_id, v in sentences.items()])
            self._vectors.add(ids, np.vstack(list(sentences.values())))
            self._by_chunk.update((int(chunk_id), v) for chunk_id, v in sentences.items())

    def remove(self, chunk_ids: list[int]) -> None:
        """Remove every sentence of these chunks."""
        self._vectors.remove(chunk_ids)
        for chunk_id in chunk_ids:
            self._by_chunk.pop(int(chunk_id), None)

    def vectors_of(self, chunk_ids: Iterable[int]) -> dict[int, np.ndarray]:
        """The sentence vectors ((n, d)) of those of these chunks that hold several sentences."""
        return {int(i): self._by_chunk[int(i)] for i in chunk_ids if int(i) in self._by_chunk}

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k chunks whose best sentence is nearest to the query, with that sentence's cosine, best first."""
        best: dict[int, float] = {}
        for chunk_id, score in self._vectors.search(query, k * OVERFETCH, allowed):
            best.setdefault(chunk_id, score)
        return list(best.items())[:k]
