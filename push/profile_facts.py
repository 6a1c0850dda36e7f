"""The structured facts of every subscriber as arrays, for `push.eligibility`.

    tokens / known   (n, len(TOKENS)) bool: holds each form, group and qualification / whether that is known
    scales           (n,) uint8 bitmask of the scales the profile can be (0: not an enterprise)
    industry         (4, n) int16: section, division, 3-digit group, 4-digit class (-1 unknown)
    ownership        (n,) int8 index into OWNERSHIP_CODES, -1 unknown
    age, founded_years, revenue, employees   (n,) float, nan unknown

A profile that does not say its legal form leaves the forms unknown unless its name does (有限公司 → company).
A qualification a profile does not claim is not held (known), except 规上企业, which follows from revenue and
industry and is unknown without them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from push.industries import SECTIONS, industry_code
from push.sizing import SCALES, above_scale, possible_scales
from push.subjects import FORMS, GROUPS, QUALS, TAG_TOKENS, TOKEN_INDEX, TOKENS

OWNERSHIP_CODES = {"state": 0, "private": 1, "foreign": 2, "collective": 3}
SECTION_CODES = {letter: i for i, letter in enumerate(SECTIONS)}
_NAME_FORMS = (("合伙", "partnership"), ("有限公司", "company"), ("有限责任公司", "company"), ("集团", "company"),
               ("合作社", "cooperative"), ("基金会", "social_org"), ("协会", "social_org"), ("商会", "social_org"),
               ("个体", "individual_business"))


@dataclass
class SubscriberFacts:
    person: np.ndarray
    tokens: np.ndarray
    known: np.ndarray
    scales: np.ndarray
    industry: np.ndarray
    ownership: np.ndarray
    age: np.ndarray
    founded_years: np.ndarray
    revenue: np.ndarray
    employees: np.ndarray


@dataclass
class ProfileRecord:
    """What one stored profile says, as the facts need it."""

    kind: str
    name: str
    industry: str | None
    scale: str | None
    tags: Sequence[str]
    established: date | None
    facts: dict


def code_levels(code: str) -> tuple[int, int]:
    """(level, value) of a condition code: 0 section, 1 division, 2 group, 3 class."""
    digits = code[1:]
    if not digits:
        return 0, SECTION_CODES.get(code, -2)
    return {2: 1, 3: 2, 4: 3}.get(len(digits), 3), int(digits)


def build_facts(records: Sequence[ProfileRecord], today: date) -> SubscriberFacts:
    n = len(records)
    tokens = np.zeros((n, len(TOKENS)), dtype=bool)
    known = np.ones((n, len(TOKENS)), dtype=bool)
    scales = np.zeros(n, dtype=np.uint8)
    industry = np.full((4, n), -1, dtype=np.int16)
    ownership = np.full(n, -1, dtype=np.int8)
    numbers = np.full((4, n), np.nan)
    person = np.array([r.kind == "citizen" for r in records], dtype=bool)
    for row, record in enumerate(records):
        _fill_row(row, record, today, tokens, known, scales, industry, ownership, numbers)
    return SubscriberFacts(person, tokens, known, scales, industry, ownership, *numbers)


def _fill_row(row: int, r: ProfileRecord, today: date, tokens: np.ndarray, known: np.ndarray, scales: np.ndarray,
              industry: np.ndarray, ownership: np.ndarray, numbers: np.ndarray) -> None:
    facts = r.facts or {}
    for tag in r.tags:
        token = TAG_TOKENS.get(tag)
        if token:
            tokens[row, TOKEN_INDEX[token]] = True
    if r.kind == "citizen":
        _citizen(row, facts, today, tokens, known, numbers)
        return
    code = industry_code(r.industry)
    form = facts.get("org_form") or next((f for word, f in _NAME_FORMS if word in r.name), None)
    form = form or next((t for t in FORMS if tokens[row, TOKEN_INDEX[t]]), None)
    if form:
        tokens[row, TOKEN_INDEX[form]] = True
    else:
        for f in FORMS[:-1]:
            known[row, TOKEN_INDEX[f]] = False
    known[row, [TOKEN_INDEX[g] for g in GROUPS]] = True
    revenue, employees, assets = facts.get("revenue"), facts.get("employees"), facts.get("assets")
    allowed = (r.scale,) if r.scale else possible_scales(code or "other", employees, revenue, assets) \
        if (code or employees is not None or revenue is not None) else SCALES
    scales[row] = sum(1 << SCALES.index(s) for s in allowed)
    if code:
        industry[0, row] = SECTION_CODES[code[0]]
        for level, width in ((1, 2), (2, 3), (3, 4)):
            digits = code[1:1 + width]
            industry[level, row] = int(digits) if len(digits) == width else -1
    if facts.get("ownership") in OWNERSHIP_CODES:
        ownership[row] = OWNERSHIP_CODES[facts["ownership"]]
    big = above_scale(code, revenue)
    if big:
        tokens[row, TOKEN_INDEX["规上企业"]] = True
    elif big is None and not tokens[row, TOKEN_INDEX["规上企业"]]:
        known[row, TOKEN_INDEX["规上企业"]] = False
    if code and (code.startswith("F5292") or code.startswith("I64")):
        tokens[row, TOKEN_INDEX["电子商务经营者"]] = True
    if re.search("进出口|外贸|出口", f"{r.name}{r.industry or ''}"):
        tokens[row, TOKEN_INDEX["外贸企业"]] = True
    numbers[1, row] = (today - r.established).days / 365.25 if r.established else np.nan
    numbers[2, row] = revenue if revenue is not None else np.nan
    numbers[3, row] = employees if employees is not None else np.nan


def _citizen(row: int, facts: dict, today: date, tokens: np.ndarray, known: np.ndarray, numbers: np.ndarray) -> None:
    tokens[row, TOKEN_INDEX["person"]] = True
    born = facts.get("birth_year")
    if born:
        numbers[0, row] = today.year - born
        tokens[row, TOKEN_INDEX["elderly"]] |= today.year - born >= 60
    elif not tokens[row, TOKEN_INDEX["elderly"]]:
        known[row, TOKEN_INDEX["elderly"]] = False
    gender, employment = facts.get("gender"), facts.get("employment")
    tokens[row, TOKEN_INDEX["woman"]] = gender == "female"
    known[row, TOKEN_INDEX["woman"]] = gender is not None
    tokens[row, TOKEN_INDEX["worker"]] = employment == "employed"
    known[row, TOKEN_INDEX["worker"]] = employment is not None
    tokens[row, TOKEN_INDEX["student"]] |= employment == "student"
    for qual in QUALS:
        tokens[row, TOKEN_INDEX[qual]] = False
