"""Request body limits, checked before a body is read: JSON bodies are small, uploads larger.

A request without Content-Length (chunked) is counted as it streams and cut off at the limit.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import PayloadTooLarge, error_response

JSON_LIMIT = 1024 * 1024


class BodyLimit:
    def __init__(self, app: ASGIApp, upload_limit: int, json_limit: int = JSON_LIMIT) -> None:
        self.app = app
        self.upload_limit = upload_limit
        self.json_limit = json_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        is_upload = headers.get(b"content-type", b"").startswith(b"multipart/")
        limit = self.upload_limit + 64 * 1024 if is_upload else self.json_limit
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(limit, scope, receive, send)
            return
        await self.app(scope, _counting(receive, limit), send)

    @staticmethod
    async def _refuse(limit: int, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"请求体过大：上限 {limit // 1024} KB，请缩短内容或拆分上传"
        await error_response(413, "payload_too_large", message)(scope, receive, send)


def _counting(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise PayloadTooLarge(f"请求体过大：上限 {limit // 1024} KB，请缩短内容或拆分上传")
        return message

    return wrapped
