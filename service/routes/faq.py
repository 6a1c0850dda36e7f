"""FAQ entries: staff-written answers matched before retrieval. Listing is public; writes need the admin token."""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter
from pydantic import BaseModel, Field

from service.deps import ContainerDep, QADep, ReviewerDep
from service.paging import Page, RowId
from service.qa.models import FaqEntry, SourceRef
from service.ratelimit import RateLimited
from service.schemas import CitationOut

router = APIRouter(prefix="/v1/faq", tags=["faq"])


class SourceIn(BaseModel):
    doc_id: str = Field(description="文档 id 或文号")
    section: str | None = Field(default=None, description="条款或章节标签，如“第三十八条”“二、（三）”")


class FaqIn(BaseModel):
    question: str
    answer: str = Field(min_length=1)
    sources: list[SourceIn] = Field(default_factory=list)


class FaqOut(BaseModel):
    id: int
    question: str
    answer: str
    citations: list[CitationOut]
    ticket_id: int | None
    hits: int

    @classmethod
    def of(cls, entry: FaqEntry) -> FaqOut:
        return cls(id=entry.id, question=entry.question, answer=entry.answer, ticket_id=entry.ticket_id,
                   hits=entry.hits, citations=[CitationOut(**c.to_dict()) for c in entry.citations])


class FaqList(BaseModel):
    total: int
    items: list[FaqOut]


@router.get("", response_model=FaqList, dependencies=[RateLimited])
def list_faq(qa: QADep, container: ContainerDep, page: Page) -> FaqList:
    """Public: entries stored before masking existed are masked on the way out as well."""
    items, total = qa.faq.list(page.offset, page.limit)
    mask = container.privacy.questions.mask
    return FaqList(total=total, items=[FaqOut.of(replace(e, question=mask(e.question), answer=mask(e.answer)))
                                       for e in items])


@router.post("", response_model=FaqOut, status_code=201, dependencies=[ReviewerDep])
def add_faq(body: FaqIn, qa: QADep) -> FaqOut:
    sources = [SourceRef(s.doc_id, s.section) for s in body.sources]
    return FaqOut.of(qa.service.add_faq(body.question, body.answer, sources))


@router.delete("/{faq_id}", status_code=204, dependencies=[ReviewerDep])
def delete_faq(faq_id: RowId, qa: QADep) -> None:
    qa.faq.delete(faq_id)
