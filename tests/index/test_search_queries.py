"""A search reads the database once: candidates are admitted in memory, the returned page in one joined query."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event

from index.models import REPEALED, Policy
from index.search import Searcher
from index.store import SearchFilters
from index.tokenize import tokenize
from service.container import Container
from tests.conftest import make_settings

LAW = "第一章 总则\n第一条 为了保护劳动者的合法权益，制定本法。\n第二条 用人单位应当依法缴纳社会保险费。\n"


def _process(tmp_path: Path) -> Container:
    container = Container.build(make_settings(tmp_path, index_poll_seconds=0))
    container.start()
    return container


@contextmanager
def _statements(container: Container) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(container.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(container.engine, "before_cursor_execute", record)


def test_a_search_makes_one_query_even_when_a_filter_restricts_it(tmp_path: Path) -> None:
    container = _process(tmp_path)
    for n in range(3):
        container.ingestor.ingest_policy(Policy(id=f"p{n}", title=f"劳动法规{n}", text=LAW, issuer=f"机关{n}"))
    with _statements(container) as seen:
        hits = container.searcher.search("缴纳社会保险费", 3)
    assert len(hits) == 3 and len(seen) == 1
    with _statements(container) as seen:  # too few admitted dense candidates: searched again among the admitted
        hits = container.searcher.search("缴纳社会保险费", 3, SearchFilters(issuer="机关2"))
    assert [h.doc_id for h in hits] == ["p2", "p2"] and len(seen) == 1


def test_a_change_another_process_made_counts_once_followed_either_way(tmp_path: Path) -> None:
    a, b = _process(tmp_path), _process(tmp_path)
    a.ingestor.ingest_policy(Policy(id="p", title="劳动法规", text=LAW))
    b.index.catch_up()
    a.index.update_metadata("p", {"status": REPEALED})
    assert b.searcher.search("缴纳社会保险费", 1) == []  # the page is checked against the database: out at once
    a.index.update_metadata("p", {"status": "现行有效"})
    b.index.catch_up()
    hit = b.searcher.search("缴纳社会保险费", 1)[0]
    assert hit.doc_id == "p" and hit.status == "现行有效" and "工作人员" in hit.status_reason


def test_the_keyword_half_run_beside_the_embedding_gives_the_same_hits(tmp_path: Path) -> None:
    container = _process(tmp_path)
    container.ingestor.ingest_policy(Policy(id="law", title="中华人民共和国劳动法", text=LAW))
    query = "用人单位缴纳社会保险费"
    searcher = Searcher(container.index, overlap_keyword=True)
    together = searcher.search(query, 3)
    apart = searcher.search_vector(container.index.embed_query(query), tokenize(query), 3, SearchFilters())
    assert [(h.chunk_id, h.score, h.keyword_rank) for h in together] == [
        (h.chunk_id, h.score, h.keyword_rank) for h in apart]
    assert together and together[0].keyword_rank is not None
    assert not container.searcher.overlap_keyword or container.index.spare_core_while_embedding
    container.close()
