"""Ingest files and folders into a `PolicyIndex`: read, chunk, embed, store.

A file that cannot be read is reported and skipped; everything already indexed stays as it was.
An unchanged file (same content hash) is not embedded again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from index.chunking import chunk_policy
from index.errors import DocumentError
from index.models import Policy
from index.parsing import SUPPORTED_SUFFIXES, read_policy
from index.policy_index import PolicyIndex
from index.store import content_hash

log = logging.getLogger(__name__)


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
        report = IngestReport()
        files = expand_paths(paths)
        for path in tqdm(files, desc="ingest", unit="doc", disable=not progress):
            try:
                self._ingest_one(read_policy(path), report)
            except (DocumentError, OSError) as error:
                report.failed[str(path)] = str(error)
                log.warning("skipped %s: %s", path, error)
        self.index.commit()
        return report

    def ingest_policy(self, policy: Policy) -> IngestReport:
        report = IngestReport()
        self._ingest_one(policy, report)
        self.index.commit()
        return report

    def reembed_all(self, *, progress: bool = False) -> IngestReport:
        """Chunk and embed every stored policy again (after a model or chunker change)."""
        report = IngestReport()
        doc_ids = self.index.store.policy_ids()
        for doc_id in tqdm(doc_ids, desc="reindex", unit="doc", disable=not progress):
            self._ingest_one(self.index.store.get_policy(doc_id), report, force=True)
        self.index.commit()
        return report

    def _ingest_one(self, policy: Policy, report: IngestReport, *, force: bool = False) -> None:
        if not force and self.index.store.hash_of(policy.id) == content_hash(policy):
            report.unchanged.append(policy.id)
            return
        chunks = chunk_policy(policy, max_chars=self.chunking.max_chars, overlap=self.chunking.overlap)
        report.chunks += self.index.put(policy, chunks, save=False)
        report.added.append(policy.id)
