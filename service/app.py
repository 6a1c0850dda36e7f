"""The FastAPI application factory. Heavy work happens in the lifespan, never at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from config import Settings, get_settings
from service.container import Container
from service.deps import get_caller
from service.error_table import ERROR_TABLE, ErrorTable
from service.errors import install_error_handlers
from service.limits import BodyLimit
from service.metrics import Metrics, RequestTimer
from service.routes import ROUTERS
from service.security import log_redaction
from service.security.api_audit import ApiAudit
from service.security.headers import SecurityHeaders
from service.security.openapi import install_openapi
from service.security.text_guard import TextGuard

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, container: Container | None = None,
               errors: ErrorTable = ERROR_TABLE) -> FastAPI:
    """Build the app. Tests pass a ready `container` (or settings) to skip environment lookup."""
    settings = settings or (container.settings if container else get_settings())
    metrics = Metrics()
    log_redaction.install()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = container is None
        app.state.container = container or Container.build(settings)
        if owned:
            app.state.container.start()
        metrics.watch(app.state.container)
        for hook in app.state.container.parts.get("on_start", []):
            hook()
        try:
            yield
        finally:
            for hook in app.state.container.parts.get("on_stop", []):
                hook()
            if owned:
                app.state.container.close()

    app = FastAPIOffline(  # /docs and /redoc assets served by the service itself, no CDN
        title="政策通 zhengce",
        description="政策问答、混合检索与精准推送。管理接口需要 `Authorization: Bearer <ZHENGCE_ADMIN_TOKEN>`。",
        version="0.1.0",
        lifespan=lifespan,
    )
    install_error_handlers(app, errors)
    app.add_middleware(TextGuard)
    app.add_middleware(BodyLimit, upload_limit=settings.max_upload_bytes)  # outside TextGuard: bounds its buffer
    app.add_middleware(ApiAudit)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestTimer, metrics=metrics)
    app.add_route("/metrics", metrics.render, include_in_schema=False)
    for router in ROUTERS:
        app.include_router(router)
    install_openapi(app, authenticated=get_caller)
    return app
