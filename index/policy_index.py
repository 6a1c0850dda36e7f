"""`PolicyIndex`: the one face of `index/`: policies in the database, their vectors in faiss and BM25.

The database is the source of truth. Every write (store, delete, metadata) bumps the change-log generation
in its own transaction (`index.changelog`); the in-memory indexes are never written directly but follow the
log: `catch_up()` applies every change since the generation this process serves, whoever made it (this
process, a CLI `ingest`, another `serve` instance), adding and removing passage and sentence vectors
(`index.sentence_index`) by chunk id from the stored embeddings (nothing is encoded again), updating BM25
through its delta (`index.keyword_index`) and the admission facts (`index.admission`: each chunk's policy,
each policy's metadata and the relations aimed at it, so a search checks its candidates without a query).
A writer calls it after its commit, so its own change is visible at once; `IndexFollower` calls it on a
timer for everybody else's. A process whose next change was pruned from the log (`ChangeLog.prune`)
reloads every vector from the database, as after a re-index.

`open()` loads the saved index, compares its chunk ids with the database and repairs the difference from
stored vectors: a saved index is a cache, never trusted over the database. Sentence vectors are not saved
but read from the database at `open()`. Callers see only this face: search primitives, `embed_query`,
writes, reads of policies and passages (`index.policy_reads`), `status()`; its internals are private.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path

import numpy as np

from index.admission import Admission
from index.bulk_put import BulkPut
from index.changelog import Change, ChangeLog
from index.chunking import CHUNKER_VERSION
from index.embedders import Embedder
from index.errors import IndexMismatch, IndexNotReady
from index.filters import SearchFilters
from index.index_status import IndexStatus, Lag, OpenReport
from index.keyword_index import KeywordIndex
from index.lifecycle import APPLIED, Relation
from index.models import Chunk, Policy
from index.passage_encoding import Encoded, encode_items
from index.persist import METRIC, Manifest, ids_fingerprint, load_index, save_index
from index.policy_reads import PolicyReads
from index.sentence_index import SentenceIndex
from index.store import PolicyStore, StoredChunk
from index.tokenize import tokenize
from index.vector_index import FaissIndex

log = logging.getLogger(__name__)
CATCH_UP_BATCH = 5000  # change-log rows read per query while catching up


class PolicyIndex(PolicyReads):
    def __init__(self, store: PolicyStore, embedder: Embedder, index_dir: Path, kind: str = "flat",
                 *, clock: Callable[[], float] = time.monotonic, sentence_vectors: bool = True) -> None:
        self._store = store
        self._embed_sentences = sentence_vectors  # embed each sentence of a passage too (`index.sentences`)
        self._embedder = embedder
        self._index_dir = Path(index_dir)
        self._kind = kind
        self._lag = Lag(clock)
        self._log = ChangeLog(store.engine)
        self._vectors: FaissIndex | None = None
        self._sentences = SentenceIndex(embedder.dimension) if sentence_vectors else None
        self._keywords = KeywordIndex()
        self._admission = Admission()
        self._served: set[int] = set()
        self._generation = 0
        self._mismatch: str | None = None
        self._saved_generation = -1
        self._compacting = False
        self._vector_lock = threading.RLock()  # faiss is not safe to search while it changes
        self._apply_lock = threading.RLock()   # one catch-up (or swap) at a time
        self._save_lock = threading.Lock()
        self.last_open = OpenReport(False, 0, 0)

    # -- what it is -----------------------------------------------------------------------------------

    @property
    def model_name(self) -> str:
        return self._embedder.name

    @property
    def dimension(self) -> int:
        return self._embedder.dimension

    @property
    def embedding_backend(self) -> str:
        """torch, onnx or onnx-int8: which runtime computed the vectors this process serves."""
        return self._embedder.backend

    @property
    def spare_core_while_embedding(self) -> bool:
        """Whether embedding one question leaves a core free (int8 runs questions on one thread; torch on all)."""
        return self._embedder.query_threads < (os.cpu_count() or 1)

    @property
    def index_dir(self) -> Path:
        return self._index_dir

    @property
    def generation(self) -> int:
        """The change-log generation this process serves."""
        return self._generation

    def __len__(self) -> int:
        return len(self._vectors) if self._vectors is not None else 0

    def embed_query(self, text: str) -> np.ndarray:
        return self._embedder.encode_queries([text])[0]

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embedder.encode_queries(list(texts))

    def sentence_vectors(self, chunk_ids: Iterable[int]) -> dict[int, np.ndarray]:
        """The stored sentence vectors ((n, d)) of those of these passages that hold several sentences: from memory
        for the passages this process has followed, from the database for any it has not followed yet."""
        ids = [int(i) for i in chunk_ids]
        if self._sentences is None:
            return self._store.sentence_vectors(ids, self.dimension)
        with self._vector_lock:
            found = self._sentences.vectors_of(ids)
            unknown = [i for i in ids if i not in self._served]
        if unknown:
            found.update(self._store.sentence_vectors(unknown, self.dimension))
        return found

    def manifest(self, ids: np.ndarray, generation: int) -> Manifest:
        """The manifest of a save holding exactly these vector ids."""
        return Manifest(self._embedder.name, self._embedder.dimension, METRIC, self._kind, CHUNKER_VERSION,
                        ids_fingerprint(ids), len(ids), generation, self._embedder.backend)

    # -- lifecycle ------------------------------------------------------------------------------------

    def open(self, *, fresh: bool = False) -> None:
        """Load the model and the saved index, then bring it to the database (repairing from stored vectors).

        The database records which model and chunker its vectors come from; another one is refused
        (IndexMismatch). `fresh` starts empty and claims the database for this model, for re-embedding
        every policy (`zhengce reindex`).
        """
        self._embedder.load()
        self._log.claim(self._embedder.name, self._embedder.dimension, CHUNKER_VERSION, replace=fresh)
        with self._apply_lock:
            generation = self._log.generation()  # read before the ids: later changes are applied again, harmlessly
            saved = None if fresh else load_index(self._index_dir, self.manifest(np.zeros(0, np.int64), 0))
            vectors, keywords = (saved[1], saved[2]) if saved else (self._empty_vectors(), KeywordIndex())
            wanted = set() if fresh else {int(i) for i in self._store.chunk_ids()}
            added, removed = self._repair(vectors, keywords, wanted)
            self._load_sentences(empty=fresh)
            self._admission = self._load_admission()
            self._generation = generation
            self.last_open = OpenReport(saved is not None, added, removed)
        if saved is None and added:
            log.info("index built from %d stored vectors (no usable saved index)", added)
        elif added or removed:
            log.warning("saved index was out of step with the database: %d chunks added, %d removed "
                        "from stored vectors", added, removed)

    def _load_admission(self) -> Admission:
        return Admission.of(self._store.chunk_owners(), self._store.policy_facts(),
                            self._store.relations(states=[APPLIED]))

    def _empty_vectors(self) -> FaissIndex:
        return FaissIndex(self._embedder.dimension, self._kind)

    def _repair(self, vectors: FaissIndex, keywords: KeywordIndex, wanted: set[int]) -> tuple[int, int]:
        have = {int(i) for i in vectors.ids()}
        have_words = {int(i) for i in keywords.ids()}
        extra, extra_words = have - wanted, have_words - wanted
        missing = (wanted - have) | (wanted - have_words)
        ids, matrix, tokens = self._store.vectors_and_tokens(missing)
        new_vectors = ~np.isin(ids, np.fromiter(have, np.int64, len(have)))
        with self._vector_lock:
            if extra and not vectors.supports_remove:
                vectors = self._all_vectors_from_store()
            else:
                vectors.remove(sorted(extra))
                vectors.add(ids[new_vectors], matrix[new_vectors])
            self._vectors = vectors
            self._served = {int(i) for i in vectors.ids()}
        new_words = ~np.isin(ids, np.fromiter(have_words, np.int64, len(have_words)))
        self._keywords = keywords.changed(ids[new_words], [t for t, n in zip(tokens, new_words, strict=True) if n],
                                          np.fromiter(extra_words, np.int64, len(extra_words)))
        if self._keywords.needs_compaction:
            self._keywords = self._keywords.compacted()
        return len(missing), len(extra | extra_words)

    def _load_sentences(self, *, empty: bool = False) -> None:
        if self._sentences is not None:
            batches = [] if empty else self._store.iter_sentence_vectors(self.dimension)
            self._sentences = SentenceIndex.of(self.dimension, batches)  # swapped whole: searches hold the old one

    def _all_vectors_from_store(self) -> FaissIndex:
        vectors = self._empty_vectors()
        for ids, batch in self._store.iter_vectors():
            vectors.add(ids, batch)
        return vectors

    def save(self) -> None:
        """Save what is served: the manifest is computed from the very vectors written beside it."""
        with self._save_lock:
            with self._apply_lock, self._vector_lock:
                vectors = self._require()
                blob, ids = vectors.serialize(), vectors.ids()
                keywords, generation = self._keywords, self._generation
            save_index(self._index_dir, self.manifest(ids, generation), blob, keywords)
            self._saved_generation = generation

    def save_if_changed(self) -> bool:
        if self._vectors is None or self._generation == self._saved_generation:
            return False
        self.save()
        return True

    # -- following the change log ---------------------------------------------------------------------

    def catch_up(self) -> int:
        """Apply every change since the served generation; returns how many were applied."""
        applied = 0
        with self._apply_lock:
            self._require()
            while changes := self._log.changes_since(self._generation, limit=CATCH_UP_BATCH):
                if self._mismatch is None and (self._missed(changes[0]) or any(c.kind == "reset" for c in changes)):
                    self._reset()
                if self._mismatch is None:
                    self._apply(changes)
                self._generation = changes[-1].generation
                applied += len(changes)
        if applied:
            self._compact_in_background()
        return applied

    def _apply(self, changes: list[Change]) -> None:
        removed = {i for c in changes for i in c.removed}
        owners = self._store.chunk_owners({c.doc_id for c in changes if c.kind == "put"})
        ids, matrix, tokens = self._store.vectors_and_tokens(i for i in owners if i not in self._served)
        gone = np.fromiter(removed, np.int64, len(removed))
        sentences = ({} if self._sentences is None
                     else self._store.sentence_vectors((int(i) for i in ids), self.dimension))
        with self._vector_lock:
            vectors = self._require()
            dropped = sorted(removed & self._served)
            if dropped and not vectors.supports_remove:
                self._vectors = self._all_vectors_from_store()
                self._served = {int(i) for i in self._vectors.ids()}
            else:
                vectors.remove(dropped)
                vectors.add(ids, matrix)
                self._served.difference_update(dropped)
                self._served.update(int(i) for i in ids)
            if self._sentences is not None:
                self._sentences.remove(sorted(removed))
                self._sentences.add(sentences)
        self._keywords = self._keywords.changed(ids, tokens, gone)
        self._follow_admission(changes, owners, removed)

    def _follow_admission(self, changes: list[Change], owners: dict[int, str], removed: set[int]) -> None:
        """Chunk owners, policy facts and relations after `changes` (any write may apply a relation)."""
        touched = {c.doc_id for c in changes}
        policies = self._store.policy_facts(touched)
        self._admission = self._admission.changed(owners, removed, policies, touched - set(policies),
                                                  self._store.relations(states=[APPLIED]))

    def _missed(self, first: Change) -> bool:
        """Whether changes before `first` were pruned before this process applied them."""
        if first.generation == self._generation + 1:
            return False
        log.warning("the index change log was pruned past generation %d, which this process serves: "
                    "reloading every vector from the database", self._generation)
        return True

    def prune_changes(self, before: datetime) -> int:
        """Drop change-log entries written before `before` (a follower behind them reloads from the database)."""
        return self._log.prune(before)

    def _reset(self) -> None:
        """Reload everything from the database (re-indexed, or changes missed) if it is still our model and
        chunker, else say so. The changes being applied are applied again after it, harmlessly."""
        state = self._log.state()
        if (state.model, state.dimension, state.chunker_version) != (
                self._embedder.name, self._embedder.dimension, CHUNKER_VERSION):
            self._mismatch = str(IndexMismatch("model", state.model, self._embedder.name, where="数据库中的索引"))
            log.error("the database was re-indexed with another model or chunker; this process stops "
                      "following it: %s", self._mismatch)
            return
        with self._vector_lock:
            self._vectors = self._all_vectors_from_store()
            self._served = {int(i) for i in self._vectors.ids()}
        self._load_sentences()
        self._keywords = KeywordIndex()
        self._keywords.rebuild(*self._store.all_tokens())
        self._admission = self._load_admission()

    def _compact_in_background(self) -> None:
        if self._compacting or not self._keywords.needs_compaction:
            return
        self._compacting = True
        threading.Thread(target=self._compact, name="keyword-compaction", daemon=True).start()

    def _compact(self) -> None:
        """Rebuild BM25 in one piece from a snapshot, then swap it in with what changed meanwhile."""
        try:
            snapshot = self._keywords
            fresh = snapshot.compacted()
            with self._apply_lock:
                self._keywords = fresh.caught_up_with(self._keywords)
        finally:
            self._compacting = False

    def status(self) -> IndexStatus:
        """Served and database generations, and for how long a database generation has gone unserved."""
        served, database = self._generation, self._log.generation()
        behind = self._lag.behind(served, database)
        return IndexStatus(served, database, behind, len(self), self._vectors is not None, self._mismatch)

    # -- writes ---------------------------------------------------------------------------------------

    def put(self, policy: Policy, chunks: Sequence[Chunk], *, save: bool = True) -> int:
        """Embed and store a policy, replacing any earlier version; returns the number of chunks."""
        return self.put_many([(policy, chunks)], save=save)

    def put_many(self, items: Sequence[tuple[Policy, Sequence[Chunk]]], *, save: bool = True) -> int:
        """Embed the chunks of several policies in one model call, then store each policy in its own transaction.

        One call over many documents batches passages of similar length together, which is most of ingest's
        speed. With `save=False` the directory is saved at `commit()`.
        """
        self._write(items, self._encode(items))
        self.catch_up()
        if save:
            self.save()
        return sum(len(chunks) for _, chunks in items)

    def bulk_put(self) -> BulkPut[Encoded]:
        """A bulk ingest with reading, encoding and writing overlapped (`index.bulk_put`); served after `commit()`."""
        return BulkPut(self._encode, self._write)

    def _encode(self, items: Sequence[tuple[Policy, Sequence[Chunk]]]) -> Encoded:
        return encode_items(self._embedder, items, sentences=self._embed_sentences)

    def _write(self, items: Sequence[tuple[Policy, Sequence[Chunk]]], encoded: Encoded) -> None:
        start = 0
        for policy, chunks in items:
            part = encoded.part(start, start + len(chunks))
            start += len(chunks)
            tokens = [" ".join(tokenize(c.embed_text)) for c in chunks]
            self._store.replace_policy(policy, chunks, tokens, part.vectors, part.sentences)

    def delete(self, doc_id: str) -> None:
        self._store.delete_policy(doc_id)
        self.catch_up()
        self.save()

    def update_metadata(self, doc_id: str, changes: dict) -> Policy:
        """Change metadata (status included); search reads it at query time, so it counts at once everywhere."""
        policy = self._store.update_metadata(doc_id, changes)
        self.catch_up()
        return policy

    def decide_relation(self, relation_id: int, target_id: str | None, actor: str) -> Relation:
        """Staff confirm a relation's target or reject it (`target_id` None); the target's validity follows."""
        relation = self._store.decide_relation(relation_id, target_id, actor)
        self.catch_up()
        return relation

    def commit(self) -> None:
        """After a bulk ingest: apply what is pending, fold the keyword delta in, save the directory."""
        self.catch_up()
        with self._apply_lock:
            if self._keywords.needs_compaction:
                self._keywords = self._keywords.compacted()
        self.save()

    # -- search primitives ----------------------------------------------------------------------------

    def dense_search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        with self._vector_lock:
            return self._require().search(query, k, allowed)

    def sentence_search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Passages of several sentences by their best sentence's cosine (none with sentence vectors off)."""
        with self._vector_lock:
            return self._sentences.search(query, k, allowed) if self._sentences is not None else []

    def keyword_search(self, tokens: list[str], k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        return self._keywords.search(tokens, k, allowed)

    def admitted(self, chunk_ids: Iterable[int], filters: SearchFilters) -> set[int]:
        """Which of these chunks the filters admit, validity computed for `filters.as_of` (today when None).

        Decided from what this process has followed of the change log, without a query; `page` checks
        the passages it returns against the database again.
        """
        return self._admission.admitted(chunk_ids, filters, filters.as_of or self._store.today())

    def admitted_ids(self, filters: SearchFilters) -> np.ndarray:
        """Every chunk the filters admit (for a dense search restricted to them), without a query."""
        return self._admission.admitted_ids(filters, filters.as_of or self._store.today())

    def page(self, chunk_ids: Iterable[int], filters: SearchFilters) -> dict[int, StoredChunk]:
        """The passages to return, with their policy and validity, read in one query; those the database
        no longer admits (a change this process has not followed yet) are left out."""
        return self._store.page(chunk_ids, filters)

    def _require(self) -> FaissIndex:
        if self._vectors is None:
            raise IndexNotReady()
        return self._vectors
