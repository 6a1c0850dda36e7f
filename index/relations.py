"""Relations between documents (repeals, amends) and application windows, kept in step with the policies.

Each write of a policy calls `sync_policy` in the same transaction; each delete calls `forget_policy`.
A relation's target is resolved by 文号, else by exact title:

    exactly one match, not the source itself         → applied
    no match                                         → pending (applied when the target arrives)
    several matches, the source itself, or a title
    that matches only inexactly                      → review: kept with a warning until staff decide

Every undecided relation is resolved again after each write, so a target's arrival, a second document
with the same 文号, or the removal of a target all take effect without anyone acting. Staff decisions
(confirm a target, reject) are kept until the source document stops declaring the relation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from index.lifecycle import AMENDS, APPLIED, PENDING, REJECTED, REPEALS, REVIEW, Relation
from index.lifecycle_tables import ApplicationWindowRow, RelationRow
from index.lifecycle_text import Window, read_windows
from index.models import Policy
from index.tables import PolicyRow

_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "【": "〔", "】": "〕", "(": "〔", ")": "〕", "（": "〔", "）": "〕"})
_LOOKS_LIKE_NUMBER = re.compile(r"〔\d{4}〕第?\d+号$")
_MIN_INEXACT_TITLE = 6


def normalise_ref(ref: str) -> str:
    """文号 and titles compared without spaces, 《》 or bracket variants: 奉政办发[2019]12号 = 奉政办发〔2019〕12号."""
    return re.sub(r"[\s《》\"“”]", "", ref).translate(_BRACKETS).replace("〕第", "〕")


class _Corpus:
    """Every policy's id, 文号 and title, for resolving references."""

    def __init__(self, session: Session) -> None:
        rows = session.execute(select(PolicyRow.id, PolicyRow.doc_number, PolicyRow.title)).all()
        self.by_number: dict[str, list[str]] = defaultdict(list)
        self.by_title: dict[str, list[str]] = defaultdict(list)
        for doc_id, number, title in rows:
            if number:
                self.by_number[normalise_ref(number)].append(doc_id)
            self.by_title[normalise_ref(title)].append(doc_id)

    def resolve(self, ref: str, source_id: str) -> tuple[str | None, str, str]:
        """(target id, state, warning) for a reference made by `source_id`."""
        key = normalise_ref(ref)
        if _LOOKS_LIKE_NUMBER.search(key):
            return self._decide(self.by_number.get(key, []), ref, source_id, "文号")
        exact = self.by_title.get(key, [])
        if exact:
            return self._decide(exact, ref, source_id, "标题")
        near = sorted({i for title, ids in self.by_title.items() if _close(key, title) for i in ids} - {source_id})
        if len(near) == 1:
            return near[0], REVIEW, f"标题“{ref}”与库中文件只是部分一致，待工作人员确认"
        if near:
            return None, REVIEW, f"标题“{ref}”与库中多篇文件部分一致（{'、'.join(near)}），待工作人员确认"
        return None, PENDING, ""

    @staticmethod
    def _decide(ids: list[str], ref: str, source_id: str, what: str) -> tuple[str | None, str, str]:
        if not ids:
            return None, PENDING, ""
        if ids == [source_id]:
            return None, REVIEW, f"文件声明废止或修改的{what}“{ref}”是它自己，未执行，请核对"
        if len(ids) > 1:
            return None, REVIEW, f"{what}“{ref}”在库中对应多篇文件（{'、'.join(sorted(ids))}），未执行，请工作人员确认"
        return ids[0], APPLIED, ""


def _close(ref: str, title: str) -> bool:
    shorter, longer = sorted((ref, title), key=len)
    return len(shorter) >= _MIN_INEXACT_TITLE and shorter in longer


def sync_policy(session: Session, policy: Policy) -> None:
    """Write the relations `policy` declares and its application windows, then resolve every open relation."""
    declared = [(REPEALS, r) for r in policy.repeals] + [(AMENDS, r) for r in policy.amends]
    existing = {(row.kind, row.target_ref): row for row in
                session.scalars(select(RelationRow).where(RelationRow.source_id == policy.id))}
    wanted = {(kind, str(item["target"])): str(item.get("sentence") or "") for kind, item in declared}
    for key, row in existing.items():
        if key not in wanted:
            session.delete(row)
    for (kind, ref), sentence in wanted.items():
        row = existing.get((kind, ref)) or RelationRow(kind=kind, source_id=policy.id, target_ref=ref,
                                                       state=PENDING)
        row.sentence = sentence
        session.add(row)
    session.execute(delete(ApplicationWindowRow).where(ApplicationWindowRow.doc_id == policy.id))
    session.add_all(ApplicationWindowRow(doc_id=policy.id, opens=w.opens, closes=w.closes, yearly=w.yearly,
                                         sentence=w.sentence[:500]) for w in read_windows(policy.text, policy.issued))
    session.flush()
    resolve_open(session)


