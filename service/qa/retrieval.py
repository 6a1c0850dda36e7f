"""Retrieval for answers: hybrid search, then a cheap second stage over the top candidates.

    question ─ direct reference (《法》第X条)? → that passage first
             └ hybrid search (keyword side with the policy terms for everyday words) → top `depth`
               + the top `by_sentence` other passages by their best sentence (`index.sentence_index`)
               → re-rank: cosine + lexical coverage of the question's terms + fused rank
                          + asked figure present + cited by a fellow candidate + best sentence's cosine
                          + best sentence's answer score + the places/years/titles named held → top k

Most misses of plain search land in the right document but on a neighbouring article, whose cosine is
within a hair of the right one. The article that holds the question's words (after 社保 → 社会保险,
辞职 → 解除劳动合同) usually is the answer, so the second stage adds the share of the question's terms
a passage (with its title and headings) contains, each term weighed by how few of the candidates hold it,
and prefers, for a question asking for a figure or a time limit, the neighbour that states one (试用期多久:
the article with "不得超过六个月"), and prefers the article another candidate of the same law refers to: for
补偿金怎么算, 第八十七条 pays "本法第四十七条规定的经济补偿标准的二倍", so 第四十七条 states the rule. The
references are read from the candidates' own text, no further lookup. A passage of several sentences is also
weighed by its best sentence (vectors stored at ingest, `index.sentences`): one sentence that says what is asked
is diluted in the passage's own vector by the sentences around it. And it is weighed by how well its best sentence
answers (`sentence_fit`, the score the quote is chosen by: the question's wording, the asked slot filled), so that of
two neighbouring articles the one with a sentence stating what is asked comes first. A question naming a place, a
year, a document or a channel prefers the passages that hold all of them (奉化区2018年政务公开工作要点 is read from the
2018 document, not from the 2020 report that mentions the 2020 one). The weights are fitted on the dev split by
`zhengce eval --fit` (`rerank_fit`) and stored with the answerability model.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from index.filters import SearchFilters
from index.search import Searcher, SearchHit
from index.tokenize import tokenize
from service.qa.references import ReferenceResolver
from service.qa.sentence_fit import best_sentence_score
from service.qa.slots import (
    AMOUNT,
    COUNT,
    DURATION,
    FIGURE,
    RATE,
    asked_slot,
    entities,
    full_text,
    has_filler,
    holds_names,
    named_text,
)
from service.qa.synonyms import expand

# question words that say nothing about the subject
_ASKING = frozenset({
    "规定", "请问", "怎么", "怎么办", "怎么样", "如何", "多少", "多久", "哪些", "哪里", "哪个", "什么", "时候", "需要",
    "能否", "是否", "可以", "应该", "一下", "现在", "一般", "这样", "这种", "合法", "违法", "算不算", "不能",
    "有没有", "能不能", "会不会", "要不要", "还能", "最多", "最少", "最长", "至少", "几天", "几年", "办理",
    "多长", "时间", "长时间", "多长时间", "多少钱", "什么样", "为什么", "几月", "月份", "几月份", "多大", "几岁",
    "必须",
})
FIGURE_SLOTS = frozenset({AMOUNT, COUNT, DURATION, RATE, FIGURE})


@dataclass(frozen=True)
class RerankWeights:
    lexical: float = 0.0   # × share of the question's terms in the passage
    fused: float = 0.0     # × fused score relative to the best one
    slot: float = 0.0      # × 1 when a question asking for a figure (多久, 多少钱, 几件) meets a passage holding one
    cited: float = 0.0     # × 1 when another candidate of the same law refers to this article (本法第四十七条)
    sentence: float = 0.0  # × cosine of the passage's best sentence (its own cosine for a passage of one sentence)
    answer: float = 0.0    # × score of the sentence that answers best (`sentence_fit`: wording, asked slot filled)
    named: float = 0.0     # × 1 when the question names places, years, titles or channels and the passage has all


@dataclass(frozen=True)
class Prefetched:
    """The keyword candidates of a question, under way on a worker thread (`Retriever.prefetch`)."""

    question: str
    tokens: list[str]
    keyword: Future[list[tuple[int, float]]]


@dataclass
class Retrieved:
    hits: list[SearchHit]
    direct: bool           # the first hit is the passage the question names


@lru_cache(maxsize=2048)
def question_terms(question: str) -> tuple[str, ...]:
    """Content words of the question and the policy terms of its everyday words, two characters or more."""
    words = tokenize(expand(question))
    return tuple(dict.fromkeys(w for w in words if len(w) >= 2 and w not in _ASKING and not w.isdigit()))


def coverage(terms: Sequence[str], hit: SearchHit) -> float:
    if not terms:
        return 0.0
    text = full_text(hit)
    return sum(1 for t in terms if t in text) / len(terms)


def distinctiveness(terms: Sequence[str], hits: Sequence[SearchHit]) -> dict[str, float]:
    """Each term's weight among these candidates: a word every candidate holds (用人单位 in a labour law) tells
    them apart less than one only a few hold (试用期). log(1 + n / (1 + candidates holding it))."""
    texts = [full_text(h) for h in hits]
    return {t: math.log(1 + len(texts) / (1 + sum(1 for x in texts if t in x))) for t in terms}


def weighted_coverage(weights: dict[str, float], hit: SearchHit) -> float:
    total = sum(weights.values())
    if not total:
        return 0.0
    text = full_text(hit)
    return sum(w for t, w in weights.items() if t in text) / total


# "依照本法第四十七条规定": the article (or 第十条之一, or a chapter) another passage of the same document points at
_NUMBER = "[一二三四五六七八九十百千零〇\\d]+"
_CITING = re.compile(rf"本(?:法|条例|办法|规定|细则)((第{_NUMBER})(?:条(?:之[一二三四五六七八九十]+)?|[章节编]))")


def cited_sections(hits: Sequence[SearchHit]) -> set[tuple[str, str]]:
    """(document, article) pairs that another candidate of the same document refers to ("依照本法第四十七条规定
    的经济补偿标准"): the article that others point at states the rule they apply, so it is the one to read."""
    citing: dict[tuple[str, str], set[tuple[int, str]]] = {}  # (document, article) → (chunk, section) citing it
    for hit in hits:
        for label, number in _CITING.findall(hit.text):
            # "本法第十条之一" names 第十条之一, and, as its text begins with "本法第十条", 第十条 as well
            for article in {label, number + "条"} if "之" in label else {label}:
                citing.setdefault((hit.doc_id, article), set()).add((hit.chunk_id, hit.section))
    return {(hit.doc_id, hit.section) for hit in hits if hit.section.startswith("第")
            and any(chunk != hit.chunk_id and section != hit.section
                    for chunk, section in citing.get((hit.doc_id, hit.section), ()))}


class Retriever:
    def __init__(self, searcher: Searcher, weights: RerankWeights, *, depth: int = 20, by_sentence: int = 0,
                 references: ReferenceResolver | None = None) -> None:
        self.searcher = searcher
        self.weights = weights
        self.depth = depth
        self.by_sentence = by_sentence  # further candidates found by their best sentence
        self.references = references or ReferenceResolver(searcher)

    def prefetch(self, question: str) -> Prefetched | None:
        """Start the keyword half of `candidates` on a worker thread, before the question is embedded
        (None where the embedding leaves no core free)."""
        if not self.searcher.overlap_keyword:
            return None
        tokens = tokenize(expand(question))
        return Prefetched(question, tokens, self.searcher.keyword_soon(tokens, self.depth))

    def retrieve(self, question: str, vector: np.ndarray, top_k: int, filters: SearchFilters,
                 prefetched: Prefetched | None = None) -> Retrieved:
        candidates = self.candidates(question, vector, filters, prefetched)
        hits = rerank(question, candidates, self.weights)[:top_k]
        named = self.references.resolve(question, vector)
        if named is None:
            return Retrieved(hits, False)
        rest = [h for h in hits if h.chunk_id != named.chunk_id][: top_k - 1]
        return Retrieved([named, *rest], True)

    def candidates(self, question: str, vector: np.ndarray, filters: SearchFilters,
                   prefetched: Prefetched | None = None) -> list[SearchHit]:
        """The top `depth` of the hybrid search and the top `by_sentence` other passages by their best sentence,
        each with the cosines of its sentences."""
        if prefetched is not None and prefetched.question == question:
            hits = self.searcher.search_vector(vector, prefetched.tokens, self.depth, filters,
                                               bm25=prefetched.keyword.result(), by_sentence=self.by_sentence)
        else:
            hits = self.searcher.search_vector(vector, tokenize(expand(question)), self.depth, filters,
                                               by_sentence=self.by_sentence)
        return with_sentence_scores(hits, self.searcher.index.sentence_vectors([h.chunk_id for h in hits]), vector)


def with_sentence_scores(hits: Sequence[SearchHit], sentences: dict[int, np.ndarray], vector: np.ndarray
                         ) -> list[SearchHit]:
    """Each hit with the cosines of its sentences; a passage of one sentence (none stored) has its own only."""
    return [dataclasses.replace(h, sentence_scores=tuple(float(c) for c in sentences[h.chunk_id] @ vector))
            if h.chunk_id in sentences else h for h in hits]


def best_sentence(hit: SearchHit) -> float:
    """The cosine of the passage's best sentence (its own for a passage of one sentence)."""
    return max(hit.sentence_scores) if hit.sentence_scores else hit.dense_score


def rerank_features(question: str, hits: Sequence[SearchHit]) -> np.ndarray:
    """One row per hit: its cosine, then the terms `RerankWeights` weighs, in its field order (lexical coverage,
    relative fused score, slot filler, cited, best sentence's cosine, best sentence's answer score, names held)."""
    terms = question_terms(question)
    slot = asked_slot(question)
    wants_figure = slot in FIGURE_SLOTS
    best_fused = max((h.score for h in hits), default=0.0) or 1.0
    distinct = distinctiveness(terms, hits)
    cited = cited_sections(hits)
    named = entities(question)
    names = bool(named.places or named.years or named.titles or named.channels)
    return np.array([[h.dense_score, weighted_coverage(distinct, h), h.score / best_fused,
                      1.0 if wants_figure and has_filler(slot, h.text) else 0.0,
                      1.0 if (h.doc_id, h.section) in cited else 0.0, best_sentence(h),
                      best_sentence_score(question, h.text),
                      1.0 if names and holds_names(named, named_text(h), h.title) else 0.0]
                     for h in hits], dtype=np.float64).reshape(len(hits), 8)


def weight_vector(weights: RerankWeights) -> np.ndarray:
    """The weights of `rerank_features`' columns (the cosine's is 1)."""
    return np.array([1.0, *dataclasses.astuple(weights)])


def rerank(question: str, hits: Sequence[SearchHit], weights: RerankWeights) -> list[SearchHit]:
    """Hits ordered by cosine + weighted lexical coverage + weighted relative fused score + weighted slot filler
    + weighted "another candidate refers to this article" + weighted cosine of the best sentence + weighted answer
    score of the best sentence; ties keep the search order."""
    if not hits or not any(dataclasses.astuple(weights)):
        return list(hits)
    scores = rerank_features(question, hits) @ weight_vector(weights)
    return [hits[n] for n in np.argsort(-scores, kind="stable")]
