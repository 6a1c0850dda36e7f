"""Every successful write through the API (POST, PUT, PATCH, DELETE by a token holder) goes into the audit log
with the token's owner, the method and the path; the body is not recorded (it may hold personal data).

A route that records its own entry (a push decision with what it was before, an erasure under a pseudonym)
calls `audited(request)`, so each write is audited once."""

from __future__ import annotations

import logging

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def audited(request: Request) -> None:
    """The route wrote this request's audit entry itself; the middleware adds none."""
    request.state.audited = True


class ApiAudit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITES:
            await self.app(scope, receive, send)
            return
        status = {"code": 500}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        await self.app(scope, receive, capture)
        state = scope.get("state", {})
        caller = state.get("caller")
        if caller is None or status["code"] >= 400 or state.get("audited"):
            return
        container = scope["app"].state.container
        container.console.audit.record(caller.actor, f"api.{scope['method'].lower()}", scope["path"][:500],
                                       after={"status": status["code"], "role": caller.role})