def forget_policy(session: Session, doc_id: str) -> None:
    """A policy leaves: what it declared goes with it; relations aimed at it wait for it again."""
    session.execute(delete(RelationRow).where(RelationRow.source_id == doc_id))
    session.execute(delete(ApplicationWindowRow).where(ApplicationWindowRow.doc_id == doc_id))
    for row in session.scalars(select(RelationRow).where(RelationRow.target_id == doc_id)):
        row.target_id, row.decided_by, row.decided_at = None, None, None
    session.flush()
    resolve_open(session)


def resolve_open(session: Session) -> None:
    """Resolve again every relation staff have not decided on."""
    corpus = _Corpus(session)
    for row in session.scalars(select(RelationRow).where(RelationRow.decided_by.is_(None))):
        row.target_id, row.state, row.warning = corpus.resolve(row.target_ref, row.source_id)
    session.flush()


def decide(session: Session, relation_id: int, *, target_id: str | None, actor: str, at: datetime) -> RelationRow:
    """Staff confirm a relation's target (applied) or reject it (`target_id` None)."""
    row = session.get(RelationRow, relation_id)
    if row is None:
        raise LookupError(relation_id)
    row.decided_by, row.decided_at = actor, at
    row.target_id = target_id
    row.state = APPLIED if target_id else REJECTED
    row.warning = "" if target_id else f"已由 {actor} 驳回"
    return row


def relations_for(session: Session, *, targets: Iterable[str] | None = None,
                  sources: Iterable[str] | None = None, states: Iterable[str] | None = None) -> list[Relation]:
    """Relations aimed at `targets` or declared by `sources` (all when both None), with both ends' names."""
    query = select(RelationRow)
    if targets is not None:
        query = query.where(RelationRow.target_id.in_(list(targets)))
    if sources is not None:
        query = query.where(RelationRow.source_id.in_(list(sources)))
    if states is not None:
        query = query.where(RelationRow.state.in_(list(states)))
    rows = list(session.scalars(query.order_by(RelationRow.id)))
    ids = {r.source_id for r in rows} | {r.target_id for r in rows if r.target_id}
    names = {p.id: p for p in session.execute(
        select(PolicyRow.id, PolicyRow.title, PolicyRow.doc_number, PolicyRow.effective, PolicyRow.issued)
        .where(PolicyRow.id.in_(ids))).all()}
    return [relation_of(r, names) for r in rows]


def relation_of(row: RelationRow, names: Mapping[str | None, Any]) -> Relation:
    """A relation row as a `Relation`; `names` gives each end's title, doc_number, effective and issued by id."""
    source, target = names.get(row.source_id), names.get(row.target_id)
    return Relation(id=row.id, kind=row.kind, source_id=row.source_id, target_ref=row.target_ref,
                    target_id=row.target_id, state=row.state, sentence=row.sentence, warning=row.warning,
                    source_title=source.title if source else "", source_number=source.doc_number if source else None,
                    source_start=(source.effective or source.issued) if source else None,
                    target_title=target.title if target else "")


def windows_of(session: Session, doc_ids: Iterable[str] | None = None) -> dict[str, list[Window]]:
    query = select(ApplicationWindowRow)
    if doc_ids is not None:
        query = query.where(ApplicationWindowRow.doc_id.in_(list(doc_ids)))
    found: dict[str, list[Window]] = defaultdict(list)
    for row in session.scalars(query.order_by(ApplicationWindowRow.id)):
        found[row.doc_id].append(Window(row.opens, row.closes, row.yearly, row.sentence))
    return dict(found)


def occurrence(window: Window, day: date) -> tuple[date | None, date]:
    """The (opens, closes) of `window` that `day` falls in or comes before: a yearly one moves to this year
    (or the next, once this year's has closed)."""
    if not window.yearly:
        return window.opens, window.closes
    for year in (day.year, day.year + 1):
        closes = _in_year(window.closes, year)
        if closes >= day:
            opens = _in_year(window.opens, year) if window.opens else None
            return opens, closes
    return window.opens, window.closes


def _in_year(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)
