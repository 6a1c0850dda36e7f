"""A hit test: what retrieval and `/v1/ask` would do with a question, with staff labels alongside.

Nothing is recorded: the answer comes from the Q&A preview (no answer log, no ticket, no FAQ hit), so
testing a question never changes the statistics or opens a ticket.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from index.filters import SearchFilters
from index.policy_index import PolicyIndex
from index.search import Searcher, SearchHit
from service.console.errors import InvalidForm
from service.console.labels import LabelStore, Passage
from service.qa.models import Answer, SourceRef
from service.qa.service import QAService

TOP_K = 10


@dataclass
class RankedPassage:
    rank: int
    hit: SearchHit
    label: bool | None


@dataclass
class HitTest:
    query: str
    all_statuses: bool
    passages: list[RankedPassage] = field(default_factory=list)
    answer: Answer | None = None


def passage_of(hit: SearchHit, rank: int | None = None) -> Passage:
    return Passage(hit.doc_id, hit.section, hit.text, hit.chunk_id, rank)


def run_hit_test(searcher: Searcher, qa: QAService, labels: LabelStore, query: str, *,
                 all_statuses: bool = False) -> HitTest:
    """Ranked passages (all validities when `all_statuses`) and the answer the service would give."""
    filters = SearchFilters(statuses=None) if all_statuses else SearchFilters()
    hits = searcher.search(query, TOP_K, filters)
    judged = labels.of_query(query)
    passages = [RankedPassage(rank, hit, judged.get(passage_of(hit).key)) for rank, hit in enumerate(hits, 1)]
    return HitTest(query.strip(), all_statuses, passages, qa.preview(query))


def stored_passage(index: PolicyIndex, chunk_id: int, rank: int | None) -> Passage:
    """The passage a label form names, read from the index (never from the form)."""
    found = index.fetch([chunk_id]).get(chunk_id)
    if found is None:
        raise InvalidForm("该段落已不在索引中（文档可能已删除或重新索引），请重新检索后再标注")
    return Passage(found.chunk.doc_id, found.chunk.section, found.chunk.text, chunk_id, rank)


def chosen_sources(index: PolicyIndex, chunk_ids: list[str]) -> list[SourceRef]:
    """The passages a staff member ticked (checkbox values are chunk ids) as the sources of an answer."""
    try:
        ids = [int(value) for value in chunk_ids]
    except ValueError as error:
        raise InvalidForm("所选段落无效，请重新选择") from error
    return [SourceRef(p.doc_id, p.section or None) for p in (stored_passage(index, i, None) for i in ids)]
