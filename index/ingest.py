"""Ingest files and folders into a `PolicyIndex`: read, chunk, embed, store.

A file that cannot be read is reported and skipped; everything already indexed stays as it was.
An unchanged file (same content hash) is not embedded again. Chunks of consecutive files are embedded
together (`BATCH_CHUNKS` at a time); each policy is still stored in its own transaction. Reading and
chunking, encoding, and tokenizing and writing overlap (`PolicyIndex.bulk_put`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from tqdm import tqdm

from index.chunking import chunk_policy
from index.errors import DocumentError
from index.models import Chunk, Policy
from index.parsing import DEFAULT_MAX_UNPACKED_BYTES, SUPPORTED_SUFFIXES, read_policy
from index.policy_index import PolicyIndex

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


class Screen(Protocol):
    """The pre-publication check (`index.privacy.PrivacyScreen`): a policy in, the one to publish out."""

    def screen(self, policy: Policy) -> Policy: ...

    def stored(self, doc_ids: Iterable[str]) -> None: ...

    def retitle(self, policy: Policy, title: str) -> str: ...


class Ingestor:
    def __init__(self, index: PolicyIndex, chunking: ChunkingConfig | None = None,
                 max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES, screen: Screen | None = None) -> None:
        self.index = index
        self.chunking = chunking or ChunkingConfig()
        self.max_unpacked_bytes = max_unpacked_bytes
        self.screen = screen

    def ingest_paths(self, paths: Iterable[Path], *, progress: bool = False) -> IngestReport:
        with _Batch(self, IngestReport()) as batch:
            return self._ingest_files(batch, expand_paths(paths), progress)

    def _ingest_files(self, batch: _Batch, paths: list[Path], progress: bool) -> IngestReport:
        for path in tqdm(paths, desc="ingest", unit="doc", disable=not progress):
            try:
                policy = read_policy(path, max_unpacked_bytes=self.max_unpacked_bytes)
            except (DocumentError, OSError) as error:
                batch.report.failed[str(path)] = str(error)
                log.warning("skipped %s: %s", path, error)
                continue
            except Exception as error:  # noqa: BLE001 - a reader's bug on one file must not lose the others
                batch.report.failed[str(path)] = f"读取时出错（{type(error).__name__}）：{error}"
                log.exception("skipped %s", path)
                continue
            batch.add(policy)  # an embedding or storage failure is not the file's fault: it propagates
        return batch.finish()

    def ingest_policy(self, policy: Policy) -> IngestReport:
        with _Batch(self, IngestReport()) as batch:
            batch.add(policy)
            return batch.finish()

    def reembed_all(self, *, progress: bool = False) -> IngestReport:
        """Chunk and embed every stored policy again (after a model or chunker change); already screened."""
        with _Batch(self, IngestReport(), force=True, screened=True) as batch:
            for doc_id in tqdm(self.index.policy_ids(), desc="reindex", unit="doc", disable=not progress):
                batch.add(self.index.get_policy(doc_id))
            return batch.finish()

    def update_metadata(self, doc_id: str, changes: dict) -> Policy:
        """Change a stored policy's metadata; a new title passes the pre-publication check first."""
        title = changes.get("title")
        if self.screen is None or not title:
            return self.index.update_metadata(doc_id, changes)
        changes = {**changes, "title": self.screen.retitle(self.index.get_policy(doc_id), title)}
        policy = self.index.update_metadata(doc_id, changes)
        self.screen.stored([doc_id])
        return policy

    def chunk(self, policy: Policy) -> list[Chunk]:
        return chunk_policy(policy, max_chars=self.chunking.max_chars, overlap=self.chunking.overlap)


class _Batch:
    """Policies waiting to be embedded together; handed to the index's bulk put once `BATCH_CHUNKS` wait."""

    def __init__(self, ingestor: Ingestor, report: IngestReport, *, force: bool = False,
                 screened: bool = False) -> None:
        self.ingestor, self.report, self.force = ingestor, report, force
        self.screen = None if screened else ingestor.screen
        self.pending: list[tuple[Policy, list[Chunk]]] = []
        self.pending_chunks = 0
        self.bulk = ingestor.index.bulk_put()

    def __enter__(self) -> _Batch:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.bulk.stop()  # after finish() nothing to do; after an error, ends the bulk put's threads

    def add(self, policy: Policy) -> None:
        index = self.ingestor.index
        if self.screen is not None:
            policy = self.screen.screen(policy)
        if not self.force and index.has_same_content(policy):
            self.report.unchanged.append(policy.id)
            if self.screen is not None:
                self.screen.stored([policy.id])
            return
        chunks = self.ingestor.chunk(policy)
        self.pending.append((policy, chunks))
        self.pending_chunks += len(chunks)
        if self.pending_chunks >= BATCH_CHUNKS:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.bulk.submit(self.pending)
            self.pending, self.pending_chunks = [], 0

    def finish(self) -> IngestReport:
        """Wait for the bulk put, then serve and save what it wrote; after a failure what was written is
        served but not saved (the saved index is left as it was)."""
        self.flush()
        try:
            self.report.chunks += self.bulk.close()
        finally:
            written = [doc_id for doc_id, _ in self.bulk.written]
            self.report.added.extend(written)
            if self.screen is not None:
                self.screen.stored(written)
            self.ingestor.index.catch_up()
        self.ingestor.index.commit()
        return self.report
