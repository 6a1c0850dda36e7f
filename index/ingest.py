"""Ingest files and folders into a `PolicyIndex`: read, chunk, embed, store.

A file that cannot be read is reported and skipped; everything already indexed stays as it was.
An unchanged file (same content hash) is not embedded again. Chunks of consecutive files are embedded
together (`BATCH_CHUNKS` at a time); each policy is still stored in its own transaction. Reading and
chunking, encoding, and tokenizing and writing overlap (`index.ingest_pipeline`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from index.chunking import chunk_policy
from index.errors import DocumentError
from index.ingest_pipeline import IngestPipeline
from index.models import Chunk, Policy
from index.parsing import SUPPORTED_SUFFIXES, read_policy
from index.policy_index import PolicyIndex
from index.store import content_hash

log = logging.getLogger(__name__)
BATCH_CHUNKS = 256  # chunks embedded in one model call during bulk ingest


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    chunks: int = 0


@dataclass(frozen=True)
class ChunkingConfig:
    max_chars: int = 500
    overlap: int = 80


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and every supported file below each folder (sorted, recursive)."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            files.append(path)
    return files


class Ingestor:
    def __init__(self, index: PolicyIndex, chunking: ChunkingConfig | None = None) -> None:
        self.index = index
        self.chunking = chunking or ChunkingConfig()

    def ingest_paths(self, paths: Iterable[Path], *, progress: bool = False) -> IngestReport:
        with _Batch(self, IngestReport()) as batch:
            for path in tqdm(expand_paths(paths), desc="ingest", unit="doc", disable=not progress):
                try:
                    batch.add(read_policy(path))
                except (DocumentError, OSError) as error:
                    batch.report.failed[str(path)] = str(error)
                    log.warning("skipped %s: %s", path, error)
            return batch.finish()

    def ingest_policy(self, policy: Policy) -> IngestReport:
        with _Batch(self, IngestReport()) as batch:
            batch.add(policy)
            return batch.finish()

    def reembed_all(self, *, progress: bool = False) -> IngestReport:
        """Chunk and embed every stored policy again (after a model or chunker change)."""
        with _Batch(self, IngestReport(), force=True) as batch:
            for doc_id in tqdm(self.index.store.policy_ids(), desc="reindex", unit="doc", disable=not progress):
                batch.add(self.index.store.get_policy(doc_id))
            return batch.finish()

    def chunk(self, policy: Policy) -> list[Chunk]:
        return chunk_policy(policy, max_chars=self.chunking.max_chars, overlap=self.chunking.overlap)


class _Batch:
    """Policies waiting to be embedded together; passed to the pipeline once `BATCH_CHUNKS` chunks wait."""

    def __init__(self, ingestor: Ingestor, report: IngestReport, *, force: bool = False) -> None:
        self.ingestor, self.report, self.force = ingestor, report, force
        self.pending: list[tuple[Policy, list[Chunk]]] = []
        self.pipeline = IngestPipeline(ingestor.index)

    def __enter__(self) -> _Batch:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.pipeline.abort()  # after finish() a no-op; after an error, stops the worker threads

    def add(self, policy: Policy) -> None:
        index = self.ingestor.index
        if not self.force and index.store.hash_of(policy.id) == content_hash(policy):
            self.report.unchanged.append(policy.id)
            return
        self.pending.append((policy, self.ingestor.chunk(policy)))
        if sum(len(chunks) for _, chunks in self.pending) >= BATCH_CHUNKS:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.pipeline.submit(self.pending)
            self.pending = []

    def finish(self) -> IngestReport:
        """Wait for the pipeline, then bring the keyword index and the directory up to date."""
        self.flush()
        try:
            self.report.chunks += self.pipeline.close()
        finally:
            self.report.added.extend(doc_id for doc_id, _ in self.pipeline.written)
        self.ingestor.index.commit()
        return self.report
