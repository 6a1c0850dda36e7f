"""Fitting the re-ranking weights: the fast grid counts the same ranks as re-ranking each question, and the
answer score (the best sentence's) lifts the article whose sentence states what is asked."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from service.qa import rerank_fit
from service.qa.evaluation import Candidates, Gold, GoldMatcher, Labelled, second_stage
from service.qa.retrieval import RerankWeights, rerank, weight_vector
from tests.service.qa.conftest import make_hit

ARTICLES = [
    "用人单位应当依法建立和完善劳动规章制度，保障劳动者享有劳动权利、履行劳动义务。",
    "劳动合同期限三个月以上不满一年的，试用期不得超过一个月；三年以上固定期限的，试用期不得超过六个月。",
    "同一用人单位与同一劳动者只能约定一次试用期。",
    "劳动者在试用期的工资不得低于本单位相同岗位最低档工资的百分之八十。",
    "用人单位自用工之日起即与劳动者建立劳动关系。",
    "劳动者提前三十日以书面形式通知用人单位，可以解除劳动合同。",
]
QUESTIONS = ["试用期最长多久", "试用期工资能打几折", "辞职要提前几天说", "试用期能约定两次吗", "公司规章制度"]


def _candidates(seed: int) -> list[Candidates]:
    rng = random.Random(seed)
    out = []
    for n, question in enumerate(QUESTIONS):
        hits = [make_hit(text, section=f"第{k + 1}条", chunk_id=k + 1, dense=round(rng.uniform(0.8, 0.9), 3),
                         sentence_scores=(round(rng.uniform(0.8, 0.9), 3),) if k % 2 else ())
                for k, text in enumerate(ARTICLES)]
        rng.shuffle(hits)
        gold = [Gold("doc-1", f"第{rng.randrange(len(ARTICLES)) + 1}条")]
        named = hits[2] if n == 1 else None  # a question naming an article: that passage first
        out.append(Candidates(Labelled(question, gold=gold, split="dev"), hits, named))
    return out


def test_the_fast_grid_counts_the_same_ranks_as_re_ranking_each_question() -> None:
    candidates = _candidates(7)
    matcher = GoldMatcher(None)  # type: ignore[arg-type]  # no sample documents: the index is never read
    points = [(0.0,) * 6, (0.06, 0.0, 0.02, 0.01, 1.0, 0.03), *random.Random(3).sample(
        list(itertools.product(*rerank_fit.GRID)), 20)]
    weights = np.array([weight_vector(RerankWeights(*p)) for p in points])
    fast = np.array([rerank_fit.ranks(q, weights, top_k=4) for q in rerank_fit.prepare(candidates, matcher)])
    for j, point in enumerate(points):
        slow = [o.rank or 0 for o in second_stage(candidates, RerankWeights(*point), matcher, top_k=4)]
        assert list(fast[:, j]) == slow, point


def test_the_fit_picks_the_best_grid_point_and_the_smaller_weights_on_a_tie(monkeypatch: pytest.MonkeyPatch) -> None:
    small = ((0.0, 0.05), (0.0, 0.02), (0.0, 0.02), (0.0, 0.01), (0.0, 1.0), (0.0, 0.03))
    monkeypatch.setattr(rerank_fit, "GRID", small)
    candidates = _candidates(11)
    matcher = GoldMatcher(None)  # type: ignore[arg-type]
    fitted = rerank_fit.fit_rerank(candidates, matcher)
    def mrr(weights: RerankWeights) -> float:
        return sum(1 / o.rank for o in second_stage(candidates, weights, matcher) if o.rank)
    best = max(mrr(RerankWeights(*p)) for p in itertools.product(*rerank_fit.GRID))
    assert fitted in {RerankWeights(*p) for p in itertools.product(*rerank_fit.GRID)}
    assert abs(mrr(fitted) - best) < 1e-9
    earlier = itertools.takewhile(lambda p: RerankWeights(*p) != fitted, itertools.product(*rerank_fit.GRID))
    assert all(mrr(RerankWeights(*p)) < best - 1e-9 for p in earlier)


def test_the_answer_score_lifts_the_article_whose_sentence_states_the_asked_figure() -> None:
    question = "试用期的工资最低能给多少"
    neighbour = make_hit("同一用人单位与同一劳动者只能约定一次试用期。试用期包含在劳动合同期限内。",
                         chunk_id=1, dense=0.86)
    answer = make_hit("劳动者在试用期的工资不得低于本单位相同岗位最低档工资的百分之八十。", chunk_id=2, dense=0.85)
    assert [h.chunk_id for h in rerank(question, [neighbour, answer], RerankWeights())] == [1, 2]
    assert [h.chunk_id for h in rerank(question, [neighbour, answer], RerankWeights(answer=0.03))] == [2, 1]
