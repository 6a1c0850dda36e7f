"""End to end over HTTP with the real model on the sample corpus: a real uvicorn server, httpx as the client."""

from __future__ import annotations

import httpx
import pytest

from service.container import Container
from service.qa.answer import short_title
from service.qa.service import Question

pytestmark = pytest.mark.model
FIGURE_QUESTION = "奉化区2020年通过一键通平台兑现了多少惠企资金"
FENGHUA_2020 = "奉化区人民政府2020年政府信息公开工作年度报告"


def ask(url: str, **body: object) -> dict:
    response = httpx.post(f"{url}/v1/ask", json=body, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_figure_is_answered_and_the_report_that_gives_it_is_cited(real_server: str) -> None:
    body = ask(real_server, question=FIGURE_QUESTION)
    assert body["handoff"] is False and body["answer"].startswith(f"《{FENGHUA_2020}》".join(["根据", ""]))
    line = next(line for line in body["answer"].splitlines() if "14169万元" in line)
    cited = body["citations"][int(line.rsplit("[", 1)[1].rstrip("]")) - 1]
    assert cited["title"] == FENGHUA_2020 and "14169万元" in cited["text"] and cited["status"] == "现行有效"


def test_a_question_the_corpus_does_not_cover_is_handed_over_with_a_ticket(real_server: str,
                                                                          real_container: Container) -> None:
    body = ask(real_server, question="明天杭州天气怎么样")
    assert body["handoff"] is True and body["citations"] == []
    ticket = real_container.qa.tickets.get(body["ticket_id"])
    assert ticket.question == "明天杭州天气怎么样" and ticket.retrieved


def test_a_follow_up_is_read_against_the_earlier_turn(real_server: str) -> None:
    first = ask(real_server, question=FIGURE_QUESTION)
    follow = ask(real_server, question="它现在还有效吗", session_id=first["session_id"])
    assert follow["handoff"] is False
    assert f"《{FENGHUA_2020}》目前为“现行有效”" in follow["answer"]


def test_the_elderly_style_is_one_plain_key_sentence_of_the_full_answer(real_server: str) -> None:
    full = ask(real_server, question=FIGURE_QUESTION)["answer"]
    plain = ask(real_server, question=FIGURE_QUESTION, style="elderly")["answer"]
    lead = f"根据《{short_title(FENGHUA_2020)}》，"  # a long title is shortened in the 大字版
    assert plain.startswith(lead) and "万元" in plain and len(plain) <= 120
    assert "[" not in plain and "\n" not in plain
    assert plain.removeprefix(lead).removesuffix("……") in full


def test_a_paraphrase_of_an_answered_question_gets_the_staff_answer_a_different_question_does_not(
        real_container: Container) -> None:
    qa = real_container.qa
    entry = qa.service.add_faq("小微企业招高校毕业生有补贴吗", "请咨询区人力社保局。", [])
    assert qa.service.ask(Question("小微企业招大学生有补贴吗", new_session=False)).faq_id == entry.id
    assert qa.service.ask(Question("小微企业招退役军人有补贴吗", new_session=False)).faq_id is None
