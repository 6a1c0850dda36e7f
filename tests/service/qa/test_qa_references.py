"""Direct references (社会保险法第五十八条, 《…》第X条第Y款) and the re-ranking of the top candidates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from index.filters import SearchFilters
from index.models import Policy
from service.container import Container
from service.qa.references import ReferenceResolver, chinese_number, parse_section
from service.qa.retrieval import RerankWeights, Retriever, cited_sections, rerank, with_sentence_scores
from tests.conftest import make_settings
from tests.service.qa.conftest import make_hit

ARTICLES = "\n\n".join(f"第{chinese_number(n)}条 用人单位应当依法办理第{n}项社会保险事务。" for n in range(1, 70))
LAW = Policy(id="law-si", title="中华人民共和国社会保险法", status="现行有效", category="法律",
             text=ARTICLES.replace("第五十八条 用人单位应当依法办理第58项社会保险事务。",
                                   "第五十八条 用人单位应当自用工之日起三十日内为其职工申请办理社会保险登记。\n"
                                   "未办理社会保险登记的，由社会保险经办机构核定其应当缴纳的社会保险费。"))


@pytest.fixture
def law_container(sample_container: Container) -> Container:
    sample_container.ingestor.ingest_policy(LAW)
    return sample_container


@pytest.mark.parametrize(("number", "written"), [(5, "五"), (10, "十"), (15, "十五"), (58, "五十八"), (101, "一百零一"),
                                                 (110, "一百一十"), (1165, "一千一百六十五")])
def test_article_numbers_are_written_as_the_law_writes_them(number: int, written: str) -> None:
    assert chinese_number(number) == written


def test_the_section_a_question_names() -> None:
    assert parse_section("社会保险法第58条讲什么") == ("第五十八条", None)
    assert parse_section("《劳动合同法》第三条第二款") == ("第三条", 2)
    assert parse_section("第八条之一") == ("第八条之一", None)
    assert parse_section("二、（三）的内容") == ("二、（三）", None)
    assert parse_section("试用期多久") is None


@pytest.mark.parametrize("question", ["社会保险法第五十八条规定了什么", "《中华人民共和国社会保险法》第58条",
                                      "社会保险法 第五十八条", "社保法第五十八条的内容"])
def test_a_named_article_comes_first(law_container: Container, question: str) -> None:
    vector = law_container.index.embed_query(question)
    retrieved = Retriever(law_container.searcher, RerankWeights()).retrieve(question, vector, 5, SearchFilters())
    assert retrieved.direct and retrieved.hits[0].doc_id == "law-si" and retrieved.hits[0].section == "第五十八条"


def test_a_named_paragraph_is_quoted_alone(law_container: Container) -> None:
    question = "社会保险法第五十八条第二款"
    vector = law_container.index.embed_query(question)
    hit = ReferenceResolver(law_container.searcher).resolve(question, vector)
    assert hit is not None and hit.section == "第五十八条第二款"
    assert hit.text.startswith("未办理社会保险登记的")


def test_a_document_the_corpus_lacks_is_no_reference(law_container: Container) -> None:
    question = "《工伤保险条例》第十七条"
    vector = law_container.index.embed_query(question)
    assert ReferenceResolver(law_container.searcher).resolve(question, vector) is None


def test_reranking_lifts_the_passage_holding_the_questions_terms() -> None:
    neighbour = make_hit("用人单位应当按时足额缴纳社会保险费。", dense=0.880, chunk_id=1)
    answer = make_hit("用人单位应当自用工之日起三十日内为其职工申请办理社会保险登记。", dense=0.875, chunk_id=2)
    question = "新员工入职后单位多长时间内要给办社保登记"
    assert [h.chunk_id for h in rerank(question, [neighbour, answer], RerankWeights())] == [1, 2]
    assert [h.chunk_id for h in rerank(question, [neighbour, answer], RerankWeights(lexical=0.1))] == [2, 1]


def test_a_question_asking_for_a_time_limit_prefers_the_neighbour_that_states_one() -> None:
    general = make_hit("用人单位与劳动者可以在劳动合同中约定试用期。", dense=0.871, chunk_id=1)
    limit = make_hit("劳动合同期限三年以上的，试用期不得超过六个月。", dense=0.866, chunk_id=2)
    question = "试用期最长能约定多久"
    assert [h.chunk_id for h in rerank(question, [general, limit], RerankWeights())] == [1, 2]
    assert [h.chunk_id for h in rerank(question, [general, limit], RerankWeights(slot=0.01))] == [2, 1]
    assert [h.chunk_id for h in rerank("试用期可以约定吗", [general, limit], RerankWeights(slot=0.01))] == [1, 2]


def test_a_term_few_candidates_hold_counts_more_than_one_all_of_them_hold() -> None:
    common = [make_hit(f"用人单位应当依法履行第{n}项义务。", dense=0.80, chunk_id=10 + n) for n in range(4)]
    neighbour = make_hit("用人单位应当按时足额支付劳动报酬。", dense=0.872, chunk_id=1)
    answer = make_hit("劳动者在试用期的工资不得低于本单位相同岗位最低档工资的百分之八十。", dense=0.870, chunk_id=2)
    ranked = rerank("用人单位试用期", [neighbour, answer, *common], RerankWeights(lexical=0.04))
    assert [h.chunk_id for h in ranked[:2]] == [2, 1]


def test_the_article_a_fellow_candidate_refers_to_comes_before_it() -> None:
    penalty = make_hit("第八十七条 用人单位违反本法规定解除劳动合同的，应当依照本法第四十七条规定的经济补偿标准的二倍"
                       "向劳动者支付赔偿金。", section="第八十七条", dense=0.896, chunk_id=1)
    rule = make_hit("第四十七条 经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准向劳动者支付。",
                    section="第四十七条", dense=0.894, chunk_id=2)
    other_law = make_hit("第四十七条 经济补偿另行规定。", section="第四十七条", dense=0.893, chunk_id=3, doc_id="doc-2")
    question = "被公司辞退了，补偿金怎么算"
    assert [h.chunk_id for h in rerank(question, [penalty, rule, other_law], RerankWeights())] == [1, 2, 3]
    ranked = rerank(question, [penalty, rule, other_law], RerankWeights(cited=0.005))
    assert [h.chunk_id for h in ranked] == [2, 1, 3]  # 第四十七条 of another law is not the one referred to


def test_an_article_is_cited_only_by_another_article_of_its_own_document_naming_it_whole() -> None:
    citing = make_hit("第二十八条 用人单位依据本法第二十四条、第二十六条的规定解除劳动合同的，依照本条例第四条执行。",
                      section="第二十八条", chunk_id=1)
    hits = [citing,
            make_hit("第二十四条 经双方协商一致，可以解除劳动合同。", section="第二十四条", chunk_id=2),
            # named only after 、, not whole: not cited
            make_hit("第二十六条 有下列情形之一的…", section="第二十六条", chunk_id=3),
            make_hit("第四条 …", section="第四条", chunk_id=4),
            make_hit("第四十条 …", section="第四十条", chunk_id=5),  # 本法第四十条 is not in 本法第四十七条
            make_hit("第二十四条 另一部法律。", section="第二十四条", chunk_id=6, doc_id="doc-2"),
            make_hit("第二十八条 本法第二十八条自公布之日起施行。", section="第二十八条", chunk_id=7)]  # its own
    assert cited_sections(hits) == {("doc-1", "第二十四条"), ("doc-1", "第四条")}


def test_an_added_article_and_a_chapter_are_cited_by_their_labels() -> None:
    hits = [make_hit("第一百条 违反本法第十条之一、本法第二章规定的，责令改正。", section="第一百条", chunk_id=1),
            make_hit("第十条之一 增设的条文。", section="第十条之一", chunk_id=2),
            make_hit("第十条 原有的条文。", section="第十条", chunk_id=3),  # "本法第十条之一" begins "本法第十条"
            make_hit("第二章 总则", section="第二章", chunk_id=4),
            make_hit("第十条之二 另一条增设的条文。", section="第十条之二", chunk_id=5)]
    assert cited_sections(hits) == {("doc-1", "第十条之一"), ("doc-1", "第十条"), ("doc-1", "第二章")}


def test_a_passage_whose_one_sentence_answers_comes_before_a_neighbour_close_on_the_whole() -> None:
    neighbour = replace(make_hit("第十九条 试用期包含在劳动合同期限内。劳动合同仅约定试用期的，试用期不成立。",
                                 section="第十九条", dense=0.880, chunk_id=1), sentence_scores=(0.870, 0.85))
    answer = replace(make_hit("第二十条 劳动者在试用期的工资不得低于本单位相同岗位最低档工资的百分之八十。其他。",
                              section="第二十条", dense=0.874, chunk_id=2), sentence_scores=(0.893, 0.86))
    question = "试用期工资最低能给多少"
    assert [h.chunk_id for h in rerank(question, [neighbour, answer], RerankWeights())] == [1, 2]
    assert [h.chunk_id for h in rerank(question, [neighbour, answer], RerankWeights(sentence=1.0))] == [2, 1]
    one_sentence = make_hit("第二十一条 一句。", section="第二十一条", dense=0.879, chunk_id=3)  # weighed by its own
    ranked = rerank(question, [neighbour, answer, one_sentence], RerankWeights(sentence=1.0))
    assert [h.chunk_id for h in ranked] == [2, 3, 1]


def test_candidates_carry_the_cosine_of_their_best_sentence(law_container: Container) -> None:
    question = "未办理社会保险登记怎么办"
    vector = law_container.index.embed_query(question)
    hits = Retriever(law_container.searcher, RerankWeights()).candidates(question, vector, SearchFilters())
    article = next(h for h in hits if h.section == "第五十八条")
    stored = law_container.index.sentence_vectors([article.chunk_id])[article.chunk_id]
    assert stored.shape == (2, vector.shape[0])  # its two sentences
    assert article.sentence_scores == pytest.approx(tuple(stored @ vector))
    assert all(h.sentence_scores == () for h in hits if h.section == "第一条")  # one sentence: its own vector
    plain = [replace(h, sentence_scores=()) for h in hits]
    assert with_sentence_scores(plain, {}, vector) == plain


def test_answers_re_rank_the_configured_number_of_candidates(tmp_path: Path) -> None:
    container = Container.build(make_settings(tmp_path, qa={"candidates": 7, "sentence_candidates": 3}))
    try:
        retriever = container.qa.service.parts.retriever
        assert (retriever.depth, retriever.by_sentence) == (7, 3)
    finally:
        container.close()


def test_a_passage_of_the_year_and_place_the_question_names_comes_before_a_closer_one_of_another_year() -> None:
    # 奉化区2018年政务公开工作要点: the 2020 annual report mentions 政务公开工作要点 (of 2020) and is a hair closer
    report = make_hit("7月下发制定《2020年宁波市奉化区政务公开工作要点》，对本年度政务公开工作进行了任务布置。",
                      title="奉化区人民政府2020年政府信息公开工作年度报告", section="五、", dense=0.920,
                      doc_id="report", chunk_id=1, issued=date(2021, 1, 20))
    plan = make_hit("围绕建设法治政府全面推进政务公开。",
                    title="关于印发2018年宁波市奉化区政务公开工作要点及责任分工的通知", section="一、", dense=0.918,
                    doc_id="plan", chunk_id=2, issued=date(2018, 7, 31))
    question = "奉化区2018年政务公开工作要点有哪些"
    assert [h.chunk_id for h in rerank(question, [report, plan], RerankWeights())] == [1, 2]
    assert [h.chunk_id for h in rerank(question, [report, plan], RerankWeights(named=0.01))] == [2, 1]
    # a question naming nothing is ranked as before
    assert [h.chunk_id for h in rerank("政务公开工作要点有哪些", [report, plan], RerankWeights(named=0.01))] == [1, 2]
