"""`Searcher`: hybrid retrieval over a `PolicyIndex`.

Dense (faiss) and keyword (BM25) candidates are fetched without filters first, checked against the
filters in memory (`PolicyIndex.admitted`: validity computed for the day asked, from what the index
follows of the change log), fused by weighted RRF, and only the returned page is read from the
database, in one joined query that checks the filters again. When filters leave too few dense
candidates, the dense search runs again restricted to the admitted chunk ids, so a narrow filter
never returns an empty page that exact search would have filled. When the database has taken out a
passage of the page that this process has not followed yet, the index catches up and the search
runs once more: a search costs one query unless the database changed under it.

`search()` starts the keyword half (BM25 needs no vector) on a worker thread before it embeds the question
(`keyword_soon`; answers do the same) when the embedding leaves a core free (onnx-int8 embeds a question on
one thread; torch's pool spans every core, and work beside it only slows it): the embedding runs in
onnxruntime outside the GIL, so on the second core the keyword half costs nothing.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from index.errors import InvalidQuery
from index.filters import SearchFilters
from index.fusion import weighted_rrf
from index.policy_index import PolicyIndex
from index.store import StoredChunk
from index.tokenize import tokenize


@dataclass
class SearchHit:
    chunk_id: int
    doc_id: str
    title: str
    doc_number: str | None
    issuer: str | None
    status: str
    section: str
    heading_path: list[str]
    text: str
    score: float
    dense_score: float
    keyword_score: float = 0.0
    dense_rank: int | None = None
    keyword_rank: int | None = None
    url: str | None = None
    issued: date | None = None
    interprets: str | None = None
    extra: dict = field(default_factory=dict)
    status_reason: str = ""
    # cosine of each sentence (`index.sentences`) of a passage of several, where answers read them
    sentence_scores: tuple[float, ...] = ()


@dataclass(frozen=True)
class SearchConfig:
    dense_weight: float = 1.0
    keyword_weight: float = 0.3
    rrf_k: int = 60
    max_query_chars: int = 500
    max_top_k: int = 50


class Searcher:
    def __init__(self, index: PolicyIndex, config: SearchConfig | None = None, *,
                 overlap_keyword: bool | None = None) -> None:
        self.index = index
        self.config = config or SearchConfig()
        # beside the embedding only where it leaves a core free: next to torch's pool it would only slow it down
        self.overlap_keyword = index.spare_core_while_embedding if overlap_keyword is None else overlap_keyword
        self._keyword_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="keyword-search")

    def validate(self, query: str, top_k: int) -> str:
        query = (query or "").strip()
        if not query:
            raise InvalidQuery("查询内容不能为空")
        if len(query) > self.config.max_query_chars:
            raise InvalidQuery(f"查询过长：{len(query)} 字，上限 {self.config.max_query_chars} 字，请精简后再试")
        if not 1 <= top_k <= self.config.max_top_k:
            raise InvalidQuery(f"top_k 须在 1 到 {self.config.max_top_k} 之间")
        return query

    def search(self, query: str, top_k: int = 5, filters: SearchFilters | None = None) -> list[SearchHit]:
        query = self.validate(query, top_k)
        filters = filters or SearchFilters()
        tokens = tokenize(query)
        keyword = self.keyword_soon(tokens, top_k) if self.overlap_keyword else None
        qvec = self.index.embed_query(query)
        return self.search_vector(qvec, tokens, top_k, filters, bm25=keyword.result() if keyword else None)

    def keyword_soon(self, tokens: list[str], top_k: int) -> Future[list[tuple[int, float]]]:
        """The unfiltered keyword candidates that `search_vector(…, bm25=)` takes, computed on a worker thread
        while the caller embeds the question (worth it where `overlap_keyword`)."""
        return self._keyword_pool.submit(self.index.keyword_search, tokens, _depth(top_k))

    def search_vector(
        self, qvec: np.ndarray, tokens: list[str], top_k: int, filters: SearchFilters,
        *, bm25: list[tuple[int, float]] | None = None, by_sentence: int = 0,
    ) -> list[SearchHit]:
        """`bm25`: the unfiltered keyword candidates of `tokens` when the caller already has them. `by_sentence`:
        that many further passages, found by their best sentence (`index.sentence_index`), follow the top_k with
        fused and keyword scores of 0 (read in the same query)."""
        for attempt in (1, 2):
            dense, keyword = self._candidates(qvec, tokens, top_k, filters, bm25 if attempt == 1 else None)
            fused = self._fuse(dense, keyword)[:top_k]
            extra = self._by_sentence(qvec, by_sentence, filters, {i for i, _ in fused}) if by_sentence else []
            page = self.index.page([i for i, _ in fused] + extra, filters)
            if len(page) == len(fused) + len(extra) or attempt == 2:
                break
            self.index.catch_up()  # the database took a passage out in a change this process has not followed
        dense_rank = {i: r for r, (i, _) in enumerate(dense, 1)}
        keyword_rank = {i: r for r, (i, _) in enumerate(keyword, 1)}
        keyword_score = dict(keyword)
        return [
            _hit(page[i], score, float(np.dot(qvec, page[i].vector)), keyword_score.get(i, 0.0),
                 dense_rank.get(i), keyword_rank.get(i))
            for i, score in [*fused, *((i, 0.0) for i in extra)] if i in page
        ]

    def best_id(self, qvec: np.ndarray, tokens: list[str], filters: SearchFilters) -> int | None:
        """The chunk id `search_vector(…, 1, filters)` would return, decided in memory (no passage is read)."""
        fused = self._fuse(*self._candidates(qvec, tokens, 1, filters))
        return fused[0][0] if fused else None

    def _by_sentence(self, qvec: np.ndarray, k: int, filters: SearchFilters, exclude: set[int]) -> list[int]:
        """Up to k passages outside `exclude` that the filters admit, by their best sentence's cosine."""
        wanted = k + len(exclude)
        found = [i for i, _ in self.index.sentence_search(qvec, wanted)]
        admitted = self.index.admitted(found, filters)
        ids = [i for i in found if i in admitted and i not in exclude]
        if len(ids) < k and len(found) == wanted:  # the filters left too few: search among the admitted only
            found = [i for i, _ in self.index.sentence_search(qvec, wanted, self.index.admitted_ids(filters))]
            ids = [i for i in found if i not in exclude]
        return ids[:k]

    def _candidates(self, qvec: np.ndarray, tokens: list[str], top_k: int, filters: SearchFilters,
                    bm25: list[tuple[int, float]] | None = None,
                    ) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
        """Dense and keyword candidates the filters admit, best first (checked in memory, no query)."""
        depth = _depth(top_k)
        dense = self.index.dense_search(qvec, depth)
        keyword = self.index.keyword_search(tokens, depth) if bm25 is None else bm25
        admitted = self.index.admitted({i for i, _ in dense} | {i for i, _ in keyword}, filters)
        if sum(1 for i, _ in dense if i in admitted) < top_k:
            allowed = self.index.admitted_ids(filters)
            return self.index.dense_search(qvec, depth, allowed), self.index.keyword_search(tokens, depth, allowed)
        return [p for p in dense if p[0] in admitted], [p for p in keyword if p[0] in admitted]

    def _fuse(self, dense: list[tuple[int, float]], keyword: list[tuple[int, float]]) -> list[tuple[int, float]]:
        return weighted_rrf([[i for i, _ in dense], [i for i, _ in keyword]],
                            [self.config.dense_weight, self.config.keyword_weight], self.config.rrf_k)


def _depth(top_k: int) -> int:
    """Candidates fetched from each half before the filters and fusion."""
    return max(top_k * 5, 50)


def _hit(item: StoredChunk, score: float, dense: float, keyword: float, d_rank: int | None,
         k_rank: int | None) -> SearchHit:
    policy, chunk = item.policy, item.chunk
    status, reason = item.validity or (policy.status, "")
    return SearchHit(
        chunk_id=item.chunk_id, doc_id=policy.id, title=policy.title, doc_number=policy.doc_number,
        issuer=policy.issuer, status=status, section=chunk.section, heading_path=chunk.heading_path,
        text=chunk.text, score=score, dense_score=dense, keyword_score=keyword, dense_rank=d_rank,
        keyword_rank=k_rank, url=policy.url, issued=policy.issued, interprets=policy.interprets,
        extra=policy.extra, status_reason=reason,
    )
