"""Request and response bodies shared by several routers."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from index.filters import SearchFilters
from index.lifecycle import IN_FORCE_STATUSES
from index.models import STATUSES
from index.search import SearchHit


class FiltersIn(BaseModel):
    """Which documents may answer. Default: those in force (现行有效, 已修改) on `as_of` (default today)."""

    status: list[str] | None = Field(default=None,
                                     description=f"any of {list(STATUSES)}; default 现行有效 and 已修改")
    include_all_statuses: bool = False
    issuer: str | None = None
    category: str | None = None
    region: str | None = None
    issued_from: date | None = None
    issued_to: date | None = None
    doc_ids: list[str] | None = None
    doc_type: str | None = Field(default=None, description="通知, 办法, 意见, 解读, 图解 … (a document's kind)")
    as_of: date | None = Field(default=None, description="statuses as on this day (default: today)")

    def to_filters(self) -> SearchFilters:
        statuses = None if self.include_all_statuses else tuple(self.status or IN_FORCE_STATUSES)
        bad = [s for s in statuses or () if s not in STATUSES]
        if bad:
            from index.errors import InvalidQuery

            raise InvalidQuery(f"未知的有效性 {bad}，可选：{'、'.join(STATUSES)}")
        return SearchFilters(
            statuses=statuses, issuer=self.issuer, category=self.category, region=self.region,
            issued_from=self.issued_from, issued_to=self.issued_to,
            doc_ids=tuple(self.doc_ids) if self.doc_ids else None, doc_type=self.doc_type or None,
            as_of=self.as_of,
        )


class PassageOut(BaseModel):
    """A passage with the metadata of its document, as search results and citations show it."""

    doc_id: str
    title: str
    doc_number: str | None
    issuer: str | None
    status: str
    section: str
    text: str
    status_reason: str = ""


class CitationOut(PassageOut):
    """A passage an answer quotes; `n` is its marker ([1], [2], ...)."""

    n: int
    url: str
    score: float


class HitOut(PassageOut):
    score: float
    dense_score: float
    keyword_score: float
    url: str | None = None

    @classmethod
    def of(cls, hit: SearchHit) -> HitOut:
        return cls(doc_id=hit.doc_id, title=hit.title, doc_number=hit.doc_number, issuer=hit.issuer,
                   status=hit.status, status_reason=hit.status_reason, section=hit.section, text=hit.text,
                   score=hit.score,
                   dense_score=hit.dense_score, keyword_score=hit.keyword_score, url=hit.url)
