"""Scoring retrieval and hand-over on labelled questions (`zhengce eval`).

Answerable questions are JSON lines `{"query", "gold": [{"doc", "article"}]}`; unanswerable ones
`{"query"}`. A hit is gold when its document is the gold `doc` (by id, or `sample:NNN` for the sample
file whose name starts with `NNN_`) and the gold `article` is its section label or occurs in its text.
Reported: Recall@1/5/10 and MRR@10 over the answerable set, and for each confidence threshold how many
answerable questions would be wrongly handed over and how many unanswerable ones handed over.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import numpy as np

from index.policy_index import PolicyIndex
from index.search import Searcher, SearchHit
from index.store import PolicyStore, SearchFilters
from index.tokenize import tokenize
from service.qa.confidence import ConfidenceModel, fit, top_cosine

SAMPLE_PREFIX = "sample:"


@dataclass(frozen=True)
class Gold:
    doc: str
    article: str


@dataclass
class Labelled:
    query: str
    gold: list[Gold] = field(default_factory=list)


@dataclass
class Outcome:
    """One question run through retrieval: the rank of its first gold hit (None: not in the top k)."""

    query: str
    rank: int | None
    cosine: float
    confidence: float = 0.0


@dataclass
class CurvePoint:
    threshold: float
    answerable_handed_over: int
    unanswerable_handed_over: int
    answered_wrong: int


def load_questions(path: Path) -> list[Labelled]:
    """Read a JSON-lines question file; raises ValueError naming the bad line."""
    questions = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            questions.append(Labelled(data["query"], [Gold(g["doc"], g["article"]) for g in data.get("gold", [])]))
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ValueError(f"{path} 第 {number} 行格式有误：{error}") from error
    return questions


class GoldMatcher:
    def __init__(self, store: PolicyStore | PolicyIndex) -> None:
        self.store = store
        self._files: dict[str, str] = {}

    def is_gold(self, hit: SearchHit, golds: Sequence[Gold]) -> bool:
        return any(self._same_doc(hit.doc_id, g.doc) and (hit.section == g.article or g.article in hit.text)
                   for g in golds)

    def _same_doc(self, doc_id: str, gold_doc: str) -> bool:
        if doc_id == gold_doc:
            return True
        if not gold_doc.startswith(SAMPLE_PREFIX):
            return False
        return self._file_name(doc_id).startswith(gold_doc.removeprefix(SAMPLE_PREFIX) + "_")

    def _file_name(self, doc_id: str) -> str:
        if doc_id not in self._files:
            source = self.store.get_policy(doc_id).source or ""
            self._files[doc_id] = PurePath(source).name
        return self._files[doc_id]


def run(searcher: Searcher, questions: Sequence[Labelled], vectors: np.ndarray, *, top_k: int = 10,
        answer_k: int = 5, filters: SearchFilters | None = None) -> list[Outcome]:
    """Retrieve for each question (vectors precomputed, one per question) and locate its first gold hit."""
    matcher = GoldMatcher(searcher.index)
    outcomes = []
    for question, vector in zip(questions, vectors, strict=True):
        hits = searcher.search_vector(vector, tokenize(question.query), top_k, filters or SearchFilters())
        rank = next((n for n, h in enumerate(hits, 1) if matcher.is_gold(h, question.gold)), None)
        outcomes.append(Outcome(question.query, rank, top_cosine(hits[:answer_k])))
    return outcomes


def retrieval_metrics(outcomes: Sequence[Outcome]) -> dict[str, float]:
    n = max(len(outcomes), 1)
    metrics = {f"recall@{k}": sum(1 for o in outcomes if o.rank and o.rank <= k) / n for k in (1, 5, 10)}
    metrics["mrr@10"] = sum(1.0 / o.rank for o in outcomes if o.rank and o.rank <= 10) / n
    return metrics


def score(model: ConfidenceModel, outcomes: Sequence[Outcome]) -> None:
    for outcome in outcomes:
        outcome.confidence = model.probability(outcome.cosine)


def handoff_curve(answerable: Sequence[Outcome], unanswerable: Sequence[Outcome], thresholds: Sequence[float],
                  *, grounded_rank: int = 3) -> list[CurvePoint]:
    """Per threshold: answerable handed over, unanswerable handed over, answerable answered without a gold
    passage in the top `grounded_rank`."""
    return [CurvePoint(
        t,
        sum(1 for o in answerable if o.confidence < t),
        sum(1 for o in unanswerable if o.confidence < t),
        sum(1 for o in answerable if o.confidence >= t and not (o.rank and o.rank <= grounded_rank)),
    ) for t in thresholds]


def fit_confidence(answerable: Sequence[Outcome], unanswerable: Sequence[Outcome],
                   *, grounded_rank: int = 3) -> ConfidenceModel:
    """Fit the confidence to P(a gold passage is in the top `grounded_rank`); unanswerable questions are 0."""
    x = np.array([o.cosine for o in [*answerable, *unanswerable]])
    y = np.array([1.0 if o.rank and o.rank <= grounded_rank else 0.0 for o in answerable] + [0.0] * len(unanswerable))
    return fit(x, y)
