"""`SearchFilters`: which policies may answer a search or fill a listing, by status on a day and metadata.

A plain value: `service/` builds it from a request, `push/` from its rules, and `index` applies it where
it reads policies (`PolicyIndex.list_policies`, `admitted`, `page`, search).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from index.lifecycle import IN_FORCE_STATUSES

if TYPE_CHECKING:
    from index.models import Policy
    from index.tables import PolicyRow


@dataclass(frozen=True)
class SearchFilters:
    """Which documents may answer. By default those in force (现行有效, 已修改) on `as_of` (default: today).

    The status compared is the one computed for that day (`index.lifecycle.status_on`), not a stored one.
    """

    statuses: tuple[str, ...] | None = IN_FORCE_STATUSES
    issuer: str | None = None
    category: str | None = None
    region: str | None = None
    issued_from: date | None = None
    issued_to: date | None = None
    doc_ids: tuple[str, ...] | None = None
    doc_type: str | None = None
    as_of: date | None = None

    def admits(self, row: PolicyRow | Policy, status: str | None = None) -> bool:
        """Whether `row` passes, `status` being its status on the day (the stored one when not given)."""
        checks = (
            self.statuses is None or (status or row.status) in self.statuses,
            self.issuer is None or self.issuer in (row.issuer or ""),
            self.category is None or row.category == self.category,
            self.region is None or self.region in (row.region or ""),
            self.issued_from is None or (row.issued is not None and row.issued >= self.issued_from),
            self.issued_to is None or (row.issued is not None and row.issued <= self.issued_to),
            self.doc_ids is None or row.id in self.doc_ids,
            self.doc_type is None or row.doc_type == self.doc_type,
        )
        return all(checks)
