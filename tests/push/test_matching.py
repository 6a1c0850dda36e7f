"""Scoring (subscriber, policy) pairs: gates and required conditions no similarity overrides, reasons."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

import push.matching as matching
from index.models import Policy
from push.audience import PolicyAudience
from push.conditions import Condition
from push.features import Passage, ProfileFacts, build_matrix, policy_features
from push.matching import MatchConfig, score_policies
from push.reasons import explain

DIM = 8
CONFIG = MatchConfig(min_score=0.6, similarity_floor=0.5, similarity_ceiling=1.0)


def _unit(*values: float) -> np.ndarray:
    vector = np.zeros(DIM, dtype=np.float32)
    vector[: len(values)] = values
    return vector / np.linalg.norm(vector)


def _facts(sid: str, region: str = "浙江省宁波市奉化区", kind: str = "enterprise", scale: str | None = "small",
           industry: str | None = "制造业", tags: tuple[str, ...] = ()) -> ProfileFacts:
    return ProfileFacts(sid, kind, region, scale, industry, list(tags), date(2020, 1, 1))


def _policy(jurisdiction: str | None = "浙江省宁波市奉化区", kinds: tuple[str, ...] = ("enterprise",),
            subjects: tuple[str, ...] = ("小微企业",), scales: tuple[str, ...] = ("micro", "small"),
            industries: tuple[str, ...] = ("制造业",), status: str = "现行有效", interprets: str | None = None):
    conditions = [Condition("size", list(scales), source="小微企业")] if scales else []
    conditions.append(Condition("enterprise_age", low=3, source="成立满3年"))
    audience = PolicyAudience("p", list(kinds), list(subjects), jurisdiction, list(industries), list(scales),
                              conditions=[c.as_dict() for c in conditions])
    policy = Policy(id="p", title="关于支持小微企业的若干意见", text="", status=status, interprets=interprets)
    passages = [(Passage("第三条", "对小微企业给予贷款贴息。"), _unit(1, 0).tobytes()),
                (Passage("第四条", "对技术改造给予补助。"), _unit(0, 1).tobytes())]
    return policy_features(policy, audience, passages)


def _score(facts: list[ProfileFacts], vectors: list[np.ndarray], policy=None):  # type: ignore[no-untyped-def]
    matrix = build_matrix(facts, np.stack(vectors), date(2024, 6, 1))
    return matrix, score_policies(matrix, [policy or _policy()], CONFIG)[0]


def test_outside_the_jurisdiction_is_never_selected_however_similar() -> None:
    inside, outside = _facts("in"), _facts("out", region="江苏省苏州市")
    matrix, scores = _score([inside, outside], [_unit(1, 0), _unit(1, 0)])
    assert scores.similarity[1] == pytest.approx(1.0)
    assert list(scores.selected) == [True, False]
    assert scores.score[0] == scores.score[1]
    assert "地区：苏州市 ✗（仅适用于浙江省宁波市奉化区）" in explain(matrix, 1, scores)


def test_a_national_policy_reaches_every_region_and_a_city_policy_its_districts() -> None:
    facts = [_facts("fh"), _facts("sz", region="江苏省苏州市"), _facts("gs", region="杭州市拱墅区")]
    vectors = [_unit(1, 0)] * 3
    _, national = _score(facts, vectors, _policy(jurisdiction="全国"))
    _, city = _score(facts, vectors, _policy(jurisdiction="浙江省宁波市"))
    _, unknown = _score(facts, vectors, _policy(jurisdiction=None))
    assert list(national.region_ok) == [True, True, True]
    assert list(city.region_ok) == [True, False, False]
    assert not unknown.region_ok.any()


def test_kind_and_scale_are_gates() -> None:
    facts = [_facts("small"), _facts("large", scale="large"), _facts("citizen", kind="citizen", scale=None),
             _facts("unknown-scale", scale=None)]
    matrix, scores = _score(facts, [_unit(1, 0)] * 4)
    assert list(scores.eligible) == [True, False, False, True]
    assert "企业规模：微型、小型 ✗" in explain(matrix, 1, scores)
    assert "企业规模：微型、小型 ？资料未填规模或从业人员、营业收入" in explain(matrix, 3, scores)
    assert "对象类型：个人 ✗（政策面向企业）" in explain(matrix, 2, scores)


def test_holding_a_named_qualification_raises_the_score() -> None:
    policy = _policy(subjects=("高新技术企业",), scales=())
    facts = [_facts("holder", tags=("高新技术企业",)), _facts("other")]
    matrix, scores = _score(facts, [_unit(1, 1)] * 2, policy)
    assert scores.subject_fit[0] == 1.0 and scores.subject_fit[1] == 0.0
    assert scores.score[0] - scores.score[1] == pytest.approx(CONFIG.subject_weight)
    assert "适用对象：高新技术企业 ✓" in explain(matrix, 0, scores)
    assert "适用对象：高新技术企业（未在资料中体现）" in explain(matrix, 1, scores)


def test_scale_implies_small_enterprise_status() -> None:
    matrix, scores = _score([_facts("no-tags", scale="micro")], [_unit(1, 0)])
    assert scores.subject_fit[0] == 1.0
    assert "适用对象：小微企业 ✓" in explain(matrix, 0, scores)


def test_reasons_name_the_matching_passage_and_the_thresholds() -> None:
    matrix, scores = _score([_facts("a")], [_unit(0.1, 1)])
    reasons = explain(matrix, 0, scores)
    assert reasons[-1].startswith("相关条文：第四条 对技术改造给予补助。")
    assert "成立年限：3年以上 ✓" in reasons
    assert "行业：制造业 ✓" in reasons


def test_similarity_below_the_floor_adds_nothing() -> None:
    _, scores = _score([_facts("a"), _facts("b")], [_unit(1, 0), _unit(0, 0, 1)])
    assert scores.similarity[1] == pytest.approx(0.0)
    assert scores.score[0] - scores.score[1] == pytest.approx(CONFIG.semantic_weight)


@pytest.mark.parametrize("policy", [
    _policy(status="已废止"), _policy(interprets="奉政发〔2024〕8号"), _policy(kinds=()),
], ids=["repealed", "interpretation", "internal"])
def test_policies_that_are_not_pushable_select_nobody(policy) -> None:  # type: ignore[no-untyped-def]
    _, scores = _score([_facts("a")], [_unit(1, 0)], policy)
    assert not scores.selected.any()


def test_row_blocks_do_not_change_the_result(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    facts = [_facts(f"s{i}", region=("奉化区", "镇海区", "江苏省苏州市")[i % 3]) for i in range(50)]
    vectors = list(rng.normal(size=(50, DIM)).astype(np.float32))
    vectors = [v / np.linalg.norm(v) for v in vectors]
    _, whole = _score(facts, vectors)
    monkeypatch.setattr(matching, "BLOCK_ROWS", 7)
    _, blocked = _score(facts, vectors)
    assert np.array_equal(whole.selected, blocked.selected)
    assert np.allclose(whole.score, blocked.score) and np.allclose(whole.similarity, blocked.similarity)
