"""The index directory describes itself, swaps atomically, and refuses a mismatched model."""

from __future__ import annotations

import os

import numpy as np
import pytest

from index.errors import IndexMismatch
from index.keyword_index import KeywordIndex
from index.persist import Manifest, ids_fingerprint, load_index, read_manifest, save_index
from index.vector_index import FaissIndex

FINGERPRINT = ids_fingerprint(np.array([1]))  # of the one vector `_parts` saves


def _manifest(**kw: object) -> Manifest:
    values: dict[str, object] = dict(model="m", dimension=4, metric="inner_product", index_kind="flat",
                                     chunker_version="1", fingerprint=FINGERPRINT, chunks=1)
    values.update(kw)
    return Manifest(**values)  # type: ignore[arg-type]


def _parts() -> tuple[FaissIndex, KeywordIndex]:
    vectors = FaissIndex(4)
    vectors.add(np.array([1]), np.eye(1, 4, dtype=np.float32))
    keywords = KeywordIndex()
    keywords.rebuild(np.array([1]), [["公开"]])
    return vectors, keywords


def test_save_then_load_gives_the_same_index(tmp_path) -> None:  # type: ignore[no-untyped-def]
    save_index(tmp_path, _manifest(), *_parts())
    manifest, vectors, keywords = load_index(tmp_path, _manifest(fingerprint="other"))  # type: ignore[misc]
    assert manifest.fingerprint == FINGERPRINT and len(vectors) == 1 and len(keywords) == 1


def test_a_manifest_that_disagrees_with_its_vectors_is_not_trusted(tmp_path) -> None:  # type: ignore[no-untyped-def]
    save_index(tmp_path, _manifest(fingerprint=ids_fingerprint(np.array([1, 2])), chunks=2), *_parts())
    assert load_index(tmp_path, _manifest()) is None  # the owner rebuilds from the database instead


def test_a_save_killed_before_its_swap_leaves_the_previous_version_and_is_cleaned_up(tmp_path) -> None:  # type: ignore[no-untyped-def]
    save_index(tmp_path, _manifest(generation=1), *_parts())
    staging = tmp_path / ".tmp-v999"  # what a save killed while writing leaves behind
    staging.mkdir()
    (staging / "vectors.faiss").write_bytes(b"partial")
    assert read_manifest(tmp_path).generation == 1  # type: ignore[union-attr]
    os.utime(staging, (0, 0))
    save_index(tmp_path, _manifest(generation=2), *_parts())
    assert not staging.exists() and read_manifest(tmp_path).generation == 2  # type: ignore[union-attr]


def test_a_second_save_replaces_the_first_and_prunes_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = save_index(tmp_path, _manifest(generation=1), *_parts())
    second = save_index(tmp_path, _manifest(generation=2), *_parts())
    assert read_manifest(tmp_path).generation == 2  # type: ignore[union-attr]
    assert not first.exists() and second.exists()


def test_an_unfinished_save_leaves_the_previous_version_serving(tmp_path) -> None:  # type: ignore[no-untyped-def]
    save_index(tmp_path, _manifest(generation=7), *_parts())
    (tmp_path / "v999").mkdir()  # a crash after writing part of a new version, before the swap
    (tmp_path / "v999" / "vectors.faiss").write_bytes(b"partial")
    assert read_manifest(tmp_path).generation == 7  # type: ignore[union-attr]
    assert load_index(tmp_path, _manifest()) is not None


@pytest.mark.parametrize("field,value", [("model", "bge-m3"), ("dimension", 1024), ("chunker_version", "2")])
def test_a_mismatched_index_is_refused_with_a_message(tmp_path, field: str, value: object) -> None:  # type: ignore[no-untyped-def]
    save_index(tmp_path, _manifest(), *_parts())
    with pytest.raises(IndexMismatch, match=field):
        load_index(tmp_path, _manifest(**{field: value}))


def test_no_saved_index_loads_as_none(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert load_index(tmp_path, _manifest()) is None


def test_an_index_saved_before_backends_existed_reads_as_torch(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    save_index(tmp_path, _manifest(), *_parts())
    path = tmp_path / "current" / "manifest.json"
    saved = json.loads(path.read_text(encoding="utf-8"))
    del saved["backend"]
    path.write_text(json.dumps(saved), encoding="utf-8")
    assert read_manifest(tmp_path).backend == "torch"  # type: ignore[union-attr]
    with pytest.raises(IndexMismatch, match="zhengce reindex"):
        load_index(tmp_path, _manifest(backend="onnx-int8"))
