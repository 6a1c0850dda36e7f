"""`POST /v1/ask`: a policy question answered from the index, with citations, or handed over to staff.

The Q&A domain errors are mapped to HTTP statuses here, once for every Q&A router.
"""

from __future__ import annotations

import logging
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from service.deps import QADep
from service.qa.models import Answer
from service.qa.service import Question
from service.ratelimit import RateLimited
from service.schemas import CitationOut, FiltersIn
from service.security.log_redaction import question_ref

router = APIRouter(prefix="/v1/ask", tags=["ask"])
log = logging.getLogger(__name__)


class AskIn(BaseModel):
    question: str = Field(description="用自己的话提问，如“公司不给交社保我能走人吗”")
    session_id: str | None = Field(default=None, description="上一次回答返回的会话号，用于追问")
    filters: FiltersIn = Field(default_factory=FiltersIn)
    style: Literal["default", "elderly"] = Field(default="default", description="elderly：大字版/简洁版，一句话")


class InterpretationOut(BaseModel):
    doc_id: str
    title: str
    url: str
    interprets: str


class AskOut(BaseModel):
    answer_id: str
    session_id: str | None
    answer: str
    citations: list[CitationOut]
    interpretations: list[InterpretationOut]
    confidence: float
    handoff: bool
    ticket_id: int | None = None
    faq_id: int | None = None

    @classmethod
    def of(cls, answer: Answer) -> AskOut:
        return cls(answer_id=answer.answer_id, session_id=answer.session_id, answer=answer.text,
                   citations=[CitationOut(**c.to_dict()) for c in answer.citations],
                   interpretations=[InterpretationOut(**i.__dict__) for i in answer.interpretations],
                   confidence=answer.confidence, handoff=answer.handoff, ticket_id=answer.ticket_id,
                   faq_id=answer.faq_id)


@router.post("", response_model=AskOut, dependencies=[RateLimited])
def ask(body: AskIn, qa: QADep) -> AskOut:
    answer = qa.service.ask(Question(body.question, session_id=body.session_id,
                                     filters=body.filters.to_filters(), style=body.style))
    log.info("question (%s): confidence %.3f, handoff %s", question_ref(body.question), answer.confidence,
             answer.handoff)
    return AskOut.of(answer)
