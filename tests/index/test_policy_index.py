"""PolicyIndex keeps store, faiss and BM25 in step across restarts, crashes and model changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.embedders import HashingEmbedder
from index.errors import BackendMismatch, IndexMismatch
from index.index_status import OpenReport
from index.models import Policy
from index.persist import read_manifest
from service.container import Container
from tests.conftest import make_settings

LAW = "第一章 总则\n第一条 为了保护劳动者的合法权益，制定本法。\n第二条 用人单位应当依法缴纳社会保险费。\n"


def _policy(doc_id: str, text: str = LAW) -> Policy:
    return Policy(id=doc_id, title=f"劳动法规{doc_id}", text=text)


def _started(tmp_path: Path, embedder: HashingEmbedder | None = None) -> Container:
    container = Container.build(make_settings(tmp_path), embedder=embedder)
    container.start()
    return container


class ExplodingEmbedder(HashingEmbedder):
    """Fails on the n-th passage batch, like a process killed in the middle of an ingest."""

    def __init__(self, fail_at: int) -> None:
        super().__init__()
        self.calls, self.fail_at = 0, fail_at

    def encode_passages(self, texts):  # type: ignore[no-untyped-def]
        self.calls += 1
        if self.calls == self.fail_at:
            raise RuntimeError("killed mid-ingest")
        return super().encode_passages(texts)


def test_a_restart_serves_what_was_ingested(tmp_path: Path) -> None:
    first = _started(tmp_path)
    first.ingestor.ingest_policy(_policy("a"))
    first.close()
    second = _started(tmp_path)
    assert second.index.last_open.loaded_from_disk and second.index.last_open.added == 0
    assert second.searcher.search("缴纳社会保险费", 1)[0].section == "第二条"


def test_a_crash_mid_ingest_leaves_the_previous_index_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("index.ingest.BATCH_CHUNKS", 1)  # each document its own embedding batch
    first = _started(tmp_path)
    first.ingestor.ingest_policy(_policy("old"))
    saved = read_manifest(first.index.index_dir)
    first.close()

    crashing = _started(tmp_path, ExplodingEmbedder(fail_at=2))
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("n1", "n2"):
        (docs / f"{name}.md").write_text(f"---\nid: {name}\ntitle: 新规{name}\n---\n{LAW}", encoding="utf-8")
    with pytest.raises(RuntimeError):
        crashing.ingestor.ingest_paths([docs])
    assert read_manifest(crashing.index.index_dir) == saved  # the saved index was not touched
    crashing.close()

    reopened = _started(tmp_path)
    # the saved index lacks n1: its two chunks are added from their stored vectors, nothing is encoded
    assert reopened.index.last_open == OpenReport(loaded_from_disk=True, added=2, removed=0)
    ids = {p.id for p in reopened.index.list_policies()[0]}
    assert ids == {"old", "n1"}
    assert len(reopened.index) == reopened.index.counts()[1]
    found = {h.doc_id for h in reopened.searcher.search("社会保险费", 10)}
    assert found == {"old", "n1"}


def test_a_different_model_is_refused_with_a_message(tmp_path: Path) -> None:
    _started(tmp_path).ingestor.ingest_policy(_policy("a"))
    with pytest.raises(IndexMismatch, match="model"):
        _started(tmp_path, HashingEmbedder(dimension=128))


def test_reembedding_after_a_model_change_rebuilds_everything(tmp_path: Path) -> None:
    _started(tmp_path).ingestor.ingest_policy(_policy("a"))
    container = Container.build(make_settings(tmp_path), embedder=HashingEmbedder(dimension=128))
    container.prepare_database()
    container.index.open(fresh=True)
    report = container.ingestor.reembed_all()
    assert report.added == ["a"] and report.chunks == 2
    again = _started(tmp_path, HashingEmbedder(dimension=128))
    assert again.index.last_open.loaded_from_disk and again.searcher.search("社会保险费", 1)[0].doc_id == "a"


def test_bulk_ingest_embeds_many_documents_per_model_call(tmp_path: Path) -> None:
    counting = ExplodingEmbedder(fail_at=0)
    container = _started(tmp_path, counting)
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(20):
        (docs / f"d{n}.md").write_text(f"---\nid: d{n}\ntitle: 规定{n}\n---\n{LAW}", encoding="utf-8")
    report = container.ingestor.ingest_paths([docs])
    assert len(report.added) == 20 and report.chunks == 40
    assert counting.calls == 1
    assert {h.doc_id for h in container.searcher.search("社会保险费", 50)} == {f"d{n}" for n in range(20)}


def test_changed_text_replaces_chunks_and_delete_removes_them(tmp_path: Path) -> None:
    container = _started(tmp_path)
    container.ingestor.ingest_policy(_policy("a"))
    container.ingestor.ingest_policy(_policy("a", "第一条 只剩一条。"))
    assert container.index.counts() == (1, 1)
    assert len(container.index) == 1
    assert [h.text for h in container.searcher.search("只剩一条", 5)] == ["第一条 只剩一条。"]
    container.index.delete("a")
    assert container.searcher.search("一条", 5) == []
    assert len(container.index) == 0


def test_hnsw_kind_handles_replacement_by_rebuilding(tmp_path: Path) -> None:
    container = Container.build(make_settings(tmp_path, index_kind="hnsw"))
    container.start()
    container.ingestor.ingest_policy(_policy("a"))
    container.ingestor.ingest_policy(_policy("a", "第一条 新的内容。"))
    assert len(container.index) == 1
    assert container.searcher.search("新的内容", 1)[0].text.startswith("第一条")


class Int8LikeEmbedder(HashingEmbedder):
    """The same vectors under another backend's name: only the manifest tells them apart."""

    def __init__(self) -> None:
        super().__init__()
        self.backend = "onnx-int8"


def test_switching_the_embedding_backend_is_refused_until_reindexed(tmp_path: Path) -> None:
    _started(tmp_path).ingestor.ingest_policy(_policy("a"))
    with pytest.raises(BackendMismatch) as caught:
        _started(tmp_path, Int8LikeEmbedder())
    message = str(caught.value)
    assert "'hashing'" in message and "'onnx-int8'" in message and "zhengce reindex" in message

    container = Container.build(make_settings(tmp_path), embedder=Int8LikeEmbedder())
    container.prepare_database()
    container.index.open(fresh=True)
    container.ingestor.reembed_all()
    again = _started(tmp_path, Int8LikeEmbedder())
    assert read_manifest(again.index.index_dir).backend == "onnx-int8"  # type: ignore[union-attr]
    assert again.searcher.search("社会保险费", 1)[0].doc_id == "a"
    with pytest.raises(BackendMismatch):
        _started(tmp_path)
