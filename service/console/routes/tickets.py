"""待办: questions handed over to staff. Answer (creating an FAQ entry), close, or merge a duplicate.

A ticket shows its question masked; an admin may read the askers' unmasked words (while they are kept), and
each such reveal goes into the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response

from service.console.hit_test import TOP_K, chosen_sources
from service.console.sessions import StaffSession
from service.console.web import CheckedForm, ConsoleDep, ConsoleRoute, Permit, SessionDep, back_to, render
from service.deps import ContainerDep
from service.privacy.decisions import reveal_question
from service.privacy.questions import RawQuestionNotFound
from service.qa.models import OPEN

router = APIRouter(route_class=ConsoleRoute)
Revealer = Annotated[StaffSession, Depends(Permit("privacy.reveal"))]

STATUS_NAMES = {"open": "待处理", "answered": "已答复", "closed": "已关闭", "merged": "已合并"}


@router.get("/tickets")
def tickets_page(request: Request, session: SessionDep, container: ContainerDep, status: str = OPEN) -> Response:
    tickets = container.qa.tickets.list(status if status in STATUS_NAMES else None, 0, 500)
    tickets.sort(key=lambda t: t.created_at, reverse=True)  # newest first
    return render(request, "tickets.html", session, tickets=tickets, status=status, status_names=STATUS_NAMES)


@router.get("/tickets/{ticket_id}")
def ticket_page(request: Request, ticket_id: int, session: SessionDep, container: ContainerDep,
                q: str = "") -> Response:
    return _ticket(request, ticket_id, session, container, q=q)


@router.post("/tickets/{ticket_id}/reveal")
def reveal_ticket_questions(request: Request, ticket_id: int, session: Revealer, _: CheckedForm,
                            container: ContainerDep, console: ConsoleDep) -> Response:
    """The unmasked words of each question this ticket gathered, each reveal audited."""
    raw = []
    for answer_id in container.qa.tickets.get(ticket_id).answer_ids:
        try:
            raw.append(reveal_question(container, console.audit, answer_id, session.staff.username))
        except RawQuestionNotFound:
            continue  # nothing was masked in that question, or its raw text has passed the retention period
    return _ticket(request, ticket_id, session, container, raw_questions=raw)


def _ticket(request: Request, ticket_id: int, session: StaffSession, container: ContainerDep, *, q: str = "",
            raw_questions: list[str] | None = None) -> Response:
    ticket = container.qa.tickets.get(ticket_id)
    more = container.searcher.search(q, TOP_K) if q.strip() else []
    others = [t for t in container.qa.tickets.list(OPEN, 0, 500) if t.id != ticket_id]
    return render(request, "ticket.html", session, ticket=ticket, more=more, q=q, others=others,
                  status_names=STATUS_NAMES, raw_questions=raw_questions)


@router.post("/tickets/{ticket_id}/answer")
def answer_ticket(ticket_id: int, session: SessionDep, form: CheckedForm, container: ContainerDep,
                  console: ConsoleDep, answer: Annotated[str, Form(min_length=1, max_length=5000)]) -> Response:
    sources = chosen_sources(container.index, [str(v) for v in form.getlist("sources")])
    entry = container.qa.tickets.answer_ticket(ticket_id, container.privacy.questions.mask(answer.strip()), sources)
    console.audit.record(session.staff.username, "ticket.answer", f"ticket:{ticket_id}", before={"status": OPEN},
                         after={"faq_id": entry.id, "answer": entry.answer,
                                "sources": [f"{s.doc_id} {s.section or ''}".strip() for s in sources]})
    return back_to("/console/tickets", "answered")


@router.post("/tickets/{ticket_id}/close")
def close_ticket(ticket_id: int, session: SessionDep, _: CheckedForm, container: ContainerDep,
                 console: ConsoleDep) -> Response:
    ticket = container.qa.tickets.close(ticket_id)
    console.audit.record(session.staff.username, "ticket.close", f"ticket:{ticket_id}", before={"status": OPEN},
                         after={"status": ticket.status})
    return back_to("/console/tickets", "closed")


@router.post("/tickets/{ticket_id}/merge")
def merge_ticket(ticket_id: int, session: SessionDep, _: CheckedForm, container: ContainerDep,
                 console: ConsoleDep, into: Annotated[int, Form()]) -> Response:
    merged = container.qa.tickets.merge(ticket_id, into)
    console.audit.record(session.staff.username, "ticket.merge", f"ticket:{ticket_id}", before={"status": OPEN},
                         after={"merged_into": into, "asks": merged.asks})
    return back_to(f"/console/tickets/{into}", "merged")
