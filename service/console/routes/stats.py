"""统计: questions, hand-overs, feedback, FAQ hits, push effect and label precision, with SVG charts."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from service.console.stats import gather
from service.console.web import ConsoleDep, ConsoleRoute, SessionDep, render
from service.deps import ContainerDep

router = APIRouter(route_class=ConsoleRoute)


@router.get("/stats")
def stats_page(request: Request, session: SessionDep, container: ContainerDep, console: ConsoleDep) -> Response:
    today = container.qa.service.clock().date()
    return render(request, "stats.html", session,
                  stats=gather(container.qa, container.push, console.labels, today))
