"""The everyday-word table (`service/qa/everyday_terms.toml`): well formed, and read the way questions need it."""

from __future__ import annotations

from collections import Counter

from service.qa.retrieval import question_terms
from service.qa.synonyms import TERMS, canonical, expand


def test_the_table_is_well_formed() -> None:
    variants = Counter(v for vs in TERMS.values() for v in vs)
    assert len(TERMS) >= 150
    assert all(vs for vs in TERMS.values()), "a term without everyday words"
    assert all(len(v) >= 2 for v in variants), "a one-character everyday word matches everywhere"
    assert [v for v, n in variants.items() if n > 1] == [], "an everyday word under two terms"
    assert all(term not in vs for term, vs in TERMS.items())


def test_everyday_words_add_the_statute_terms() -> None:
    assert expand("房东要涨房租，租客能不同意吗").split()[1:] == ["承租人", "出租人", "租金"]
    assert "机动车驾驶证" in expand("驾照丢了还能开车吗") and "饮酒后驾驶" in expand("酒驾怎么处罚")
    assert canonical("个税年度汇算什么时候办理") == "个人所得税汇算清缴什么时候办理"


def test_the_longest_everyday_word_wins() -> None:
    # 不给交 (社保) is 未依法缴纳, not also 不给 (工资) 未及时足额支付
    assert expand("公司不给交社保怎么办").split()[1:] == ["未依法缴纳", "社会保险", "用人单位"]


def test_asking_words_are_no_terms_of_the_question() -> None:
    terms = question_terms("孩子几岁必须办身份证")
    assert {"孩子", "身份证", "子女", "居民身份证"} <= set(terms) and not {"几岁", "必须"} & set(terms)
    assert "几月份" not in question_terms("个税汇算在几月份")
