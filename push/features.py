"""Matching features as arrays: every subscriber in one `SubscriberMatrix`, each policy a `PolicyFeatures`.

Structured fit becomes array operations: kinds and scales are small integer codes, regions are the
joined path at each level (so containment is one string comparison per level), qualifications are a
boolean matrix over the vocabulary. Policy passages reuse the vectors stored in `chunks.vector`;
subscriber vectors are the stored profile embeddings.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import numpy as np
from sqlalchemy import Engine, select

from index.db import make_sessionmaker
from index.models import Policy
from index.policy_index import PolicyIndex
from index.vector_codec import stack_blobs, to_blob
from push.audience import PolicyAudience
from push.audience_store import AudienceStore
from push.conditions import Condition
from push.eligibility import in_force
from push.profile_facts import ProfileRecord, SubscriberFacts, build_facts
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
    facts: SubscriberFacts       # what eligibility conditions are checked against

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
    name: str = ""
    facts: dict | None = None


def build_matrix(facts: Sequence[ProfileFacts], vectors: np.ndarray, today: date) -> SubscriberMatrix:
    n = len(facts)
    quals = np.zeros((n, len(QUALIFICATIONS)), dtype=bool)
    for row, fact in enumerate(facts):
        for term in (*fact.tags, *SCALE_QUALIFICATIONS.get(fact.scale or "", ())):
            if term in QUAL_INDEX:
                quals[row, QUAL_INDEX[term]] = True
    regions = [_region(f.region) for f in facts]
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    return SubscriberMatrix(
        ids=[f.id for f in facts],
        # an empty matrix keeps its width: reshape(0, -1) cannot infer it
        vectors=vectors.reshape(n, vectors.shape[-1] if vectors.ndim == 2 else -1),
        kind=np.array([KINDS.index(f.kind) for f in facts], dtype=np.int8),
        scale=np.array([SCALES.index(f.scale) if f.scale else -1 for f in facts], dtype=np.int8),
        prefixes=np.array([r.prefixes() for r in regions], dtype=str).reshape(n, LEVELS).T.copy(),
        regions=[r.short_name for r in regions],
        quals=quals,
        industry=np.array([INDUSTRY_INDEX.get(f.industry or "", -1) for f in facts], dtype=np.int16),
        established=np.array([(today - f.established).days / 365.25 if f.established else np.nan for f in facts]),
        facts=build_facts([ProfileRecord(f.kind, f.name, f.industry, f.scale, f.tags, f.established, f.facts or {})
                           for f in facts], today),
    )


@lru_cache(maxsize=4096)
def _region(name: str) -> Region:
    return parse_region(name) or Region()


def load_matrix(engine: Engine, index: PolicyIndex, today: date, *, ids: Sequence[str] | None = None,
                active_only: bool = True) -> SubscriberMatrix:
    """Every (active) subscriber, or those in `ids`; profiles embedded by another model are re-embedded."""
    sessions = make_sessionmaker(engine)
    wanted = [SubscriberRow.active.is_(True)] if active_only else []
    wanted += [SubscriberRow.id.in_(list(ids))] if ids is not None else []
    with sessions() as session, session.begin():
        stale = (SubscriberRow.vector.is_(None)) | (SubscriberRow.vector_model != index.model_name)
        _refresh_vectors(list(session.scalars(select(SubscriberRow).where(stale, *wanted))), index)
    columns = (SubscriberRow.id, SubscriberRow.kind, SubscriberRow.region, SubscriberRow.scale,
               SubscriberRow.industry, SubscriberRow.tags, SubscriberRow.established, SubscriberRow.vector,
               SubscriberRow.name, SubscriberRow.facts)
    with sessions() as session:
        rows = session.execute(select(*columns).where(*wanted).order_by(SubscriberRow.id)).all()
    facts = [ProfileFacts(r.id, r.kind, r.region, r.scale, r.industry, list(r.tags or []), r.established,
                          r.name if r.kind != "citizen" else "", r.facts) for r in rows]
    vectors = stack_blobs([r.vector for r in rows]) if rows else np.zeros((0, index.dimension), dtype=np.float32)
    return build_matrix(facts, vectors, today)


def _refresh_vectors(rows: list[SubscriberRow], index: PolicyIndex) -> None:
    stale = [r for r in rows if r.vector is None or r.vector_model != index.model_name]
    if not stale:
        return
    vectors = index.embed_queries([profile_text(row_profile(r)) for r in stale])
    for row, vector in zip(stale, vectors, strict=True):
        row.vector, row.vector_model = to_blob(vector), index.model_name


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
    conditions: list[Condition]

    @property
    def pushable(self) -> bool:
        """A policy rather than an interpretation, addressed to someone outside government (in force or not)."""
        return not self.policy.is_interpretation and bool(self.audience.kinds)

    def pushable_at(self, now: datetime | date) -> bool:
        """Pushable and in force at `now` (`push.eligibility.in_force`)."""
        return self.pushable and in_force(self.policy, now)


def policy_features(policy: Policy, audience: PolicyAudience, chunks: list[tuple[Passage, bytes]]) -> PolicyFeatures:
    subjects = np.zeros(len(QUALIFICATIONS), dtype=bool)
    subjects[[QUAL_INDEX[s] for s in audience.subjects if s in QUAL_INDEX]] = True
    vectors = stack_blobs([v for _, v in chunks]) if chunks else np.zeros((0, 1))
    return PolicyFeatures(
        policy=policy, audience=audience,
        jurisdiction=parse_region(audience.jurisdiction) if audience.jurisdiction else None,
        kinds=np.array([k in audience.kinds for k in KINDS]),
        scales=np.array([s in audience.scales for s in SCALES]) if audience.scales else None,
        subjects=subjects,
        industries=np.array([INDUSTRY_INDEX[i] for i in audience.industries if i in INDUSTRY_INDEX], dtype=np.int16),
        chunk_vectors=vectors.astype(np.float32), passages=[p for p, _ in chunks],
        conditions=[Condition.of(c) for c in audience.conditions],
    )


class FeatureCache:
    """Policy features by id, kept while the policy's content hash and its audience stay the same.

    Passage vectors are read from the index only on a miss, so a run or a recommendation over every
    in-force policy costs two light queries once the cache is warm.
    """

    def __init__(self, index: PolicyIndex, audiences: AudienceStore) -> None:
        self.index, self.audiences = index, audiences
        self._cache: dict[str, tuple[str, PolicyFeatures]] = {}
        self._lock = threading.Lock()

    def get(self, doc_ids: Sequence[str]) -> list[PolicyFeatures]:
        """Features of those of `doc_ids` that exist, in order; audiences derived where policies changed."""
        rows = self.index.policies_with_hashes(doc_ids)
        hashes = {doc_id: content_hash for doc_id, (_, content_hash) in rows.items()}
        audiences = self.audiences.current_many(hashes)
        validity = self.index.validity(list(rows))
        found = []
        for doc_id in (d for d in doc_ids if d in rows):
            audience = audiences.get(doc_id) or self.audiences.ensure(self.index.get_policy(doc_id), hashes[doc_id])
            features = self._features(*rows[doc_id], audience)
            # the status of the day (dates, repeals and amendments by other documents, staff overrides), not the
            # stored mark: features are cached by content, a repeal by another document does not change that
            day_status = dataclasses.replace(features.policy, status=validity[doc_id].status)
            found.append(dataclasses.replace(features, policy=day_status))
        return found

    def _features(self, policy: Policy, content_hash: str, audience: PolicyAudience) -> PolicyFeatures:
        with self._lock:
            cached = self._cache.get(policy.id)
        if cached and cached[0] == content_hash and cached[1].audience == audience:
            return cached[1]
        chunks = self.index.passage_vectors(policy.id)
        features = policy_features(policy, audience, [(Passage(section, text), vector)
                                                      for section, text, vector in chunks])
        with self._lock:
            self._cache[policy.id] = (content_hash, features)
        return features
