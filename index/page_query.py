"""The one query a search makes: the returned page's chunks with their policies and the relations aimed at them.

Chunks, their policies (without the text) and the applied relations targeting those policies, each with
its source's names, come back in one joined statement; `PolicyStore.page` computes each policy's validity
from them for the day asked, as `PolicyStore.validity` does.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import Select, and_, bindparam, select
from sqlalchemy.orm import Session, aliased, defer

from index.lifecycle import APPLIED, Relation
from index.lifecycle_tables import RelationRow
from index.relations import relation_of
from index.tables import ChunkRow, PolicyRow


class _Names(NamedTuple):
    """A relation end's names, as `index.relations.relation_of` reads them."""

    title: str
    doc_number: str | None
    effective: date | None
    issued: date | None


class PageRow(NamedTuple):
    chunk: ChunkRow              # without its tokens and embed_text
    policy: PolicyRow            # without its text
    incoming: list[Relation]     # applied relations aimed at the policy


@functools.cache
def _query() -> Select:
    """Built once: constructing this statement costs more than running it (about 5 ms against 2)."""
    source = aliased(PolicyRow)
    return (select(ChunkRow, PolicyRow, RelationRow, source.title, source.doc_number, source.effective,
                   source.issued)
            .join(PolicyRow, PolicyRow.id == ChunkRow.doc_id)
            .outerjoin(RelationRow, and_(RelationRow.target_id == PolicyRow.id, RelationRow.state == APPLIED))
            .outerjoin(source, source.id == RelationRow.source_id)
            .options(defer(PolicyRow.text), defer(ChunkRow.tokens), defer(ChunkRow.embed_text))
            .where(ChunkRow.id.in_(bindparam("chunk_ids", expanding=True))))


def read_page(session: Session, chunk_ids: Sequence[int]) -> list[PageRow]:
    """The chunks among `chunk_ids` that exist, each with its policy and the relations aimed at it."""
    found: dict[int, tuple[ChunkRow, PolicyRow]] = {}
    incoming: dict[str, dict[int, Relation]] = {}
    rows = session.execute(_query(), {"chunk_ids": list(chunk_ids)})
    for chunk, policy, relation, *names in rows:  # a policy's relations repeat on each of its chunks
        found[chunk.id] = (chunk, policy)
        if relation is not None:
            named = {relation.source_id: _Names(*names), policy.id: _Names(policy.title, None, None, None)}
            incoming.setdefault(policy.id, {})[relation.id] = relation_of(relation, named)
    return [PageRow(chunk, policy, list(incoming.get(policy.id, {}).values())) for chunk, policy in found.values()]
