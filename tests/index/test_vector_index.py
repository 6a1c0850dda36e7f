"""FaissIndex: exact and approximate kinds behave the same on a small set."""

from __future__ import annotations

import numpy as np
import pytest

from index.vector_index import FaissIndex


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(params=["flat", "hnsw"])
def filled(request: pytest.FixtureRequest) -> tuple[FaissIndex, np.ndarray]:
    vectors = _unit(np.random.default_rng(7).normal(size=(200, 16)))
    index = FaissIndex(16, request.param)
    index.add(np.arange(100, 300), vectors)
    return index, vectors


def test_nearest_is_itself_with_cosine_one(filled: tuple[FaissIndex, np.ndarray]) -> None:
    index, vectors = filled
    hits = index.search(vectors[5], 3)
    assert hits[0][0] == 105 and hits[0][1] == pytest.approx(1.0, abs=1e-5)
    assert hits[0][1] >= hits[1][1] >= hits[2][1]


def test_allowed_ids_restrict_results(filled: tuple[FaissIndex, np.ndarray]) -> None:
    index, vectors = filled
    hits = index.search(vectors[5], 5, allowed=np.array([150, 151]))
    assert {i for i, _ in hits} == {150, 151}
    assert index.search(vectors[5], 5, allowed=np.array([], dtype=np.int64)) == []


def test_remove_and_save_load_round_trip(tmp_path, filled: tuple[FaissIndex, np.ndarray]) -> None:  # type: ignore[no-untyped-def]
    index, vectors = filled
    if index.supports_remove:
        index.remove([105])
        assert 105 not in {i for i, _ in index.search(vectors[5], 5)}
    index.save(tmp_path / "v.faiss")
    loaded = FaissIndex.load(tmp_path / "v.faiss", index.kind)
    assert len(loaded) == len(index)
    assert loaded.search(vectors[9], 1)[0][0] == 109


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="index_kind"):
        FaissIndex(8, "ivf")
