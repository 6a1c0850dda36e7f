"""Hit test, labels, documents and statistics pages over HTTP, with the fake embedder."""

from __future__ import annotations

import json
from urllib.parse import unquote

from fastapi.testclient import TestClient

from index.models import REPEALED
from service.container import Container
from service.qa.service import Question
from tests.service.console.conftest import ADMIN, csrf_of, post_form

QUESTION = "政府信息公开工作年度报告"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_hit_test_shows_scores_sections_validity_and_the_answer(admin_web: TestClient,
                                                                console_container: Container) -> None:
    page = admin_web.get("/console/hit-test", params={"q": QUESTION})
    assert page.status_code == 200
    hits = console_container.searcher.search(QUESTION, 10)
    assert f"{hits[0].score:.4f}" in page.text and f"{hits[0].dense_score:.3f}" in page.text
    assert hits[0].title in page.text and "现行有效" in page.text and "问答接口的回答" in page.text
    assert console_container.qa.answers.recent() == []  # a hit test is not a question asked
    assert console_container.qa.tickets.list() == []


def test_labels_are_kept_with_the_question_and_export_for_eval(admin_web: TestClient,
                                                               console_container: Container) -> None:
    hits = console_container.searcher.search(QUESTION, 10)
    back = f"/console/hit-test?q={QUESTION}"
    response = post_form(admin_web, back, "/console/labels", {"query": QUESTION, "chunk_id": hits[0].chunk_id,
                                                             "rank": 1, "relevant": "true", "back": back})
    assert response.status_code == 303 and unquote(response.headers["location"]).startswith(back)
    post_form(admin_web, back, "/console/labels", {"query": QUESTION, "chunk_id": hits[1].chunk_id, "rank": 2,
                                                  "relevant": "false", "back": back})
    assert 'class="small chosen-yes"' in admin_web.get(back).text
    exported = admin_web.get("/console/labels/export.jsonl")
    assert exported.headers["content-type"].startswith("application/x-ndjson")
    line = json.loads(exported.text.strip())
    assert line == {"query": QUESTION, "gold": [{"doc": hits[0].doc_id, "article": hits[0].section}]}
    assert console_container.console.audit.list(action="label.set")[1] == 2


def test_a_label_for_a_passage_no_longer_indexed_is_refused(admin_web: TestClient) -> None:
    response = post_form(admin_web, "/console/labels", "/console/labels",
                         {"query": QUESTION, "chunk_id": 999_999, "relevant": "true"})
    assert response.status_code == 422 and "不在索引中" in response.text


def test_documents_list_search_and_edit(admin_web: TestClient, console_container: Container) -> None:
    listing = admin_web.get("/console/documents", params={"q": "奉政办发"})
    assert "奉政办发〔2018〕42号" in listing.text and "鄞州区" not in listing.text
    doc_id = _fenghua_2018(console_container)
    response = post_form(admin_web, f"/console/documents/{doc_id}", f"/console/documents/{doc_id}", {
        "title": "新标题", "doc_number": "奉政办发〔2018〕42号", "issuer": "宁波市奉化区人民政府办公室",
        "issued": "2018-07-31", "effective": "", "status": "现行有效", "category": "工作要点", "region": "",
        "audience": "行政机关、 事业单位", "url": "https://www.fh.gov.cn/x", "interprets": ""})
    assert response.status_code == 303
    policy = console_container.index.get_policy(doc_id)
    assert (policy.title, policy.category, policy.audience, policy.region) == (
        "新标题", "工作要点", ["行政机关", "事业单位"], None)
    entry = console_container.console.audit.list(action="documents.edit")[0][0]
    assert entry.before is not None and entry.after is not None
    assert entry.before["title"] != "新标题" and entry.after["title"] == "新标题"


