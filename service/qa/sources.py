"""Where citations point and what staff answers cite.

`Links` gives a document's address: its own `url` when it has one, else the service's page
`/policies/{doc_id}`. `SourceResolver` turns `SourceRef`s (document id or 文号, optional section label)
into `Citation`s, and finds the 政策解读 of cited policies and the policies cited interpretations explain.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from urllib.parse import quote

from index.models import Chunk, Policy
from index.policy_index import PolicyIndex
from index.search import SearchHit
from index.urls import web_url_or_none
from service.qa.errors import InvalidSource
from service.qa.models import Citation, Interpretation, SourceRef


class Links:
    def __init__(self, public_url: str) -> None:
        self.public_url = public_url.rstrip("/")

    def page(self, doc_id: str) -> str:
        return f"{self.public_url}/policies/{quote(doc_id, safe='')}"

    def of_policy(self, policy: Policy) -> str:
        return web_url_or_none(policy.url) or self.page(policy.id)

    def of_hit(self, hit: SearchHit) -> str:
        return web_url_or_none(hit.url) or self.page(hit.doc_id)


class Interpreting(Protocol):
    def interpretations_for(self, doc_ids: Sequence[str]) -> dict[str, list[Policy]]: ...


class SourceResolver:
    def __init__(self, index: PolicyIndex, links: Links, interpreting: Interpreting | None = None) -> None:
        """`interpreting`: where the 政策解读 of cited policies are looked up (the index, read from the database, by
        default; an answer's wiring passes the catalogue of the current index generation, read once per write)."""
        self.index = index
        self.links = links
        self.interpreting: Interpreting = interpreting or index

    def citations(self, refs: Sequence[SourceRef]) -> list[Citation]:
        """One citation per reference, numbered from 1; raises `InvalidSource` for what is not indexed."""
        return [self.citation(n, ref) for n, ref in enumerate(refs, 1)]

    def citation(self, n: int, ref: SourceRef) -> Citation:
        policy = self.index.find_policy(ref.doc_id)
        if policy is None:
            raise InvalidSource(ref.doc_id)
        chunk = self._chunk(policy, ref.section)
        return Citation(n=n, doc_id=policy.id, title=policy.title, doc_number=policy.doc_number,
                        issuer=policy.issuer, status=policy.status, section=chunk.section if chunk else "",
                        text=chunk.text if chunk else policy.text[:300], url=self.links.of_policy(policy))

    def _chunk(self, policy: Policy, section: str | None) -> Chunk | None:
        chunks = self.index.chunks_of(policy.id)
        if not section:
            return None
        for chunk in chunks:
            if chunk.section == section:
                return chunk
        raise InvalidSource(policy.id, section)

    def interpretations(self, citations: Sequence[Citation]) -> list[Interpretation]:
        """The 政策解读 of every cited policy, each once, in citation order."""
        found: dict[str, Interpretation] = {}
        explained = self.interpreting.interpretations_for(list(dict.fromkeys(c.doc_id for c in citations)))
        for citation in citations:
            for item in explained[citation.doc_id]:
                found.setdefault(item.id, Interpretation(item.id, item.title, self.links.of_policy(item),
                                                         item.interprets or citation.doc_id))
        return list(found.values())

    def explained_policies(self, hits: Sequence[SearchHit], cited: set[str]) -> list[Policy]:
        """Policies that cited interpretations explain and that are not cited yet."""
        policies: dict[str, Policy] = {}
        for hit in hits:
            target = self.index.find_policy(hit.interprets) if hit.interprets else None
            if target is not None and target.id not in cited:
                policies.setdefault(target.id, target)
        return list(policies.values())
