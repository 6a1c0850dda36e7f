"""OpenAI-compatible chat API: `POST /v1/chat/completions` (plain or streamed) and `GET /v1/models`.

Existing chat front-ends and the official `openai` client work unchanged. The last user message is
the question; earlier messages are the conversation its follow-ups are read against. The reply text
carries the citation markers and a 来源 list; the structured answer rides along under `zhengce`.
`usage` counts tokens of the service's model tokenizer; `max_tokens` (or `max_completion_tokens`) cuts
the reply, with `finish_reason: "length"`; `stream_options.include_usage` adds the usage chunk. Errors on
these routes have OpenAI's shape: `{"error": {"message", "type", "param", "code"}}`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field

from service.deps import QADep, SettingsDep
from service.errors import HTTPError, TooManyRequests
from service.qa.conversation import turns_from_messages
from service.qa.errors import InvalidQuestion, QAError
from service.qa.models import Answer
from service.qa.service import Question
from service.qa.tokens import TokenCounter
from service.ratelimit import RateLimited

STREAM_PIECE = 24
ROLES = ("system", "developer", "user", "assistant", "tool", "function")


class OpenAIErrorRoute(APIRoute):
    """Errors of a chat route in OpenAI's shape, so that OpenAI clients raise them with their message."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as error:
                first = error.errors()[0] if error.errors() else {}
                param = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or None
                return openai_error(422, f"请求格式有误：{param}: {first.get('msg', '')}", "invalid_request_error",
                                    param, "invalid_request")
            except TooManyRequests as error:
                return openai_error(error.status, error.message, "rate_limit_error", None, error.code,
                                    {"Retry-After": "60"})
            except HTTPError as error:
                return openai_error(error.status, error.message, "invalid_request_error", None, error.code)
            except InvalidChatMessage as error:
                return openai_error(422, error.message, "invalid_request_error", error.param, "invalid_message")
            except InvalidQuestion as error:
                return openai_error(422, str(error), "invalid_request_error", "messages", "invalid_question")
            except QAError as error:
                return openai_error(400, str(error), "invalid_request_error", None, "qa_error")

        return handle


router = APIRouter(prefix="/v1", tags=["chat"], route_class=OpenAIErrorRoute)


class InvalidChatMessage(Exception):
    def __init__(self, message: str, param: str) -> None:
        self.message, self.param = message, param
        super().__init__(message)


def openai_error(status: int, message: str, kind: str, param: str | None, code: str,
                 headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": kind, "param": param, "code": code}},
                        status_code=status, headers=headers)


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str
    content: str | list[dict] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(str(part.get("text", "")) for part in self.content if part.get("type") == "text")
        return self.content or ""


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")

    include_usage: bool = False


class ChatIn(BaseModel):
    model_config = ConfigDict(extra="allow")  # temperature, top_p, ... are accepted and ignored

    model: str | None = None
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    stream_options: StreamOptions | None = None
    max_tokens: int | None = Field(default=None, ge=1)
    max_completion_tokens: int | None = Field(default=None, ge=1)
    style: Literal["default", "elderly"] = "default"

    def token_limit(self) -> int | None:
        return self.max_completion_tokens or self.max_tokens


@router.get("/models")
def list_models(settings: SettingsDep) -> dict:
    return {"object": "list", "data": [
        {"id": settings.qa.chat_model, "object": "model", "created": 0, "owned_by": "zhengce"},
    ]}


@router.post("/chat/completions", dependencies=[RateLimited], response_model=None)
def chat_completions(body: ChatIn, qa: QADep, settings: SettingsDep) -> dict | StreamingResponse:
    _check_roles(body.messages)
    last = body.messages[-1]
    if last.role != "user":
        raise InvalidChatMessage("最后一条消息须为用户（role: user）的提问", f"messages.{len(body.messages) - 1}.role")
    history = turns_from_messages([(m.role, m.text()) for m in body.messages[:-1]])
    answer = qa.service.ask(Question(last.text(), history=history, style=body.style, channel="chat"))
    reply = Reply.of(answer, body, qa.tokens)
    if body.stream:
        include_usage = bool(body.stream_options and body.stream_options.include_usage)
        return StreamingResponse(_stream(reply, settings.qa.chat_model, include_usage), media_type="text/event-stream")
    return _completion(reply, settings.qa.chat_model)


def _check_roles(messages: list[ChatMessage]) -> None:
    for n, message in enumerate(messages):
        if message.role not in ROLES:
            raise InvalidChatMessage(f"不支持的消息角色（role）“{message.role}”：可用的角色为 {', '.join(ROLES)}",
                                     f"messages.{n}.role")


class Reply(BaseModel):
    answer_id: str
    content: str
    finish_reason: str
    usage: dict[str, int]
    extension: dict

    @classmethod
    def of(cls, answer: Answer, body: ChatIn, tokens: TokenCounter) -> Reply:
        content, finish = render(answer), "stop"
        limit = body.token_limit()
        if limit is not None:
            content, cut = tokens.truncate(content, limit)
            finish = "length" if cut else "stop"
        prompt = sum(tokens.count(m.text()) for m in body.messages)
        completion = tokens.count(content)
        return cls(answer_id=answer.answer_id, content=content, finish_reason=finish,
                   usage={"prompt_tokens": prompt, "completion_tokens": completion,
                          "total_tokens": prompt + completion},
                   extension=_extension(answer))


def render(answer: Answer) -> str:
    """The answer text followed by its sources, one line per citation."""
    if not answer.citations:
        return answer.text
    lines = [f"[{c.n}]《{c.title}》{c.section}（{'，'.join(filter(None, [c.doc_number, c.status]))}）{c.url}"
             for c in answer.citations]
    return answer.text + "\n\n来源：\n" + "\n".join(lines)


def _extension(answer: Answer) -> dict:
    return {"answer_id": answer.answer_id, "confidence": answer.confidence, "handoff": answer.handoff,
            "ticket_id": answer.ticket_id, "citations": [c.to_dict() for c in answer.citations]}


def _completion(reply: Reply, model: str) -> dict:
    return {
        "id": f"chatcmpl-{reply.answer_id}", "object": "chat.completion", "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": reply.content},
                     "finish_reason": reply.finish_reason}],
        "usage": reply.usage,
        "zhengce": reply.extension,
    }


def _stream(reply: Reply, model: str, include_usage: bool) -> Iterator[str]:
    """Server-sent events in the chat.completion.chunk format, ending with `data: [DONE]`."""
    content = reply.content
    head = {"id": f"chatcmpl-{reply.answer_id}", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": model}
    deltas = [{"role": "assistant", "content": ""}]
    deltas += [{"content": content[i:i + STREAM_PIECE]} for i in range(0, len(content), STREAM_PIECE)]
    for delta in deltas:
        yield _event({**head, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
    yield _event({**head, "choices": [{"index": 0, "delta": {}, "finish_reason": reply.finish_reason}],
                  "zhengce": reply.extension})
    if include_usage:
        yield _event({**head, "choices": [], "usage": reply.usage})
    yield "data: [DONE]\n\n"


def _event(payload: dict) -> str:
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"
