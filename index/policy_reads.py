"""`PolicyReads`: the reading half of `PolicyIndex`'s face: policies, passages, validity, relations.

Everything here is read from the database at call time (validity is computed for the index's day),
so every process answers alike whatever generation its in-memory indexes serve. `service/` and
`push/` read policies only through these methods, never through the store or its tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from index.filters import SearchFilters
from index.lifecycle import Relation, Validity
from index.lifecycle_text import Window
from index.models import Chunk, Policy, content_hash
from index.store import PolicyStore, StoredChunk


class PolicyReads:
    _store: PolicyStore

    def today(self) -> date:
        """The index's day: validity and reminders are computed for it (the service's clock and time zone)."""
        return self._store.today()

    def has_same_content(self, policy: Policy) -> bool:
        """Whether the stored version of this policy has the same text and metadata (nothing to re-embed)."""
        return self._store.hash_of(policy.id) == content_hash(policy)

    def hash_of(self, doc_id: str) -> str | None:
        """The stored content hash of a policy's text and metadata (None when it is not stored)."""
        return self._store.hash_of(doc_id)

    def get_policy(self, doc_id: str) -> Policy:
        return self._store.get_policy(doc_id)

    def find_policy(self, doc_id_or_number: str) -> Policy | None:
        """A policy by id, or else by 文号."""
        return self._store.find_policy(doc_id_or_number)

    def policy_ids(self) -> list[str]:
        return self._store.policy_ids()

    def list_policies(self, filters: SearchFilters | None = None, offset: int = 0,
                      limit: int = 100) -> tuple[list[Policy], int]:
        """Policies newest first, without their text, with the total before paging."""
        return self._store.list_policies(filters, offset, limit)

    def policies_with_hashes(self, doc_ids: Sequence[str]) -> dict[str, tuple[Policy, str]]:
        """Policies (without their text) by id, each with its content hash; missing ids are left out."""
        return self._store.policies_with_hashes(doc_ids)

    def titles(self, doc_ids: Sequence[str]) -> dict[str, str]:
        return self._store.titles(doc_ids)

    def written_between(self, start: datetime, end: datetime) -> set[str]:
        """Ids of policies stored or changed in (start, end]."""
        return self._store.written_between(start, end)

    def taking_effect_between(self, first: date, last: date) -> set[str]:
        """Ids of policies whose 施行日期 falls on a day in [first, last]."""
        return self._store.taking_effect_between(first, last)

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        return self._store.chunks_of(doc_id)

    def passage_vectors(self, doc_id: str) -> list[tuple[str, str, bytes]]:
        """(section, text, stored vector) of a policy's chunks, in order."""
        return self._store.passage_vectors(doc_id)

    def interpretations_of(self, policy: Policy) -> list[Policy]:
        """The 政策解读 naming this policy by id or 文号 (without their text)."""
        return self._store.interpretations_for([policy.id])[policy.id]

    def interpretations_for(self, doc_ids: Sequence[str]) -> dict[str, list[Policy]]:
        """The 政策解读 of each of these policies (without their text), read at once."""
        return self._store.interpretations_for(doc_ids)

    def validity(self, doc_ids: Iterable[str], day: date | None = None) -> dict[str, Validity]:
        """Each policy's status with its reason on `day` (today when None)."""
        return self._store.validity(doc_ids, day)

    def relations(self, *, targets: Iterable[str] | None = None, sources: Iterable[str] | None = None,
                  states: Iterable[str] | None = None) -> list[Relation]:
        """Repeal and amend relations aimed at `targets` or declared by `sources`."""
        return self._store.relations(targets=targets, sources=sources, states=states)

    def application_windows(self, doc_ids: Iterable[str] | None = None) -> dict[str, list[Window]]:
        """The application windows read from each policy's text (all policies when `doc_ids` is None)."""
        return self._store.application_windows(doc_ids)

    def counts(self) -> tuple[int, int]:
        """(policies, chunks) in the database."""
        return self._store.count()

    def fetch(self, chunk_ids: Iterable[int], filters: SearchFilters | None = None) -> dict[int, StoredChunk]:
        """Chunks by id with their policy, only those the filters admit (every one when None), read now from the
        database in one query."""
        return self._store.page(chunk_ids, filters or SearchFilters(statuses=None))
