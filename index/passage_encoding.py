"""Embedding a batch of policies' passages, each with the sentences it holds (`index.sentences`).

Passages and sentences go to the model in one call, so the embedder sorts and batches them together.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.bulk_put import Items
from index.embedders import Embedder
from index.sentences import sentence_texts


@dataclass
class Encoded:
    """One vector per passage, in order, and per passage its sentences' vectors ((n, d), None for one sentence)."""

    vectors: np.ndarray
    sentences: list[np.ndarray | None]

    def part(self, start: int, stop: int) -> Encoded:
        return Encoded(self.vectors[start:stop], self.sentences[start:stop])


def encode_items(embedder: Embedder, items: Items, *, sentences: bool = True) -> Encoded:
    chunks = [chunk for _, cs in items for chunk in cs]
    texts = [chunk.embed_text for chunk in chunks]
    per_chunk = [sentence_texts(chunk.text) if sentences else [] for chunk in chunks]
    flat = texts + [s for group in per_chunk for s in group]
    vectors = embedder.encode_passages(flat) if flat else np.zeros((0, embedder.dimension), dtype=np.float32)
    grouped: list[np.ndarray | None] = []
    start = len(texts)
    for group in per_chunk:
        grouped.append(vectors[start:start + len(group)] if group else None)
        start += len(group)
    return Encoded(vectors[: len(texts)], grouped)
