"""OpenAI-compatible chat API: `POST /v1/chat/completions` (plain or streamed) and `GET /v1/models`.

Existing chat front-ends and the official `openai` client work unchanged. The last user message is
the question; earlier messages are the conversation its follow-ups are read against. The reply text
carries the citation markers and a 来源 list; the structured answer rides along under `zhengce`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from service.deps import QADep, SettingsDep
from service.qa.conversation import turns_from_messages
from service.qa.errors import InvalidQuestion
from service.qa.models import Answer
from service.qa.service import Question
from service.ratelimit import RateLimited

router = APIRouter(prefix="/v1", tags=["chat"])
STREAM_PIECE = 24


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str
    content: str | list[dict] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(str(part.get("text", "")) for part in self.content if part.get("type") == "text")
        return self.content or ""


class ChatIn(BaseModel):
    model_config = ConfigDict(extra="allow")  # temperature, max_tokens, ... are accepted and ignored

    model: str | None = None
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    style: Literal["default", "elderly"] = "default"


@router.get("/models")
def list_models(settings: SettingsDep) -> dict:
    return {"object": "list", "data": [
        {"id": settings.qa.chat_model, "object": "model", "created": 0, "owned_by": "zhengce"},
    ]}


@router.post("/chat/completions", dependencies=[RateLimited], response_model=None)
def chat_completions(body: ChatIn, qa: QADep, settings: SettingsDep) -> dict | StreamingResponse:
    last = body.messages[-1]
    if last.role != "user":
        raise InvalidQuestion("最后一条消息须为用户（role: user）的提问")
    history = turns_from_messages([(m.role, m.text()) for m in body.messages[:-1]])
    answer = qa.service.ask(Question(last.text(), history=history, style=body.style, channel="chat"))
    model = settings.qa.chat_model
    if body.stream:
        return StreamingResponse(_stream(answer, model), media_type="text/event-stream")
    return _completion(answer, model)


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


def _completion(answer: Answer, model: str) -> dict:
    content = render(answer)
    prompt, completion = len(answer.question), len(content)
    return {
        "id": f"chatcmpl-{answer.answer_id}", "object": "chat.completion", "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
        "zhengce": _extension(answer),
    }


def _stream(answer: Answer, model: str) -> Iterator[str]:
    """Server-sent events in the chat.completion.chunk format, ending with `data: [DONE]`."""
    content = render(answer)
    head = {"id": f"chatcmpl-{answer.answer_id}", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": model}
    deltas = [{"role": "assistant", "content": ""}]
    deltas += [{"content": content[i:i + STREAM_PIECE]} for i in range(0, len(content), STREAM_PIECE)]
    for delta in deltas:
        yield _event({**head, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
    yield _event({**head, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                  "zhengce": _extension(answer)})
    yield "data: [DONE]\n\n"


def _event(payload: dict) -> str:
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"
