"""推送审核: the policies the next run will match, their candidates, approval and audience corrections."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request, Response

from service.console.push_review import (
    DECISION_NAMES,
    VOCABULARY,
    audience_changes,
    named_candidates,
    next_run_policies,
)
from service.console.sessions import StaffSession
from service.console.web import CheckedForm, ConsoleDep, ConsoleRoute, Permit, SessionDep, back_to, render
from service.deps import IndexDep, PushDep

router = APIRouter(route_class=ConsoleRoute)
Decider = Annotated[StaffSession, Depends(Permit("push.decide"))]
AudienceEditor = Annotated[StaffSession, Depends(Permit("push.audience"))]


@router.get("/push")
def push_page(request: Request, session: SessionDep, push: PushDep) -> Response:
    return render(request, "push.html", session, queued=next_run_policies(push),
                  require_approval=push.settings.require_approval)


@router.get("/push/{doc_id}")
def candidates_page(request: Request, doc_id: str, session: SessionDep, push: PushDep, index: IndexDep) -> Response:
    candidates, total = named_candidates(push, doc_id)
    return render(request, "push_policy.html", session, policy=index.get_policy(doc_id), candidates=candidates,
                  total=total, audience=push.audience(doc_id), require_approval=push.settings.require_approval,
                  decision_names=DECISION_NAMES, vocabulary=VOCABULARY)


@router.post("/push/{doc_id}/decide")
def decide(doc_id: str, session: Decider, _: CheckedForm, push: PushDep, console: ConsoleDep,
           subscriber_id: Annotated[str, Form(min_length=1, max_length=200)],
           decision: Annotated[Literal["approved", "rejected", "clear"], Form()]) -> Response:
    before = push.decisions.of_policies([doc_id])[doc_id].get(subscriber_id)
    chosen = None if decision == "clear" else decision
    selected = push.decide(doc_id, subscriber_id, chosen, decided_by=session.staff.username)
    console.audit.record(session.staff.username, "push.decide", f"{doc_id} → {subscriber_id}",
                         before={"decision": before}, after={"decision": chosen, "selected": selected})
    return back_to(f"/console/push/{doc_id}", "decided")


@router.post("/push/{doc_id}/audience")
def correct_audience(doc_id: str, session: AudienceEditor, form: CheckedForm, push: PushDep,
                     console: ConsoleDep) -> Response:
    before = push.audience(doc_id).as_dict()
    after = push.correct_audience(doc_id, audience_changes(form)).as_dict()
    console.audit.record(session.staff.username, "push.audience", doc_id, before=before, after=after)
    return back_to(f"/console/push/{doc_id}", "audience")
