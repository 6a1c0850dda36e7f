"""申报中 / 即将到期: application windows and expiries; relations between documents waiting for staff."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from service.console.lifecycle import lifecycle_view
from service.console.sessions import StaffSession
from service.console.web import CheckedForm, ConsoleDep, ConsoleRoute, Permit, SessionDep, back_to, render
from service.deps import ContainerDep, StoreDep

router = APIRouter(route_class=ConsoleRoute)
Editor = Annotated[StaffSession, Depends(Permit("documents.edit"))]


@router.get("/lifecycle")
def lifecycle_page(request: Request, session: SessionDep, store: StoreDep) -> Response:
    return render(request, "lifecycle.html", session, view=lifecycle_view(store))


@router.post("/lifecycle/relations/{relation_id}")
def decide_relation(relation_id: int, session: Editor, form: CheckedForm, container: ContainerDep,
                    console: ConsoleDep) -> Response:
    """Confirm the relation's target (the form's `target_id`) or reject it (an empty `target_id`)."""
    target = str(form.get("target_id") or "").strip() or None
    relation = container.index.decide_relation(relation_id, target, session.staff.username)
    console.audit.record(session.staff.username, "documents.relation", relation.source_id,
                         after={"relation": relation_id, "target_id": target, "state": relation.state})
    return back_to("/console/lifecycle", "saved")
