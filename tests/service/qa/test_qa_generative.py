"""Optional generative answers: used only when every marker points at a passage given, else extractive."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from service.container import Container
from service.qa.errors import GenerationRejected
from service.qa.generative import GenerativeAnswerer, renumber
from service.qa.models import Citation
from service.qa.service import Question
from tests.conftest import make_settings

QUESTION = "奉政办发〔2018〕42号 坚持以公开为常态"


def passage(n: int) -> Citation:
    return Citation(n=n, doc_id=f"d{n}", title=f"政策{n}", doc_number=None, issuer=None, status="现行有效",
                    section="第一条", text=f"正文{n}", url=f"http://x/{n}")


def test_markers_are_renumbered_to_the_passages_cited() -> None:
    text, cited = renumber("应当公开[3]，另见[1][3]。", [passage(1), passage(2), passage(3)])
    assert text == "应当公开[1]，另见[2][1]。" and [(c.n, c.doc_id) for c in cited] == [(1, "d3"), (2, "d1")]


@pytest.mark.parametrize("reply", ["应当公开[9]。", "应当公开。", "见[1]和[4]"])
def test_a_reply_citing_nothing_or_a_passage_not_given_is_rejected(reply: str) -> None:
    with pytest.raises(GenerationRejected):
        renumber(reply, [passage(1), passage(2)])


def test_the_request_carries_the_numbered_passages_and_the_key() -> None:
    seen: list[httpx.Request] = []

    def reply(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"choices": [{"message": {"role": "assistant", "content": "可以[1]。"}}]})

    llm = GenerativeAnswerer("http://llm.test/v1", "m", "k", transport=httpx.MockTransport(reply))
    assert llm.answer("问题", [passage(1)])[0] == "可以[1]。"
    body = json.loads(seen[0].content)
    assert seen[0].url == "http://llm.test/v1/chat/completions" and seen[0].headers["authorization"] == "Bearer k"
    assert "[1]《政策1》第一条：正文1" in body["messages"][1]["content"] and body["model"] == "m"


def test_an_endpoint_failure_is_a_rejection() -> None:
    llm = GenerativeAnswerer("http://llm.test", "m", transport=httpx.MockTransport(lambda _: httpx.Response(500)))
    with pytest.raises(GenerationRejected, match="LLM 调用失败"):
        llm.answer("问题", [passage(1)])


class FakeLLM(ThreadingHTTPServer):
    """A local server speaking the chat-completions protocol with a scripted reply."""

    reply = ""
    requests: list[dict]

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests = []


class _Handler(BaseHTTPRequestHandler):
    server: FakeLLM

    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        self.server.requests.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        body = json.dumps({"id": "c1", "object": "chat.completion", "choices": [
            {"index": 0, "message": {"role": "assistant", "content": self.server.reply}, "finish_reason": "stop"}]})
        self.send_response(200 if self.path == "/v1/chat/completions" else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    server = FakeLLM()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def generative_container(tmp_path: Path, fake_llm: FakeLLM) -> Iterator[Container]:
    url = f"http://127.0.0.1:{fake_llm.server_address[1]}/v1"
    built = Container.build(make_settings(tmp_path, qa={"handoff_threshold": 0.0, "llm_base_url": url,
                                                        "llm_model": "local"}))
    built.start()
    built.ingest_samples()
    yield built
    built.close()


def test_a_grounded_reply_from_the_llm_is_the_answer(generative_container: Container, fake_llm: FakeLLM) -> None:
    fake_llm.reply = "要坚持以公开为常态、不公开为例外[2]。"
    answer = generative_container.qa.service.ask(Question(QUESTION))
    given = fake_llm.requests[0]["messages"][1]["content"]
    assert answer.text == "要坚持以公开为常态、不公开为例外[1]。"
    assert len(answer.citations) == 1 and f"[2]《{answer.citations[0].title}》" in given


def test_a_reply_citing_a_passage_not_given_falls_back_to_the_extractive_answer(
        generative_container: Container, fake_llm: FakeLLM) -> None:
    fake_llm.reply = "要坚持以公开为常态[9]。"
    answer = generative_container.qa.service.ask(Question(QUESTION))
    assert len(fake_llm.requests) == 1
    assert answer.text.startswith("根据《") and "[9]" not in answer.text and answer.citations[0].n == 1


def test_without_an_endpoint_no_llm_is_built(container: Container) -> None:
    assert container.qa.service.parts.generative is None
