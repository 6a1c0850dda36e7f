"""A policy's validity on a given day, computed from stored facts: dates, relations, staff overrides.

Nothing here is stored as "the status now": `status_on(policy, day, relations)` is evaluated at read time
with a day from an injected clock, so a policy that expires tonight stops answering tomorrow with nobody
acting. The order of precedence:

    staff override (status set in the console / API)          → that status, always
    repealed by an applied relation whose repealer is in force → 已废止 "被《…》（…号）废止"
    a validity mark of the document itself (已废止/已失效/历史版本) → that status
    before `effective` (else before `issued`)                 → 尚未生效
    after `expires` (when expires is not before effective)    → 已失效
    amended by an applied relation already in force, or marked → 已修改 (in force, with amendments)
    otherwise                                                 → 现行有效
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from index.models import (
    AMENDED,
    EXPIRED,
    FROM_STAFF,
    HISTORICAL,
    IN_FORCE,
    NOT_YET_EFFECTIVE,
    REPEALED,
    Policy,
)

IN_FORCE_STATUSES = (IN_FORCE, AMENDED)
REPEALS, AMENDS = "repeals", "amends"
# a relation's state: applied; waiting for its target to arrive; waiting for staff; rejected by staff
APPLIED, PENDING, REVIEW, REJECTED = "applied", "pending", "review", "rejected"
RELATION_STATES = (APPLIED, PENDING, REVIEW, REJECTED)
DEFAULT_TIMEZONE = "Asia/Shanghai"

Today = Callable[[], date]


def local_today(timezone: str = DEFAULT_TIMEZONE, clock: Callable[[], datetime] | None = None) -> Today:
    """A `Today` reading `clock` (the wall clock when None) in the government's time zone."""
    zone = ZoneInfo(timezone)
    return lambda: (clock() if clock else datetime.now(UTC)).astimezone(zone).date()


@dataclass(frozen=True)
class Relation:
    """One document (the source) repealing or amending another (the target), as the source says."""

    id: int
    kind: str
    source_id: str
    target_ref: str
    target_id: str | None
    state: str
    sentence: str = ""
    warning: str = ""
    source_title: str = ""
    source_number: str | None = None
    source_start: date | None = None   # the source's 施行 date (else its 发文 date): when the relation bites
    target_title: str = ""

    def in_effect_on(self, day: date) -> bool:
        return self.state == APPLIED and (self.source_start is None or self.source_start <= day)

    @property
    def source_label(self) -> str:
        return f"《{self.source_title}》" + (f"（{self.source_number}）" if self.source_number else "")


class Validity(NamedTuple):
    status: str
    reason: str


def status_on(policy: Policy, day: date, relations: Iterable[Relation] = ()) -> Validity:
    """The status of `policy` on `day`; `relations` are those targeting it (others are ignored)."""
    incoming = [r for r in relations if r.target_id == policy.id and r.in_effect_on(day)]
    if policy.provenance.get("status") == FROM_STAFF:
        return Validity(policy.status, f"工作人员标注为“{policy.status}”")
    repeal = next((r for r in incoming if r.kind == REPEALS), None)
    if repeal is not None:
        since = f"，自{_cn(repeal.source_start)}起" if repeal.source_start else ""
        return Validity(REPEALED, f"已被{repeal.source_label}废止{since}")
    if policy.status in (REPEALED, EXPIRED, HISTORICAL):
        return Validity(policy.status, f"文件标注为“{policy.status}”")
    start = policy.effective or policy.issued
    if start and day < start:
        return Validity(NOT_YET_EFFECTIVE, f"自{_cn(start)}起施行，尚未生效")
    expires = usable_expiry(policy)
    if expires and day > expires:
        return Validity(EXPIRED, f"有效期至{_cn(expires)}，已于{_cn(expires + timedelta(days=1))}失效")
    amendments = [r for r in incoming if r.kind == AMENDS]
    if amendments:
        return Validity(AMENDED, "经" + "、".join(r.source_label for r in amendments) + "修改，修改后的规定现行有效")
    if policy.status == AMENDED:
        return Validity(AMENDED, "文件标注为“已修改”")
    return Validity(IN_FORCE, _in_force_reason(policy, expires))


def usable_expiry(policy: Policy) -> date | None:
    """`expires`, unless it contradicts `effective` (then it is ignored and `date_warnings` says so)."""
    if policy.expires and policy.effective and policy.expires < policy.effective:
        return None
    return policy.expires


def date_warnings(policy: Policy) -> list[str]:
    """What staff must check about a policy's own dates; such facts are kept but never applied."""
    if policy.expires and policy.effective and policy.expires < policy.effective:
        return [f"有效期截止日 {policy.expires} 早于施行日 {policy.effective}：日期矛盾，未按有效期判定失效，请核对"]
    return []


def successors(relations: Sequence[Relation], day: date) -> list[Relation]:
    """The repealing relations in effect on `day`: where the current rules are."""
    return [r for r in relations if r.kind == REPEALS and r.in_effect_on(day)]


def _in_force_reason(policy: Policy, expires: date | None) -> str:
    parts = [f"自{_cn(policy.effective)}起施行" if policy.effective else "",
             f"有效期至{_cn(expires)}" if expires else ""]
    return "，".join(p for p in parts if p)


def _cn(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""
