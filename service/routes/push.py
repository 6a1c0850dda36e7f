"""Push for staff (admin token): run now, stats, dead letters, and per policy its candidates,
decisions and derived audience. Push errors reach HTTP through `service.error_table`.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Literal

from fastapi import APIRouter, BackgroundTasks, Request
from pydantic import BaseModel, ConfigDict

from service.deps import CallerDep, ContainerDep, PushDep, PushOperatorDep
from service.paging import Page
from service.security.api_audit import audited

router = APIRouter(prefix="/v1", tags=["push"], dependencies=[PushOperatorDep])
API_ACTOR = "admin-api"


class RunOut(BaseModel):
    run_id: str
    trigger: str
    skipped: bool
    reason: str
    window_start: datetime | None
    window_end: datetime | None
    policies: list[str]
    matched: int
    messages: int


class CandidateOut(BaseModel):
    subscriber_id: str
    score: float
    reasons: list[str]
    selected: bool
    eligible: bool
    decision: str | None
    sent: bool


class CandidateList(BaseModel):
    doc_id: str
    total: int
    require_approval: bool
    candidates: list[CandidateOut]


class DecisionIn(BaseModel):
    decision: Literal["approved", "rejected"] | None


class AudienceIn(BaseModel):
    """A staff correction; omitted fields keep their value. It wins over later derivations."""

    model_config = ConfigDict(extra="forbid")

    kinds: list[Literal["enterprise", "citizen", "organization"]] | None = None
    subjects: list[str] | None = None
    jurisdiction: str | None = None
    industries: list[str] | None = None
    scales: list[Literal["micro", "small", "medium", "large"]] | None = None


@router.post("/push/run", response_model=RunOut, status_code=202)
def run_now(push: PushDep, background: BackgroundTasks) -> RunOut:
    """Plan a run now; its messages are sent right after the response (retries by the scheduler)."""
    summary = push.run_now()
    background.add_task(push.dispatch_once)
    return RunOut(**dataclasses.asdict(summary))


@router.get("/push/stats")
def stats(push: PushDep) -> dict:
    return {"policies": push.stats.per_policy(), "runs": push.stats.per_run(), "outbox": push.outbox.counts()}


@router.get("/push/dead-letters")
def dead_letters(push: PushDep, page: Page) -> dict:
    return {"deliveries": push.dead_letters(page.offset, page.limit)}


@router.post("/push/deliveries/{delivery_id}/retry", status_code=202)
def retry_delivery(delivery_id: str, push: PushDep, background: BackgroundTasks) -> dict:
    push.requeue(delivery_id)
    background.add_task(push.dispatch_once)
    return {"id": delivery_id, "status": "pending"}


@router.get("/policies/{doc_id}/candidates", response_model=CandidateList)
def candidates(doc_id: str, push: PushDep, page: Page) -> CandidateList:
    found, total = push.candidates(doc_id, page.offset, page.limit)
    return CandidateList(doc_id=doc_id, total=total, require_approval=push.settings.require_approval,
                         candidates=[CandidateOut(**dataclasses.asdict(c)) for c in found])


@router.put("/policies/{doc_id}/candidates/{subscriber_id}/decision")
def decide(doc_id: str, subscriber_id: str, body: DecisionIn, push: PushDep, caller: CallerDep,
           container: ContainerDep, request: Request) -> dict:
    """Approve (sent, even if the selection missed it) or reject (withheld); audited once, under the caller."""
    before = push.decisions.of_policies([doc_id])[doc_id].get(subscriber_id)
    selected = push.decide(doc_id, subscriber_id, body.decision, decided_by=API_ACTOR)
    container.console.audit.record(caller.actor, "push.decide", f"{doc_id} → {subscriber_id}",
                                   before={"decision": before}, after={"decision": body.decision, "selected": selected})
    audited(request)
    return {"doc_id": doc_id, "subscriber_id": subscriber_id, "decision": body.decision, "selected": selected}


@router.get("/push/labels")
def labels(push: PushDep) -> dict:
    """Staff decisions as evaluation labels (approved = eligible), with what the selection had said."""
    return {"labels": push.decisions.labels()}


@router.get("/policies/{doc_id}/audience")
def audience(doc_id: str, push: PushDep) -> dict:
    return push.audience(doc_id).as_dict()


@router.patch("/policies/{doc_id}/audience")
def correct_audience(doc_id: str, body: AudienceIn, push: PushDep) -> dict:
    return push.correct_audience(doc_id, body.model_dump(exclude_unset=True)).as_dict()


@router.delete("/policies/{doc_id}/audience/correction")
def reset_audience(doc_id: str, push: PushDep) -> dict:
    return push.reset_audience(doc_id).as_dict()


@router.get("/policies/{doc_id}/push-stats")
def policy_stats(doc_id: str, push: PushDep) -> dict:
    return push.stats.of_policy(doc_id)
