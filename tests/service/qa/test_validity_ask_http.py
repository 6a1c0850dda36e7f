"""Validity questions end to end through `/v1/ask`, on the lifecycle fixture set, with the clock fixed.

A question naming a document by 文号 or 《title》 is answered about THAT document, with status, reason and
date; an out-of-force best match is answered from its successor, or not at all when it has none; an
amended policy brings the amendment's wording.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from index.parsing import read_policy
from push.timeutil import FrozenClock
from service.app import create_app
from service.container import Container
from tests.conftest import make_settings
from tests.index.test_lifecycle_corpus import FIXTURES

TODAY = datetime(2026, 6, 15, 2, 0, tzinfo=UTC)  # 10:00 in Asia/Shanghai


def doc(name: str) -> str:
    return read_policy(FIXTURES / name).id


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = make_settings(tmp_path_factory.mktemp("validity"), qa={"handoff_threshold": 0.0}, rate_limit="",
                             validity_as_of=None)
    built = Container.build(settings, clock=FrozenClock(TODAY))
    built.start()
    built.ingestor.ingest_paths([FIXTURES])
    with TestClient(create_app(container=built)) as test_client:
        yield test_client
    built.close()


def ask(client: TestClient, question: str, **more: object) -> dict:
    response = client.post("/v1/ask", json={"question": question, **more})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_repealed_doc_number_is_answered_about_that_document_with_its_successor(client: TestClient) -> None:
    body = ask(client, "奉政办发〔2019〕12号还有效吗")
    assert body["answer"].startswith(
        "《奉化区人才安居实施办法》（奉政办发〔2019〕12号）目前为“已废止”：已被《奉化区人才安居实施办法（修订）》"
        "（奉政办发〔2024〕7号）废止，自2024年5月1日起，不再现行有效。[1]")
    assert "现行规定见《奉化区人才安居实施办法（修订）》（奉政办发〔2024〕7号）[2]" in body["answer"]
    assert [(c["doc_id"], c["status"]) for c in body["citations"]] == [
        (doc("a04_old_housing.txt"), "已废止"), (doc("a05_new_housing.txt"), "现行有效")]
    assert not body["handoff"]


def test_an_expired_title_says_when_it_expired(client: TestClient) -> None:
    body = ask(client, "《奉化区人民政府关于促进中小微企业健康发展的若干意见》现在还有效吗？")
    assert "目前为“已失效”：有效期至2023年12月31日，已于2024年1月1日失效" in body["answer"]
    assert [c["doc_id"] for c in body["citations"]] == [doc("a01_expired.txt")]


def test_a_page_marked_shixiao_is_expired_not_repealed(client: TestClient) -> None:
    body = ask(client, "《奉化区2019年度农业机械购置补贴实施方案》还能用吗")
    assert "目前为“已失效”：文件标注为“已失效”" in body["answer"] and "废止" not in body["answer"]


def test_a_policy_not_yet_in_force_says_from_when(client: TestClient) -> None:
    body = ask(client, "奉政发〔2026〕3号现在有效吗")
    assert body["answer"].startswith(
        "《奉化区关于支持低空经济发展的若干政策》（奉政发〔2026〕3号）自2027年1月1日起施行，尚未生效。")


def test_an_amended_policy_is_in_force_with_its_amendment_named(client: TestClient) -> None:
    body = ask(client, "《奉化区稳岗就业补贴办法》是否有效")
    assert ("现行有效，但经《奉化区人民政府关于修改《奉化区稳岗就业补贴办法》的决定》（奉政发〔2023〕21号）修改"
            in body["answer"])


def test_an_answer_from_an_amended_policy_quotes_the_amended_wording(client: TestClient) -> None:
    body = ask(client, "企业吸纳登记失业人员就业，社会保险补贴每人每月多少钱",
               filters={"doc_ids": [doc("a06_job_subsidy.txt")]})
    assert body["citations"][0]["doc_id"] == doc("a06_job_subsidy.txt")
    assert body["citations"][0]["status"] == "已修改"
    assert ("注意：《奉化区稳岗就业补贴办法》已经《奉化区人民政府关于修改《奉化区稳岗就业补贴办法》的决定》"
            in body["answer"])
    assert "修改为“按每人每月800元给予社会保险补贴”" in body["answer"]
    assert body["citations"][-1]["doc_id"] == doc("a07_amendment.txt")


def test_a_question_about_a_repealed_rule_is_answered_from_its_successor(client: TestClient) -> None:
    body = ask(client, "奉化区人才安居 全日制硕士研究生首次购房补贴多少")
    assert body["citations"][0]["doc_id"] == doc("a05_new_housing.txt")
    assert "15万元" in body["answer"] and "10万元" not in body["answer"]


def test_an_out_of_force_best_match_without_successor_is_not_answered_from_other_documents(client: TestClient) -> None:
    body = ask(client, "奉化区农业机械购置补贴比例是多少")
    assert "《奉化区2019年度农业机械购置补贴实施方案》目前为“已失效”" in body["answer"]
    assert "不以其他文件作答" in body["answer"]
    assert [c["doc_id"] for c in body["citations"]] == [doc("a13_marked_expired.html")]


def test_a_validity_question_about_an_unknown_document_falls_through(client: TestClient) -> None:
    body = ask(client, "奉政办发〔2011〕99号还有效吗")
    assert "奉政办发〔2011〕99号" not in body["answer"].split("。")[0] or body["handoff"]


def test_the_documents_api_gives_status_with_reason_and_relations_both_ways(client: TestClient) -> None:
    old = client.get(f"/v1/documents/{doc('a04_old_housing.txt')}").json()
    assert (old["status"], old["status_reason"]) == (
        "已废止", "已被《奉化区人才安居实施办法（修订）》（奉政办发〔2024〕7号）废止，自2024年5月1日起")
    assert [(r["kind"], r["source_id"], r["state"]) for r in old["relations"]] == [
        ("repeals", doc("a05_new_housing.txt"), "applied")]
    new = client.get(f"/v1/documents/{doc('a05_new_housing.txt')}").json()
    assert [r["target_id"] for r in new["relations"]] == [doc("a04_old_housing.txt")]
    back_then = client.get(f"/v1/documents/{doc('a04_old_housing.txt')}", params={"as_of": "2023-01-01"}).json()
    assert back_then["status"] == "现行有效"
    ambiguous = client.get(f"/v1/documents/{doc('a20_ambiguous_repeal.txt')}").json()
    assert ambiguous["warnings"] and "多篇文件" in ambiguous["warnings"][0]


def test_search_takes_as_of(client: TestClient) -> None:
    def ids(as_of: str) -> set[str]:
        body = client.post("/v1/search", json={"query": "硕士研究生购房补贴", "top_k": 10,
                                               "filters": {"as_of": as_of}}).json()
        return {r["doc_id"] for r in body["results"]}

    assert doc("a04_old_housing.txt") in ids("2023-01-01") and doc("a05_new_housing.txt") not in ids("2023-01-01")
    assert doc("a05_new_housing.txt") in ids("2026-06-15") and doc("a04_old_housing.txt") not in ids("2026-06-15")
