"""Turning domain errors into HTTP responses. Only `service/` knows about status codes.

Which domain error is which status is `service.error_table.ERROR_TABLE`, passed to `create_app`.
Every error body is `{"error": {"code": ..., "message": ...}}`, with a Chinese message that says
what to change. No stack trace ever reaches a user.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.error_table import ErrorTable, status_for

log = logging.getLogger(__name__)


class HTTPError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class Unauthorized(HTTPError):
    status, code = 401, "unauthorized"


class Forbidden(HTTPError):
    status, code = 403, "forbidden"


class NotFound(HTTPError):
    status, code = 404, "not_found"


class PayloadTooLarge(HTTPError):
    status, code = 413, "payload_too_large"


class TooManyRequests(HTTPError):
    status, code = 429, "rate_limited"


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None,
                   details: list[dict] | None = None) -> JSONResponse:
    body: dict = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def _domain(table: ErrorTable) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    async def handler(_: Request, error: Exception) -> JSONResponse:
        status, code = status_for(table, error) or (500, "internal_error")
        return error_response(status, code, str(error), details=getattr(error, "details", None))

    return handler


async def _http(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPError)
    headers = {"Retry-After": "60"} if isinstance(error, TooManyRequests) else None
    return error_response(error.status, error.code, error.message, headers)


async def _validation(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'] if p != 'body')}: {e['msg']}" for e in error.errors())
    return error_response(422, "invalid_request", f"请求格式有误：{problems}")


async def _starlette(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    messages = {404: "找不到该地址", 405: "不支持该请求方法"}
    return error_response(error.status_code, "http_error", messages.get(error.status_code, str(error.detail)),
                          headers=getattr(error, "headers", None))  # 405 keeps its Allow header


async def _unexpected(_: Request, error: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=error)
    return error_response(500, "internal_error", "服务内部错误，已记录，请稍后再试")


def install_error_handlers(app: FastAPI, table: ErrorTable) -> None:
    """Map the table's domain errors (and HTTP, validation and unexpected errors) to JSON error bodies."""
    app.state.error_table = table
    app.add_exception_handler(HTTPError, _http)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _starlette)
    handler = _domain(table)
    for klass in table:
        app.add_exception_handler(klass, handler)
    app.add_exception_handler(Exception, _unexpected)
