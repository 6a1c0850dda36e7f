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


@pytest.mark.parametrize(("a", "b"), [
    ("自建房翻修补贴怎么申请", "老旧小区翻修补贴怎么申请"),
    ("本科生租房补贴发多久", "博士租房补贴发多久"),
    ("小学入学需要哪些材料", "初中转学需要哪些材料"),
])
def test_one_word_swapped_in_the_same_question_is_another_errand(a: str, b: str) -> None:
    assert intents_differ(a, b)
    assert not ParaphraseMatcher(0.93).same_intent(a, b, 0.97)


@pytest.mark.parametrize(("a", "b"), [
    ("社保卡怎么补办", "社会保险卡怎么补办"),       # everyday word for the policy term
    ("住房公积金怎么提取", "公积金怎么取出来"),       # reworded verb sharing a character
    ("失业保险金最长能领多久", "失业保险金最长可以领多久"),  # the swapped parts are question words
    # in the terms (孩子 / 小孩 → 子女), only asking words differ: 多大必须 / 几岁要, 什么时候办理 / 几月份
    ("孩子多大必须办身份证", "小孩几岁要办身份证"),
    ("个税年度汇算什么时候办理", "个人所得税汇算清缴在几月份"),
])
def test_a_reworded_question_is_no_swap(a: str, b: str) -> None:
    assert not intents_differ(a, b)
