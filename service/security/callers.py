"""Who is calling the API: the bearer token resolved to a `Caller` with a role.

`ZHENGCE_ADMIN_TOKEN` is the bootstrap admin (compared in constant time); any other bearer token is
looked up among the per-person tokens (`TokenStore`). The caller is kept on the request, so the audit
middleware (`service.security.audit_api`) can record every write with the token's owner.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from fastapi import Request

from service.errors import Forbidden, Unauthorized
from service.security.tokens import ADMIN, PUSH_OPERATOR, REVIEWER, TokenStore

BOOTSTRAP = "bootstrap-admin"


@dataclass(frozen=True)
class Caller:
    name: str
    role: str

    @property
    def actor(self) -> str:
        """How the audit log names this caller."""
        return f"api:{self.name}"


def resolve_caller(authorization: str | None, bootstrap: str | None, tokens: TokenStore) -> Caller:
    scheme, _, supplied = (authorization or "").partition(" ")
    supplied = supplied.strip()
    if scheme.lower() != "bearer" or not supplied:
        raise Unauthorized("需要接口令牌：请在请求头中提供 Authorization: Bearer <token>")
    if bootstrap and hmac.compare_digest(supplied.encode("utf-8", "surrogatepass"), bootstrap.encode()):
        return Caller(BOOTSTRAP, ADMIN)
    token = tokens.resolve(supplied)
    if token is None:
        raise Unauthorized("接口令牌无效或已吊销：请检查 Authorization: Bearer <token>")
    return Caller(token.name, token.role)


def permit(caller: Caller, roles: tuple[str, ...]) -> None:
    if caller.role != ADMIN and caller.role not in roles:
        raise Forbidden(f"该接口令牌的角色（{caller.role}）无权执行此操作")


def remember(request: Request, caller: Caller) -> Caller:
    request.state.caller = caller
    return caller


ANY_ROLE = (ADMIN, REVIEWER, PUSH_OPERATOR)
