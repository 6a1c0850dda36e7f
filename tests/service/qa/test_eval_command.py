"""`zhengce eval`: gold matching, the metrics, threshold choice, and the command on the sample corpus."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from config import get_settings
from service.cli import main
from service.container import Container
from service.qa.evaluation import (
    DEFAULT_L2,
    L2_GRID,
    TARGET_GRID,
    Gold,
    GoldMatcher,
    HandoverFit,
    Judgment,
    Labelled,
    Outcome,
    choose_handover_fit,
    choose_threshold,
    fit_confidence,
    handoff_rates,
    judged_outcomes,
    load_questions,
    retrieval_metrics,
    with_judged,
)
from service.qa.retrieval import RerankWeights
from tests.conftest import make_settings
from tests.service.qa.conftest import make_hit


def outcome(rank: int | None, confidence: float = 0.5, kind: str = "") -> Outcome:
    return Outcome(Labelled("q", kind=kind), rank, {}, [], confidence)


def test_recall_and_mrr_count_the_first_gold_hit() -> None:
    metrics = retrieval_metrics([1, 3, 7, None])
    assert metrics == pytest.approx({"recall@1": 0.25, "recall@5": 0.5, "recall@10": 0.75,
                                     "mrr@10": (1 + 1 / 3 + 1 / 7) / 4})


def test_hand_over_rates_count_both_sides_of_the_threshold_and_each_kind() -> None:
    answerable = [outcome(1, 0.9), outcome(2, 0.4), outcome(None, 0.7)]
    unanswerable = [outcome(None, 0.2, "near_miss"), outcome(None, 0.6, "near_miss"), outcome(None, 0.1, "out")]
    rates = handoff_rates(answerable, unanswerable, 0.5)
    assert rates["answerable_handed_over"] == pytest.approx(1 / 3, abs=1e-4)
    assert rates["unanswerable_handed_over"] == pytest.approx(2 / 3, abs=1e-4)
    assert rates["answered_without_gold_top3"] == pytest.approx(1 / 3, abs=1e-4)
    assert rates["handed_over_near_miss"] == 0.5 and rates["handed_over_out"] == 1.0


def test_the_threshold_hands_over_at_most_the_allowed_share_of_answerable_questions() -> None:
    answerable = [outcome(1, c / 100) for c in range(1, 101)]
    threshold = choose_threshold(answerable, max_wrong_handover=0.05)
    assert sum(1 for o in answerable if o.confidence < threshold) == 5


def test_a_gold_matches_by_section_or_by_text_and_samples_by_file_name(sample_container: Container) -> None:
    matcher = GoldMatcher(sample_container.index)
    fenghua = next(p for p in sample_container.index.policy_ids()
                   if sample_container.index.get_policy(p).source.endswith("000_02ed88846ad4d84b.txt"))
    hit = make_hit("累计兑现金额14169万元", doc_id=fenghua, section="一、")
    assert matcher.is_gold(hit, [Gold("sample:000", "14169万元")])
    assert matcher.is_gold(hit, [Gold("sample:000", "一、")])
    assert not matcher.is_gold(hit, [Gold("sample:001", "14169万元")])
    assert not matcher.is_gold(hit, [Gold("sample:000", "第三十八条")])
    assert matcher.is_gold(make_hit("x", doc_id="cnlaw-1", section="第三十八条"), [Gold("cnlaw-1", "第三十八条")])


def test_a_bad_line_or_split_is_named(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"query": "a", "gold": []}\n{"gold": []}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="第 2 行"):
        load_questions(path)
    path.write_text('{"query": "a", "split": "train"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="split"):
        load_questions(path)


def test_the_shipped_question_sets_are_split_before_tuning() -> None:
    root = Path(__file__).resolve().parents[3] / "eval"
    answerable = load_questions(root / "qa_answerable.jsonl")
    unanswerable = load_questions(root / "qa_unanswerable.jsonl")
    assert len(answerable) >= 300 and len(unanswerable) >= 150
    assert all(q.evidence for q in answerable)
    assert sum(1 for q in unanswerable if q.kind == "near_miss") >= 2 / 3 * len(unanswerable)
    for questions in (answerable, unanswerable):
        assert 0.4 < sum(1 for q in questions if q.split == "dev") / len(questions) < 0.6
    # the split is the seeded hash of the question's text (eval/README.md), whenever the question was added
    for question in answerable + unanswerable:
        digest = hashlib.sha256(("zhengce-qa-v2:" + question.query).encode("utf-8")).hexdigest()
        assert question.split == ("dev" if int(digest[:8], 16) % 2 == 0 else "test"), question.query


def _sample_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A data dir with the sample corpus (hashing embedder), set as the command's environment."""
    settings = make_settings(tmp_path)
    built = Container.build(settings)
    built.start()
    built.ingest_samples()
    built.close()
    monkeypatch.setenv("ZHENGCE_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("ZHENGCE_EMBEDDER", "hashing")
    monkeypatch.setenv("ZHENGCE_INGEST_SAMPLES_ON_START", "false")


def _write_lines(path: Path, lines: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    return path


def _run(args: list[str]) -> int:
    get_settings.cache_clear()
    try:
        return main(args)
    finally:
        get_settings.cache_clear()


def test_the_command_reports_both_splits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    _sample_data_dir(tmp_path, monkeypatch)
    gold = [{"doc": "sample:000", "article": "14169万元"}]
    query = "惠企人才政策兑现一键通平台累计兑现金额"
    answerable = _write_lines(tmp_path / "answerable.jsonl", [
        {"query": query, "gold": gold, "evidence": ["14169万元"], "split": split} for split in ("dev", "test")])
    unanswerable = tmp_path / "unanswerable.jsonl"
    unanswerable.write_text('{"query": "红烧肉怎么做才好吃", "kind": "out_of_scope", "split": "dev"}\n'
                            '{"query": "猫咪不吃东西怎么办", "kind": "out_of_scope", "split": "test"}\n',
                            encoding="utf-8")
    code = _run(["eval", str(answerable), "--unanswerable", str(unanswerable), "--json", "--fit",
                 "--save", str(tmp_path / "model.json"), "--fusion", "1/0.3", "1/1", "--thresholds", "0", "1.01"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["model"]["fitted_on"] == "dev"
    assert json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))["bias"] == report["model"]["bias"]
    for split in ("dev", "test"):
        assert set(report[split]["search"]) == {"1/0.3", "1/1"} and report[split]["search"]["1/1"]["recall@10"] == 1.0
        assert report[split]["qa_retrieval"]["recall@10"] == 1.0
        assert [(p["answerable_handed_over"], p["unanswerable_handed_over"]) for p in report[split]["curve"]] == [
            (0, 0), (1, 1)]
        assert "judged" not in report[split]


def test_judged_passages_count_as_gold_only_in_the_judged_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _sample_data_dir(tmp_path, monkeypatch)
    query = "惠企人才政策兑现一键通平台累计兑现金额"
    # labelled with a passage the corpus lacks; an assessor judged the sample's own passage relevant
    answerable = _write_lines(tmp_path / "answerable.jsonl", [
        {"query": query, "gold": [{"doc": "cnlaw-absent", "article": "第一条"}], "evidence": ["不在语料中的一句话"],
         "split": "dev"}])
    judgments = _write_lines(tmp_path / "judgments.jsonl", [
        {"query": query, "doc": "sample:000", "article": "14169万元", "relevant": True, "evidence": "14169万元"},
        {"query": query, "doc": "sample:001", "article": "一、", "relevant": False, "evidence": ""}])
    assert _run(["eval", str(answerable), "--judgments", str(judgments), "--json", "--thresholds", "0"]) == 0
    dev = json.loads(capsys.readouterr().out)["dev"]
    assert dev["qa_retrieval"]["recall@10"] == 0.0
    assert dev["judged"]["questions_with_judged"] == 1 and dev["judged"]["qa_retrieval"]["recall@10"] == 1.0
    assert dev["judged"]["answers"]["answered"] == dev["answers"]["answered"]
    bad = _write_lines(tmp_path / "bad.jsonl", [{"query": query, "doc": "sample:000", "article": "一、",
                                                 "relevant": True}])
    assert _run(["eval", str(answerable), "--judgments", str(bad)]) != 0
    assert "evidence" in capsys.readouterr().err


def test_a_judged_passage_widens_gold_and_evidence_once_and_keeps_the_confidence() -> None:
    question = Labelled("q", [Gold("d1", "第一条")], ["e1"], "test")
    judgments = [Judgment("q", Gold("d2", "第九条"), True, "e2"), Judgment("q", Gold("d1", "第一条"), True, "e1"),
                 Judgment("q", Gold("d3", "第三条"), False), Judgment("other", Gold("d4", "第四条"), True, "e4")]
    [widened] = with_judged([question], judgments)
    assert widened.gold == [Gold("d1", "第一条"), Gold("d2", "第九条")] and widened.evidence == ["e1", "e2"]
    assert widened.split == "test" and question.gold == [Gold("d1", "第一条")]
    hits = [make_hit("x", doc_id="d3", section="第三条"), make_hit("y", doc_id="d2", section="第九条")]
    [judged] = judged_outcomes([Outcome(question, None, {"cosine": 1.0}, hits, 0.7)], [widened], _NoFiles())
    assert (judged.rank, judged.confidence, judged.features) == (2, 0.7, {"cosine": 1.0})


class _NoFiles(GoldMatcher):
    def __init__(self) -> None:
        self._files = {}


def _features(cosine: float) -> dict[str, float]:
    return {"cosine": cosine, "coverage": cosine / 2}


def test_the_regularisation_and_hand_over_target_are_chosen_on_held_out_folds_and_need_enough_questions() -> None:
    # answerable questions (gold in the top 3) score high, unanswerable ones low, with some overlap
    answerable = [Outcome(Labelled(f"a{n}"), 1, _features(0.2 + n / 20), [], 0.0) for n in range(20)]
    unanswerable = [Outcome(Labelled(f"u{n}", kind="near_miss"), None, _features(n / 20), [], 0.0)
                    for n in range(20)]
    chosen = choose_handover_fit(answerable, unanswerable)
    assert chosen.l2 in L2_GRID and chosen.target in TARGET_GRID
    assert choose_handover_fit(answerable, unanswerable) == chosen  # no chance in it
    assert choose_handover_fit(answerable[:4], unanswerable) == HandoverFit(DEFAULT_L2, 0.05)  # too few questions
    model = fit_confidence(answerable, unanswerable, RerankWeights(), l2=chosen.l2)
    assert model.probability(_features(1.0)) > 0.5 > model.probability(_features(0.0))
