"""FastAPI dependencies as `Annotated` aliases: settings, the container's parts, the admin check."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, Request

from config import Settings
from index.search import Searcher
from index.store import PolicyStore
from push.service import PushService
from service.container import Container
from service.errors import Forbidden, Unauthorized
from service.qa.wiring import QA


def get_container(request: Request) -> Container:
    return request.app.state.container


ContainerDep = Annotated[Container, Depends(get_container)]


def get_settings_dep(container: ContainerDep) -> Settings:
    return container.settings


def get_searcher(container: ContainerDep) -> Searcher:
    return container.searcher


def get_store(container: ContainerDep) -> PolicyStore:
    return container.store


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
SearcherDep = Annotated[Searcher, Depends(get_searcher)]
StoreDep = Annotated[PolicyStore, Depends(get_store)]


def get_qa(container: ContainerDep) -> QA:
    return container.qa


QADep = Annotated[QA, Depends(get_qa)]


def get_push(container: ContainerDep) -> PushService:
    return container.push


PushDep = Annotated[PushService, Depends(get_push)]


def require_admin(settings: SettingsDep, authorization: Annotated[str | None, Header()] = None) -> None:
    """`Authorization: Bearer <ZHENGCE_ADMIN_TOKEN>`, compared in constant time; no token configured → refused."""
    expected = settings.admin_token_value
    if not expected:
        raise Forbidden("管理接口未启用：服务端没有配置 ZHENGCE_ADMIN_TOKEN")
    scheme, _, supplied = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(supplied.strip().encode(), expected.encode()):
        raise Unauthorized("需要管理员令牌：请在请求头中提供 Authorization: Bearer <token>")


AdminDep = Depends(require_admin)
