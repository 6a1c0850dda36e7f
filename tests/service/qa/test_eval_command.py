"""`zhengce eval`: gold matching, the metrics, the hand-over curve, and the command on the sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from config import get_settings
from service.cli import main
from service.container import Container
from service.qa.evaluation import (
    Gold,
    GoldMatcher,
    Outcome,
    handoff_curve,
    load_questions,
    retrieval_metrics,
)
from tests.conftest import make_settings
from tests.service.qa.conftest import make_hit


def outcome(rank: int | None, confidence: float = 0.5) -> Outcome:
    return Outcome("q", rank, 0.9, confidence)


def test_recall_and_mrr_count_the_first_gold_hit() -> None:
    metrics = retrieval_metrics([outcome(1), outcome(3), outcome(7), outcome(None)])
    assert metrics == pytest.approx({"recall@1": 0.25, "recall@5": 0.5, "recall@10": 0.75,
                                     "mrr@10": (1 + 1 / 3 + 1 / 7) / 4})


def test_the_curve_counts_hand_overs_on_both_sides_of_each_threshold() -> None:
    answerable = [outcome(1, 0.9), outcome(2, 0.4), outcome(None, 0.7)]
    unanswerable = [outcome(None, 0.2), outcome(None, 0.6)]
    points = handoff_curve(answerable, unanswerable, [0.5, 0.8])
    assert [(p.answerable_handed_over, p.unanswerable_handed_over, p.answered_wrong) for p in points] == [
        (1, 1, 1), (2, 2, 0)]


def test_a_gold_matches_by_section_or_by_text_and_samples_by_file_name(sample_container: Container) -> None:
    matcher = GoldMatcher(sample_container.store)
    fenghua = next(p for p in sample_container.store.policy_ids()
                   if sample_container.store.get_policy(p).source.endswith("000_02ed88846ad4d84b.txt"))
    hit = make_hit("累计兑现金额14169万元", doc_id=fenghua, section="一、")
    assert matcher.is_gold(hit, [Gold("sample:000", "14169万元")])
    assert matcher.is_gold(hit, [Gold("sample:000", "一、")])
    assert not matcher.is_gold(hit, [Gold("sample:001", "14169万元")])
    assert not matcher.is_gold(hit, [Gold("sample:000", "第三十八条")])
    assert matcher.is_gold(make_hit("x", doc_id="cnlaw-1", section="第三十八条"), [Gold("cnlaw-1", "第三十八条")])


def test_a_bad_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"query": "a", "gold": []}\n{"gold": []}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="第 2 行"):
        load_questions(path)


def test_the_command_scores_a_question_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    settings = make_settings(tmp_path)
    built = Container.build(settings)
    built.start()
    built.ingest_samples()
    built.close()
    answerable = tmp_path / "answerable.jsonl"
    answerable.write_text(json.dumps({"query": "惠企人才政策兑现一键通平台累计兑现金额",
                                      "gold": [{"doc": "sample:000", "article": "14169万元"}]}, ensure_ascii=False),
                          encoding="utf-8")
    unanswerable = tmp_path / "unanswerable.jsonl"
    unanswerable.write_text('{"query": "红烧肉怎么做才好吃"}\n', encoding="utf-8")
    monkeypatch.setenv("ZHENGCE_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("ZHENGCE_EMBEDDER", "hashing")
    monkeypatch.setenv("ZHENGCE_INGEST_SAMPLES_ON_START", "false")
    get_settings.cache_clear()
    try:
        code = main(["eval", str(answerable), "--unanswerable", str(unanswerable), "--json",
                     "--fusion", "1/0.3", "1/1", "--thresholds", "0", "1.01"])
    finally:
        get_settings.cache_clear()
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and set(report["fusion"]) == {"1/0.3", "1/1"}
    assert report["fusion"]["1/1"]["recall@10"] == 1.0
    assert [(p["answerable_handed_over"], p["unanswerable_handed_over"]) for p in report["curve"]] == [(0, 0), (1, 1)]
