"""What every console page shares: templates, the logged-in staff member, permissions, CSRF, errors.

`ConsoleRoute` renders errors as HTML pages instead of the API's JSON: a missing or expired session
redirects to the login page, every known domain error shows its message with its status code, and
every response carries a strict Content-Security-Policy (scripts and styles from this service only).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.datastructures import FormData

from service.console import csrf
from service.console.errors import (
    NotLoggedIn,
    NotPermitted,
    SessionExpired,
)
from service.console.permissions import ADMIN_ACTIONS, ROLE_NAMES, may
from service.console.sessions import COOKIE, StaffSession
from service.console.wiring import Console
from service.error_table import status_for
from service.errors import HTTPError

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PREFIX = "/console"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

# fixed confirmation messages a redirect may name (`?done=`): no text from a URL is ever shown
DONE_MESSAGES = {
    "labelled": "已保存标注", "answered": "已答复，答案已收录为常见问题", "closed": "工单已关闭",
    "merged": "已合并到目标工单", "faq": "已收录为常见问题", "decided": "已保存审核结果",
    "audience": "已更新适用范围，下次匹配时生效", "uploaded": "文档已上传并索引", "saved": "已保存",
    "repealed": "已标记为已废止，该文档不再用于回答和推送", "deleted": "文档已删除", "staff": "账号已保存",
    "erased": "订阅者数据已删除，统计中只留下化名",
}

templates = Jinja2Templates(env=Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True))
# readable before/after values in the audit log; autoescape still applies to the text
templates.env.filters["pretty"] = lambda value: json.dumps(value, ensure_ascii=False, indent=1, default=str)


def console_of(request: Request) -> Console:
    return request.app.state.container.console


ConsoleDep = Annotated[Console, Depends(console_of)]


def current_session(request: Request, console: ConsoleDep) -> StaffSession:
    return console.sessions.resolve(request.cookies.get(COOKIE))


SessionDep = Annotated[StaffSession, Depends(current_session)]


class Permit:
    """Dependency: the session, if its role may do `action` (see `permissions.py`)."""

    def __init__(self, action: str) -> None:
        self.action = action

    def __call__(self, session: SessionDep) -> StaffSession:
        if not may(session.staff.role, self.action):
            raise NotPermitted(ADMIN_ACTIONS.get(self.action, self.action), ROLE_NAMES[session.staff.role])
        return session


async def checked_form(request: Request, session: SessionDep) -> FormData:
    """The submitted form, once its CSRF token matched the session's."""
    form = await request.form()
    csrf.verify(session.csrf_token, form.get(csrf.FIELD))
    return form


CheckedForm = Annotated[FormData, Depends(checked_form)]


def render(request: Request, name: str, session: StaffSession | None, status_code: int = 200,
           **context: Any) -> Response:
    role = session.staff.role if session else None
    shared = {"session": session, "csrf_token": session.csrf_token if session else "",
              "may": lambda action: role is not None and may(role, action), "role_names": ROLE_NAMES,
              "path": request.url.path, "done": DONE_MESSAGES.get(request.query_params.get("done", ""))}
    return templates.TemplateResponse(request, f"console/{name}", {**shared, **context}, status_code=status_code)


def back_to(path: str, done: str | None = None, **params: str) -> RedirectResponse:
    """303 to a console page after a form (post/redirect/get); `done` names a fixed confirmation message."""
    query = {**params, **({"done": done} if done else {})}
    suffix = "&".join(f"{k}={quote(str(v))}" for k, v in query.items())
    return RedirectResponse(f"{path}?{suffix}" if suffix else path, status_code=303)


def safe_next(target: str | None) -> str:
    """Only a console path may follow a login (no open redirect)."""
    if target and target.startswith(PREFIX) and not target.startswith("//") and "\\" not in target:
        return target
    return PREFIX


def status_of(request: Request, error: Exception) -> int | None:
    if isinstance(error, HTTPError):
        return error.status
    found = status_for(request.app.state.error_table, error)
    return found[0] if found else None


def validation_message(error: RequestValidationError) -> str:
    fields = "、".join(str(e["loc"][-1]) for e in error.errors())
    return f"表单填写有误，请检查这些字段：{fields}"


class ConsoleRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def console_handler(request: Request) -> Response:
            try:
                response = await handler(request)
            except NotLoggedIn as error:
                response = _to_login(request, error)
            except RequestValidationError as error:
                response = _error_page(request, 422, validation_message(error))
            except Exception as error:  # every error becomes a page; unknown ones are logged, never shown
                response = _page_for(request, error)
            response.headers.update(SECURITY_HEADERS)
            return response

        return console_handler


def _to_login(request: Request, error: NotLoggedIn) -> Response:
    reason = "expired" if isinstance(error, SessionExpired) else "login"
    target = request.url.path if request.method == "GET" else PREFIX
    response = RedirectResponse(f"{PREFIX}/login?reason={reason}&next={quote(target)}", status_code=303)
    response.delete_cookie(COOKIE, path=PREFIX)
    return response


def _page_for(request: Request, error: Exception) -> Response:
    status = status_of(request, error)
    if status is None:
        log.exception("console page failed", exc_info=error)
        return _error_page(request, 500, "服务内部错误，已记录，请稍后再试")
    message = error.message if isinstance(error, HTTPError) else str(error)
    return _error_page(request, status, message)


def _error_page(request: Request, status: int, message: str) -> HTMLResponse:
    response = templates.TemplateResponse(request, "console/error.html", {"status": status, "message": message},
                                          status_code=status)
    assert isinstance(response, HTMLResponse)
    return response
