"""FastAPI dependencies as `Annotated` aliases: settings, the container's parts, the admin check.

Those that only read an attribute are `async def`: FastAPI runs a plain `def` dependency on a worker thread,
and that hop (a thread hand-off each way) costs more than the read, several times over on a busy machine.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from config import Settings
from index.policy_index import PolicyIndex
from index.search import Searcher
from push.service import PushService
from service.container import Container
from service.errors import Forbidden
from service.qa.wiring import QA
from service.security.callers import Caller, permit, remember, resolve_caller
from service.security.tokens import ADMIN, PUSH_OPERATOR, REVIEWER


async def get_container(request: Request) -> Container:
    return request.app.state.container


ContainerDep = Annotated[Container, Depends(get_container)]


async def get_settings_dep(container: ContainerDep) -> Settings:
    return container.settings


async def get_searcher(container: ContainerDep) -> Searcher:
    return container.searcher


async def get_index(container: ContainerDep) -> PolicyIndex:
    return container.index


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
SearcherDep = Annotated[Searcher, Depends(get_searcher)]
IndexDep = Annotated[PolicyIndex, Depends(get_index)]


async def get_qa(container: ContainerDep) -> QA:
    return container.qa


QADep = Annotated[QA, Depends(get_qa)]


async def get_push(container: ContainerDep) -> PushService:
    return container.push


PushDep = Annotated[PushService, Depends(get_push)]


def get_caller(request: Request, container: ContainerDep,
               authorization: Annotated[str | None, Header()] = None) -> Caller:
    """The caller of an API write or admin read: the bootstrap token or a per-person token."""
    if not container.settings.admin_token_value and not container.tokens.any_active():
        raise Forbidden("管理接口未启用：服务端没有配置 ZHENGCE_ADMIN_TOKEN，也没有创建接口令牌")
    return remember(request, resolve_caller(authorization, container.settings.admin_token_value, container.tokens))


CallerDep = Annotated[Caller, Depends(get_caller)]


def require_admin(caller: CallerDep) -> Caller:
    """`Authorization: Bearer <token>` of an admin: ZHENGCE_ADMIN_TOKEN or an admin API token."""
    permit(caller, (ADMIN,))
    return caller


def require_push_operator(caller: CallerDep) -> Caller:
    permit(caller, (PUSH_OPERATOR,))
    return caller


def require_reviewer(caller: CallerDep) -> Caller:
    permit(caller, (REVIEWER,))
    return caller


AdminDep = Depends(require_admin)
PushOperatorDep = Depends(require_push_operator)
ReviewerDep = Depends(require_reviewer)
AdminCaller = Annotated[Caller, Depends(require_admin)]
