"""OpenAI details of the chat route with the fake embedder: usage, max_tokens, include_usage, error shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.qa.tokens import TokenCounter

QUESTION = "奉化区2020年通过一键通平台兑现了多少惠企资金"
MODEL_DIR = Path(__file__).resolve().parents[3] / "data" / "models" / "e5-small"


def ask(client: TestClient, **body: object) -> dict:
    response = client.post("/v1/chat/completions", json={"model": "zhengce-policy-qa",
                                                         "messages": [{"role": "user", "content": QUESTION}], **body})
    assert response.status_code == 200, response.text
    return response.json()


def test_usage_counts_tokens_of_prompt_and_reply(answering_client: TestClient,
                                                 answering_container: object) -> None:
    body = ask(answering_client)
    tokens = TokenCounter(None)
    usage = body["usage"]
    assert usage["prompt_tokens"] == tokens.count(QUESTION)
    assert usage["completion_tokens"] == tokens.count(body["choices"][0]["message"]["content"])
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]


def test_max_tokens_cuts_the_reply_with_finish_reason_length(answering_client: TestClient) -> None:
    full = ask(answering_client)["choices"][0]["message"]["content"]
    body = ask(answering_client, max_tokens=10)
    cut = body["choices"][0]
    assert cut["finish_reason"] == "length" and full.startswith(cut["message"]["content"])
    assert body["usage"]["completion_tokens"] == 10
    assert ask(answering_client, max_tokens=100000)["choices"][0]["finish_reason"] == "stop"


def test_a_stream_ends_with_a_usage_chunk_when_asked(answering_client: TestClient) -> None:
    response = answering_client.post("/v1/chat/completions", json={
        "messages": [{"role": "user", "content": QUESTION}], "stream": True,
        "stream_options": {"include_usage": True}})
    events = [json.loads(line.removeprefix("data: ")) for line in response.text.splitlines()
              if line.startswith("data: {")]
    assert events[-1]["choices"] == [] and events[-1]["usage"]["total_tokens"] > 0
    assert events[-2]["choices"][0]["finish_reason"] == "stop"
    plain = answering_client.post("/v1/chat/completions", json={
        "messages": [{"role": "user", "content": QUESTION}], "stream": True})
    assert "usage" not in plain.text


@pytest.mark.parametrize(("messages", "param", "says"), [
    ([{"role": "wizard", "content": "你好"}, {"role": "user", "content": QUESTION}], "messages.0.role", "wizard"),
    ([{"role": "assistant", "content": "你好"}], "messages.0.role", "role: user"),
    ([{"role": "user", "content": "？？？😀"}], "messages", "标点"),
    ([], "messages", "请求格式有误"),
])
def test_errors_have_the_openai_shape_and_say_what_is_wrong(client: TestClient, messages: list, param: str,
                                                            says: str) -> None:
    response = client.post("/v1/chat/completions", json={"messages": messages})
    error = response.json()["error"]
    assert 400 <= response.status_code < 500
    assert set(error) == {"message", "type", "param", "code"} and error["type"] == "invalid_request_error"
    assert error["param"] == param and says in error["message"]


def test_a_question_of_punctuation_emoji_or_whitespace_is_refused_on_ask(client: TestClient) -> None:
    for question in ("？？？", "😀😀", "，。！ ", "\u3000\t"):
        response = client.post("/v1/ask", json={"question": question})
        assert response.status_code == 422 and response.json()["error"]["message"]


def test_the_fallback_counter_truncates_at_a_token_boundary() -> None:
    tokens = TokenCounter(None)
    assert tokens.count("社保abc 123") == 4
    assert tokens.truncate("社保abc 123", 3) == ("社保abc", True)
    assert tokens.truncate("社保", 5) == ("社保", False)


@pytest.mark.model
def test_the_model_tokenizer_counts_subword_tokens() -> None:
    if not (MODEL_DIR / "tokenizer.json").is_file():
        pytest.skip("the built model is not here")
    tokens = TokenCounter(MODEL_DIR)
    text = "公司不给交社保我能走人吗"
    assert 0 < tokens.count(text) < len(text)
    cut, was_cut = tokens.truncate(text, 3)
    assert was_cut and text.startswith(cut) and tokens.count(cut) == 3
