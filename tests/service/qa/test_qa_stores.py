"""The stores the staff console reads: tickets, FAQ entries, feedback and the answer log."""

from __future__ import annotations

import numpy as np
import pytest

from service.container import Container
from service.qa.errors import AnswerNotFound, InvalidSource, TicketClosed
from service.qa.models import ANSWERED, CLOSED, SourceRef
from service.qa.service import Question

WEATHER = "明天杭州天气怎么样"


def vector(container: Container, text: str) -> np.ndarray:
    return container.index.embed_query(text)


def test_the_same_question_while_its_ticket_is_open_is_attached_not_opened_again(container: Container) -> None:
    tickets = container.qa.tickets
    first = tickets.open_or_attach(WEATHER, vector(container, WEATHER), [], "a1")
    again = tickets.open_or_attach("明天杭州天气怎么样？", vector(container, WEATHER), [], "a2")
    other = tickets.open_or_attach("红烧肉怎么做", vector(container, "红烧肉怎么做"), [], "a3")
    assert again.id == first.id and again.asks == 2 and again.answer_ids == ["a1", "a2"]
    assert other.id != first.id
    assert [t.id for t in tickets.list_open()] == [first.id, other.id]


def test_answering_a_ticket_makes_an_faq_entry_that_the_next_asker_gets(sample_container: Container) -> None:
    qa = sample_container.qa
    asked = qa.service.ask(Question(WEATHER))
    assert asked.handoff and asked.ticket_id is not None
    doc_id = sample_container.index.policy_ids()[0]
    entry = qa.tickets.answer_ticket(asked.ticket_id, "天气请查询气象台。", [SourceRef(doc_id)])
    assert qa.tickets.get(asked.ticket_id).status == ANSWERED and entry.ticket_id == asked.ticket_id
    assert qa.tickets.count_open() == 0
    later = qa.service.ask(Question("明天杭州天气怎么样?"))
    assert (later.handoff, later.faq_id, later.text) == (False, entry.id, "天气请查询气象台。[1]")
    assert later.citations[0].doc_id == doc_id and qa.faq.get(entry.id).hits == 1


def test_a_ticket_is_answered_once(container: Container) -> None:
    ticket = container.qa.tickets.open_or_attach(WEATHER, vector(container, WEATHER), [], "a1")
    container.qa.tickets.close(ticket.id)
    assert container.qa.tickets.get(ticket.id).status == CLOSED
    with pytest.raises(TicketClosed):
        container.qa.tickets.answer_ticket(ticket.id, "答复", [])


def test_a_staff_answer_cannot_cite_what_is_not_indexed(sample_container: Container) -> None:
    with pytest.raises(InvalidSource, match="不在知识库中"):
        sample_container.qa.service.add_faq("问题", "答复", [SourceRef("no-such-doc")])
    doc_id = sample_container.index.policy_ids()[0]
    with pytest.raises(InvalidSource):
        sample_container.qa.service.add_faq("问题", "答复", [SourceRef(doc_id, "第九百九十九条")])


def test_a_cited_section_is_resolved_by_its_label_and_a_document_by_its_number(sample_container: Container) -> None:
    entry = sample_container.qa.service.add_faq("奉化2018年政务公开要点有哪些", "见要点。",
                                                [SourceRef("奉政办发〔2018〕42号", "一、（一）1.")])
    citation = entry.citations[0]
    assert (citation.doc_number, citation.section) == ("奉政办发〔2018〕42号", "一、（一）1.")
    assert citation.text.startswith("1.坚持以公开为常态")


def test_feedback_is_kept_for_the_console_and_needs_a_real_answer(sample_container: Container) -> None:
    qa = sample_container.qa
    answer = qa.service.ask(Question(WEATHER))
    qa.feedback.add(answer.answer_id, "good")
    qa.feedback.add(answer.answer_id, "bad", "没有回答我的问题")
    bad = qa.feedback.list_bad()
    assert [(f.comment, f.question) for f in bad] == [("没有回答我的问题", WEATHER)]
    assert qa.feedback.counts() == {"good": 1, "bad": 1}
    with pytest.raises(AnswerNotFound):
        qa.feedback.add("never-given", "good")


def test_every_question_is_recorded_in_the_answer_log(sample_container: Container) -> None:
    qa = sample_container.qa
    given = qa.service.ask(Question(WEATHER))
    logged = qa.answers.get(given.answer_id)
    assert (logged.question, logged.handoff, logged.ticket_id) == (WEATHER, True, given.ticket_id)
    stats = qa.answers.stats()
    assert (stats.total, stats.handed_over, stats.faq_hits) == (1, 1, 0)
    assert [a.answer_id for a in qa.answers.recent(handoff=True)] == [given.answer_id]


def test_a_duplicate_ticket_is_merged_into_the_one_kept(container: Container) -> None:
    tickets = container.qa.tickets
    kept = tickets.open_or_attach(WEATHER, vector(container, WEATHER), [], "a1")
    duplicate = tickets.open_or_attach("杭州明日会下雨吗", vector(container, "杭州明日会下雨吗"), [], "a2")
    merged = tickets.merge(duplicate.id, kept.id)
    assert (merged.id, merged.asks, merged.answer_ids) == (kept.id, 2, ["a1", "a2"])
    assert (tickets.get(duplicate.id).status, tickets.get(duplicate.id).merged_into) == ("merged", kept.id)
    assert [t.id for t in tickets.list_open()] == [kept.id]
    with pytest.raises(TicketClosed):
        tickets.merge(duplicate.id, kept.id)
