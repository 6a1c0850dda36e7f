"""`Admission`: which served passages a search may return, decided without a query.

It holds, for every stored chunk, the policy it belongs to, and for every policy the facts its validity is
computed from (metadata without the text) with the applied relations aimed at it. `PolicyIndex` keeps it in
step with the change log, as it keeps faiss and BM25, so checking a search's ~100 candidates against the
filters costs no database round trip. Validity is still computed for the day asked
(`index.lifecycle.status_on`), never stored: a policy that expires tonight is out tomorrow.

Instances never change: `changed()` returns a new one, so a search running on the old one is not disturbed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from index.lifecycle import Relation, Validity, status_on
from index.models import Policy
from index.store import SearchFilters


@dataclass(frozen=True)
class Admission:
    owners: Mapping[int, str] = field(default_factory=dict)          # chunk id → policy id
    policies: Mapping[str, Policy] = field(default_factory=dict)     # without their text
    incoming: Mapping[str, tuple[Relation, ...]] = field(default_factory=dict)  # applied, by target

    @classmethod
    def of(cls, owners: Mapping[int, str], policies: Mapping[str, Policy],
           relations: Iterable[Relation]) -> Admission:
        return cls(dict(owners), dict(policies), _by_target(relations))

    def validity(self, doc_id: str, day: date) -> Validity:
        return status_on(self.policies[doc_id], day, self.incoming.get(doc_id, ()))

    def admitted(self, chunk_ids: Iterable[int], filters: SearchFilters, day: date) -> set[int]:
        """The chunks among `chunk_ids` whose policy the filters admit on `day`."""
        verdicts: dict[str, bool] = {}
        found = set()
        for chunk_id in chunk_ids:
            doc_id = self.owners.get(chunk_id)
            if doc_id is None or doc_id not in self.policies:
                continue
            if doc_id not in verdicts:
                verdicts[doc_id] = self._admits(doc_id, filters, day)
            if verdicts[doc_id]:
                found.add(chunk_id)
        return found

    def admitted_ids(self, filters: SearchFilters, day: date) -> np.ndarray:
        """Every chunk whose policy the filters admit on `day`."""
        admitted = {doc_id for doc_id in self.policies if self._admits(doc_id, filters, day)}
        return np.fromiter((i for i, doc_id in self.owners.items() if doc_id in admitted), np.int64)

    def changed(self, owners: Mapping[int, str], removed: Iterable[int], policies: Mapping[str, Policy],
                gone: Iterable[str], relations: Iterable[Relation]) -> Admission:
        """A new instance with these chunks and policies added or replaced, those removed, and the relations."""
        new_owners = dict(self.owners)
        for chunk_id in removed:
            new_owners.pop(chunk_id, None)
        new_owners.update(owners)
        new_policies = {**self.policies, **policies}
        for doc_id in gone:
            new_policies.pop(doc_id, None)
        return Admission(new_owners, new_policies, _by_target(relations))

    def _admits(self, doc_id: str, filters: SearchFilters, day: date) -> bool:
        policy = self.policies[doc_id]
        status = self.validity(doc_id, day).status if filters.statuses is not None else policy.status
        return filters.admits(policy, status)


def _by_target(relations: Iterable[Relation]) -> dict[str, tuple[Relation, ...]]:
    grouped: dict[str, list[Relation]] = {}
    for relation in relations:
        if relation.target_id:
            grouped.setdefault(relation.target_id, []).append(relation)
    return {target: tuple(items) for target, items in grouped.items()}
