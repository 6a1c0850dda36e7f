"""`AuditLog`: every change a staff member makes — who, when, what, and the value before and after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select

from index.db import make_sessionmaker
from service.console.tables import AuditRow
from service.qa.models import Clock, as_utc, utc_now

# action → what the audit page calls it
ACTION_NAMES = {
    "login": "登录", "logout": "退出登录",
    "label.set": "标注相关性",
    "ticket.answer": "答复工单", "ticket.close": "关闭工单", "ticket.merge": "合并工单",
    "faq.add": "新增常见问题",
    "documents.upload": "上传文档", "documents.edit": "编辑文档", "documents.repeal": "标记已废止",
    "documents.delete": "删除文档", "documents.relation": "确认文件关系",
    "push.decide": "审核推送候选", "push.audience": "修改适用对象",
    "staff.add": "新增账号", "staff.update": "修改账号",
    "privacy.decide": "敏感信息处理决定", "privacy.reveal": "查看个人信息原文",
    "tokens.create": "创建接口令牌", "tokens.revoke": "吊销接口令牌",
    "subscribers.export": "导出订阅者数据", "subscribers.erase": "删除订阅者数据",
}


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    before: dict | None
    after: dict | None

    @property
    def action_name(self) -> str:
        return ACTION_NAMES.get(self.action, self.action)


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(row.id, as_utc(row.at), row.actor, row.action, row.target, row.before, row.after)


class AuditLog:
    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self._sessions = make_sessionmaker(engine)
        self.clock = clock

    def record(self, actor: str, action: str, target: str, *, before: dict | None = None,
               after: dict | None = None) -> AuditEntry:
        row = AuditRow(at=self.clock(), actor=actor, action=action, target=target,
                       before=_plain(before), after=_plain(after))
        with self._sessions() as db, db.begin():
            db.add(row)
            db.flush()
            return _entry(row)

    def list(self, offset: int = 0, limit: int = 100, *, action: str | None = None,
             target: str | None = None) -> tuple[list[AuditEntry], int]:
        """Entries newest first, optionally of one action or target, with the total count."""
        query = select(AuditRow)
        if action:
            query = query.where(AuditRow.action == action)
        if target:
            query = query.where(AuditRow.target == target)
        with self._sessions() as db:
            total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = db.scalars(query.order_by(AuditRow.id.desc()).offset(offset).limit(limit))
            return [_entry(r) for r in rows], total


def _plain(value: dict | None) -> dict | None:
    """JSON-safe copy: dates and other objects become their text."""
    if value is None:
        return None
    return {k: v if isinstance(v, str | int | float | bool | list | type(None)) else str(v) for k, v in value.items()}
