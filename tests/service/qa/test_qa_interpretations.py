"""Policies and their 政策解读 are linked both ways in answers."""

from __future__ import annotations

from index.filters import SearchFilters
from index.models import Policy
from service.container import Container
from service.qa.references import DocumentCatalogue
from service.qa.service import Question

POLICY = Policy(id="pol-1", title="某市支持小微企业吸纳高校毕业生就业的通知", doc_number="某人社发〔2024〕3号",
                text="一、补贴对象\n小微企业招用毕业年度高校毕业生，签订1年以上劳动合同的，给予一次性吸纳就业补贴。\n"
                     "二、补贴标准\n每招用1人补贴1500元。")
READING = Policy(id="read-1", title=f"《{POLICY.title}》政策解读", interprets="某人社发〔2024〕3号",
                 text="一、出台背景\n为稳定高校毕业生就业，出台本通知。\n二、主要内容\n小微企业每招用1名高校毕业生补贴1500元。")


def ingest(container: Container) -> None:
    for policy in (POLICY, READING):
        container.ingestor.ingest_policy(policy)


def test_an_answer_citing_a_policy_links_its_interpretation(answering_container: Container) -> None:
    ingest(answering_container)
    answer = answering_container.qa.service.ask(
        Question("小微企业招高校毕业生有补贴吗", filters=SearchFilters(doc_ids=("pol-1",))))
    assert [(i.doc_id, i.interprets) for i in answer.interpretations] == [("read-1", "某人社发〔2024〕3号")]
    assert answer.interpretations[0].url.endswith("/policies/read-1")


def test_an_answer_citing_an_interpretation_also_cites_the_policy_it_explains(
        answering_container: Container) -> None:
    ingest(answering_container)
    answer = answering_container.qa.service.ask(
        Question("小微企业招高校毕业生补贴多少钱", filters=SearchFilters(doc_ids=("read-1",))))
    assert [c.doc_id for c in answer.citations] == ["read-1", "pol-1"]
    assert f"该解读所解读的政策文件：《{POLICY.title}》" in answer.text and answer.text.endswith("[2]")


def test_the_catalogue_finds_the_interpretations_the_database_holds_and_follows_a_write(
        answering_container: Container) -> None:
    # answers read the 政策解读 of cited policies from the catalogue of the index generation, not per answer from the
    # database: both must give the same, by id and by 文号, and a new interpretation shows at the next generation
    ingest(answering_container)
    by_id = Policy(id="read-2", title="政策解读（二）", interprets="pol-1", text="一、要点\n补贴1500元。")
    answering_container.ingestor.ingest_policy(by_id)
    catalogue = DocumentCatalogue(answering_container.searcher)
    index = answering_container.index

    def ids(found: dict[str, list[Policy]]) -> dict[str, list[str]]:
        return {doc: [p.id for p in items] for doc, items in found.items()}

    wanted = ["pol-1", "read-1", "absent"]
    assert ids(catalogue.interpretations_for(wanted)) == ids(index.interpretations_for(wanted)) == {
        "pol-1": ["read-1", "read-2"], "read-1": [], "absent": []}
    answering_container.ingestor.ingest_policy(Policy(id="read-3", title="政策解读（三）", interprets="pol-1",
                                                      text="一、要点\n每人1500元。"))
    assert ids(catalogue.interpretations_for(["pol-1"])) == {"pol-1": ["read-1", "read-2", "read-3"]}
