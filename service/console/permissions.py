"""Who may do what in the console.

Two roles. A *reviewer* (审核员) keeps answers honest: runs hit tests and labels passages, answers,
closes and merges hand-over tickets, reviews 差评 and turns corrections into FAQ entries, and reads
documents, push candidates and statistics. An *admin* (管理员) may do all of that and also what changes
what the public sees beyond one answer: uploads, edits, repeals and deletes documents, approves or
rejects push candidates, corrects a policy's audience, manages staff accounts and reads the audit log.
"""

from __future__ import annotations

ADMIN = "admin"
REVIEWER = "reviewer"
ROLES = (ADMIN, REVIEWER)
ROLE_NAMES = {ADMIN: "管理员", REVIEWER: "审核员"}

# action → what it is called on screen; every action not listed here is open to both roles
ADMIN_ACTIONS = {
    "documents.upload": "上传文档",
    "documents.edit": "编辑文档元数据",
    "documents.repeal": "标记文档已废止",
    "documents.delete": "删除文档",
    "push.decide": "审核推送候选",
    "push.audience": "修改适用对象",
    "staff.manage": "管理账号",
    "audit.view": "查看审计日志",
    "privacy.decide": "处理敏感信息（遮盖或允许公开）",
    "privacy.reveal": "查看个人信息原文",
    "tokens.manage": "管理接口令牌",
    "subscribers.manage": "导出或删除订阅者数据",
}


def may(role: str, action: str) -> bool:
    return role == ADMIN or action not in ADMIN_ACTIONS
