"""Saving and loading the index directory, which describes itself.

Layout: `<index_dir>/current` is a symlink to a version folder holding `manifest.json`,
`vectors.faiss` and `keyword/`. A save writes a new version folder and then swaps the symlink
with one atomic rename, so a crash mid-save leaves the previous version serving.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from index.errors import BackendMismatch, IndexMismatch
from index.keyword_index import KeywordIndex
from index.vector_index import FaissIndex

METRIC = "inner_product"


@dataclass(frozen=True)
class Manifest:
    model: str
    dimension: int
    metric: str
    index_kind: str
    chunker_version: str
    fingerprint: str
    chunks: int
    backend: str = "torch"  # manifests written before the setting existed were torch

    def check_against(self, expected: Manifest) -> None:
        """Refuse an index built with another model, metric or chunker."""
        if self.backend != expected.backend:
            raise BackendMismatch(self.backend, expected.backend)
        for name in ("model", "dimension", "metric", "index_kind", "chunker_version"):
            saved, wanted = getattr(self, name), getattr(expected, name)
            if saved != wanted:
                raise IndexMismatch(name, saved, wanted)


def save_index(index_dir: Path, manifest: Manifest, vectors: FaissIndex, keywords: KeywordIndex) -> Path:
    index_dir.mkdir(parents=True, exist_ok=True)
    version = index_dir / f"v{time.time_ns()}"
    version.mkdir()
    vectors.save(version / "vectors.faiss")
    keywords.save(version / "keyword")
    (version / "manifest.json").write_text(json.dumps(asdict(manifest), ensure_ascii=False, indent=2), encoding="utf-8")
    link = index_dir / f".current-{version.name}"
    link.symlink_to(version.name)
    os.replace(link, index_dir / "current")
    _prune(index_dir, keep=version)
    return version


def read_manifest(index_dir: Path) -> Manifest | None:
    path = index_dir / "current" / "manifest.json"
    if not path.exists():
        return None
    return Manifest(**json.loads(path.read_text(encoding="utf-8")))


def load_index(index_dir: Path, expected: Manifest) -> tuple[Manifest, FaissIndex, KeywordIndex] | None:
    """The saved index, or None if there is none; raises IndexMismatch if it was built differently."""
    manifest = read_manifest(index_dir)
    if manifest is None:
        return None
    manifest.check_against(expected)
    current = index_dir / "current"
    vectors = FaissIndex.load(current / "vectors.faiss", manifest.index_kind)
    return manifest, vectors, KeywordIndex.load(current / "keyword")


def _prune(index_dir: Path, keep: Path) -> None:
    for child in index_dir.iterdir():
        if child.name.startswith("v") and child.is_dir() and child.name != keep.name:
            shutil.rmtree(child, ignore_errors=True)
