"""`/v1/ask`, `/v1/faq` and `/v1/feedback` over HTTP with the fake embedder: status codes and messages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from limits.storage import MemoryStorage

from service.container import Container
from service.ratelimit import Rate, RateLimiter
from tests.conftest import drive_rate_limit_clock
from tests.service.qa.conftest import SteppingClock

WEATHER = "明天杭州天气怎么样"


def test_an_empty_or_over_long_question_is_refused_with_what_to_change(client: TestClient) -> None:
    empty = client.post("/v1/ask", json={"question": "   "})
    assert empty.status_code == 422 and "问题不能为空" in empty.json()["error"]["message"]
    long = client.post("/v1/ask", json={"question": "社保" * 300})
    assert long.status_code == 422 and "问题过长：600 字，上限 500 字" in long.json()["error"]["message"]


def test_malformed_json_is_a_4xx_with_a_message(client: TestClient) -> None:
    response = client.post("/v1/ask", content=b'{"question": ', headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_request"


def test_an_unknown_session_is_a_404_that_says_so(client: TestClient) -> None:
    response = client.post("/v1/ask", json={"question": "试用期多久", "session_id": "made-up"})
    assert response.status_code == 404
    assert response.json()["error"]["message"].startswith("会话不存在或已过期")


def test_the_first_answer_opens_a_session_the_client_sends_back(answering_client: TestClient) -> None:
    first = answering_client.post("/v1/ask", json={"question": "奉化区政务公开工作要点"}).json()
    follow = answering_client.post("/v1/ask", json={"question": "它现在还有效吗", "session_id": first["session_id"]})
    assert follow.status_code == 200 and follow.json()["session_id"] == first["session_id"]
    assert f"《{first['citations'][0]['title']}》" in follow.json()["answer"]


def test_an_answer_cites_title_number_section_status_and_a_link(answering_client: TestClient) -> None:
    body = answering_client.post("/v1/ask", json={"question": "奉政办发〔2018〕42号 坚持以公开为常态"}).json()
    assert body["handoff"] is False and body["answer"].startswith("根据《")
    first = body["citations"][0]
    assert first["n"] == 1 and "[1]" in body["answer"]
    assert first["url"] == f"http://127.0.0.1:8000/policies/{first['doc_id']}"
    assert set(first) >= {"title", "doc_number", "issuer", "status", "section", "text", "score"}


def test_a_question_the_corpus_cannot_answer_is_handed_over_once(client: TestClient, container: Container) -> None:
    first = client.post("/v1/ask", json={"question": WEATHER}).json()
    again = client.post("/v1/ask", json={"question": WEATHER + "？"}).json()
    assert first["handoff"] is True and first["citations"] == [] and "没有关于这个问题的可靠答案" in first["answer"]
    assert again["ticket_id"] == first["ticket_id"]
    assert [(t.question, t.asks) for t in container.qa.tickets.list_open()] == [(WEATHER, 2)]


def test_staff_add_faq_entries_with_the_admin_token(client: TestClient, admin: dict[str, str]) -> None:
    entry = {"question": WEATHER, "answer": "天气请查询中国天气网。"}
    assert client.post("/v1/faq", json=entry).status_code == 401
    created = client.post("/v1/faq", json=entry, headers=admin)
    assert created.status_code == 201
    answer = client.post("/v1/ask", json={"question": WEATHER}).json()
    assert (answer["handoff"], answer["faq_id"], answer["answer"]) == (False, created.json()["id"], entry["answer"])
    assert client.get("/v1/faq").json()["total"] == 1


def test_a_faq_source_that_is_not_indexed_is_refused(client: TestClient, admin: dict[str, str]) -> None:
    body = {"question": "问题", "answer": "答复", "sources": [{"doc_id": "nope"}]}
    response = client.post("/v1/faq", json=body, headers=admin)
    assert response.status_code == 422 and "不在知识库中" in response.json()["error"]["message"]


def test_feedback_on_an_answer(client: TestClient, container: Container) -> None:
    answer_id = client.post("/v1/ask", json={"question": WEATHER}).json()["answer_id"]
    saved = client.post("/v1/feedback", json={"answer_id": answer_id, "rating": "bad", "comment": "没用"})
    assert saved.status_code == 201 and [f.comment for f in container.qa.feedback.list_bad()] == ["没用"]
    assert client.post("/v1/feedback", json={"answer_id": "x", "rating": "good"}).status_code == 404
    assert client.post("/v1/feedback", json={"answer_id": answer_id, "rating": "meh"}).status_code == 422


def test_a_client_over_the_rate_limit_waits_until_its_window_moves_on(
        client: TestClient, container: Container, clock: SteppingClock, monkeypatch: pytest.MonkeyPatch) -> None:
    drive_rate_limit_clock(monkeypatch, clock.monotonic)
    container.rate_limiter = RateLimiter(Rate.parse("2/minute"), MemoryStorage(), clock=clock.monotonic)
    codes = [client.post("/v1/ask", json={"question": WEATHER}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    refused = client.post("/v1/ask", json={"question": WEATHER})
    assert refused.headers["retry-after"] and "请求过于频繁" in refused.json()["error"]["message"]
    clock.advance(seconds=61)
    assert client.post("/v1/ask", json={"question": WEATHER}).status_code == 200
