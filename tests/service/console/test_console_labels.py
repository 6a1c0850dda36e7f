"""Relevance labels: one judgement per passage and question, `zhengce eval` export, precision@5 per day."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.console.labels import LabelStore, Passage
from service.container import Container
from service.qa.evaluation import load_questions
from tests.service.console.conftest import SteppingClock

RULE = Passage("doc-a", "第三条", "申请人可以通过网络、信函等方式提出政府信息公开申请。", chunk_id=7, rank=1)
TABLE = Passage("doc-b", "", "附件：任务分解表（完成时限 2022年12月）", chunk_id=9, rank=2)
OTHER = Passage("doc-c", "一、（二）", "推进财政预决算公开。", chunk_id=11, rank=3)


@pytest.fixture
def labels(container: Container, clock: SteppingClock) -> LabelStore:
    return LabelStore(container.engine, clock=clock)


def test_a_second_judgement_replaces_the_first(labels: LabelStore) -> None:
    assert labels.set("怎么申请公开？", RULE, True, "wang") is None
    assert labels.set("怎么申请公开", RULE, False, "li") is True  # same question once normalised
    assert labels.of_query("怎么申请公开？") == {RULE.key: False}
    assert [(q.relevant, q.judged) for q in labels.queries()] == [(0, 1)]


def test_export_is_read_by_zhengce_eval(labels: LabelStore, tmp_path: Path) -> None:
    labels.set("怎么申请公开？", RULE, True, "wang")
    labels.set("怎么申请公开？", TABLE, True, "wang")
    labels.set("怎么申请公开？", OTHER, False, "wang")
    labels.set("没有相关段落的问题", OTHER, False, "wang")
    lines = labels.export_lines()
    assert [json.loads(line) for line in lines] == [{"query": "怎么申请公开？", "gold": [
        {"doc": "doc-a", "article": "第三条"}, {"doc": "doc-b", "article": "附件：任务分解表（完成时限 2022年12月）"}]}]
    exported = tmp_path / "labels.jsonl"
    exported.write_text("\n".join(lines), encoding="utf-8")
    assert [g.doc for g in load_questions(exported)[0].gold] == ["doc-a", "doc-b"]


def test_precision_at_5_per_day_averages_questions(labels: LabelStore, clock: SteppingClock) -> None:
    labels.set("问题一", RULE, True, "wang")
    labels.set("问题一", TABLE, False, "wang")
    labels.set("问题二", OTHER, True, "wang")
    labels.set("问题二", Passage("doc-d", "", "排在第六名的段落", rank=6), False, "wang")  # outside the top 5
    clock.advance(days=1)
    labels.set("问题三", TABLE, False, "wang")
    points = labels.precision_at_5()
    assert [(p.day, p.precision, p.queries) for p in points] == [("2024-05-01", 0.75, 2), ("2024-05-02", 0.0, 1)]
