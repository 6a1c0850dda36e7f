"""`offset` / `limit` query parameters with bounds, declared once: out of range is a 422, never a 500."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Query

MAX_OFFSET = 1_000_000
MAX_LIMIT = 500


@dataclass(frozen=True)
class Paging:
    offset: int
    limit: int


def paging(offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="跳过的条数")] = 0,
           limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="每页条数")] = 50) -> Paging:
    return Paging(offset, limit)


Page = Annotated[Paging, Depends(paging)]


MAX_ROW_ID = 2**63 - 1  # the largest integer key SQLite and PostgreSQL (bigint) store
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="编号")]
