"""`PolicyIndex`: the store plus its two search indexes, kept in step.

Every write goes to the store first (one transaction per policy), then to faiss and BM25, then the
index directory is saved atomically. On open, a saved index whose fingerprint differs from the store
(a crash between the two, or another process's ingest) is rebuilt from the vectors in the store.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.chunking import CHUNKER_VERSION
from index.embedders import Embedder
from index.keyword_index import KeywordIndex
from index.models import Chunk, Policy
from index.persist import METRIC, Manifest, load_index, save_index
from index.store import PolicyStore
from index.tokenize import tokenize
from index.vector_index import FaissIndex

log = logging.getLogger(__name__)


class PolicyIndex:
    def __init__(self, store: PolicyStore, embedder: Embedder, index_dir: Path, kind: str = "flat") -> None:
        self.store = store
        self.embedder = embedder
        self.index_dir = Path(index_dir)
        self.kind = kind
        self.lock = threading.RLock()
        self.vectors: FaissIndex | None = None
        self.keywords = KeywordIndex()
        self.loaded_from_disk = False

    # -- lifecycle ------------------------------------------------------------------------------------

    def manifest(self) -> Manifest:
        chunks = self.store.count()[1]
        return Manifest(self.embedder.name, self.embedder.dimension, METRIC, self.kind, CHUNKER_VERSION,
                        self.store.fingerprint(), chunks, self.embedder.backend)

    def open(self, *, fresh: bool = False) -> None:
        """Load the model and the saved index; rebuild from the store when they disagree.

        `fresh` starts from an empty vector index, for re-embedding every policy (`zhengce reindex`).
        """
        self.embedder.load()
        with self.lock:
            if fresh:
                self.vectors = FaissIndex(self.embedder.dimension, self.kind)
                return
            expected = self.manifest()
            saved = load_index(self.index_dir, expected)
            if saved is not None and saved[0].fingerprint == expected.fingerprint:
                _, self.vectors, self.keywords = saved
                self.loaded_from_disk = True
                return
            if saved is not None:
                log.warning("saved index is out of step with the store; rebuilding from stored vectors")
            self.rebuild()

    def rebuild(self) -> None:
        with self.lock:
            vectors = FaissIndex(self.embedder.dimension, self.kind)
            for ids, batch in self.store.iter_vectors():
                vectors.add(ids, batch)
            self.vectors = vectors
            self.commit()

    def save(self) -> None:
        with self.lock:
            assert self.vectors is not None
            save_index(self.index_dir, self.manifest(), self.vectors, self.keywords)

    # -- writes ---------------------------------------------------------------------------------------

    def put(self, policy: Policy, chunks: Sequence[Chunk], *, save: bool = True) -> int:
        """Embed and store a policy, replacing any earlier version; returns the number of chunks."""
        return self.put_many([(policy, chunks)], save=save)

    def put_many(self, items: Sequence[tuple[Policy, Sequence[Chunk]]], *, save: bool = True) -> int:
        """Embed the chunks of several policies in one model call, then store each policy in its own transaction.

        One call over many documents batches passages of similar length together, which is most of ingest's
        speed. With `save=False` (bulk ingest) the keyword index and the directory catch up at `commit()`.
        """
        return self.write_many(items, self.encode_many(items), save=save)

    def encode_many(self, items: Sequence[tuple[Policy, Sequence[Chunk]]]) -> np.ndarray:
        """The passage vectors of every chunk of `items`, in order, in one model call."""
        texts = [c.embed_text for _, chunks in items for c in chunks]
        return self.embedder.encode_passages(texts) if texts else np.zeros((0, self.embedder.dimension))

    def write_many(self, items: Sequence[tuple[Policy, Sequence[Chunk]]], vectors: np.ndarray, *,
                   save: bool = True) -> int:
        """Store policies whose chunks `encode_many` embedded, each in its own transaction."""
        start = 0
        for policy, chunks in items:
            part = vectors[start:start + len(chunks)]
            start += len(chunks)
            tokens = [" ".join(tokenize(c.embed_text)) for c in chunks]
            with self.lock:
                removed, added = self.store.replace_policy(policy, chunks, tokens, part)
                self._apply(removed, np.asarray(added, dtype=np.int64), part, save=save)
        return start

    def delete(self, doc_id: str) -> None:
        with self.lock:
            removed = self.store.delete_policy(doc_id)
            self._apply(removed, np.zeros(0, np.int64), np.zeros((0, self.embedder.dimension)), save=True)

    def _apply(self, removed: list[int], added: np.ndarray, vectors: np.ndarray, *, save: bool) -> None:
        assert self.vectors is not None, "PolicyIndex.open() must run before writes"
        if removed and not self.vectors.supports_remove:
            self.rebuild()
            return
        self.vectors.remove(removed)
        self.vectors.add(added, vectors)
        if save:
            self.commit()

    def commit(self) -> None:
        """Bring the keyword index up to the store and save the directory."""
        with self.lock:
            ids, tokens = self.store.all_tokens()
            self.keywords.rebuild(ids, tokens)
            self.save()
