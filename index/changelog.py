"""The index change log: the database's generation, bumped in the same transaction as every write.

Every transaction that stores, deletes or re-labels a policy calls `begin_change` before anything
else, then `log_change`. The first bumps `index_state.generation` (taking that row's lock, so writers are serialised and
generations become visible in order) and appends an `index_changes` row naming the policy and the
chunk ids the change removed. A serving process remembers the generation it has applied and asks
for `changes_since` it; the chunks to add are whatever the database holds for the changed policies.

Generations have no holes: each is the key of exactly one entry, written in the transaction that took it.
Entries older than a retention are pruned (`prune`), the newest always kept, so a follower whose next
entry is missing knows it fell behind the pruned horizon and reloads from the database instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from index.db import make_sessionmaker
from index.errors import IndexMismatch
from index.tables import IndexChangeRow, IndexStateRow

STATE_ID = 1
KINDS = ("put", "delete", "meta", "reset")


@dataclass(frozen=True)
class Change:
    generation: int
    doc_id: str
    kind: str
    removed: tuple[int, ...]


@dataclass(frozen=True)
class IndexState:
    generation: int
    model: str | None
    dimension: int | None
    chunker_version: str | None


def begin_change(session: Session) -> int:
    """Bump the generation inside the caller's transaction and return it.

    Call it first in the transaction: the row lock it takes serialises concurrent writers, so what the
    transaction reads afterwards (the chunks it replaces) cannot change under it.
    """
    generation = session.execute(
        update(IndexStateRow).where(IndexStateRow.id == STATE_ID)
        .values(generation=IndexStateRow.generation + 1, updated_at=datetime.now(UTC))
        .returning(IndexStateRow.generation)
    ).scalar_one_or_none()
    if generation is None:  # a database whose tables were created without the migrations
        session.add(IndexStateRow(id=STATE_ID, generation=1))
        session.flush()
        return 1
    return int(generation)


def log_change(session: Session, generation: int, doc_id: str, kind: str, removed: list[int] | None = None) -> None:
    assert kind in KINDS, kind
    session.add(IndexChangeRow(generation=generation, doc_id=doc_id, kind=kind, removed=list(removed or []),
                               created_at=datetime.now(UTC)))


class ChangeLog:
    """Reads of the change log and the model the database's vectors were built with."""

    def __init__(self, engine: Engine) -> None:
        self._sessions = make_sessionmaker(engine)

    def generation(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(IndexStateRow.generation).where(IndexStateRow.id == STATE_ID)) or 0)

    def state(self) -> IndexState:
        with self._sessions() as session:
            row = session.get(IndexStateRow, STATE_ID)
            if row is None:
                return IndexState(0, None, None, None)
            return IndexState(int(row.generation), row.model, row.dimension, row.chunker_version)

    def changes_since(self, generation: int, limit: int = 10_000) -> list[Change]:
        with self._sessions() as session:
            rows = session.scalars(select(IndexChangeRow).where(IndexChangeRow.generation > generation)
                                   .order_by(IndexChangeRow.generation).limit(limit))
            return [Change(int(r.generation), r.doc_id, r.kind, tuple(r.removed or ())) for r in rows]

    def prune(self, before: datetime) -> int:
        """Delete entries written before `before`, keeping the newest; returns how many went."""
        with self._sessions() as session, session.begin():
            newest = session.scalar(select(func.max(IndexChangeRow.generation)))
            if newest is None:
                return 0
            gone = session.execute(delete(IndexChangeRow).where(IndexChangeRow.created_at < before,
                                                                IndexChangeRow.generation < newest))
            return int(gone.rowcount or 0)

    def claim(self, model: str, dimension: int, chunker_version: str, *, replace: bool = False) -> None:
        """Check (or, on an unclaimed database or with `replace`, record) what the vectors are built with.

        A process with another model or chunker than the database's is refused: its vectors would not
        be comparable with the stored ones. `zhengce reindex` replaces the claim.
        """
        wanted = IndexState(0, model, dimension, chunker_version)
        self.ensure_row()
        with self._sessions() as session, session.begin():
            generation = begin_change(session) if replace else None
            row = session.get(IndexStateRow, STATE_ID)
            assert row is not None
            if row.model is None or replace:
                if generation is not None:  # serving processes see the new model and stop serving the old
                    log_change(session, generation, "*", "reset")
                row.model, row.dimension, row.chunker_version = model, dimension, chunker_version
                return
            for name in ("model", "dimension", "chunker_version"):
                saved = getattr(row, name)
                if saved != getattr(wanted, name):
                    raise IndexMismatch(name, saved, getattr(wanted, name), where="数据库中的索引")

    def ensure_row(self) -> None:
        """Create the state row if a database made before the change log lacks it."""
        with self._sessions() as session:
            if session.get(IndexStateRow, STATE_ID) is not None:
                return
            try:
                with session.begin():
                    session.add(IndexStateRow(id=STATE_ID, generation=0))
            except IntegrityError:
                pass  # another process created it first
