"""The OpenAI-compatible API, driven by the official `openai` client against a real uvicorn server."""

from __future__ import annotations

import pytest
from openai import OpenAI

pytestmark = pytest.mark.model
QUESTION = "奉化区2020年通过一键通平台兑现了多少惠企资金"


@pytest.fixture
def openai_client(real_server: str) -> OpenAI:
    return OpenAI(base_url=f"{real_server}/v1", api_key="unused", timeout=60, max_retries=0)


def test_the_service_is_listed_as_a_model(openai_client: OpenAI) -> None:
    assert [m.id for m in openai_client.models.list()] == ["zhengce-policy-qa"]


def test_a_completion_carries_the_answer_with_markers_and_sources(openai_client: OpenAI) -> None:
    completion = openai_client.chat.completions.create(
        model="zhengce-policy-qa", messages=[{"role": "user", "content": QUESTION}])
    content = completion.choices[0].message.content or ""
    assert "14169万元" in content and "[1]" in content
    assert "来源：\n[1]《奉化区人民政府2020年政府信息公开工作年度报告》" in content
    assert completion.choices[0].finish_reason == "stop"


def test_a_streamed_completion_reads_as_the_same_answer(openai_client: OpenAI) -> None:
    stream = openai_client.chat.completions.create(
        model="zhengce-policy-qa", messages=[{"role": "user", "content": QUESTION}], stream=True)
    chunks = list(stream)
    content = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert len(chunks) > 3 and chunks[-1].choices[0].finish_reason == "stop"
    assert "14169万元" in content and "来源：" in content


def test_the_message_history_gives_the_follow_up_its_subject(openai_client: OpenAI) -> None:
    first = openai_client.chat.completions.create(
        model="zhengce-policy-qa", messages=[{"role": "user", "content": QUESTION}])
    follow = openai_client.chat.completions.create(model="zhengce-policy-qa", messages=[
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "content": first.choices[0].message.content or ""},
        {"role": "user", "content": "它现在还有效吗"},
    ])
    expected = "《奉化区人民政府2020年政府信息公开工作年度报告》目前为“现行有效”"
    assert expected in (follow.choices[0].message.content or "")


def test_a_bad_request_reaches_the_client_as_an_error(openai_client: OpenAI) -> None:
    from openai import UnprocessableEntityError

    with pytest.raises(UnprocessableEntityError, match="role: user"):
        openai_client.chat.completions.create(model="zhengce-policy-qa",
                                              messages=[{"role": "assistant", "content": "你好"}])
