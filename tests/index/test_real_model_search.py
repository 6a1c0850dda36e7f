"""Search with the real e5-small model over the sample corpus: what the issue says must show."""

from __future__ import annotations

import pytest

from service.container import Container

pytestmark = pytest.mark.model


def test_fenghua_application_figure_is_the_top_passage(real_container: Container) -> None:
    hits = real_container.searcher.search("奉化区依申请公开办结了多少件", top_k=3)
    top = hits[0]
    assert "311件" in top.text, [h.text[:60] for h in hits]
    assert "奉化" in top.title and "2020年政府信息公开工作年度报告" in top.title
    assert top.section


def test_task_table_question_finds_the_row_with_deadline_and_units(real_container: Container) -> None:
    hits = real_container.searcher.search("鄞州区项目预算公开试点什么时候完成，哪个部门负责", top_k=3)
    row = next(h for h in hits if "项目预算公开试点" in h.text)
    assert "12月底前" in row.text and "区财政局" in row.text


def test_dense_scores_separate_on_topic_from_off_topic(real_container: Container) -> None:
    on_topic = real_container.searcher.search("政府信息公开申请怎么办理", top_k=1)[0].dense_score
    off_topic = real_container.searcher.search("明天杭州天气怎么样", top_k=1)[0].dense_score
    assert on_topic > off_topic
