"""Turning domain errors into HTTP responses. Only `service/` knows about status codes.

Every error body is `{"error": {"code": ..., "message": ...}}`, with a Chinese message that says
what to change. No stack trace ever reaches a user.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from index.errors import (
    DocumentError,
    DocumentNotFound,
    IndexError_,
    IndexMismatch,
    InvalidMetadata,
    InvalidQuery,
    ModelError,
)
from index.privacy import FindingNotFound, OriginalNotFound, PersonalDataFound
from service.privacy.questions import RawQuestionNotFound
from service.security.tokens import TokenError, TokenNotFound

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


# domain error class -> (status, code); the first matching class in MRO order wins
DOMAIN_ERRORS: dict[type[Exception], tuple[int, str]] = {
    DocumentNotFound: (404, "document_not_found"),
    PersonalDataFound: (422, "personal_data_found"),
    FindingNotFound: (404, "finding_not_found"),
    OriginalNotFound: (404, "original_not_found"),
    RawQuestionNotFound: (404, "raw_question_not_found"),
    TokenError: (422, "invalid_token_request"),
    TokenNotFound: (404, "token_not_found"),
    # text a database cannot store (lone surrogates in a form field) and integers past 64 bits: bad input
    UnicodeEncodeError: (422, "invalid_text"),
    OverflowError: (422, "number_out_of_range"),
    DocumentError: (422, "document_unreadable"),
    InvalidQuery: (422, "invalid_query"),
    InvalidMetadata: (422, "invalid_metadata"),
    ModelError: (503, "model_unavailable"),
    IndexMismatch: (503, "index_mismatch"),
    IndexError_: (400, "index_error"),
}


def register_domain_errors(mapping: dict[type[Exception], tuple[int, str]]) -> None:
    """Other domains (Q&A, push, console) add their error classes here at import time."""
    DOMAIN_ERRORS.update(mapping)


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None,
                   details: list[dict] | None = None) -> JSONResponse:
    body: dict = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def _status_for(error: Exception) -> tuple[int, str] | None:
    for klass in type(error).__mro__:
        if klass in DOMAIN_ERRORS:
            return DOMAIN_ERRORS[klass]
    return None


async def _domain(_: Request, error: Exception) -> JSONResponse:
    status, code = _status_for(error) or (500, "internal_error")
    return error_response(status, code, str(error), details=getattr(error, "details", None))


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


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(HTTPError, _http)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _starlette)
    for klass in DOMAIN_ERRORS:
        app.add_exception_handler(klass, _domain)
    app.add_exception_handler(Exception, _unexpected)
