"""`AudienceStore`: the `push_policy_audience` table, kept in step with the policies lazily.

`ensure` returns a policy's audience, deriving it again when the policy's content hash moved on;
a staff correction (`correct`) sets `corrected_by_staff` and then wins over every later derivation
until `reset`. The lead's ingest may call `ensure` right after a write; a push run calls it anyway.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import Engine, select

from index.db import make_sessionmaker
from index.errors import DocumentNotFound
from index.models import Policy, content_hash
from push.audience import DERIVATION_VERSION, PolicyAudience, derive_audience
from push.errors import InvalidAudience
from push.regions import parse_region
from push.tables import PolicyAudienceRow
from push.timeutil import Clock, as_utc, system_clock
from push.vocabulary import INDUSTRIES, KINDS, QUALIFICATIONS, SCALES, normalise

CORRECTABLE = ("kinds", "subjects", "jurisdiction", "industries", "scales")


class AudienceStore:
    def __init__(self, engine: Engine, clock: Clock = system_clock) -> None:
        self._sessions = make_sessionmaker(engine)
        self.clock = clock

    def get(self, doc_id: str) -> PolicyAudience | None:
        with self._sessions() as session:
            row = session.get(PolicyAudienceRow, doc_id)
            return _to_audience(row) if row else None

    def current_many(self, hashes: dict[str, str]) -> dict[str, PolicyAudience]:
        """Stored audiences still valid for the given content hashes (corrections always are)."""
        with self._sessions() as session:
            rows = session.scalars(select(PolicyAudienceRow).where(PolicyAudienceRow.doc_id.in_(list(hashes))))
            return {r.doc_id: _to_audience(r) for r in rows
                    if r.corrected_by_staff or r.source_hash == source_hash(hashes[r.doc_id])}

    def ensure(self, policy: Policy, policy_hash: str | None = None) -> PolicyAudience:
        """The stored audience, derived afresh if the policy or the rules changed since (corrections are kept)."""
        policy_hash = source_hash(policy_hash or content_hash(policy))
        with self._sessions() as session, session.begin():
            row = session.get(PolicyAudienceRow, policy.id)
            if row is not None and (row.corrected_by_staff or row.source_hash == policy_hash):
                return _to_audience(row)
            derived = derive_audience(policy)
            row = row or PolicyAudienceRow(doc_id=policy.id)
            _fill(row, derived)
            row.source_hash, row.updated_at, row.corrected_by_staff = policy_hash, self.clock(), False
            session.add(row)
            return derived

    def correct(self, policy: Policy, changes: dict) -> PolicyAudience:
        """Apply a staff correction of some of `CORRECTABLE`; the next match uses it."""
        current = self.ensure(policy)
        cleaned = validate_correction(changes)
        corrected = PolicyAudience(**{**current.as_dict(), **cleaned, "corrected_by_staff": True})
        with self._sessions() as session, session.begin():
            row = session.get(PolicyAudienceRow, policy.id)
            if row is None:
                raise DocumentNotFound(policy.id)
            _fill(row, corrected)
            row.corrected_by_staff, row.updated_at = True, self.clock()
        return corrected

    def reset(self, policy: Policy) -> PolicyAudience:
        """Drop a correction and derive again from the policy."""
        with self._sessions() as session, session.begin():
            row = session.get(PolicyAudienceRow, policy.id)
            if row is not None:
                session.delete(row)
        return self.ensure(policy)

    def corrected_between(self, start: datetime, end: datetime) -> list[str]:
        with self._sessions() as session:
            rows = session.scalars(select(PolicyAudienceRow).where(PolicyAudienceRow.corrected_by_staff.is_(True)))
            return [r.doc_id for r in rows if start < as_utc(r.updated_at) <= end]


def source_hash(policy_hash: str) -> str:
    """What a stored audience was derived from: the policy's content and the derivation rules' version."""
    return hashlib.sha256(f"{DERIVATION_VERSION}:{policy_hash}".encode()).hexdigest()


def validate_correction(changes: dict) -> dict:
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise InvalidAudience(f"不能修改的字段：{'、'.join(sorted(unknown))}；可改：{'、'.join(CORRECTABLE)}")
    cleaned = dict(changes)
    if "kinds" in cleaned:
        cleaned["kinds"] = _members(cleaned["kinds"], KINDS, "kinds")
    if "scales" in cleaned:
        cleaned["scales"] = _members(cleaned["scales"], SCALES, "scales")
    if "subjects" in cleaned:
        cleaned["subjects"] = _terms(cleaned["subjects"], QUALIFICATIONS, "适用对象")
    if "industries" in cleaned:
        cleaned["industries"] = _terms(cleaned["industries"], INDUSTRIES, "行业")
    if "jurisdiction" in cleaned:
        region = parse_region(cleaned["jurisdiction"])
        if region is None:
            raise InvalidAudience("无法识别的适用地区：请写 全国 或省、市、区县，例如 浙江省宁波市奉化区")
        cleaned["jurisdiction"] = region.name
    return cleaned


def _members(values: list[str], allowed: tuple[str, ...], name: str) -> list[str]:
    bad = [v for v in values if v not in allowed]
    if bad:
        raise InvalidAudience(f"{name} 只能取 {'、'.join(allowed)}，不认识：{'、'.join(map(str, bad))}")
    return list(dict.fromkeys(values))


def _terms(values: list[str], vocabulary: dict[str, tuple[str, ...]], name: str) -> list[str]:
    terms = [(v, normalise(v, vocabulary)) for v in values]
    bad = [v for v, term in terms if term is None]
    if bad:
        raise InvalidAudience(f"不认识的{name}：{'、'.join(bad)}；可选：{'、'.join(vocabulary)}")
    return list(dict.fromkeys(term for _, term in terms if term))


def _fill(row: PolicyAudienceRow, audience: PolicyAudience) -> None:
    for name in ("kinds", "subjects", "jurisdiction", "industries", "scales", "thresholds", "conditions"):
        setattr(row, name, getattr(audience, name))


def _to_audience(row: PolicyAudienceRow) -> PolicyAudience:
    return PolicyAudience(
        doc_id=row.doc_id, kinds=list(row.kinds or []), subjects=list(row.subjects or []),
        jurisdiction=row.jurisdiction, industries=list(row.industries or []), scales=list(row.scales or []),
        thresholds=list(row.thresholds or []), conditions=list(row.conditions or []),
        corrected_by_staff=row.corrected_by_staff,
    )
