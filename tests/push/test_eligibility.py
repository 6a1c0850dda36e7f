"""Eligibility: in force or not, required conditions with met / not met / unknown, and what unknown does."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest

from index.models import Policy
from push.audience import derive_audience
from push.conditions import Condition
from push.eligibility import FAIL, PASS, evaluate, in_force, passes
from push.features import Passage, ProfileFacts, build_matrix, policy_features
from push.matching import MatchConfig, score_policies
from push.reasons import explain

TODAY = date(2026, 6, 1)


def _facts(sid: str, **fields: object) -> ProfileFacts:
    values: dict = {"kind": "enterprise", "region": "浙江省宁波市奉化区", "scale": None, "industry": "汽车零部件制造",
                    "tags": [], "established": date(2015, 1, 1), "name": f"{sid}有限公司", "facts": {}}
    values.update(fields)
    return ProfileFacts(sid, **values)  # type: ignore[arg-type]


def _policy(text: str, title: str = "关于支持企业发展的若干措施", **meta: object) -> Policy:
    return Policy(id="p", title=title, text=text, issuer="宁波市奉化区人民政府", region="浙江省宁波市奉化区", **meta)


def _select(policy: Policy, facts: list[ProfileFacts], now: date = TODAY, unknown: str = PASS):  # type: ignore[no-untyped-def]
    vectors = np.tile(np.eye(1, 8, dtype=np.float32), (len(facts), 1))
    matrix = build_matrix(facts, vectors, now)
    features = policy_features(policy, derive_audience(policy), [(Passage("一、", "……"), vectors[0].tobytes())])
    scores = score_policies(matrix, [features], MatchConfig(unknown=unknown), now)[0]
    return matrix, scores


@pytest.mark.parametrize(("meta", "expected"), [
    ({"status": "现行有效"}, True),
    ({"status": "已废止"}, False),
    ({"status": "现行有效", "effective": date(2027, 1, 1)}, False),
    ({"status": "现行有效", "effective": date(2026, 1, 1)}, True),
])
def test_in_force(meta: dict, expected: bool) -> None:
    assert in_force(Policy(id="p", title="t", text="", **meta), datetime(2026, 6, 1, 9)) is expected


def test_a_policy_not_yet_in_force_or_repealed_selects_nobody() -> None:
    text = "一、补助对象\n在奉化区登记注册的小微企业。"
    facts = [_facts("a", facts={"employees": 12, "revenue": 260})]
    for meta in ({"status": "已废止"}, {"status": "现行有效", "effective": date(2027, 1, 1)}):
        _, scores = _select(_policy(text, **meta), facts)
        assert not scores.selected.any()
    _, scores = _select(_policy(text, status="现行有效"), facts)
    assert scores.selected.all()


def test_a_specialised_policy_skips_a_micro_firm_without_the_qualification() -> None:
    text = "一、支持对象\n在奉化区注册、经认定的专精特新中小企业。"
    facts = [_facts("micro", facts={"employees": 8, "revenue": 200}),
             _facts("zjtx", tags=["专精特新"], facts={"employees": 80, "revenue": 6000})]
    matrix, scores = _select(_policy(text, status="现行有效"), facts)
    assert list(scores.selected) == [False, True]
    assert "资质：专精特新 ✗" in explain(matrix, 0, scores)


def test_an_above_scale_manufacturing_policy_skips_a_micro_firm() -> None:
    text = "二、申报主体\n奉化区依法登记注册的规模以上制造业企业（年主营业务收入2000万元及以上）。"
    facts = [_facts("micro", facts={"employees": 12, "revenue": 260}),
             _facts("big", facts={"employees": 210, "revenue": 16000}),
             _facts("shop", industry="奶茶店", facts={"employees": 300, "revenue": 5000})]
    matrix, scores = _select(_policy(text, status="现行有效"), facts)
    assert list(scores.selected) == [False, True, False]
    assert any(r.startswith("营业收入：2000万元以上 ✗") for r in explain(matrix, 0, scores))


def test_unknown_passes_or_fails_as_configured_and_says_what_is_missing() -> None:
    text = "二、申报主体\n奉化区依法登记注册的规模以上工业企业（年主营业务收入2000万元及以上）。"
    facts = [_facts("no-revenue", facts={"employees": 210})]
    matrix, passing = _select(_policy(text, status="现行有效"), facts, unknown=PASS)
    _, failing = _select(_policy(text, status="现行有效"), facts, unknown=FAIL)
    assert passing.selected[0] and not failing.selected[0]
    assert "营业收入：2000万元以上 ？资料未填营业收入" in explain(matrix, 0, passing)


def test_evaluate_reports_met_not_met_and_unknown_per_subscriber() -> None:
    facts = [_facts("state", facts={"ownership": "state"}), _facts("private", facts={"ownership": "private"}),
             _facts("silent"), _facts("citizen", kind="citizen", industry=None, facts={"birth_year": 1950})]
    matrix = build_matrix(facts, np.ones((4, 8), dtype=np.float32), TODAY)
    [result] = evaluate(matrix.facts, [Condition("ownership", ["private"])])
    assert list(result.met) == [False, True, False, False]
    assert list(result.unknown) == [False, False, True, False]
    assert list(passes([result], 4, PASS)) == [False, True, True, False]
    assert list(passes([result], 4, FAIL)) == [False, True, False, False]
