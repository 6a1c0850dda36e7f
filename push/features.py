"""Matching features as arrays: every subscriber in one `SubscriberMatrix`, each policy a `PolicyFeatures`.

Structured fit becomes array operations: kinds and scales are small integer codes, regions are the
joined path at each level (so containment is one string comparison per level), qualifications are a
boolean matrix over the vocabulary. Policy passages reuse the vectors stored in `chunks.vector`;
subscriber vectors are the stored profile embeddings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from sqlalchemy import Engine, select

from index.db import make_sessionmaker
from index.embedders import Embedder
from index.models import Policy
from index.store import PolicyStore, row_to_policy
from index.tables import ChunkRow, PolicyRow
from push.audience import PolicyAudience
from push.audience_store import AudienceStore
from push.profiles import profile_text
from push.regions import LEVELS, Region, parse_region
from push.subscribers import row_profile
from push.tables import SubscriberRow
from push.vocabulary import INDUSTRIES, KINDS, QUALIFICATIONS, SCALE_QUALIFICATIONS, SCALES

QUAL_INDEX = {q: i for i, q in enumerate(QUALIFICATIONS)}
INDUSTRY_INDEX = {name: i for i, name in enumerate(INDUSTRIES)}


@dataclass
class SubscriberMatrix:
    ids: list[str]
    vectors: np.ndarray          # (n, d) float32, unit length
    kind: np.ndarray             # (n,) int8, index into KINDS
    scale: np.ndarray            # (n,) int8, index into SCALES, -1 unknown
    prefixes: np.ndarray         # (LEVELS, n) str: region path joined at each level
    regions: list[str]
    quals: np.ndarray            # (n, len(QUALIFICATIONS)) bool, scale-implied ones included
    industry: np.ndarray         # (n,) int16, index into INDUSTRIES, -1 none or unknown
    established: np.ndarray      # (n,) float64 years since founding, nan unknown

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class ProfileFacts:
    """The structured part of one profile, as the matrix needs it."""

    id: str
    kind: str
    region: str
    scale: str | None
    industry: str | None
    tags: Sequence[str]
    established: date | None


def build_matrix(facts: Sequence[ProfileFacts], vectors: np.ndarray, today: date) -> SubscriberMatrix:
    n = len(facts)
    quals = np.zeros((n, len(QUALIFICATIONS)), dtype=bool)
    for row, fact in enumerate(facts):
        for term in (*fact.tags, *SCALE_QUALIFICATIONS.get(fact.scale or "", ())):
            if term in QUAL_INDEX:
                quals[row, QUAL_INDEX[term]] = True
    regions = [parse_region(f.region) or Region() for f in facts]
    return SubscriberMatrix(
        ids=[f.id for f in facts],
        vectors=np.ascontiguousarray(vectors, dtype=np.float32).reshape(n, -1),
        kind=np.array([KINDS.index(f.kind) for f in facts], dtype=np.int8),
        scale=np.array([SCALES.index(f.scale) if f.scale else -1 for f in facts], dtype=np.int8),
        prefixes=np.array([r.prefixes() for r in regions], dtype=str).reshape(n, LEVELS).T.copy(),
        regions=[r.short_name for r in regions],
        quals=quals,
        industry=np.array([INDUSTRY_INDEX.get(f.industry or "", -1) for f in facts], dtype=np.int16),
        established=np.array([(today - f.established).days / 365.25 if f.established else np.nan for f in facts]),
    )


def load_matrix(engine: Engine, embedder: Embedder, today: date, *, ids: Sequence[str] | None = None,
                active_only: bool = True) -> SubscriberMatrix:
    """Every (active) subscriber, or those in `ids`; profiles embedded by another model are re-embedded."""
    sessions = make_sessionmaker(engine)
    with sessions() as session, session.begin():
        query = select(SubscriberRow).order_by(SubscriberRow.id)
        if active_only:
            query = query.where(SubscriberRow.active.is_(True))
        if ids is not None:
            query = query.where(SubscriberRow.id.in_(list(ids)))
        rows = list(session.scalars(query))
        _refresh_vectors(rows, embedder)
        facts = [ProfileFacts(r.id, r.kind, r.region, r.scale, r.industry, list(r.tags or []), r.established)
                 for r in rows]
        vectors = np.stack([np.frombuffer(r.vector, dtype=np.float32) for r in rows]) if rows else \
            np.zeros((0, embedder.dimension), dtype=np.float32)
    return build_matrix(facts, vectors, today)


def _refresh_vectors(rows: list[SubscriberRow], embedder: Embedder) -> None:
    stale = [r for r in rows if r.vector is None or r.vector_model != embedder.name]
    if not stale:
        return
    vectors = embedder.encode_queries([profile_text(row_profile(r)) for r in stale])
    for row, vector in zip(stale, vectors, strict=True):
        row.vector, row.vector_model = np.asarray(vector, dtype=np.float32).tobytes(), embedder.name


@dataclass
class Passage:
    section: str
    text: str


@dataclass
class PolicyFeatures:
    policy: Policy               # metadata only (no text)
    audience: PolicyAudience
    jurisdiction: Region | None
    kinds: np.ndarray            # (len(KINDS),) bool
    scales: np.ndarray | None    # (len(SCALES),) bool, None when the policy names no scale
    subjects: np.ndarray         # (len(QUALIFICATIONS),) bool
    industries: np.ndarray       # (k,) int16 indices into INDUSTRIES
    chunk_vectors: np.ndarray    # (m, d) float32
    passages: list[Passage]

    @property
    def pushable(self) -> bool:
        """In force, a policy rather than an interpretation, and addressed to someone outside government."""
        return self.policy.status == "现行有效" and not self.policy.is_interpretation and bool(self.audience.kinds)


def policy_features(policy: Policy, audience: PolicyAudience, chunks: list[tuple[Passage, bytes]]) -> PolicyFeatures:
    subjects = np.zeros(len(QUALIFICATIONS), dtype=bool)
    subjects[[QUAL_INDEX[s] for s in audience.subjects if s in QUAL_INDEX]] = True
    vectors = np.stack([np.frombuffer(v, dtype=np.float32) for _, v in chunks]) if chunks else np.zeros((0, 1))
    return PolicyFeatures(
        policy=policy, audience=audience,
        jurisdiction=parse_region(audience.jurisdiction) if audience.jurisdiction else None,
        kinds=np.array([k in audience.kinds for k in KINDS]),
        scales=np.array([s in audience.scales for s in SCALES]) if audience.scales else None,
        subjects=subjects,
        industries=np.array([INDUSTRY_INDEX[i] for i in audience.industries if i in INDUSTRY_INDEX], dtype=np.int16),
        chunk_vectors=vectors.astype(np.float32), passages=[p for p, _ in chunks],
    )


def load_policy_features(store: PolicyStore, audiences: AudienceStore, doc_ids: Sequence[str]) -> list[PolicyFeatures]:
    """Features of the given policies, their audience ensured (derived again where the policy changed)."""
    found: list[PolicyFeatures] = []
    with store.session() as session:
        for doc_id in doc_ids:
            row = session.get(PolicyRow, doc_id)
            if row is None:
                continue
            audience = audiences.ensure(row_to_policy(row), row.content_hash)
            chunks = session.execute(
                select(ChunkRow.section, ChunkRow.text, ChunkRow.vector)
                .where(ChunkRow.doc_id == doc_id).order_by(ChunkRow.ordinal)
            ).all()
            passages = [(Passage(c.section, c.text), c.vector) for c in chunks]
            found.append(policy_features(row_to_policy(row, with_text=False), audience, passages))
    return found

