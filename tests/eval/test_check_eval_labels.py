"""The label check of the answerable set: a gold article must hold one of its question's evidence strings."""

from scripts.check_eval_labels import articles, judgment_problems, problems

LAW = """---
id: law-1
---
# 第一章 总则

第十九条 劳动合同期限三个月以上不满一年的，试用期不得超过一个月；
劳动合同期限一年以上的，试用期不得超过六个月。
第二十条 劳动者在试用期的工资不得低于本单位相同岗位最低档工资的百分之八十。
# 第二章 附则
第二十一条 劳动合同可以约定试用期。试用期最长不得超过六个月。
"""


def test_articles_keep_their_continuation_lines_and_stop_at_a_heading():
    found = articles(LAW)
    assert list(found) == ["第十九条", "第二十条", "第二十一条"]
    assert found["第十九条"].endswith("试用期不得超过六个月。")
    assert "附则" not in found["第二十条"]


def test_a_gold_article_without_its_own_wording_among_the_evidence_is_reported():
    laws = {"law-1": articles(LAW)}
    question = {"query": "试用期最长多久", "evidence": ["试用期不得超过六个月"],
                "gold": [{"doc": "law-1", "article": "第十九条"}, {"doc": "law-1", "article": "第二十一条"}]}
    assert problems([question], laws) == ["试用期最长多久: law-1 第二十一条 holds no evidence string"]
    question["evidence"].append("试用期最长不得超过六个月。")  # punctuation is ignored
    assert problems([question], laws) == []


def test_a_missing_article_is_reported_and_sample_documents_are_skipped():
    laws = {"law-1": articles(LAW)}
    questions = [{"query": "q", "evidence": ["x"], "gold": [{"doc": "law-1", "article": "第九十九条"}]},
                 {"query": "s", "evidence": ["y"], "gold": [{"doc": "sample:000", "article": "一、"}]}]
    assert problems(questions, laws) == ["q: law-1 第九十九条 not in the corpus"]


def test_a_judged_passage_must_hold_its_evidence_and_belong_to_a_question_of_the_set():
    laws = {"law-1": articles(LAW)}
    questions = [{"query": "试用期最长多久", "evidence": ["x"], "gold": []}]
    judgments = [
        {"query": "试用期最长多久", "doc": "law-1", "article": "第二十一条", "relevant": True,
         "evidence": "最长不得超过六个月"},
        {"query": "试用期最长多久", "doc": "law-1", "article": "第二十条", "relevant": True, "evidence": "六个月"},
        {"query": "试用期最长多久", "doc": "law-1", "article": "第二十条", "relevant": False, "evidence": ""},
        {"query": "试用期最长多久", "doc": "law-1", "article": "第九十条", "relevant": True, "evidence": "六个月"},
        {"query": "别的问题", "doc": "law-1", "article": "第二十条", "relevant": False, "evidence": ""},
    ]
    assert judgment_problems(judgments, questions, laws) == [
        "试用期最长多久: judged law-1 第二十条 does not hold its evidence",
        "试用期最长多久: judged law-1 第九十条 not in the corpus",
        "别的问题: judged, but not a question of the set",
    ]
