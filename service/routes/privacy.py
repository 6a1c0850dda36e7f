"""Personal information (admin): findings of the pre-publication check, staff decisions, audited reveals."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel

from index.privacy.store import DocumentFindings, StoredFinding
from service.deps import AdminCaller, AdminDep, ContainerDep
from service.paging import Page, RowId
from service.privacy.decisions import decide, reveal_original, reveal_question
from service.security.api_audit import audited

router = APIRouter(prefix="/v1/privacy", tags=["privacy"])


class DocumentFindingsOut(BaseModel):
    doc_id: str
    total: int
    undecided: int
    states: list[str]

    @classmethod
    def of(cls, item: DocumentFindings) -> DocumentFindingsOut:
        return cls(doc_id=item.doc_id, total=item.total, undecided=item.undecided, states=list(item.states))


class FindingOut(BaseModel):
    id: int
    doc_id: str
    field: str
    kind: str
    label: str
    line: int
    column: int
    masked: str
    state: str
    decision: str | None
    decided_by: str | None
    decided_at: datetime | None

    @classmethod
    def of(cls, f: StoredFinding) -> FindingOut:
        return cls(id=f.id, doc_id=f.doc_id, field=f.located.field, kind=f.located.kind, label=f.located.label,
                   line=f.located.line, column=f.located.column, masked=f.located.masked, state=f.state,
                   decision=f.decision, decided_by=f.decided_by, decided_at=f.decided_at)


class DecisionIn(BaseModel):
    decision: Literal["mask", "allow"]


class OriginalOut(BaseModel):
    doc_id: str
    title: str
    text: str


class RawQuestionOut(BaseModel):
    answer_id: str
    question: str


@router.get("/documents", response_model=list[DocumentFindingsOut], dependencies=[AdminDep])
def documents_with_findings(container: ContainerDep, page: Page) -> list[DocumentFindingsOut]:
    return [DocumentFindingsOut.of(d) for d in container.privacy.store.documents(page.offset, page.limit)]


@router.get("/documents/{doc_id}/findings", response_model=list[FindingOut], dependencies=[AdminDep])
def findings(doc_id: str, container: ContainerDep) -> list[FindingOut]:
    return [FindingOut.of(f) for f in container.privacy.store.findings(doc_id)]


@router.put("/findings/{finding_id}/decision", response_model=FindingOut)
def decide_finding(finding_id: RowId, body: DecisionIn, container: ContainerDep, caller: AdminCaller,
                   request: Request) -> FindingOut:
    decided = decide(container, container.console.audit, finding_id, body.decision, caller.actor)
    audited(request)
    return FindingOut.of(decided)


@router.get("/documents/{doc_id}/original", response_model=OriginalOut)
def original(doc_id: str, container: ContainerDep, caller: AdminCaller) -> OriginalOut:
    policy = reveal_original(container, container.console.audit, doc_id, caller.actor)
    return OriginalOut(doc_id=policy.id, title=policy.title, text=policy.text)


@router.get("/questions/{answer_id}", response_model=RawQuestionOut)
def raw_question(answer_id: str, container: ContainerDep, caller: AdminCaller) -> RawQuestionOut:
    return RawQuestionOut(answer_id=answer_id,
                          question=reveal_question(container, container.console.audit, answer_id, caller.actor))
