"""Login and logout. A failed login shows the form again with the reason; nothing else is said."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Form, Request, Response
from fastapi.responses import RedirectResponse

from service.console import csrf
from service.console.errors import LoginFailed, LoginLocked
from service.console.sessions import COOKIE
from service.console.web import PREFIX, CheckedForm, ConsoleDep, ConsoleRoute, SessionDep, render, safe_next
from service.deps import SettingsDep
from service.ratelimit import client_address

router = APIRouter(route_class=ConsoleRoute)

REASONS = {"expired": "登录已过期，请重新登录", "login": "请先登录", "logout": "已退出登录"}
LOGIN_PATH = f"{PREFIX}/login"


@router.get("/login")
def login_page(request: Request, settings: SettingsDep, reason: str = "", next: str = "") -> Response:
    return _login_form(request, settings.console.cookie_secure, REASONS.get(reason, ""), next)


@router.post("/login")
def login(request: Request, console: ConsoleDep, settings: SettingsDep,
          username: Annotated[str, Form(max_length=64)] = "", password: Annotated[str, Form(max_length=200)] = "",
          next: Annotated[str, Form()] = "", csrf_token: Annotated[str, Form()] = "",
          login_csrf: Annotated[str | None, Cookie(alias=csrf.LOGIN_COOKIE)] = None) -> Response:
    csrf.verify(login_csrf, csrf_token)
    secure = settings.console.cookie_secure
    try:
        staff = console.staff.authenticate(username.strip(), password, client_address(request))
    except (LoginFailed, LoginLocked) as error:
        status = 429 if isinstance(error, LoginLocked) else 401
        return _login_form(request, secure, str(error), next, status=status, username=username)
    cookie, _ = console.sessions.open(staff)
    console.audit.record(staff.username, "login", staff.username)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(COOKIE, cookie, max_age=int(console.sessions.lifetime.total_seconds()), path=PREFIX,
                        httponly=True, samesite="strict", secure=secure)
    response.delete_cookie(csrf.LOGIN_COOKIE, path=LOGIN_PATH)
    return response


@router.post("/logout")
def logout(request: Request, console: ConsoleDep, session: SessionDep, _: CheckedForm) -> Response:
    console.sessions.close(request.cookies.get(COOKIE))
    console.audit.record(session.staff.username, "logout", session.staff.username)
    response = RedirectResponse(f"{LOGIN_PATH}?reason=logout", status_code=303)
    response.delete_cookie(COOKIE, path=PREFIX)
    return response


def _login_form(request: Request, secure: bool, message: str, next: str, *, status: int = 200,
                username: str = "") -> Response:
    """The form, with a fresh double-submit CSRF token in a cookie and in the form."""
    token = csrf.new_token()
    response = render(request, "login.html", None, status_code=status, message=message, error=status >= 400,
                      next=safe_next(next), login_csrf=token, username=username)
    response.set_cookie(csrf.LOGIN_COOKIE, token, path=LOGIN_PATH, httponly=True, samesite="strict", secure=secure)
    return response