def test_bad_metadata_is_refused_and_nothing_changes(admin_web: TestClient, console_container: Container) -> None:
    doc_id = console_container.index.policy_ids()[0]
    before = console_container.index.get_policy(doc_id)
    bad_date = post_form(admin_web, f"/console/documents/{doc_id}", f"/console/documents/{doc_id}",
                         {"title": "x", "issued": "2018-13-45", "status": "现行有效"})
    assert bad_date.status_code == 422 and "发文日期" in bad_date.text
    script_link = post_form(admin_web, f"/console/documents/{doc_id}", f"/console/documents/{doc_id}",
                            {"title": "x", "url": "javascript:alert(1)", "status": "现行有效"})
    assert script_link.status_code == 422 and "http" in script_link.text
    assert console_container.index.get_policy(doc_id) == before


def test_repeal_removes_a_document_from_answers_at_once(admin_web: TestClient, console_container: Container) -> None:
    question = "奉化区政务公开工作要点及责任分工"
    doc_id = _fenghua_2018(console_container)
    assert doc_id in {c.doc_id for c in console_container.qa.service.ask(Question(question)).citations}
    post_form(admin_web, f"/console/documents/{doc_id}", f"/console/documents/{doc_id}/repeal")
    assert console_container.index.get_policy(doc_id).status == REPEALED
    assert doc_id not in {h.doc_id for h in console_container.searcher.search(question, 10)}
    answer = console_container.qa.service.ask(Question(question))
    # no longer quoted as a rule in force: when still the best match, it is cited only to say it was repealed
    cited = [c for c in answer.citations if c.doc_id == doc_id]
    assert all(c.status == REPEALED for c in cited) and (not cited or "不再有效" in answer.text)
    assert "已废止" in admin_web.get(f"/console/hit-test?q={question}&all=true").text


def test_upload_and_delete_a_document(admin_web: TestClient, console_container: Container) -> None:
    token_page = admin_web.get("/console/documents").text
    body = "关于测试上传的通知\n\n一、适用范围\n本通知适用于测试。".encode()
    response = admin_web.post("/console/documents", data={"csrf_token": csrf_of(token_page), "title": "",
                                                          "doc_number": "测试〔2024〕1号"},
                              files={"file": ("notice.txt", body, "text/plain")})
    assert response.status_code == 303
    doc_id = response.headers["location"].split("/")[-1].split("?")[0]
    assert console_container.index.get_policy(doc_id).doc_number == "测试〔2024〕1号"
    post_form(admin_web, f"/console/documents/{doc_id}", f"/console/documents/{doc_id}/delete")
    assert console_container.index.find_policy(doc_id) is None
    assert [e.actor for e in console_container.console.audit.list(action="documents.delete")[0]] == [ADMIN]


def test_an_oversized_upload_is_refused_and_nothing_is_stored(admin_web: TestClient,
                                                              console_container: Container) -> None:
    console_container.settings.max_upload_bytes = 2048
    count = console_container.index.counts()
    token = admin_web.get("/console/documents").text
    response = admin_web.post("/console/documents", data={"csrf_token": csrf_of(token)},
                              files={"file": ("big.txt", "政策".encode() * 2000, "text/plain")})
    assert response.status_code == 413 and "文件过大" in response.text
    assert console_container.index.counts() == count


def test_markup_in_any_field_is_shown_as_text(admin_web: TestClient, console_container: Container) -> None:
    doc_id = console_container.index.policy_ids()[0]
    post_form(admin_web, f"/console/documents/{doc_id}", f"/console/documents/{doc_id}",
              {"title": XSS, "issuer": XSS, "status": "现行有效"})
    escaped = "&lt;script&gt;alert("
    for page in ("/console/documents", f"/console/documents/{doc_id}", "/console/audit",
                 f"/console/hit-test?q={XSS}"):
        html = admin_web.get(page).text
        assert XSS not in html and "<script>alert" not in html, page
        assert escaped in html, page


def test_statistics_page_draws_its_charts(admin_web: TestClient, console_container: Container) -> None:
    console_container.qa.service.ask(Question(QUESTION))
    page = admin_web.get("/console/stats")
    assert page.status_code == 200
    assert page.text.count("<svg") >= 1 and "每日提问" in page.text


def _fenghua_2018(container: Container) -> str:
    policy = container.index.find_policy("奉政办发〔2018〕42号")
    assert policy is not None
    return policy.id
