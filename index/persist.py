"""Saving and loading the index directory, which describes itself.

Layout: `<index_dir>/current` is a symlink to a version folder holding `manifest.json`,
`vectors.faiss` and `keyword/`. A save writes a new version folder and then swaps the symlink
with one atomic rename, so a crash mid-save leaves the previous version serving.

The manifest describes the vectors beside it, never the database: its fingerprint and count are
taken from the faiss ids being saved, and `generation` is the change-log generation those vectors
reflect. Several processes may share one index directory (`serve` and a CLI `ingest`): saves hold
an exclusive `flock` on `<index_dir>/.lock` and loads a shared one, so a save never prunes the
version another process is reading. Loading still trusts nothing: the owner compares the loaded
ids with the database and repairs the difference from stored vectors.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np

from index.errors import BackendMismatch, IndexMismatch
from index.keyword_index import KeywordIndex
from index.vector_index import FaissIndex

log = logging.getLogger(__name__)
METRIC = "inner_product"
STAGING_MAX_AGE_S = 3600  # a staging folder this old belongs to a save that was killed


def ids_fingerprint(ids: np.ndarray) -> str:
    """Changes whenever the set of ids changes."""
    ordered = np.sort(np.asarray(ids, dtype=np.int64))
    return hashlib.sha256(ordered.tobytes()).hexdigest()[:32] + f"-{len(ordered)}"


@dataclass(frozen=True)
class Manifest:
    model: str
    dimension: int
    metric: str
    index_kind: str
    chunker_version: str
    fingerprint: str
    chunks: int
    generation: int = 0
    backend: str = "torch"  # manifests written before the setting existed were torch

    def check_against(self, expected: Manifest) -> None:
        """Refuse an index built with another model, metric or chunker."""
        if self.backend != expected.backend:
            raise BackendMismatch(self.backend, expected.backend)
        for name in ("model", "dimension", "metric", "index_kind", "chunker_version"):
            saved, wanted = getattr(self, name), getattr(expected, name)
            if saved != wanted:
                raise IndexMismatch(name, saved, wanted)


def save_index(index_dir: Path, manifest: Manifest, vectors: FaissIndex | bytes, keywords: KeywordIndex) -> Path:
    """Write a new version folder and make it `current`; `vectors` may be a serialised faiss index."""
    index_dir.mkdir(parents=True, exist_ok=True)
    name = f"v{time.time_ns()}"
    staging = index_dir / f".tmp-{name}"  # written outside the lock; only the swap and the pruning hold it
    staging.mkdir()
    if isinstance(vectors, bytes):
        (staging / "vectors.faiss").write_bytes(vectors)
    else:
        vectors.save(staging / "vectors.faiss")
    keywords.save(staging / "keyword")
    (staging / "manifest.json").write_text(json.dumps(asdict(manifest), ensure_ascii=False, indent=2),
                                           encoding="utf-8")
    with _locked(index_dir, fcntl.LOCK_EX):
        version = index_dir / name
        os.replace(staging, version)
        link = index_dir / f".current-{name}"
        link.symlink_to(name)
        os.replace(link, index_dir / "current")
        _prune(index_dir, keep=version)
    return version


def read_manifest(index_dir: Path) -> Manifest | None:
    path = index_dir / "current" / "manifest.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Manifest(**{f.name: data[f.name] for f in fields(Manifest) if f.name in data})


def load_index(index_dir: Path, expected: Manifest) -> tuple[Manifest, FaissIndex, KeywordIndex] | None:
    """The saved index, or None if there is none (or it cannot be read, or disagrees with its own manifest).

    Raises IndexMismatch if it was built with another model, metric or chunker.
    """
    if not index_dir.exists():
        return None
    with _locked(index_dir, fcntl.LOCK_SH):
        try:
            manifest = read_manifest(index_dir)
            if manifest is None:
                return None
            manifest.check_against(expected)
            current = index_dir / "current"
            vectors = FaissIndex.load(current / "vectors.faiss", manifest.index_kind)
            keywords = KeywordIndex.load(current / "keyword")
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as error:
            log.warning("saved index in %s cannot be read (%s); it will be rebuilt", index_dir, error)
            return None
    if ids_fingerprint(vectors.ids()) != manifest.fingerprint:
        log.warning("saved index in %s disagrees with its own manifest; it will be rebuilt", index_dir)
        return None
    return manifest, vectors, keywords


@contextmanager
def _locked(index_dir: Path, mode: int) -> Iterator[None]:
    with open(index_dir / ".lock", "a+b") as handle:
        fcntl.flock(handle, mode)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _prune(index_dir: Path, keep: Path) -> None:
    """Remove every other version, and staging folders a killed save left (old enough not to be in progress)."""
    for child in index_dir.iterdir():
        abandoned = child.name.startswith(".tmp-v") and time.time() - child.stat().st_mtime > STAGING_MAX_AGE_S
        stale = (child.name.startswith("v") or abandoned) and child.is_dir() and child.name != keep.name
        if stale:
            shutil.rmtree(child, ignore_errors=True)
        elif child.name.startswith(".current-") and child.is_symlink():
            child.unlink(missing_ok=True)
