"""Paraphrases find each other; same-topic questions of another errand do not."""

from __future__ import annotations

import pytest

from service.qa.paraphrase import ParaphraseMatcher, intents_differ


@pytest.mark.parametrize(("a", "b"), [
    ("办理护照需要准备哪些材料", "办护照要带什么材料"),
    ("产假一共有多少天", "生孩子能休几天产假"),
    ("年假有几天", "带薪年休假能休多少天"),
])
def test_paraphrases_carry_no_mark_apart(a: str, b: str) -> None:
    assert not intents_differ(a, b)


@pytest.mark.parametrize(("a", "b"), [
    ("社保缴费基数是多少", "公积金缴存基数是多少"),
    ("护照怎么申请", "护照到期怎么续签"),
    ("失业保险金领多久", "失业保险金领多少钱"),
    ("营业执照怎么办理", "营业执照怎么注销"),
])
def test_a_different_subject_action_or_figure_marks_another_errand(a: str, b: str) -> None:
    assert intents_differ(a, b)


def test_the_matcher_needs_both_the_cosine_and_no_mark() -> None:
    matcher = ParaphraseMatcher(0.93)
    assert matcher.same_intent("办理护照需要准备哪些材料", "办护照要带什么材料", 0.94)
    assert not matcher.same_intent("办理护照需要准备哪些材料", "办护照要带什么材料", 0.90)
    assert not matcher.same_intent("社保缴费基数是多少", "公积金缴存基数是多少", 0.99)
