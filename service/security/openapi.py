"""The OpenAPI description says what the service really answers: the `{"error": {...}}` body of every
4xx, the 4xx each operation can return, and the bearer scheme of the operations that need a token.

The statuses follow from how an operation is built: every operation may answer 422 (validation) and 404
(an unknown id, in its path or its body); one with a body 400 (unparseable) and 413 (too large); one behind
the token dependency 401 and 403; one behind the rate limiter 429; the push and Q&A writes 409 (a run in
progress, a closed ticket).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from service.ratelimit import rate_limited

ERROR_BODY = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "code": {"type": "string", "description": "机器可读的错误码，如 document_not_found"},
            "message": {"type": "string", "description": "说明如何修改请求的中文信息"},
            "details": {"type": "array", "items": {"type": "object"},
                        "description": "逐项说明（如敏感信息检测的类型与位置）"},
        },
    }},
}
DESCRIPTIONS = {
    400: "请求体无法解析", 401: "缺少或无效的接口令牌", 403: "令牌无权执行此操作，或管理接口未启用",
    404: "对象不存在", 405: "不支持该请求方法", 409: "与当前状态冲突", 413: "请求体过大",
    422: "请求内容有误", 429: "请求过于频繁",
}
CONFLICTING_PREFIXES = ("/v1/push", "/v1/policies", "/v1/faq")


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _calls(dependency)


def error_statuses(route: Any, authenticated: Callable[..., Any]) -> tuple[list[int], bool]:
    calls = set(_calls(route.dependant))
    needs_token = authenticated in calls
    statuses = [404, 405, 422]
    if route.dependant.body_params or route.methods & {"POST", "PUT", "PATCH"}:
        statuses += [400, 413]
    if needs_token:
        statuses += [401, 403]
    if rate_limited in calls:
        statuses.append(429)
    if route.path.startswith(CONFLICTING_PREFIXES) and route.methods - {"GET"}:
        statuses.append(409)
    return sorted(set(statuses)), needs_token


def install_openapi(app: FastAPI, authenticated: Callable[..., Any]) -> None:
    """Replace `app.openapi` by one that documents errors and security as described above."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        components = schema.setdefault("components", {})
        schemas = components.setdefault("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        schemas["ErrorBody"] = ERROR_BODY
        components["securitySchemes"] = {"bearer": {
            "type": "http", "scheme": "bearer",
            "description": "ZHENGCE_ADMIN_TOKEN（初始管理员）或 `zhengce token create` 创建的个人接口令牌"}}
        for route in _api_routes(app):
            statuses, needs_token = error_statuses(route, authenticated)
            for method in route.methods:
                _document(schema["paths"][route.path_format][method.lower()], statuses, needs_token)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _api_routes(app: FastAPI) -> Iterator[Any]:
    """The app's API routes as FastAPI walks them for OpenAPI (included routers flattened, prefixes applied)."""
    for context in routing.iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute) and context.include_in_schema:
            yield context


def _document(operation: dict[str, Any], statuses: list[int], needs_token: bool) -> None:
    responses = operation.setdefault("responses", {})
    for status in statuses:
        responses[str(status)] = {"description": DESCRIPTIONS[status], "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
    if needs_token:
        operation["security"] = [{"bearer": []}]
        # the scheme says it; the header the dependency reads is not a parameter of its own
        operation["parameters"] = [p for p in operation.get("parameters", []) if p["name"].lower() != "authorization"]
        if not operation["parameters"]:
            del operation["parameters"]
