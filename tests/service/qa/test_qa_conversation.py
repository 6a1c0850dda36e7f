"""Follow-ups read against earlier turns, and sessions that expire."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event

from service.container import Container
from service.qa.answer_log import AnswerLog
from service.qa.conversation import SessionStore, rewrite_followup, turns_from_messages
from service.qa.errors import AnswerNotFound, SessionNotFound
from service.qa.models import Answer, Turn
from service.qa.service import Question
from tests.service.qa.conftest import SteppingClock

ASKED = "小微企业招高校毕业生有补贴吗"
SUBSIDY = Turn(ASKED, ASKED, "关于支持小微企业吸纳高校毕业生就业的通知")


def test_a_pronoun_for_a_document_becomes_the_title_the_last_answer_cited() -> None:
    assert rewrite_followup("它现在还有效吗", [SUBSIDY]) == "《关于支持小微企业吸纳高校毕业生就业的通知》现在还有效吗"


def test_an_elliptical_follow_up_carries_the_previous_question() -> None:
    assert rewrite_followup("那需要什么材料？", [SUBSIDY]) == "小微企业招高校毕业生有补贴吗 需要什么材料？"
    assert rewrite_followup("个体户呢", [SUBSIDY]) == "小微企业招高校毕业生有补贴吗 个体户呢"


def test_a_new_complete_question_is_left_alone() -> None:
    question = "公司一直不给我交社保，我能直接辞职吗"
    assert rewrite_followup(question, [SUBSIDY]) == question
    assert rewrite_followup("它现在还有效吗", []) == "它现在还有效吗"


def test_chat_history_gives_turns_with_the_title_the_assistant_cited() -> None:
    turns = turns_from_messages([
        ("system", "你是政策助手"), ("user", "小微企业招高校毕业生有补贴吗"),
        ("assistant", "根据《关于支持小微企业吸纳高校毕业生就业的通知》三、：……[1]"), ("user", "那需要什么材料"),
    ])
    assert [t.topic_title for t in turns] == ["关于支持小微企业吸纳高校毕业生就业的通知", None]
    assert turns[1].standalone == "小微企业招高校毕业生有补贴吗 需要什么材料"


def test_a_session_remembers_its_turns_until_it_has_been_idle_too_long(container: Container,
                                                                      clock: SteppingClock) -> None:
    sessions = SessionStore(container.engine, timedelta(minutes=30), clock=clock)
    session_id = sessions.new_id()
    sessions.append(session_id, SUBSIDY, new=True)
    clock.advance(minutes=29)
    assert sessions.history(session_id) == [SUBSIDY]
    clock.advance(minutes=31)
    with pytest.raises(SessionNotFound, match="会话不存在或已过期"):
        sessions.history(session_id)


def test_an_unknown_session_is_refused(container: Container) -> None:
    with pytest.raises(SessionNotFound):
        container.qa.sessions.history("invented-by-the-client")


def test_only_the_latest_turns_are_kept_in_view(container: Container, clock: SteppingClock) -> None:
    sessions = SessionStore(container.engine, timedelta(minutes=30), max_turns=2, clock=clock)
    session_id = sessions.new_id()
    for n in range(4):
        sessions.append(session_id, Turn(f"问题{n}", f"问题{n}"), new=n == 0)
    assert [t.question for t in sessions.history(session_id)] == ["问题2", "问题3"]


def test_a_first_answer_opens_its_session_and_logs_itself_in_one_transaction(sample_container: Container) -> None:
    commits: list[object] = []

    def count(connection: object) -> None:
        commits.append(connection)

    event.listen(sample_container.engine, "commit", count)
    try:
        answer = sample_container.qa.service.ask(Question("奉化区2020年通过一键通平台兑现了多少惠企资金"))
    finally:
        event.remove(sample_container.engine, "commit", count)
    assert len(commits) == 1 + answer.handoff  # session row, turn and answer log row together (and any ticket)
    assert answer.session_id is not None
    assert [t.question for t in sample_container.qa.sessions.history(answer.session_id)] == [answer.question]
    assert sample_container.qa.answers.get(answer.answer_id).session_id == answer.session_id


def test_an_answer_for_a_session_that_expired_meanwhile_writes_nothing(container: Container,
                                                                      clock: SteppingClock) -> None:
    sessions = SessionStore(container.engine, timedelta(minutes=30), clock=clock)
    record = AnswerLog.row(Answer("a1", "问", "问", "答", [], [], 0.5, False, "gone"), channel="ask", at=clock())
    with pytest.raises(SessionNotFound):
        sessions.append("gone", SUBSIDY, record=record)
    with pytest.raises(AnswerNotFound):
        container.qa.answers.get("a1")
