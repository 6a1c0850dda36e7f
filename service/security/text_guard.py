"""Text that cannot be encoded is refused at the door: a JSON body whose strings hold lone surrogates
(`"\\ud800"`, valid JSON escapes but no Unicode text) gets a 422 before any route, model or database sees it.
Form fields and URLs arrive as bytes decoded by Starlette and cannot carry them."""

from __future__ import annotations

import json
from collections.abc import Iterator

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import error_response

MESSAGE = "请求中含有无法编码的字符（孤立的 UTF-16 代理项），请检查文本后重试"


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def encodable(value: object) -> bool:
    try:
        for text in _strings(value):
            text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class TextGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or []) if scope["type"] == "http" else {}
        if b"json" not in headers.get(b"content-type", b""):
            await self.app(scope, receive, send)
            return
        messages, body = [], b""
        while True:  # the body limit middleware outside this one bounds what is buffered here
            message = await receive()
            messages.append(message)
            body += message.get("body", b"")
            if message["type"] != "http.request" or not message.get("more_body"):
                break
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            parsed = None  # not JSON: FastAPI answers that itself
        if not encodable(parsed):
            await error_response(422, "invalid_text", MESSAGE)(scope, receive, send)
            return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)
