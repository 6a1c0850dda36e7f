"""命中测试 and 标注集: run a question, label the passages, export the labels for `zhengce eval`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import PlainTextResponse, RedirectResponse

from service.console.hit_test import run_hit_test, stored_passage
from service.console.web import CheckedForm, ConsoleDep, ConsoleRoute, SessionDep, render, safe_next
from service.deps import ContainerDep

router = APIRouter(route_class=ConsoleRoute)


@router.get("/hit-test")
def hit_test_page(request: Request, session: SessionDep, container: ContainerDep, console: ConsoleDep,
                  q: str = "", all: bool = False) -> Response:
    result = run_hit_test(container.searcher, container.qa.service, console.labels, q, all_statuses=all) \
        if q.strip() else None
    return render(request, "hit_test.html", session, q=q, all=all, result=result)


@router.post("/labels")
def set_label(session: SessionDep, _: CheckedForm, container: ContainerDep, console: ConsoleDep,
              query: Annotated[str, Form(min_length=1, max_length=500)], chunk_id: Annotated[int, Form()],
              relevant: Annotated[bool, Form()], rank: Annotated[int | None, Form()] = None,
              back: Annotated[str, Form()] = "") -> Response:
    passage = stored_passage(container.index, chunk_id, rank)
    before = console.labels.set(query, passage, relevant, session.staff.username)
    console.audit.record(session.staff.username, "label.set", query,
                         before={"relevant": before} if before is not None else None,
                         after={"doc_id": passage.doc_id, "section": passage.section, "relevant": relevant})
    target = safe_next(back)
    return RedirectResponse(f"{target}{'&' if '?' in target else '?'}done=labelled#p{chunk_id}", status_code=303)


@router.get("/labels")
def labels_page(request: Request, session: SessionDep, console: ConsoleDep) -> Response:
    return render(request, "labels.html", session, queries=console.labels.queries(),
                  lines=len(console.labels.export_lines()), precision=console.labels.precision_at_5())


@router.get("/labels/export.jsonl")
def export_labels(session: SessionDep, console: ConsoleDep) -> Response:
    body = "".join(f"{line}\n" for line in console.labels.export_lines())
    return PlainTextResponse(body, media_type="application/x-ndjson; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="staff_labels.jsonl"'})
