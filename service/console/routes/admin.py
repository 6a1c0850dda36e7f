"""Admin pages: the audit log and staff accounts."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request, Response

from service.console.audit import ACTION_NAMES
from service.console.permissions import ROLES
from service.console.sessions import StaffSession
from service.console.web import CheckedForm, ConsoleDep, ConsoleRoute, Permit, back_to, render

router = APIRouter(route_class=ConsoleRoute)
Auditor = Annotated[StaffSession, Depends(Permit("audit.view"))]
StaffManager = Annotated[StaffSession, Depends(Permit("staff.manage"))]
PAGE = 100


@router.get("/audit")
def audit_page(request: Request, session: Auditor, console: ConsoleDep, action: str = "", page: int = 1) -> Response:
    page = max(page, 1)
    entries, total = console.audit.list((page - 1) * PAGE, PAGE, action=action or None)
    return render(request, "audit.html", session, entries=entries, total=total, page=page, pages=-(-total // PAGE),
                  action=action, action_names=ACTION_NAMES)


@router.get("/staff")
def staff_page(request: Request, session: StaffManager, console: ConsoleDep) -> Response:
    return render(request, "staff.html", session, staff=console.staff.list(), roles=ROLES)


@router.post("/staff")
def add_staff(session: StaffManager, _: CheckedForm, console: ConsoleDep,
              username: Annotated[str, Form(max_length=64)], role: Annotated[str, Form()],
              password: Annotated[str, Form(max_length=200)]) -> Response:
    staff = console.staff.add(username.strip(), role, password)
    console.audit.record(session.staff.username, "staff.add", staff.username, after={"role": staff.role})
    return back_to("/console/staff", "staff")


@router.post("/staff/{username}")
def update_staff(username: str, session: StaffManager, _: CheckedForm, console: ConsoleDep,
                 role: Annotated[str, Form()], state: Annotated[Literal["active", "disabled"], Form()]) -> Response:
    before = console.staff.get(username)
    after = console.staff.update(username, role=role, disabled=state == "disabled")
    console.sessions.close_all(username)  # a changed role or a disabled account takes effect at once
    console.audit.record(session.staff.username, "staff.update", username,
                         before={"role": before.role, "disabled": before.disabled},
                         after={"role": after.role, "disabled": after.disabled})
    return back_to("/console/staff", "staff")
