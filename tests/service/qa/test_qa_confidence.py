"""The answerability model: features of what was retrieved, one logistic model over them, stored as JSON."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from config.settings import QASettings
from service.qa.confidence import DEFAULT_MODEL, ConfidenceModel, fit
from service.qa.features import FEATURES, features
from service.qa.retrieval import RerankWeights, Retrieved
from tests.service.qa.conftest import make_hit

MINIMUM_WAGE = "第四十八条 国家实行最低工资保障制度。最低工资的具体标准由省、自治区、直辖市人民政府规定，报国务院备案。"
PROBATION = ("第十九条 劳动合同期限三个月以上不满一年的，试用期不得超过一个月；"
             "三年以上固定期限的，试用期不得超过六个月。")


def retrieved(*texts: str, dense: float = 0.9, direct: bool = False, title: str = "中华人民共和国劳动法") -> Retrieved:
    return Retrieved([make_hit(t, dense=dense - 0.01 * n, chunk_id=n, title=title) for n, t in enumerate(texts)],
                     direct)


def test_a_place_the_passages_never_name_is_missing() -> None:
    values = features("上海市2024年最低工资标准是多少钱", retrieved(MINIMUM_WAGE))
    assert values["place_missing"] == 1.0 and values["year_missing"] == 1.0
    assert features("最低工资标准由谁规定", retrieved(MINIMUM_WAGE))["place_missing"] == 0.0


def test_an_asked_figure_absent_from_the_passages_is_missing() -> None:
    assert features("最低工资一个月多少钱", retrieved(MINIMUM_WAGE))["figure_missing"] == 1.0
    held = features("试用期最长能约定多久", retrieved(PROBATION, title="中华人民共和国劳动合同法"))
    assert held["figure_missing"] == 0.0 and held["slot_filled"] == 1.0


def test_a_named_document_absent_from_the_results_is_missing() -> None:
    assert features("《住房租赁条例》对押金怎么规定", retrieved(MINIMUM_WAGE))["title_missing"] == 1.0
    assert features("《劳动法》第四十八条", retrieved(MINIMUM_WAGE, direct=True))["title_missing"] == 0.0


def test_no_hits_means_no_confidence() -> None:
    model = ConfidenceModel.load()
    assert model.probability(features("试用期多久", Retrieved([], False))) < 0.05


def test_the_fit_learns_that_a_missing_place_means_no_answer() -> None:
    rng = np.random.default_rng(7)
    rows = [{"cosine": float(c), "place_missing": float(p)} for c, p in
            zip(rng.normal(0.6, 0.3, 200), rng.integers(0, 2, 200), strict=True)]
    grounded = [1.0 if r["place_missing"] == 0 and r["cosine"] > 0.4 else 0.0 for r in rows]
    model = fit(rows, grounded, rerank=RerankWeights(0.05, 0.0))
    assert model.weights["place_missing"] < -1 and model.weights["cosine"] > 0
    assert model.probability({"cosine": 1.0}) > 0.8 > 0.2 > model.probability({"cosine": 1.0, "place_missing": 1.0})


def test_a_saved_model_loads_back_and_unknown_features_are_refused(tmp_path: Path) -> None:
    model = ConfidenceModel(-1.0, {"cosine": 2.0, "direct": 3.0}, RerankWeights(0.04, 0.01))
    path = tmp_path / "model.json"
    path.write_text(model.to_json(), encoding="utf-8")
    assert ConfidenceModel.load(path) == model
    path.write_text('{"bias": 0, "weights": {"moon_phase": 1}}', encoding="utf-8")
    with pytest.raises(ValueError, match="moon_phase"):
        ConfidenceModel.load(path)


def test_the_packaged_model_uses_only_known_features() -> None:
    assert set(ConfidenceModel.load(DEFAULT_MODEL).weights) <= set(FEATURES)


PENSION = "第十二条 用人单位应当按照国家规定的本单位职工工资总额的比例缴纳基本养老保险费，记入基本养老保险统筹基金。"
PLATFORM = "第十条 国家建立全国统一的政务服务平台，为群众办事提供便利。"


def test_a_rate_question_is_not_answered_by_the_word_rate() -> None:
    values = features("城镇职工养老保险单位缴费比例是百分之几", retrieved(PENSION, title="中华人民共和国社会保险法"))
    assert values["figure_missing"] == 1.0 and values["figure_off_point"] == 1.0


def test_a_figure_elsewhere_in_the_passage_is_off_point() -> None:
    text = "第五条 失业人员应当办理失业登记。用人单位应当自用工之日起三十日内为职工办理登记。"
    values = features("失业金能领多久", retrieved(text, title="中华人民共和国社会保险法"))
    assert values["figure_missing"] == 0.0 and values["figure_off_point"] == 1.0
    on_point = features("试用期最长能约定多久", retrieved(PROBATION, title="中华人民共和国劳动合同法"))
    assert on_point["figure_off_point"] == 0.0


def test_a_named_channel_the_passage_answered_from_lacks_is_missing() -> None:
    assert features("国家医保服务平台怎么查缴费记录", retrieved(PLATFORM))["named_missing_best"] == 1.0
    assert features("政务服务平台怎么办", retrieved(PLATFORM))["named_missing_best"] == 0.0
    assert features("上海市最低工资是多少", retrieved(MINIMUM_WAGE))["named_missing_best"] == 1.0


def test_the_packaged_model_hands_over_a_rate_the_passage_does_not_state_and_answers_one_it_does() -> None:
    model, threshold = ConfidenceModel.load(), QASettings().handoff_threshold
    unstated = features("城镇职工养老保险单位缴费比例是百分之几", retrieved(PENSION, title="中华人民共和国社会保险法"))
    stated = features("试用期最长能约定多久", retrieved(PROBATION, title="中华人民共和国劳动合同法"))
    assert model.probability(unstated) < threshold <= model.probability(stated)


DISTRICT_SUBSIDY = ("三、（二）对在鄞州区购买首套住房并使用住房公积金贷款的企业职工，按贷款额的1%给予一次性贷款贴息，"
                    "最高不超过1万元。")


def test_a_city_housing_fund_question_is_not_answered_by_a_districts_loan_subsidy_rule() -> None:
    """Tried as a new user would: a city 公积金 question was answered at 0.6 with a district's 贷款贴息 rule."""
    model, threshold = ConfidenceModel.load(), QASettings().handoff_threshold
    values = features("宁波市住房公积金贷款最高能贷多少", retrieved(DISTRICT_SUBSIDY, dense=0.9,
                                                          title="鄞州区关于促进房地产市场平稳健康发展的若干意见"))
    assert values["place_missing"] == 1.0 and values["named_missing_best"] == 1.0
    assert model.probability(values) < threshold
