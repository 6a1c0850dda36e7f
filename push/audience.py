"""What a policy is for: who it applies to (适用对象), where, in which industries, above which thresholds.

`derive_audience` reads it from the policy's metadata and text; `AudienceStore` keeps it in
`push_policy_audience`, derived again whenever the policy's content hash changes, except where staff
corrected it (`corrected_by_staff`): a correction wins until staff reset it.

Derivation counts the phrasings of `push.vocabulary` terms; a title mention weighs as much as five in
the body, and a term must reach a fifth of the strongest term's weight, so a law that names 残疾人
once in passing is not a 残疾人 policy. Documents addressed to government bodies (政务公开工作要点,
年度报告) have no kinds: they are never pushed.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from index.models import Policy
from push.conditions import AGE, ENTERPRISE_AGE, INDUSTRY, OWNERSHIP, QUALIFICATION, REVENUE, SIZE, WHO, read_conditions
from push.regions import jurisdiction_of
from push.subjects import BUSINESS_FORMS, ORGANIZATION_FORMS
from push.vocabulary import (
    CITIZEN,
    CITIZEN_WORDS,
    ENTERPRISE,
    ENTERPRISE_WORDS,
    INDUSTRIES,
    INTERNAL_TITLE_WORDS,
    ORGANIZATION,
    PERSONAL_QUALIFICATIONS,
    QUALIFICATION_SCALES,
    QUALIFICATIONS,
    mentions,
    normalise,
)

# bump when the rules below change: stored audiences are then derived again (corrections are kept)
DERIVATION_VERSION = 3
ORGANISATION_KINDS = (INDUSTRY, SIZE, QUALIFICATION, OWNERSHIP, ENTERPRISE_AGE, REVENUE)
TITLE_WEIGHT = 5
MIN_WEIGHT = 2
MIN_SHARE = 0.2
MIN_KIND_WEIGHT = 3
INDUSTRY_MIN_WEIGHT = 5  # a title mention, or five in the body: laws name many trades in passing


@dataclass
class PolicyAudience:
    """The derived (or corrected) audience of one policy; `jurisdiction` None means unknown."""

    doc_id: str
    kinds: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    jurisdiction: str | None = None
    industries: list[str] = field(default_factory=list)
    scales: list[str] = field(default_factory=list)
    thresholds: list[dict] = field(default_factory=list)
    conditions: list[dict] = field(default_factory=list)
    corrected_by_staff: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def derive_audience(policy: Policy) -> PolicyAudience:
    subjects = _subjects(policy)
    conditions = read_conditions(policy)
    return PolicyAudience(
        doc_id=policy.id,
        kinds=_kinds_of(conditions) or _kinds(policy, subjects),
        subjects=subjects,
        jurisdiction=_jurisdiction(policy),
        industries=_salient(_weights(policy, INDUSTRIES), min_weight=INDUSTRY_MIN_WEIGHT),
        scales=sorted({s for q in subjects for s in QUALIFICATION_SCALES.get(q, ())}, key=_scale_order),
        thresholds=find_thresholds(policy.text),
        conditions=[c.as_dict() for c in conditions],
    )


def _kinds_of(conditions: list) -> list[str]:
    """The kinds of subscriber a policy's required `who` condition admits; [] when it states none.

    A policy that states whom it is for is addressed outside government whatever its title says.
    """
    who = {v for c in conditions if c.kind == WHO and c.required for v in c.values}
    if not who:
        if any(c.required and c.kind in ORGANISATION_KINDS for c in conditions):
            return [ENTERPRISE, ORGANIZATION]
        return [CITIZEN] if any(c.required and c.kind == AGE for c in conditions) else []
    kinds = {ENTERPRISE if v in BUSINESS_FORMS else ORGANIZATION if v in ORGANIZATION_FORMS else CITIZEN for v in who}
    return [k for k in (ENTERPRISE, CITIZEN, ORGANIZATION) if k in kinds]


def _weights(policy: Policy, vocabulary: dict[str, tuple[str, ...]]) -> dict[str, int]:
    title, body = mentions(policy.title, vocabulary), mentions(policy.text, vocabulary)
    return {term: TITLE_WEIGHT * title.get(term, 0) + body.get(term, 0) for term in {*title, *body}}


def _salient(weights: dict[str, int], *, min_weight: int = MIN_WEIGHT) -> list[str]:
    top = max(weights.values(), default=0)
    kept = [t for t, w in weights.items() if w >= min_weight and w >= MIN_SHARE * top]
    return sorted(kept, key=lambda t: -weights[t])


def _subjects(policy: Policy) -> list[str]:
    stated = [q for q in (normalise(a, QUALIFICATIONS) for a in policy.audience) if q]
    return list(dict.fromkeys(stated + _salient(_weights(policy, QUALIFICATIONS))))


def _kinds(policy: Policy, subjects: list[str]) -> list[str]:
    if any(word in policy.title for word in INTERNAL_TITLE_WORDS):
        return []
    text = policy.title * TITLE_WEIGHT + policy.text
    enterprise = sum(text.count(w) for w in ENTERPRISE_WORDS)
    citizen = sum(text.count(w) for w in CITIZEN_WORDS)
    kinds = {kind for kind, weight, other in ((ENTERPRISE, enterprise, citizen), (CITIZEN, citizen, enterprise))
             if weight >= MIN_KIND_WEIGHT and weight >= MIN_SHARE * other}
    kinds |= {CITIZEN if s in PERSONAL_QUALIFICATIONS else ENTERPRISE for s in subjects[:1]}
    kinds |= {ORGANIZATION} if ENTERPRISE in kinds else set()
    return [k for k in (ENTERPRISE, CITIZEN, ORGANIZATION) if k in kinds] or [ENTERPRISE, CITIZEN, ORGANIZATION]


def _jurisdiction(policy: Policy) -> str | None:
    region = jurisdiction_of(policy.region, policy.issuer)
    return region.name if region else None


def _scale_order(scale: str) -> int:
    return ("micro", "small", "medium", "large").index(scale)


_NUMBER = r"(\d+(?:\.\d+)?)"
_GAP = r"[^，。；\d]{0,6}"
_BOUND = r"(以上|以下|及以上|以内)"
_THRESHOLDS = (
    ("revenue", re.compile(rf"(?:年营业收入|年销售收入|年销售额|营业收入){_GAP}{_NUMBER}\s*(万元|亿元){_BOUND}")),
    ("employees", re.compile(rf"(?:从业人员|职工人数|员工人数|职工){_GAP}{_NUMBER}\s*人{_BOUND}")),
    ("established_years",
     re.compile(r"(?:成立|注册|设立)(?:时间)?(满|不满|未满|不超过|超过)\s*([0-9一二三四五六七八九十]+)\s*年")),
    ("rd_ratio", re.compile(rf"研发(?:费用|投入)(?:总额)?占[^，。；\d]{{0,12}}{_NUMBER}\s*%(以上)?")),
)
_CN_NUM = {c: i for i, c in enumerate("〇一二三四五六七八九十")}


def find_thresholds(text: str, limit: int = 10) -> list[dict]:
    """Eligibility thresholds stated in the text: revenue, head count, years since founding, R&D share."""
    found: list[dict] = []
    for kind, pattern in _THRESHOLDS:
        for match in pattern.finditer(text):
            found.append({"kind": kind, **_threshold_value(kind, match), "text": match.group(0)})
    unique = {(t["kind"], t["text"]): t for t in found}
    return list(unique.values())[:limit]


def _threshold_value(kind: str, match: re.Match[str]) -> dict:
    if kind == "established_years":
        word, number = match.group(1), match.group(2)
        years = int(number) if number.isdigit() else _CN_NUM.get(number, 0)
        return {"op": ">=" if word in ("满", "超过") else "<", "value": years}
    if kind == "revenue":
        value = float(match.group(1)) * (10000 if match.group(2) == "亿元" else 1)
        return {"op": _op(match.group(3)), "value": value, "unit": "万元"}
    if kind == "employees":
        return {"op": _op(match.group(2)), "value": float(match.group(1)), "unit": "人"}
    return {"op": ">=", "value": float(match.group(1)), "unit": "%"}


def _op(word: str | None) -> str:
    return ">=" if word in ("以上", "及以上") else "<="
