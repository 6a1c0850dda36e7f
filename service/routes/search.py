"""`POST /v1/search`: hybrid search over the policy index."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from service.deps import SearcherDep
from service.ratelimit import RateLimited
from service.schemas import FiltersIn, HitOut

router = APIRouter(prefix="/v1/search", tags=["search"])


class SearchIn(BaseModel):
    query: str = Field(description="问题或关键词")
    top_k: int = 5
    filters: FiltersIn = Field(default_factory=FiltersIn)


class SearchOut(BaseModel):
    results: list[HitOut]


@router.post("", response_model=SearchOut, dependencies=[RateLimited])
def search(body: SearchIn, searcher: SearcherDep) -> SearchOut:
    hits = searcher.search(body.query, body.top_k, body.filters.to_filters())
    return SearchOut(results=[HitOut.of(h) for h in hits])
