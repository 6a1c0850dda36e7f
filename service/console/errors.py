"""Errors of the staff console. Each builds its own message, in Chinese, for the staff member reading it.

    ConsoleError (base)
    ├── LoginFailed        wrong username or password (never says which)
    ├── LoginLocked        too many failed logins for a username within the window
    ├── NotLoggedIn        no session cookie, or one that is unknown or forged
    │   └── SessionExpired the session ran past its lifetime
    ├── CsrfRejected       a form arrived without the token of the session that served it
    ├── NotPermitted       a reviewer tried an admin action
    ├── StaffExists        `staff add` for a username already taken
    ├── StaffNotFound      no staff account with that username
    ├── InvalidStaff       a username, role or password that fails the rules
    └── InvalidForm        any other field a staff member must correct (bad date, bad link, oversized upload)
"""

from __future__ import annotations


class ConsoleError(Exception):
    """Base of every error raised by `service.console`."""


class LoginFailed(ConsoleError):
    def __init__(self) -> None:
        super().__init__("用户名或密码错误")


class LoginLocked(ConsoleError):
    """Too many failed logins from here: wait `seconds` before the next attempt (a delay, not a lock)."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(f"登录失败次数过多，请 {seconds} 秒后再试")


class NotLoggedIn(ConsoleError):
    def __init__(self, message: str = "请先登录") -> None:
        super().__init__(message)


class SessionExpired(NotLoggedIn):
    def __init__(self) -> None:
        super().__init__("登录已过期，请重新登录")


class CsrfRejected(ConsoleError):
    def __init__(self) -> None:
        super().__init__("表单已失效（安全令牌缺失或不符），未做任何修改。请刷新页面后重新提交")


class NotPermitted(ConsoleError):
    def __init__(self, action: str, role: str) -> None:
        self.action = action
        self.role = role
        super().__init__(f"权限不足：“{action}”仅限管理员，当前账号角色为 {role}")


class StaffExists(ConsoleError):
    def __init__(self, username: str) -> None:
        self.username = username
        super().__init__(f"账号已存在：{username}")


class StaffNotFound(ConsoleError):
    def __init__(self, username: str) -> None:
        self.username = username
        super().__init__(f"账号不存在：{username}")


class InvalidStaff(ConsoleError):
    pass


class InvalidForm(ConsoleError):
    pass
