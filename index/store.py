"""`PolicyStore`: policies and chunks in a SQL database (SQLite by default, PostgreSQL alike).

The store is the source of truth. Each chunk row carries its embedding and its keyword tokens, so the
faiss and keyword indexes can always be rebuilt from it without running the model again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
from sqlalchemy import Engine, Row, delete, func, select
from sqlalchemy.orm import Session, defer

from index.db import make_sessionmaker
from index.errors import DocumentNotFound, InvalidMetadata
from index.models import STATUSES, Chunk, Policy
from index.tables import ChunkRow, PolicyRow
from index.vector_codec import from_blob, stack_blobs, to_blob

EDITABLE_FIELDS = (
    "title", "doc_number", "issuer", "issued", "effective", "status",
    "category", "region", "audience", "url", "interprets",
)


@dataclass(frozen=True)
class SearchFilters:
    """Which documents may answer. By default only 现行有效 ones."""

    statuses: tuple[str, ...] | None = ("现行有效",)
    issuer: str | None = None
    category: str | None = None
    region: str | None = None
    issued_from: date | None = None
    issued_to: date | None = None
    doc_ids: tuple[str, ...] | None = None

    def admits(self, row: PolicyRow | Row) -> bool:
        """`row`: a policy row, or any row with its filter columns (`_FILTER_COLUMNS`)."""
        checks = (
            self.statuses is None or row.status in self.statuses,
            self.issuer is None or self.issuer in (row.issuer or ""),
            self.category is None or row.category == self.category,
            self.region is None or self.region in (row.region or ""),
            self.issued_from is None or (row.issued is not None and row.issued >= self.issued_from),
            self.issued_to is None or (row.issued is not None and row.issued <= self.issued_to),
            self.doc_ids is None or row.id in self.doc_ids,
        )
        return all(checks)


@dataclass
class StoredChunk:
    """A chunk joined with the metadata of its policy, as search returns it."""

    chunk_id: int
    chunk: Chunk
    policy: Policy
    vector: np.ndarray


_FILTER_COLUMNS = (PolicyRow.id, PolicyRow.status, PolicyRow.issuer, PolicyRow.category, PolicyRow.region,
                   PolicyRow.issued)  # what `SearchFilters.admits` reads
_HIT_CHUNK_COLUMNS = (ChunkRow.id, ChunkRow.ordinal, ChunkRow.section, ChunkRow.heading_path, ChunkRow.text,
                      ChunkRow.vector)


def content_hash(policy: Policy) -> str:
    meta = "|".join(str(getattr(policy, name)) for name in EDITABLE_FIELDS)
    return hashlib.sha256(f"{meta}\n{policy.text}".encode()).hexdigest()


def row_to_policy(row: PolicyRow, *, with_text: bool = True) -> Policy:
    return Policy(
        id=row.id, title=row.title, text=row.text if with_text else "", doc_number=row.doc_number, issuer=row.issuer,
        issued=row.issued, effective=row.effective, status=row.status, category=row.category,
        region=row.region, audience=list(row.audience or []), url=row.url, interprets=row.interprets,
        source=row.source, extra=dict(row.extra or {}),
    )


def _row_to_chunk(row: ChunkRow) -> Chunk:
    return Chunk(doc_id=row.doc_id, ordinal=row.ordinal, text=row.text, section=row.section,
                 heading_path=list(row.heading_path or []), embed_text=row.embed_text)


class PolicyStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = make_sessionmaker(engine)

    def session(self) -> Session:
        return self._sessions()

    # -- writes ---------------------------------------------------------------------------------------

    def replace_policy(
        self, policy: Policy, chunks: Sequence[Chunk], tokens: Sequence[str], vectors: np.ndarray
    ) -> tuple[list[int], list[int]]:
        """Insert or replace a policy with its chunks in one transaction; returns (removed, added) chunk ids."""
        now = datetime.now(UTC)
        with self.session() as session, session.begin():
            removed = self._drop_chunks(session, policy.id)
            row = session.get(PolicyRow, policy.id) or PolicyRow(id=policy.id, created_at=now)
            _fill_row(row, policy)
            row.updated_at = now
            session.add(row)
            session.flush()
            new_rows = [
                ChunkRow(doc_id=policy.id, ordinal=c.ordinal, section=c.section, heading_path=c.heading_path,
                         text=c.text, embed_text=c.embed_text, tokens=t,
                         vector=to_blob(v))
                for c, t, v in zip(chunks, tokens, vectors, strict=True)
            ]
            session.add_all(new_rows)
            session.flush()
            return removed, [r.id for r in new_rows]

    def delete_policy(self, doc_id: str) -> list[int]:
        with self.session() as session, session.begin():
            row = session.get(PolicyRow, doc_id)
            if row is None:
                raise DocumentNotFound(doc_id)
            removed = self._drop_chunks(session, doc_id)
            session.delete(row)
            return removed

    def update_metadata(self, doc_id: str, changes: dict) -> Policy:
        """Change metadata fields (status included) without touching text or chunks."""
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise InvalidMetadata(f"不能修改的字段：{', '.join(sorted(unknown))}")
        if "status" in changes and changes["status"] not in STATUSES:
            raise InvalidMetadata(f"有效性只能是：{'、'.join(STATUSES)}")
        with self.session() as session, session.begin():
            row = session.get(PolicyRow, doc_id)
            if row is None:
                raise DocumentNotFound(doc_id)
            for name, value in changes.items():
                setattr(row, name, value)
            row.content_hash = content_hash(row_to_policy(row))
            row.updated_at = datetime.now(UTC)
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
        """Policies newest first, with the total count before paging."""
        filters = filters or SearchFilters(statuses=None)
        with self.session() as session:
            query = select(PolicyRow).options(defer(PolicyRow.text))
            rows = session.scalars(query.order_by(PolicyRow.updated_at.desc(), PolicyRow.id))
            admitted = [r for r in rows if filters.admits(r)]
            return [row_to_policy(r, with_text=False) for r in admitted[offset:offset + limit]], len(admitted)

    def interpretations_of(self, policy: Policy) -> list[Policy]:
        keys = [k for k in (policy.id, policy.doc_number) if k]
        with self.session() as session:
            rows = session.scalars(select(PolicyRow).where(PolicyRow.interprets.in_(keys)).order_by(PolicyRow.id))
            return [row_to_policy(r) for r in rows]

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        with self.session() as session:
            rows = session.scalars(select(ChunkRow).where(ChunkRow.doc_id == doc_id).order_by(ChunkRow.ordinal))
            return [_row_to_chunk(r) for r in rows]

    def fetch_chunks(self, chunk_ids: Iterable[int], filters: SearchFilters | None = None) -> dict[int, StoredChunk]:
        """Chunks by id with their policy, keeping only those whose policy the filters admit."""
        ids = [int(i) for i in chunk_ids]
        if not ids:
            return {}
        with self.session() as session:
            chunks = session.scalars(select(ChunkRow).where(ChunkRow.id.in_(ids))).all()
            doc_ids = {c.doc_id for c in chunks}
            rows = session.scalars(select(PolicyRow).options(defer(PolicyRow.text)).where(PolicyRow.id.in_(doc_ids)))
            policies = {p.id: row_to_policy(p, with_text=False) for p in rows if filters is None or filters.admits(p)}
            return {
                c.id: StoredChunk(c.id, _row_to_chunk(c), policies[c.doc_id], from_blob(c.vector))
                for c in chunks if c.doc_id in policies
            }

    def admitted_among(self, chunk_ids: Iterable[int], filters: SearchFilters) -> set[int]:
        """Which of these chunks belong to a policy the filters admit: one query over the filter columns."""
        ids = [int(i) for i in chunk_ids]
        if not ids:
            return set()
        query = (select(ChunkRow.id.label("chunk_id"), *_FILTER_COLUMNS)
                 .join(PolicyRow, PolicyRow.id == ChunkRow.doc_id).where(ChunkRow.id.in_(ids)))
        with self.session() as session:
            return {row.chunk_id for row in session.execute(query) if filters.admits(row)}

    def hydrate(self, chunk_ids: Sequence[int]) -> dict[int, StoredChunk]:
        """The chunks search returns, with their policy (without its text), in one joined query.

        The chunk's `embed_text` is left empty: a hit never shows it.
        """
        ids = [int(i) for i in chunk_ids]
        if not ids:
            return {}
        query = (select(PolicyRow, *_HIT_CHUNK_COLUMNS).join(PolicyRow, PolicyRow.id == ChunkRow.doc_id)
                 .options(defer(PolicyRow.text)).where(ChunkRow.id.in_(ids)))
        with self.session() as session:
            rows = session.execute(query).all()
            policies = {row[0].id: row_to_policy(row[0], with_text=False) for row in rows}
            return {
                row.id: StoredChunk(row.id, Chunk(doc_id=row[0].id, ordinal=row.ordinal, text=row.text,
                                                  section=row.section, heading_path=list(row.heading_path or [])),
                                    policies[row[0].id], from_blob(row.vector))
                for row in rows
            }

    def admitted_chunk_ids(self, filters: SearchFilters) -> np.ndarray:
        with self.session() as session:
            rows = session.scalars(select(PolicyRow).options(defer(PolicyRow.text)))
            doc_ids = [p.id for p in rows if filters.admits(p)]
            ids = session.scalars(select(ChunkRow.id).where(ChunkRow.doc_id.in_(doc_ids))).all()
            return np.asarray(ids, dtype=np.int64)

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
    for name in EDITABLE_FIELDS + ("text", "source", "extra"):
        setattr(row, name, getattr(policy, name))
    row.content_hash = content_hash(policy)
