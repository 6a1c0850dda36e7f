"""`PolicyStore`: policies and chunks in a SQL database (SQLite by default, PostgreSQL alike).

The store is the source of truth. Each chunk row carries its embedding and its keyword tokens, so the
faiss and keyword indexes can always be rebuilt from it without running the model again.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session, defer

from index.changelog import begin_change, log_change
from index.db import make_sessionmaker
from index.errors import DocumentNotFound, InvalidMetadata
from index.filters import SearchFilters
from index.lifecycle import APPLIED, Relation, Today, Validity, local_today, status_on
from index.lifecycle_tables import RelationRow
from index.lifecycle_text import Window
from index.models import EDITABLE_FIELDS, FROM_STAFF, STATUSES, Chunk, Policy, content_hash
from index.page_query import read_page
from index.relations import decide, forget_policy, relations_for, resolve_open, sync_policy, windows_of
from index.tables import ChunkRow, PolicyRow
from index.vector_codec import from_blob, stack_blobs, to_blob


@dataclass
class StoredChunk:
    """A chunk joined with the metadata of its policy, as search returns it."""

    chunk_id: int
    chunk: Chunk
    policy: Policy
    vector: np.ndarray
    validity: Validity | None = None


def _sentence_matrices(rows: Sequence[Any], dimension: int) -> dict[int, np.ndarray]:
    """(chunk id, sentence-vector blob) rows as (n, dimension) matrices by chunk id."""
    return {chunk_id: from_blob(blob).reshape(-1, dimension) for chunk_id, blob in rows if blob is not None}


def row_to_policy(row: PolicyRow, *, with_text: bool = True) -> Policy:
    return Policy(
        id=row.id, title=row.title, text=row.text if with_text else "", doc_number=row.doc_number, issuer=row.issuer,
        issued=row.issued, effective=row.effective, status=row.status, category=row.category,
        region=row.region, audience=list(row.audience or []), url=row.url, interprets=row.interprets,
        expires=row.expires, doc_type=row.doc_type, repeals=list(row.repeals or []), amends=list(row.amends or []),
        provenance=dict(row.provenance or {}), source=row.source, extra=dict(row.extra or {}),
    )


def row_to_chunk(row: ChunkRow, *, with_embed_text: bool = True) -> Chunk:
    return Chunk(doc_id=row.doc_id, ordinal=row.ordinal, text=row.text, section=row.section,
                 heading_path=list(row.heading_path or []), embed_text=row.embed_text if with_embed_text else "")


class PolicyStore:
    """`today` gives the day validity is computed for when a caller names none (an injected clock in tests)."""

    def __init__(self, engine: Engine, today: Today | None = None) -> None:
        self.engine = engine
        self._sessions = make_sessionmaker(engine)
        self.today = today or local_today()

    def session(self) -> Session:
        return self._sessions()

    # -- writes ---------------------------------------------------------------------------------------

    def replace_policy(
        self, policy: Policy, chunks: Sequence[Chunk], tokens: Sequence[str], vectors: np.ndarray,
        sentence_vectors: Sequence[np.ndarray | None] | None = None,
    ) -> tuple[list[int], list[int]]:
        """Insert or replace a policy with its chunks in one transaction; returns (removed, added) chunk ids."""
        sentences = sentence_vectors if sentence_vectors is not None else [None] * len(chunks)
        now = datetime.now(UTC)
        with self.session() as session, session.begin():
            generation = begin_change(session)
            removed = self._drop_chunks(session, policy.id)
            log_change(session, generation, policy.id, "put", removed)
            row = session.get(PolicyRow, policy.id) or PolicyRow(id=policy.id, created_at=now)
            _fill_row(row, policy)
            row.updated_at = now
            session.add(row)
            session.flush()
            new_rows = [
                ChunkRow(doc_id=policy.id, ordinal=c.ordinal, section=c.section, heading_path=c.heading_path,
                         text=c.text, embed_text=c.embed_text, tokens=t, vector=to_blob(v),
                         sentence_vectors=None if s is None else to_blob(s))
                for c, t, v, s in zip(chunks, tokens, vectors, sentences, strict=True)
            ]
            session.add_all(new_rows)
            session.flush()
            sync_policy(session, policy)
            return removed, [r.id for r in new_rows]

    def delete_policy(self, doc_id: str) -> list[int]:
        with self.session() as session, session.begin():
            generation = begin_change(session)
            row = session.get(PolicyRow, doc_id)
            if row is None:
                raise DocumentNotFound(doc_id)
            removed = self._drop_chunks(session, doc_id)
            log_change(session, generation, doc_id, "delete", removed)
            session.delete(row)
            session.flush()
            forget_policy(session, doc_id)
            return removed

    def update_metadata(self, doc_id: str, changes: dict, *, source: str = FROM_STAFF) -> Policy:
        """Change metadata fields (status included) without touching text or chunks.

        Each field whose value changes gets `source` (staff by default) as its provenance, so the console can
        say why; a status set by staff overrides what dates and relations would say (`index.lifecycle`).
        """
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise InvalidMetadata(f"不能修改的字段：{', '.join(sorted(unknown))}")
        if "status" in changes and changes["status"] not in STATUSES:
            raise InvalidMetadata(f"有效性只能是：{'、'.join(STATUSES)}")
        with self.session() as session, session.begin():
            generation = begin_change(session)
            row = session.get(PolicyRow, doc_id)
            if row is None:
                raise DocumentNotFound(doc_id)
            log_change(session, generation, doc_id, "meta")
            # only a value that changes becomes the editor's: saving a form that shows the stored status must
            # not turn it into a staff override that would freeze it against dates and relations; a status
            # other than the one computed for today is an override even when the stored value is the same
            computed = self._validity(session, [row], None)[doc_id].status
            changed = [name for name, value in changes.items()
                       if getattr(row, name) != value or (name == "status" and value != computed)]
            for name, value in changes.items():
                setattr(row, name, value)
            row.provenance = {**(row.provenance or {}), **dict.fromkeys(changed, source)}
            row.content_hash = content_hash(row_to_policy(row))
            row.updated_at = datetime.now(UTC)
            session.flush()
            sync_policy(session, row_to_policy(row))
            return row_to_policy(row)

    @staticmethod
    def _drop_chunks(session: Session, doc_id: str) -> list[int]:
        ids = list(session.scalars(select(ChunkRow.id).where(ChunkRow.doc_id == doc_id)))
        if ids:
            session.execute(delete(ChunkRow).where(ChunkRow.doc_id == doc_id))
        return ids

    # -- reads ----------------------------------------------------------------------------------------

    def get_policy(self, doc_id: str) -> Policy:
        with self.session() as session:
            row = session.get(PolicyRow, doc_id)
            if row is None:
                raise DocumentNotFound(doc_id)
            return row_to_policy(row)

    def find_policy(self, doc_id_or_number: str) -> Policy | None:
        """A policy by id, or else by 文号."""
        with self.session() as session:
            row = session.get(PolicyRow, doc_id_or_number) or session.scalars(
                select(PolicyRow).where(PolicyRow.doc_number == doc_id_or_number).limit(1)
            ).first()
            return row_to_policy(row) if row else None

    def policy_ids(self) -> list[str]:
        with self.session() as session:
            return list(session.scalars(select(PolicyRow.id).order_by(PolicyRow.id)))

    def hash_of(self, doc_id: str) -> str | None:
        with self.session() as session:
            return session.scalar(select(PolicyRow.content_hash).where(PolicyRow.id == doc_id))

    def list_policies(
        self, filters: SearchFilters | None = None, offset: int = 0, limit: int = 100
    ) -> tuple[list[Policy], int]:
        """Policies newest first, with the total count before paging; each `status` is the one on `as_of`."""
        filters = filters or SearchFilters(statuses=None)
        with self.session() as session:
            query = select(PolicyRow).options(defer(PolicyRow.text))
            rows = list(session.scalars(query.order_by(PolicyRow.updated_at.desc(), PolicyRow.id)))
            validity = self._validity(session, rows, filters.as_of)
            admitted = [r for r in rows if filters.admits(r, validity[r.id].status)]
            return ([dataclasses.replace(row_to_policy(r, with_text=False), status=validity[r.id].status)
                     for r in admitted[offset:offset + limit]], len(admitted))

    def interpretations_for(self, doc_ids: Sequence[str]) -> dict[str, list[Policy]]:
        """The 政策解读 of each policy (naming it by id or 文号), without their text, in one session."""
        found: dict[str, list[Policy]] = {doc_id: [] for doc_id in doc_ids}
        with self.session() as session:
            numbers = session.execute(select(PolicyRow.id, PolicyRow.doc_number).where(PolicyRow.id.in_(found)))
            owner = {key: doc_id for doc_id, number in numbers for key in (doc_id, number) if key}
            if not owner:
                return found
            query = select(PolicyRow).options(defer(PolicyRow.text)).where(PolicyRow.interprets.in_(owner))
            for row in session.scalars(query.order_by(PolicyRow.id)):
                found[owner[row.interprets or ""]].append(row_to_policy(row, with_text=False))
        return found

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        with self.session() as session:
            rows = session.scalars(select(ChunkRow).where(ChunkRow.doc_id == doc_id).order_by(ChunkRow.ordinal))
            return [row_to_chunk(r) for r in rows]

    def page(self, chunk_ids: Iterable[int], filters: SearchFilters) -> dict[int, StoredChunk]:
        """The passages a search returns, with their policy and its validity on `filters.as_of`, in one query
        (`index.page_query`); a chunk whose policy the filters do not admit now, or that is gone, is left out."""
        ids = [int(i) for i in chunk_ids]
        if not ids:
            return {}
        day = filters.as_of or self.today()
        page = {}
        with self.session() as session:
            for row in read_page(session, ids):
                policy = row_to_policy(row.policy, with_text=False)
                validity = status_on(policy, day, row.incoming)
                if filters.admits(policy, validity.status):
                    page[row.chunk.id] = StoredChunk(row.chunk.id, row_to_chunk(row.chunk, with_embed_text=False),
                                                     policy, from_blob(row.chunk.vector), validity)
        return page

    def policy_facts(self, doc_ids: Iterable[str] | None = None) -> dict[str, Policy]:
        """Policies without their text, by id (all when `doc_ids` is None): what validity and filters read."""
        query = select(PolicyRow).options(defer(PolicyRow.text))
        if doc_ids is not None:
            query = query.where(PolicyRow.id.in_(list(doc_ids)))
        with self.session() as session:
            return {row.id: row_to_policy(row, with_text=False) for row in session.scalars(query)}

    def chunk_owners(self, doc_ids: Iterable[str] | None = None) -> dict[int, str]:
        """Chunk id → policy id, for the chunks of these policies (all when `doc_ids` is None)."""
        query = select(ChunkRow.id, ChunkRow.doc_id)
        if doc_ids is not None:
            query = query.where(ChunkRow.doc_id.in_(list(doc_ids)))
        with self.session() as session:
            return {chunk_id: doc_id for chunk_id, doc_id in session.execute(query)}

    # -- validity ---------------------------------------------------------------------------------------

    def validity(self, doc_ids: Iterable[str], day: date | None = None) -> dict[str, Validity]:
        """Each policy's status and its reason on `day` (today when None); unknown ids are left out."""
        with self.session() as session:
            rows = list(session.scalars(select(PolicyRow).options(defer(PolicyRow.text))
                                        .where(PolicyRow.id.in_(list(doc_ids)))))
            return self._validity(session, rows, day)

    def relations(self, *, targets: Iterable[str] | None = None, sources: Iterable[str] | None = None,
                  states: Iterable[str] | None = None) -> list[Relation]:
        """Repeal and amend relations aimed at `targets` or declared by `sources`, with both ends' names."""
        with self.session() as session:
            return relations_for(session, targets=targets, sources=sources, states=states)

    def decide_relation(self, relation_id: int, target_id: str | None, actor: str) -> Relation:
        """Staff confirm a relation's target (it applies) or reject it (`target_id` None); kept until the
        source stops declaring it. Raises `InvalidMetadata` for an unknown relation or target."""
        with self.session() as session, session.begin():
            if target_id is not None and session.get(PolicyRow, target_id) is None:
                raise DocumentNotFound(target_id)
            generation = begin_change(session)  # the target's validity changes: serving processes follow it
            before = session.get(RelationRow, relation_id)
            previous = before.target_id if before else None
            try:
                decide(session, relation_id, target_id=target_id, actor=actor, at=datetime.now(UTC))
            except LookupError:
                raise InvalidMetadata(f"关系不存在：{relation_id}") from None
            log_change(session, generation, target_id or previous or "*", "meta")
            session.flush()
            resolve_open(session)
            return next(r for r in relations_for(session) if r.id == relation_id)

    def application_windows(self, doc_ids: Iterable[str] | None = None) -> dict[str, list[Window]]:
        """The application windows read from each policy's text (all policies when `doc_ids` is None)."""
        with self.session() as session:
            return windows_of(session, doc_ids)

    def _validity(self, session: Session, rows: Sequence[PolicyRow], day: date | None) -> dict[str, Validity]:
        day = day or self.today()
        ids = [r.id for r in rows]
        applied = relations_for(session, targets=ids if len(ids) <= 500 else None, states=[APPLIED])
        incoming: dict[str, list[Relation]] = {}
        for relation in applied:
            incoming.setdefault(relation.target_id or "", []).append(relation)
        return {r.id: status_on(row_to_policy(r, with_text=False), day, incoming.get(r.id, ())) for r in rows}

    def iter_vectors(self, batch: int = 2000) -> Iterable[tuple[np.ndarray, np.ndarray]]:
        """Yield (ids, vectors) batches of every chunk, for rebuilding the vector index."""
        last = 0
        with self.session() as session:
            while True:
                rows = session.execute(
                    select(ChunkRow.id, ChunkRow.vector).where(ChunkRow.id > last).order_by(ChunkRow.id).limit(batch)
                ).all()
                if not rows:
                    return
                last = rows[-1][0]
                yield (np.array([r[0] for r in rows], dtype=np.int64),
                       stack_blobs([r[1] for r in rows]))

    def iter_sentence_vectors(self, dimension: int, batch: int = 2000) -> Iterable[dict[int, np.ndarray]]:
        """Yield batches of every stored chunk's sentence vectors ((n, dimension) by chunk id)."""
        last = 0
        with self.session() as session:
            while True:
                rows = session.execute(
                    select(ChunkRow.id, ChunkRow.sentence_vectors).where(
                        ChunkRow.id > last, ChunkRow.sentence_vectors.is_not(None)).order_by(ChunkRow.id).limit(batch)
                ).all()
                if not rows:
                    return
                last = rows[-1][0]
                yield _sentence_matrices(rows, dimension)

    # -- reads for the push domain (it never queries these tables itself) -------------------------------

    def policies_with_hashes(self, doc_ids: Sequence[str]) -> dict[str, tuple[Policy, str]]:
        """Policies (without their text) by id, each with its content hash; missing ids are left out."""
        with self.session() as session:
            rows = session.scalars(select(PolicyRow).options(defer(PolicyRow.text))
                                   .where(PolicyRow.id.in_(list(doc_ids))))
            return {r.id: (row_to_policy(r, with_text=False), r.content_hash) for r in rows}

    def passage_vectors(self, doc_id: str) -> list[tuple[str, str, bytes]]:
        """(section, text, stored vector) of a policy's chunks, in order."""
        with self.session() as session:
            rows = session.execute(select(ChunkRow.section, ChunkRow.text, ChunkRow.vector)
                                   .where(ChunkRow.doc_id == doc_id).order_by(ChunkRow.ordinal)).all()
        return [(section, text, vector) for section, text, vector in rows]

    def titles(self, doc_ids: Sequence[str]) -> dict[str, str]:
        with self.session() as session:
            rows = session.execute(select(PolicyRow.id, PolicyRow.title).where(PolicyRow.id.in_(list(doc_ids))))
            return {doc_id: title for doc_id, title in rows}

    def written_between(self, start: datetime, end: datetime) -> set[str]:
        """Ids of policies stored or changed in (start, end]."""
        with self.session() as session:
            return set(session.scalars(select(PolicyRow.id).where(PolicyRow.updated_at > start,
                                                                 PolicyRow.updated_at <= end)))

    def taking_effect_between(self, first: date, last: date) -> set[str]:
        """Ids of policies whose 施行日期 falls on a day in [first, last]."""
        with self.session() as session:
            return set(session.scalars(select(PolicyRow.id).where(PolicyRow.effective >= first,
                                                                 PolicyRow.effective <= last)))

    # -- reads for the index itself -------------------------------------------------------------------

    def chunk_ids(self) -> np.ndarray:
        with self.session() as session:
            return np.asarray(session.scalars(select(ChunkRow.id).order_by(ChunkRow.id)).all(), dtype=np.int64)

    def vectors_and_tokens(self, chunk_ids: Iterable[int], batch: int = 2000
                           ) -> tuple[np.ndarray, np.ndarray, list[list[str]]]:
        """The stored vectors and keyword tokens of these chunks (those that still exist), by id."""
        wanted = sorted(int(i) for i in chunk_ids)
        ids: list[int] = []
        blobs: list[bytes] = []
        tokens: list[list[str]] = []
        with self.session() as session:
            for start in range(0, len(wanted), batch):
                rows = session.execute(select(ChunkRow.id, ChunkRow.vector, ChunkRow.tokens)
                                       .where(ChunkRow.id.in_(wanted[start:start + batch]))).all()
                for chunk_id, blob, text in rows:
                    ids.append(chunk_id)
                    blobs.append(blob)
                    tokens.append(text.split(" ") if text else [])
        vectors = stack_blobs(blobs) if blobs else np.zeros((0, 0), dtype=np.float32)
        return np.asarray(ids, dtype=np.int64), vectors, tokens

    def sentence_vectors(self, chunk_ids: Iterable[int], dimension: int) -> dict[int, np.ndarray]:
        """(n, dimension) sentence vectors by chunk id, for those of these chunks that have them."""
        with self.session() as session:
            rows = session.execute(select(ChunkRow.id, ChunkRow.sentence_vectors).where(
                ChunkRow.id.in_([int(i) for i in chunk_ids]), ChunkRow.sentence_vectors.is_not(None))).all()
        return _sentence_matrices(rows, dimension)

    def all_tokens(self) -> tuple[np.ndarray, list[list[str]]]:
        """Every chunk id with its keyword tokens, for rebuilding the keyword index."""
        with self.session() as session:
            rows = session.execute(select(ChunkRow.id, ChunkRow.tokens).order_by(ChunkRow.id)).all()
        return np.array([r[0] for r in rows], dtype=np.int64), [r[1].split(" ") if r[1] else [] for r in rows]

    def fingerprint(self) -> str:
        """Changes whenever the set of chunks changes: count, max id and a hash of the ids."""
        with self.session() as session:
            ids = session.scalars(select(ChunkRow.id).order_by(ChunkRow.id)).all()
        return hashlib.sha256(np.asarray(ids, dtype=np.int64).tobytes()).hexdigest()[:32] + f"-{len(ids)}"

    def count(self) -> tuple[int, int]:
        with self.session() as session:
            return (session.scalar(select(func.count()).select_from(PolicyRow)) or 0,
                    session.scalar(select(func.count()).select_from(ChunkRow)) or 0)


def _fill_row(row: PolicyRow, policy: Policy) -> None:
    for name in EDITABLE_FIELDS + ("text", "source", "extra", "provenance"):
        setattr(row, name, getattr(policy, name))
    row.content_hash = content_hash(policy)
