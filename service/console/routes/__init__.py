"""The console's pages under `/console`, one router module per page, and its stylesheet and script."""

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from service.console.routes import (
    admin,
    documents,
    feedback,
    hit_test,
    lifecycle,
    login,
    privacy,
    push,
    stats,
    tickets,
)
from service.console.web import PREFIX, ConsoleRoute

STATIC = Path(__file__).resolve().parent.parent.parent / "static"

# no prefix here: FastAPI does not prefix a mount inside an included router, so paths are spelled out
router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)
for page in (login, hit_test, tickets, feedback, push, documents, lifecycle, privacy, stats, admin):
    router.include_router(page.router, prefix=PREFIX)
router.mount(f"{PREFIX}/static", StaticFiles(directory=STATIC), name="console-static")


@router.get(PREFIX)
def front_door() -> RedirectResponse:
    return RedirectResponse(f"{PREFIX}/hit-test", status_code=303)
