"""差评复核: answers rated bad; turn a correction into an FAQ entry, or label the cited passages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response

from service.console.hit_test import chosen_sources
from service.console.review import bad_answers, target_of
from service.console.web import CheckedForm, ConsoleDep, ConsoleRoute, SessionDep, back_to, render
from service.deps import ContainerDep

router = APIRouter(route_class=ConsoleRoute)


@router.get("/feedback")
def feedback_page(request: Request, session: SessionDep, container: ContainerDep, console: ConsoleDep) -> Response:
    return render(request, "feedback.html", session,
                  items=bad_answers(container.qa, console.labels, console.audit))


@router.post("/feedback/{feedback_id}/faq")
def feedback_to_faq(feedback_id: int, session: SessionDep, form: CheckedForm, container: ContainerDep,
                    console: ConsoleDep, question: Annotated[str, Form(min_length=1, max_length=500)],
                    answer: Annotated[str, Form(min_length=1, max_length=5000)]) -> Response:
    sources = chosen_sources(container.index, [str(v) for v in form.getlist("sources")])
    entry = container.qa.service.add_faq(question, answer.strip(), sources)
    console.audit.record(session.staff.username, "faq.add", target_of(feedback_id),
                         after={"faq_id": entry.id, "question": entry.question, "answer": entry.answer})
    return back_to("/console/feedback", "faq")
