"""The audit log keeps who changed what, when, with the values before and after."""

from __future__ import annotations

from datetime import date

from service.console.audit import AuditLog
from service.container import Container
from tests.service.console.conftest import SteppingClock


def test_entries_come_back_newest_first_with_before_and_after(container: Container, clock: SteppingClock) -> None:
    audit = AuditLog(container.engine, clock=clock)
    audit.record("wang", "documents.edit", "doc-1", before={"issued": date(2020, 1, 2)}, after={"issued": None})
    clock.advance(minutes=5)
    audit.record("li", "documents.repeal", "doc-1", before={"status": "现行有效"}, after={"status": "已废止"})
    entries, total = audit.list()
    assert total == 2
    assert [(e.actor, e.action_name, e.before, e.after) for e in entries] == [
        ("li", "标记已废止", {"status": "现行有效"}, {"status": "已废止"}),
        ("wang", "编辑文档", {"issued": "2020-01-02"}, {"issued": None}),
    ]
    assert entries[0].at > entries[1].at


def test_entries_filter_by_action(container: Container) -> None:
    audit = AuditLog(container.engine)
    audit.record("wang", "login", "wang")
    audit.record("wang", "ticket.close", "ticket:3")
    entries, total = audit.list(action="ticket.close")
    assert total == 1 and entries[0].target == "ticket:3"
