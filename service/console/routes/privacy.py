"""敏感信息: findings of the pre-publication check per document; admins decide (mask / allow) and may read
an original — every decision and reveal goes into the audit log. 接口令牌 and 订阅者数据 (PIPL) are here too."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request, Response

from index.privacy.store import ALLOW, MASK
from push.subject_rights import SubjectRights
from service.console.sessions import StaffSession
from service.console.web import CheckedForm, ConsoleDep, ConsoleRoute, Permit, SessionDep, back_to, render
from service.deps import ContainerDep
from service.privacy.decisions import decide, reveal_original
from service.privacy.subscribers import erase_subscriber
from service.security.tokens import ROLE_NAMES, TOKEN_ROLES

router = APIRouter(route_class=ConsoleRoute)
Decider = Annotated[StaffSession, Depends(Permit("privacy.decide"))]
Revealer = Annotated[StaffSession, Depends(Permit("privacy.reveal"))]
TokenManager = Annotated[StaffSession, Depends(Permit("tokens.manage"))]
SubscriberManager = Annotated[StaffSession, Depends(Permit("subscribers.manage"))]
STATE_NAMES = {"blocked": "已拦截", "masked": "已遮盖发布", "allowed": "允许公开", "published": "已发布未遮盖"}
DECISION_NAMES = {MASK: "遮盖", ALLOW: "允许公开"}


@router.get("/privacy")
def privacy_page(request: Request, session: SessionDep, container: ContainerDep) -> Response:
    return render(request, "privacy.html", session, documents=container.privacy.store.documents(0, 500),
                  state_names=STATE_NAMES, publish=container.settings.privacy.publish)


@router.get("/privacy/{doc_id}")
def privacy_document(request: Request, doc_id: str, session: SessionDep, container: ContainerDep) -> Response:
    return render(request, "privacy_document.html", session, doc_id=doc_id,
                  findings=container.privacy.store.findings(doc_id), state_names=STATE_NAMES,
                  decision_names=DECISION_NAMES, stored=container.index.find_policy(doc_id) is not None,
                  has_original=container.privacy.store.has_original(doc_id), original=None)


@router.post("/privacy/findings/{finding_id}")
def decide_finding(finding_id: int, session: Decider, _: CheckedForm, container: ContainerDep, console: ConsoleDep,
                   decision: Annotated[Literal["mask", "allow"], Form()]) -> Response:
    decided = decide(container, console.audit, finding_id, decision, session.staff.username)
    return back_to(f"/console/privacy/{decided.doc_id}", "saved")


@router.post("/privacy/{doc_id}/original")
def show_original(request: Request, doc_id: str, session: Revealer, _: CheckedForm, container: ContainerDep,
                  console: ConsoleDep) -> Response:
    policy = reveal_original(container, console.audit, doc_id, session.staff.username)
    return render(request, "privacy_document.html", session, doc_id=doc_id,
                  findings=container.privacy.store.findings(doc_id), state_names=STATE_NAMES,
                  decision_names=DECISION_NAMES, stored=True, has_original=True, original=policy)


@router.get("/tokens")
def tokens_page(request: Request, session: TokenManager, container: ContainerDep) -> Response:
    return render(request, "tokens.html", session, tokens=container.tokens.list(), roles=TOKEN_ROLES,
                  token_roles=ROLE_NAMES, secret=None)


@router.post("/tokens")
def create_token(request: Request, session: TokenManager, _: CheckedForm, container: ContainerDep,
                 console: ConsoleDep, name: Annotated[str, Form(max_length=64)],
                 role: Annotated[Literal["admin", "reviewer", "push"], Form()]) -> Response:
    token, secret = container.tokens.create(name.strip(), role, session.staff.username)
    console.audit.record(session.staff.username, "tokens.create", token.name, after={"role": token.role})
    return render(request, "tokens.html", session, tokens=container.tokens.list(), roles=TOKEN_ROLES,
                  token_roles=ROLE_NAMES, secret=secret, created=token)


@router.post("/tokens/{name}/revoke")
def revoke_token(name: str, session: TokenManager, _: CheckedForm, container: ContainerDep,
                 console: ConsoleDep) -> Response:
    container.tokens.revoke(name)
    console.audit.record(session.staff.username, "tokens.revoke", name)
    return back_to("/console/tokens", "saved")


@router.get("/subscribers")
def subscribers_page(request: Request, session: SubscriberManager, container: ContainerDep, q: str = "") -> Response:
    found = container.push.subscribers.get(q.strip()) if q.strip() else None
    return render(request, "subscribers.html", session, q=q, found=found)


@router.post("/subscribers/{subscriber_id}/export")
def export_subscriber(subscriber_id: str, session: SubscriberManager, _: CheckedForm, container: ContainerDep,
                      console: ConsoleDep) -> Response:
    data = SubjectRights(container.engine, container.push.subscribers).export(subscriber_id)
    console.audit.record(session.staff.username, "subscribers.export", subscriber_id)
    return Response(json.dumps(data, ensure_ascii=False, indent=1), media_type="application/json",
                    headers={"Content-Disposition": 'attachment; filename="subscriber-export.json"'})


@router.post("/subscribers/{subscriber_id}/erase")
def erase(subscriber_id: str, session: SubscriberManager, _: CheckedForm, container: ContainerDep,
          console: ConsoleDep) -> Response:
    pseudonym = erase_subscriber(container.engine, SubjectRights(container.engine, container.push.subscribers),
                                 subscriber_id)
    console.audit.record(session.staff.username, "subscribers.erase", pseudonym)
    return back_to("/console/subscribers", "erased")
