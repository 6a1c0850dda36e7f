"""Passages found by their best sentence: the faiss index of sentence vectors, and how it follows the database."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.filters import SearchFilters
from index.models import REPEALED, Policy
from index.sentence_index import SentenceIndex
from service.container import Container
from tests.conftest import make_settings

# 第二条 holds one sentence on 试用期 among three on other things; 第三条 is one sentence (its own vector serves)
LAW = ("第一条 为了保护劳动者的合法权益，制定本法。\n"
       "第二条 用人单位应当建立劳动规章制度。劳动合同的试用期最长不得超过六个月。用人单位应当保障劳动者休息休假。\n"
       "第三条 国家发展职业教育。\n")


def _unit(*rows: float) -> np.ndarray:
    vector = np.array(rows, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_a_passage_is_found_by_its_best_sentence_once() -> None:
    index = SentenceIndex(3)
    index.add({7: np.vstack([_unit(1, 0, 0), _unit(0.9, 0.1, 0)]), 8: np.vstack([_unit(0, 1, 0), _unit(0, 0, 1)])})
    assert len(index) == 4
    found = index.search(_unit(1, 0, 0), 5)
    assert [chunk for chunk, _ in found] == [7, 8] and found[0][1] == np.float32(1.0)  # 7 once, by its best one
    assert [chunk for chunk, _ in index.search(_unit(1, 0, 0), 5, np.array([8]))] == [8]
    assert index.search(_unit(1, 0, 0), 5, np.array([], dtype=np.int64)) == []
    assert set(index.vectors_of([7, 8, 9])) == {7, 8} and index.vectors_of([7])[7].shape == (2, 3)
    index.remove([7])
    assert len(index) == 2 and [chunk for chunk, _ in index.search(_unit(1, 0, 0), 5)] == [8]
    assert set(index.vectors_of([7, 8])) == {8}


def _process(tmp_path: Path, **overrides: object) -> Container:
    container = Container.build(make_settings(tmp_path, index_poll_seconds=0, **overrides))
    container.start()
    return container


def _section(container: Container, question: str) -> list[str]:
    vector = container.index.embed_query(question)
    found = container.index.sentence_search(vector, 5)
    page = container.index.page([chunk for chunk, _ in found], SearchFilters(statuses=None))
    return [page[chunk].chunk.section for chunk, _ in found if chunk in page]


def test_sentence_vectors_follow_writes_other_processes_and_restarts(tmp_path: Path) -> None:
    a, b = _process(tmp_path), _process(tmp_path)
    a.ingestor.ingest_policy(Policy(id="law", title="劳动法规", text=LAW))
    assert _section(a, "试用期最长不得超过六个月") == ["第二条"]  # only passages of several sentences are held
    assert _section(b, "试用期最长不得超过六个月") == []
    b.index.catch_up()
    assert _section(b, "试用期最长不得超过六个月") == ["第二条"]
    a.ingestor.ingest_policy(Policy(id="law", title="劳动法规", text=LAW.replace("六个月", "三个月")))
    b.index.catch_up()
    assert len(b.index._sentences) == 3  # type: ignore[arg-type]  # the old version's sentences are gone
    b.close()
    a.index.delete("law")
    assert _section(a, "试用期") == []
    a.close()
    again = _process(tmp_path)
    assert len(again.index._sentences) == 0  # type: ignore[arg-type]  # read from the database at open
    again.ingestor.ingest_policy(Policy(id="law", title="劳动法规", text=LAW))
    again.close()
    reopened = _process(tmp_path)
    assert _section(reopened, "试用期最长不得超过六个月") == ["第二条"]
    reopened.close()


def test_without_sentence_vectors_nothing_is_held_or_found(tmp_path: Path) -> None:
    container = _process(tmp_path, sentence_vectors=False)
    container.ingestor.ingest_policy(Policy(id="law", title="劳动法规", text=LAW))
    assert container.index.sentence_search(container.index.embed_query("试用期"), 5) == []
    container.close()


def test_answers_take_passages_found_by_a_sentence_after_the_hybrid_ones_and_the_filters_hold(tmp_path: Path) -> None:
    container = _process(tmp_path)
    container.ingestor.ingest_policy(Policy(id="law", title="劳动法规", text=LAW))
    container.ingestor.ingest_policy(Policy(id="old", title="旧劳动法规", text=LAW.replace("第二条", "第九条")))
    container.index.update_metadata("old", {"status": REPEALED})
    # one sentence near the question on the whole: the hybrid search's best passage
    near = Policy(id="near", title="试用期规定", text="第一条 试用期最长不得超过规定的期限。")
    container.ingestor.ingest_policy(near)
    vector = container.index.embed_query("试用期最长不得超过六个月")
    hits = container.searcher.search_vector(vector, [], 1, SearchFilters(), by_sentence=2)
    assert [h.doc_id for h in hits] == ["near", "law"] and hits[0].score > 0
    extra = hits[1]
    assert extra.section == "第二条" and extra.score == 0.0 and extra.keyword_score == 0.0  # the repealed copy: not
    assert extra.dense_score == np.float32(np.dot(vector, container.index.page([extra.chunk_id], SearchFilters())[
        extra.chunk_id].vector))
    assert len({h.chunk_id for h in hits}) == 2  # never a passage the hybrid search already gave
    assert len(container.searcher.search_vector(vector, [], 1, SearchFilters())) == 1
    container.close()


def test_when_the_filters_drop_the_nearest_sentences_the_search_keeps_to_admitted_passages(tmp_path: Path) -> None:
    container = _process(tmp_path)
    nearer = LAW.replace("用人单位应当建立劳动规章制度。", "国家发展职业教育。")
    for n in range(4):  # passages with a nearer sentence, all repealed
        container.ingestor.ingest_policy(Policy(id=f"old{n}", title="旧法规", text=nearer))
        container.index.update_metadata(f"old{n}", {"status": REPEALED})
    container.ingestor.ingest_policy(Policy(id="law", title="劳动法规", text=LAW))
    vector = container.index.embed_query("国家发展职业教育")  # 第三条 (one sentence) by the hybrid search
    hits = container.searcher.search_vector(vector, ["职业教育"], 1, SearchFilters(), by_sentence=1)
    assert [(h.doc_id, h.section) for h in hits] == [("law", "第三条"), ("law", "第二条")]
    container.close()


def _stored(container: Container, chunk_ids: list[int]) -> dict[int, np.ndarray]:
    return container.index._store.sentence_vectors(chunk_ids, container.index.dimension)


def test_an_answer_reads_sentence_vectors_from_memory_and_those_it_has_not_followed_from_the_database(
        tmp_path: Path) -> None:
    a, b = _process(tmp_path), _process(tmp_path)
    a.ingestor.ingest_policy(Policy(id="law", title="劳动法规", text=LAW))
    ids = sorted(a.index._store.chunk_owners(["law"]))
    held = a.index.sentence_vectors(ids)
    stored = _stored(a, ids)
    assert set(held) == set(stored) and len(held) == 1  # 第二条 only: the others are one sentence each
    assert all(np.array_equal(held[i], stored[i]) for i in held)
    asked: list[list[int]] = []
    read = a.index._store.sentence_vectors
    a.index._store.sentence_vectors = lambda chunk_ids, d: asked.append(list(chunk_ids)) or read(chunk_ids, d)  # type: ignore[method-assign]
    assert set(a.index.sentence_vectors(ids)) == set(stored) and asked == []  # followed: no query
    assert a.index.sentence_vectors([10**9]) == {} and asked == [[10**9]]  # unknown here: asked of the database
    a.index._store.sentence_vectors = read  # type: ignore[method-assign]
    assert set(b.index.sentence_vectors(ids)) == set(stored)  # b has not followed the write: read from the database
    a.ingestor.ingest_policy(Policy(id="law", title="劳动法规", text=LAW.replace("六个月", "三个月")))
    new_ids = sorted(a.index._store.chunk_owners(["law"]))
    assert a.index.sentence_vectors(ids) == {}  # the old version's passages are gone from memory
    b.index.catch_up()
    after = b.index.sentence_vectors(new_ids)
    assert set(after) == set(_stored(b, new_ids)) and len(after) == 1
    a.close()
    b.close()
