"""Documents as the console edits them: form fields to validated metadata, finding (uploads: `index.upload`).

The metadata rules are those of the documents API (`PolicyMeta`); the console adds what a form needs:
empty fields mean "no value", 适用对象 are separated by commas or 、, and a link must be http(s), since
it is shown as a link (a `javascript:` address would run in a staff member's browser).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from index.filters import SearchFilters
from index.models import FROM_FRONT_MATTER, FROM_STAFF, FROM_TEXT, STATUSES, Policy
from index.policy_index import PolicyIndex
from service.console.errors import InvalidForm
from service.routes.documents import PolicyMeta

TEXT_FIELDS = ("title", "doc_number", "issuer", "category", "region", "url", "interprets", "doc_type")
DATE_FIELDS = ("issued", "effective", "expires")
RELATION_FIELDS = ("repeals", "amends")
FIELD_NAMES = {"title": "标题", "doc_number": "文号", "issuer": "发文机关", "issued": "发文日期",
               "effective": "施行日期", "status": "有效性", "category": "类别", "region": "地区",
               "audience": "适用对象", "url": "原文链接", "interprets": "所解读的政策",
               "expires": "有效期至", "doc_type": "文种", "repeals": "废止的文件", "amends": "修改的文件"}
PROVENANCE_NAMES = {FROM_TEXT: "正文识别", FROM_FRONT_MATTER: "文件头信息", FROM_STAFF: "人工设置"}
_SEPARATORS = re.compile(r"[,，、;；\n]+")
_RELATION_SEPARATOR = re.compile(r"\s*[|｜]\s*")


def metadata_changes(form: Mapping[str, Any], *, drop_empty: bool = False) -> dict:
    """The metadata a form sets, validated; raises `InvalidForm` naming the field to correct.

    An empty field clears its value, or, with `drop_empty` (an upload), keeps what was read from the file.
    """
    raw: dict[str, Any] = {name: _text(form.get(name)) for name in TEXT_FIELDS + DATE_FIELDS if name in form}
    if "status" in form:
        raw["status"] = _text(form.get("status"))
    if "audience" in form:
        raw["audience"] = [p.strip() for p in _SEPARATORS.split(str(form.get("audience") or "")) if p.strip()]
    for name in RELATION_FIELDS:
        if name in form:
            raw[name] = relations_of(str(form.get(name) or ""))
    if raw.get("url") and not re.match(r"^https?://", raw["url"]):
        raise InvalidForm("原文链接须以 http:// 或 https:// 开头")
    if drop_empty:
        raw = {name: value for name, value in raw.items() if value not in (None, [])}
    if "title" in raw and not raw["title"]:
        raise InvalidForm("标题不能为空")
    try:
        return PolicyMeta.model_validate(raw).changes()
    except ValidationError as error:
        names = "、".join(FIELD_NAMES.get(str(e["loc"][0]), str(e["loc"][0])) for e in error.errors())
        hint = f"日期写作 2024-05-01，有效性只能是 {'、'.join(STATUSES)}"
        raise InvalidForm(f"请检查这些字段：{names}（{hint}）") from error


def changed_only(policy: Policy, changes: dict) -> dict:
    """The changes that alter a value: saving the whole form must not mark untouched fields as set by staff."""
    return {name: value for name, value in changes.items() if getattr(policy, name) != value}


def relations_of(lines: str) -> list[dict[str, str]]:
    """`文号或标题 | 原文句子` per line (the sentence may be left out) as relations."""
    relations = []
    for line in lines.splitlines():
        target, *sentence = _RELATION_SEPARATOR.split(line.strip(), maxsplit=1)
        if target:
            relations.append({"target": target, "sentence": sentence[0] if sentence else ""})
    return relations


def _text(value: object) -> str | None:
    text = str(value or "").strip()
    return text or None


def find_documents(index: PolicyIndex, words: str = "", status: str = "", limit: int = 200,
                   doc_type: str = "") -> list[Policy]:
    """Documents whose title, 文号, issuer or id contain `words`, newest first."""
    filters = SearchFilters(statuses=(status,) if status in STATUSES else None, doc_type=doc_type.strip() or None)
    policies, _ = index.list_policies(filters, limit=100_000)
    needle = words.strip().lower()
    if needle:
        policies = [p for p in policies
                    if any(needle in (v or "").lower() for v in (p.title, p.doc_number, p.issuer, p.id))]
    return policies[:limit]


def audit_view(policy: Policy) -> dict:
    """The metadata an audit entry records (text and chunks are not copied)."""
    return {name: getattr(policy, name) for name in FIELD_NAMES}
