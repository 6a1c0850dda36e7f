"""One suite for the policy store on every database it must run on: SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import numpy as np
import pytest
from sqlalchemy import event

from index.db import make_engine
from index.errors import DocumentNotFound, InvalidMetadata
from index.filters import SearchFilters
from index.models import Chunk, Policy
from index.store import PolicyStore
from service.schema import create_schema
from tests.conftest import postgres_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[PolicyStore]:  # type: ignore[no-untyped-def]
    with ExitStack() as stack:
        url = stack.enter_context(postgres_database()) if request.param == "postgres" else f"sqlite:///{tmp_path}/t.db"
        engine = make_engine(url)
        create_schema(engine)
        yield PolicyStore(engine)
        engine.dispose()


def _policy(doc_id: str = "p1", status: str = "现行有效", **kw: object) -> Policy:
    return Policy(id=doc_id, title=f"标题{doc_id}", text="第一条 内容。", status=status, **kw)  # type: ignore[arg-type]


def _put(store: PolicyStore, policy: Policy, n: int = 2) -> tuple[list[int], list[int]]:
    chunks = [Chunk(policy.id, i, f"第{i}段", section=f"第{i}条", embed_text=f"e{i}") for i in range(n)]
    vectors = np.eye(n, 4, dtype=np.float32)
    return store.replace_policy(policy, chunks, [f"词{i} 段" for i in range(n)], vectors)


def test_replace_returns_new_ids_and_removes_old_ones(store: PolicyStore) -> None:
    removed, added = _put(store, _policy())
    assert removed == [] and len(added) == 2
    removed2, added2 = _put(store, _policy(), n=3)
    assert sorted(removed2) == sorted(added)
    assert len(added2) == 3 and not set(added2) & set(added)
    assert store.count() == (1, 3)


def test_a_page_is_read_with_its_policy_and_validity_in_one_query(store: PolicyStore) -> None:
    _, live = _put(store, _policy("live", doc_number="奉政办发〔2018〕42号", issuer="奉化区人民政府"))
    _, dead = _put(store, _policy("dead", status="已废止"))
    page = store.page(live + dead + [10**9], SearchFilters())  # a chunk gone since the index answered: left out
    assert set(page) == set(live)
    item = page[live[0]]
    assert item.policy.doc_number == "奉政办发〔2018〕42号" and item.chunk.section == "第0条"
    assert item.validity is not None and item.validity.status == "现行有效" and item.vector.shape == (4,)
    assert store.page(dead, SearchFilters(statuses=None))[dead[0]].validity == ("已废止", "文件标注为“已废止”")
    assert set(store.page(live + dead, SearchFilters(statuses=None))) == set(live + dead)
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    assert set(store.page(live + dead, SearchFilters(statuses=None, issuer="奉化"))) == set(live)
    assert len(statements) == 1


def test_status_change_is_seen_by_filters_at_once(store: PolicyStore) -> None:
    _, ids = _put(store, _policy())
    store.update_metadata("p1", {"status": "已废止"})
    assert store.page(ids, SearchFilters()) == {}
    assert store.get_policy("p1").status == "已废止"


def test_bad_metadata_changes_are_refused_and_nothing_changes(store: PolicyStore) -> None:
    _put(store, _policy())
    with pytest.raises(InvalidMetadata):
        store.update_metadata("p1", {"status": "作废了"})
    with pytest.raises(InvalidMetadata):
        store.update_metadata("p1", {"text": "篡改"})
    assert store.get_policy("p1").status == "现行有效"
    with pytest.raises(DocumentNotFound):
        store.update_metadata("nope", {"title": "x"})


def test_delete_removes_policy_and_chunks(store: PolicyStore) -> None:
    _, ids = _put(store, _policy())
    assert sorted(store.delete_policy("p1")) == sorted(ids)
    assert store.count() == (0, 0)
    with pytest.raises(DocumentNotFound):
        store.get_policy("p1")


def test_vectors_and_tokens_round_trip_for_rebuilds(store: PolicyStore) -> None:
    _put(store, _policy("a"))
    _put(store, _policy("b"), n=3)
    batches = list(store.iter_vectors(batch=2))
    ids = np.concatenate([b[0] for b in batches])
    assert len(ids) == 5 and np.concatenate([b[1] for b in batches]).shape == (5, 4)
    token_ids, tokens = store.all_tokens()
    assert list(token_ids) == sorted(ids) and tokens[0] == ["词0", "段"]


def test_fingerprint_changes_with_the_chunk_set(store: PolicyStore) -> None:
    empty = store.fingerprint()
    _put(store, _policy())
    one = store.fingerprint()
    assert one != empty and one == store.fingerprint()
    store.delete_policy("p1")
    assert store.fingerprint() != one


def test_interpretations_are_found_by_id_or_doc_number(store: PolicyStore) -> None:
    policy = _policy("p", doc_number="奉政办发〔2018〕42号")
    _put(store, policy)
    _put(store, _policy("j1", interprets="p"))
    _put(store, _policy("j2", interprets="奉政办发〔2018〕42号"))
    assert [p.id for p in store.interpretations_for(["p"])["p"]] == ["j1", "j2"]
    assert store.find_policy("奉政办发〔2018〕42号").id == "p"  # type: ignore[union-attr]


def test_interpretations_of_several_policies_at_once(store: PolicyStore) -> None:
    _put(store, _policy("p", doc_number="奉政办发〔2018〕42号"))
    _put(store, _policy("q"))
    _put(store, _policy("j1", interprets="p"))
    _put(store, _policy("j2", interprets="奉政办发〔2018〕42号"))
    _put(store, _policy("k", interprets="q"))
    found = store.interpretations_for(["q", "p", "absent"])
    assert {doc: [p.id for p in items] for doc, items in found.items()} == {"q": ["k"], "p": ["j1", "j2"], "absent": []}


def test_extra_and_audience_survive(store: PolicyStore) -> None:
    _put(store, _policy(audience=["小微企业", "高校毕业生"], extra={"来源": "网站", "n": 3}))
    got = store.get_policy("p1")
    assert got.audience == ["小微企业", "高校毕业生"] and got.extra == {"来源": "网站", "n": 3}


def test_sentence_vectors_round_trip_and_go_with_their_passage(store: PolicyStore) -> None:
    policy = _policy()
    chunks = [Chunk(policy.id, i, f"第{i}段", section=f"第{i}条", embed_text=f"e{i}") for i in range(2)]
    sentences = [np.arange(12, dtype=np.float32).reshape(3, 4), None]  # three sentences; one sentence: none
    _, added = store.replace_policy(policy, chunks, ["a", "b"], np.eye(2, 4, dtype=np.float32), sentences)
    found = store.sentence_vectors(added + [10**9], 4)
    assert set(found) == {added[0]}
    assert np.array_equal(found[added[0]], sentences[0])
    _, again = _put(store, policy)  # the new version's passages come without: the old vectors are gone with theirs
    assert store.sentence_vectors(added + again, 4) == {}


def test_every_stored_sentence_vector_is_read_back_in_batches(store: PolicyStore) -> None:
    policy = _policy()
    chunks = [Chunk(policy.id, i, f"第{i}段", section=f"第{i}条", embed_text=f"e{i}") for i in range(3)]
    sentences = [np.full((2, 4), 1.0, np.float32), None, np.full((3, 4), 3.0, np.float32)]
    _, added = store.replace_policy(policy, chunks, ["a", "b", "c"], np.eye(3, 4, dtype=np.float32), sentences)
    batches = list(store.iter_sentence_vectors(4, batch=1))
    assert [list(b) for b in batches] == [[added[0]], [added[2]]]  # the passage of one sentence has none
    assert np.array_equal(batches[1][added[2]], sentences[2])
