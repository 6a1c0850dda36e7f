"""`POST /v1/feedback`: 好差评 on an answer, kept for the staff console."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from service.deps import QADep
from service.ratelimit import RateLimited

router = APIRouter(prefix="/v1/feedback", tags=["feedback"])


class FeedbackIn(BaseModel):
    answer_id: str
    rating: Literal["good", "bad"] = Field(description="good 好评 / bad 差评")
    comment: str | None = Field(default=None, max_length=1000)


class FeedbackOut(BaseModel):
    id: int
    answer_id: str
    rating: str


@router.post("", response_model=FeedbackOut, status_code=201, dependencies=[RateLimited])
def add_feedback(body: FeedbackIn, qa: QADep) -> FeedbackOut:
    saved = qa.feedback.add(body.answer_id, body.rating, body.comment)
    return FeedbackOut(id=saved.id, answer_id=saved.answer_id, rating=saved.rating)
