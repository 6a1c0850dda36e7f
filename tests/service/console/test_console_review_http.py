"""Tickets, 差评 review and push approval through the console, over HTTP with the fake embedder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.container import Container
from service.qa.service import Question
from tests.index.privacy.samples import ID_NUMBERS
from tests.push.conftest import ingest_local, profile
from tests.service.console.conftest import ADMIN, REVIEWER, SteppingClock, login, post_form, staffed_container

QUESTION = "退休人员的养老金什么时候发放？"


@pytest.fixture
def handover_container(tmp_path: Path, clock: SteppingClock) -> Iterator[Container]:
    """Every question not in the FAQ is handed over (threshold above any confidence)."""
    with staffed_container(tmp_path, clock, qa={"handoff_threshold": 2.0}) as built:
        yield built


@pytest.fixture
def reviewer(handover_container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=handover_container), follow_redirects=False) as client:
        yield login(client, REVIEWER)


def test_answering_a_ticket_makes_ask_return_that_answer(reviewer: TestClient, handover_container: Container) -> None:
    first = handover_container.qa.service.ask(Question(QUESTION))
    assert first.handoff and first.ticket_id is not None
    ticket = handover_container.qa.tickets.get(first.ticket_id)
    listing = reviewer.get("/console/tickets")
    assert QUESTION in listing.text
    chunk = ticket.retrieved[0]
    page = f"/console/tickets/{ticket.id}"
    response = post_form(reviewer, page, f"{page}/answer", {"answer": "养老金每月15日前发放到账。",
                                                             "sources": [str(chunk["chunk_id"])]})
    assert response.status_code == 303
    again = reviewer.post("/v1/ask", json={"question": QUESTION}).json()
    assert again["handoff"] is False and again["answer"].startswith("养老金每月15日前发放到账。")
    assert [c["doc_id"] for c in again["citations"]] == [chunk["doc_id"]]
    assert handover_container.qa.tickets.get(ticket.id).status == "answered"
    assert handover_container.console.audit.list(action="ticket.answer")[0][0].actor == REVIEWER


def test_an_answered_ticket_cannot_be_answered_twice(reviewer: TestClient, handover_container: Container) -> None:
    ticket_id = handover_container.qa.service.ask(Question(QUESTION)).ticket_id
    assert ticket_id is not None
    page = f"/console/tickets/{ticket_id}"
    post_form(reviewer, page, f"{page}/answer", {"answer": "第一次答复"})
    token_page = "/console/tickets"
    second = post_form(reviewer, token_page, f"{page}/answer", {"answer": "第二次答复"})
    assert second.status_code == 409 and "已处理" in second.text
    assert [e.answer for e in handover_container.qa.faq.list()[0]] == ["第一次答复"]


def test_close_and_merge_duplicates(reviewer: TestClient, handover_container: Container) -> None:
    questions = (QUESTION, "政务公开的年度报告在哪里看", "随便问问")
    keep, duplicate, spam = (_ticket_of(handover_container, q) for q in questions)
    assert len({keep, duplicate, spam}) == 3
    post_form(reviewer, f"/console/tickets/{duplicate}", f"/console/tickets/{duplicate}/merge", {"into": keep})
    post_form(reviewer, f"/console/tickets/{spam}", f"/console/tickets/{spam}/close")
    tickets = handover_container.qa.tickets
    assert (tickets.get(duplicate).status, tickets.get(spam).status, tickets.get(keep).asks) == ("merged", "closed", 2)
    assert [t.id for t in tickets.list_open()] == [keep]
    itself = post_form(reviewer, f"/console/tickets/{keep}", f"/console/tickets/{keep}/merge", {"into": keep})
    assert itself.status_code == 409 and "合并到它自己" in itself.text


def test_tickets_are_listed_newest_first(reviewer: TestClient, handover_container: Container) -> None:
    handover_container.qa.service.ask(Question("第一个没人回答的问题"))
    handover_container.qa.service.ask(Question("第二个没人回答的问题"))
    html = reviewer.get("/console/tickets").text
    assert html.index("第二个没人回答的问题") < html.index("第一个没人回答的问题")


def test_a_bad_rating_becomes_an_faq_correction(reviewer: TestClient, handover_container: Container) -> None:
    answer = handover_container.qa.service.ask(Question(QUESTION))
    feedback = handover_container.qa.feedback.add(answer.answer_id, "bad", "没有回答我的问题<b>!</b>")
    page = reviewer.get("/console/feedback")
    assert QUESTION in page.text and "没有回答我的问题&lt;b&gt;!&lt;/b&gt;" in page.text
    response = post_form(reviewer, "/console/feedback", f"/console/feedback/{feedback.id}/faq",
                         {"question": QUESTION, "answer": "更正：养老金按月发放。"})
    assert response.status_code == 303
    assert handover_container.qa.service.ask(Question(QUESTION)).text.startswith("更正：养老金按月发放。")
    assert "已收录更正" in reviewer.get("/console/feedback").text


def _ticket_of(container: Container, question: str) -> int:
    ticket_id = container.qa.service.ask(Question(question)).ticket_id
    assert ticket_id is not None
    return ticket_id


@pytest.fixture
def push_container(tmp_path: Path, clock: SteppingClock) -> Iterator[Container]:
    with staffed_container(tmp_path, clock, samples=False, push={"require_approval": True}) as built:
        ingest_local(built, "fenghua-sme-support")
        built.push.subscribers.put("sme-1", profile())
        yield built


def test_admin_approves_a_push_candidate(push_container: Container) -> None:
    with TestClient(create_app(container=push_container), follow_redirects=False) as admin:
        login(admin)
        queue = admin.get("/console/push").text
        assert "关于支持小微企业稳增长促发展的若干意见" in queue and "已开启推送审核" in queue
        page = "/console/push/synth-fenghua-sme-2024"
        assert "宁波奉化甬兴机械有限公司" in admin.get(page).text
        response = post_form(admin, page, f"{page}/decide", {"subscriber_id": "sme-1", "decision": "approved"})
        assert response.status_code == 303
        decisions = push_container.push.decisions.of_policies(["synth-fenghua-sme-2024"])
        assert decisions["synth-fenghua-sme-2024"] == {"sme-1": "approved"}
        assert "已批准" in admin.get(page).text


def test_a_reviewer_cannot_approve_or_edit_the_audience(push_container: Container) -> None:
    with TestClient(create_app(container=push_container), follow_redirects=False) as reviewer:
        login(reviewer, REVIEWER)
        page = "/console/push/synth-fenghua-sme-2024"
        response = post_form(reviewer, page, f"{page}/decide", {"subscriber_id": "sme-1", "decision": "approved"})
        assert response.status_code == 403
        edit = post_form(reviewer, page, f"{page}/audience", {"subjects": "残疾人"})
        assert edit.status_code == 403
    assert push_container.push.decisions.of_policies(["synth-fenghua-sme-2024"])["synth-fenghua-sme-2024"] == {}
    assert "残疾人" not in push_container.push.audience("synth-fenghua-sme-2024").subjects


def test_an_audience_correction_is_used_by_the_next_match(push_container: Container) -> None:
    with TestClient(create_app(container=push_container), follow_redirects=False) as admin:
        login(admin)
        page = "/console/push/synth-fenghua-sme-2024"
        response = post_form(admin, page, f"{page}/audience", {"kinds": "citizen", "subjects": "残疾人、老年人",
                                                               "industries": "", "jurisdiction": "浙江省宁波市"})
        assert response.status_code == 303
        bad = post_form(admin, page, f"{page}/audience", {"kinds": "enterprise", "subjects": "外星人"})
        assert bad.status_code == 422 and "外星人" in bad.text
    audience = push_container.push.audience("synth-fenghua-sme-2024")
    assert (audience.kinds, audience.subjects, audience.corrected_by_staff) == (["citizen"], ["残疾人", "老年人"], True)
    candidate = push_container.push.candidates("synth-fenghua-sme-2024")[0][0]
    assert not candidate.eligible  # the enterprise no longer fits a citizens' policy


def test_a_hit_test_shows_a_hand_over_without_opening_a_ticket(reviewer: TestClient,
                                                               handover_container: Container) -> None:
    page = reviewer.get("/console/hit-test", params={"q": QUESTION})
    assert page.status_code == 200 and "转人工" in page.text and "置信度低于转人工阈值" in page.text
    assert handover_container.qa.tickets.list() == []


def test_a_ticket_shows_its_question_masked_and_an_admin_reveal_is_audited(
        reviewer: TestClient, handover_container: Container) -> None:
    question = f"我的身份证号{ID_NUMBERS[0]}，养老金什么时候发放"
    asked = handover_container.qa.service.ask(Question(question))
    assert asked.handoff and asked.ticket_id is not None
    page = f"/console/tickets/{asked.ticket_id}"
    assert ID_NUMBERS[0] not in reviewer.get(page).text and "/reveal" not in reviewer.get(page).text
    assert post_form(reviewer, page, f"{page}/reveal").status_code == 403
    with TestClient(create_app(container=handover_container), follow_redirects=False) as client:
        admin = login(client, ADMIN)
        shown = post_form(admin, page, f"{page}/reveal")
        assert shown.status_code == 200 and question in shown.text
    revealed, _ = handover_container.console.audit.list(action="privacy.reveal")
    assert [(e.actor, e.target) for e in revealed] == [(ADMIN, f"answer:{asked.answer_id}")]
